// NoticeCollector (include/povmon/notice.h): households decided one by one
// and their notices gathered into one list.
#include <memory>
#include <string>

#include "povmon/date.h"
#include "povmon/json.h"
#include "povmon/notice.h"
#include "src/presentation/notice_redaction.h"

namespace povmon {

NoticeCollector::NoticeCollector(std::shared_ptr<const Policy> policy, absl::CivilDay as_of,
                                 Language language)
    : evaluator_(policy), places_(*policy) {
  list_.language = language;
  options_.as_of = as_of;
  options_.trace = v1::TRACE_LEVEL_RULES;
  list_.pack_id = policy->id();
  list_.pack_title =
      policy->pack().title_zh().empty() ? policy->pack().title_en() : policy->pack().title_zh();
  list_.as_of = FormatDate(as_of);
}

NoticeCollector::~NoticeCollector() = default;

void NoticeCollector::AddPlaces(const std::vector<v1::RegionInfo>& regions) {
  places_.Add(regions);
}

absl::Status NoticeCollector::AddJson(std::string_view json, long line) {
  absl::Status s = ParseHouseholdJson(json, &household_);
  // What was read of the record names its personal values.
  if (!s.ok()) {
    return absl::Status(s.code(), RedactErrorMessage(std::string(s.message()), household_));
  }
  return Add(household_, line);
}

absl::Status NoticeCollector::Add(const v1::Household& household, long line) {
  absl::Status s = evaluator_.Evaluate(household, options_, &decision_);
  // The message may quote a value from the record: say where and what,
  // never the value.
  if (!s.ok()) {
    return absl::Status(s.code(), RedactErrorMessage(std::string(s.message()), household));
  }
  AddNotices(household, decision_, evaluator_.policy(), places_, line, &list_);
  return absl::OkStatus();
}

void NoticeCollector::AddDecided(const v1::Household& household, const v1::Decision& decision,
                                 long line) {
  AddNotices(household, decision, evaluator_.policy(), places_, line, &list_);
}

std::string NoticeCollector::RedactedError(std::string_view message,
                                           const v1::Household& record) {
  return RedactErrorMessage(std::string(message), record);
}

}  // namespace povmon
