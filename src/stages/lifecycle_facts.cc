#include "src/stages/lifecycle_facts.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "src/base/date.h"
#include "src/expr/dates.h"

namespace povmon {
namespace {

bool IsMonitoredCategory(v1::Category c) {
  return c == v1::CATEGORY_UNSTABLE_LIFTED_OUT ||
         c == v1::CATEGORY_MARGINAL_AT_RISK ||
         c == v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP;
}

}  // namespace

absl::Status ComputeLifecycleFacts(const v1::Household& h, absl::CivilDay as_of,
                                   v1::LifecycleFacts* f) {
  f->Clear();
  const v1::MonitoringState& m = h.monitoring();
  std::optional<absl::CivilDay> identified = ParseDate(m.identified_on());
  std::optional<absl::CivilDay> eliminated = ParseDate(m.risk_eliminated_on());
  std::optional<absl::CivilDay> reverted = ParseDate(m.reverted_on());
  if (!identified) {
    if (IsMonitoredCategory(m.category())) {
      return absl::InvalidArgumentError(
          absl::StrCat("monitoring.identified_on: is empty, but the household "
                       "is monitored as ",
                       v1::Category_Name(m.category()),
                       "; the lifecycle counts from the identification date"));
    }
    if (eliminated) {
      return absl::InvalidArgumentError(
          "monitoring.identified_on: is empty, but risk_eliminated_on is set");
    }
    f->set_status(v1::MONITORING_STATUS_NOT_MONITORED);
  } else if (*identified > as_of) {
    f->set_status(v1::MONITORING_STATUS_NOT_MONITORED);
  } else {
    if (eliminated && *eliminated < *identified) {
      return absl::InvalidArgumentError(absl::StrCat(
          "monitoring.risk_eliminated_on: ", m.risk_eliminated_on(),
          " is before identified_on ", m.identified_on()));
    }
    bool marked = eliminated && *eliminated <= as_of;
    bool reverted_since =
        marked && reverted && *reverted >= *eliminated && *reverted <= as_of;
    if (marked && !reverted_since) {
      f->set_status(v1::MONITORING_STATUS_RISK_ELIMINATED);
      AssignDate(*eliminated, f->mutable_risk_eliminated_on());
    } else {
      f->set_status(v1::MONITORING_STATUS_MONITORED);
    }
    absl::CivilDay since = reverted_since ? *reverted : *identified;
    AssignDate(since, f->mutable_monitored_since());
    f->set_months_monitored(
        static_cast<std::int32_t>(expr::dates::MonthsBetween(
            DaysSinceEpoch(since), DaysSinceEpoch(as_of))));
  }
  std::optional<absl::CivilDay> first, last;
  for (const v1::Intervention& measure : m.measures()) {
    f->set_measures(f->measures() + 1);
    if (measure.completed())
      f->set_measures_completed(f->measures_completed() + 1);
    std::optional<absl::CivilDay> start = ParseDate(measure.start_date());
    if (!start || *start > as_of) continue;
    f->set_measures_started(f->measures_started() + 1);
    if (!first || *start < *first) first = start;
    if (!last || *start > *last) last = start;
  }
  if (first) AssignDate(*first, f->mutable_first_measure_start());
  if (last) AssignDate(*last, f->mutable_last_measure_start());
  std::optional<absl::CivilDay> last_visit;
  for (const v1::Visit& v : h.visits()) {
    std::optional<absl::CivilDay> d = ParseDate(v.date());
    if (d && *d <= as_of && (!last_visit || *d > *last_visit)) last_visit = d;
  }
  if (last_visit) AssignDate(*last_visit, f->mutable_last_visit());
  return absl::OkStatus();
}

}  // namespace povmon
