// The public-notice list (公示名單) of Plan 10 §3.2 and the procedures that
// require notices (Plans 2, 3, 4, 5, 7): for each household whose village
// or township notice is in force on the as-of date, the household head's
// name, what is proposed and why, and the notice's dates, as CSV or as a
// printable HTML page.
//
// A notice never carries ID numbers, home addresses, phone numbers, birth
// dates or bank card numbers (Plan 10 §3.2), whatever the household record
// holds: it prints only the head's name (cut to what a name can be), the
// village (its name from the pack's or the county's region file, with its
// code) and text the engine writes from the pack, and every one of them goes
// through a Redactor (src/presentation/notice_redaction.h).
#ifndef POVMON_NOTICE_H_
#define POVMON_NOTICE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/evaluator.h"
#include "povmon/language.h"
#include "povmon/place_names.h"
#include "povmon/policy.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

struct NoticeEntry {
  std::string village;    // the village code, or a placeholder when withheld
  // The village's name from the region files (PlaceNames), empty when they
  // do not name it (or the code is withheld).
  std::string village_name;
  std::string head_name;  // or a placeholder when withheld
  std::string
      matter;  // what the notice is about (identification or risk elimination)
  std::string decision;  // what the pack decides, in Chinese and English
  std::string reason;    // why, from the pack's rule descriptions
  std::string citation;
  std::string level;  // 村內公示 village notice / 鄉級公示 township notice
  std::string start;  // YYYY-MM-DD
  std::string end;    // the recorded end, or the shortest lawful end
};

struct NoticeList {
  std::string pack_id;
  std::string pack_title;
  std::string as_of;
  std::vector<NoticeEntry> entries;
  // The language the renderers write in (--lang): their own labels and what
  // the engine wrote from the pack are converted; names and village codes are
  // printed as recorded.
  Language language = kDefaultLanguage;
  // For the operator, never printed in the notice: households on a notice
  // the pack does not support, names withheld, and the like (no personal
  // data: they name the household by its line in the input).
  std::vector<std::string> warnings;
};

// Add to `list` the notices of `household` (decided in `decision`, with a
// procedure) that are in force on the decision's as-of date. `line` names
// the household in warnings. The village is named from the pack's region
// files, or from `places` (the pack's and a county's own).
void AddNotices(const v1::Household& household, const v1::Decision& decision,
                const Policy& policy, long line, NoticeList* list);
void AddNotices(const v1::Household& household, const v1::Decision& decision,
                const Policy& policy, const PlaceNames& places, long line, NoticeList* list);

// The notice list of a run of households: each decided as of one date and
// its notices in force then added, as `povmon notice` does line by line.
// Belongs to one thread at a time, like the Evaluator it holds.
class NoticeCollector {
 public:
  // The list is written in `language` (list.language); English is refused
  // by `povmon notice` (the notice is posted in the village), but the list
  // itself can carry it.
  NoticeCollector(std::shared_ptr<const Policy> policy, absl::CivilDay as_of,
                  Language language = kDefaultLanguage);
  // A county's own places (ParseRegionFile in include/povmon/population.h),
  // named beside the pack's: an entry replaces the pack's of the same level
  // and code. For the notices added after it.
  void AddPlaces(const std::vector<v1::RegionInfo>& regions);
  ~NoticeCollector();
  NoticeCollector(const NoticeCollector&) = delete;
  NoticeCollector& operator=(const NoticeCollector&) = delete;

  // Decide the household on input line `line` (1-based; it names the
  // household in warnings) and add its notices. A household that cannot be
  // read or decided is an error, and since its message may quote the
  // record, it says where (line, field path, column) and what was wrong but
  // never with which text: quoted spans, text outside ASCII, the record's
  // personal values and the shapes of personal data (digit runs, ID check
  // letters, dates written with 年月日) are redacted from it.
  absl::Status AddJson(std::string_view json, long line);
  absl::Status Add(const v1::Household& household, long line);
  // A household decided elsewhere, e.g. on the batch runner's workers
  // (include/povmon/batch.h), under this collector's policy as of its date
  // with at least a rule trace (TRACE_LEVEL_RULES): add its notices.
  void AddDecided(const v1::Household& household, const v1::Decision& decision, long line);
  // The message of an error about `record` (as much of it as was read),
  // redacted as AddJson and Add redact theirs: for a household decided
  // elsewhere that could not be read or decided.
  static std::string RedactedError(std::string_view message, const v1::Household& record);

  const NoticeList& list() const { return list_; }

 private:
  Evaluator evaluator_;
  EvaluateOptions options_;
  v1::Household household_;
  v1::Decision decision_;
  NoticeList list_;
  PlaceNames places_;
};

// RFC 4180 CSV in UTF-8 with a byte-order mark (spreadsheets in China open
// it correctly); cells that would start a formula are prefixed with '.
std::string NoticeCsv(const NoticeList& list);

// A printable HTML page, one table per village, every text escaped; the
// root element's lang attribute names list.language.
std::string NoticeHtml(const NoticeList& list);

// `text` in list.language (as written when it cannot be converted).
std::string NoticeText(const NoticeList& list, const std::string& text);

// The entry's village as the notice prints it: "东山村（990101101201）" (the
// name in list.language) when the region files name it, else the code (or
// the placeholder of a withheld code). A notice is read by the villagers and
// the township: they know the village by its name; the code stays beside it
// because names repeat within a county and it ties the list to the
// monitoring system's records.
std::string NoticeVillage(const NoticeList& list, const NoticeEntry& entry);

}  // namespace povmon

#endif  // POVMON_NOTICE_H_
