// The what-if comparison: the same households decided under a pack and
// under a what-if variant of it (Policy::WithChanges, "what if the line
// rises to 7,000?"), and what changes — categories, who is monitored, the
// assistance amounts by department and basis, the elimination assessments —
// household by household and in total. `povmon whatif` prints it; the C ABI
// and the bindings return it.
#ifndef POVMON_WHAT_IF_H_
#define POVMON_WHAT_IF_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

// What a decision says that a what-if may change.
struct WhatIfOutcome {
  std::string category;  // e.g. "CATEGORY_MARGINAL_AT_RISK"
  bool excluded = false;
  bool monitored = false;
  std::set<std::string> risks;
  std::int64_t per_capita_fen = 0;
  // (department, basis) → exact fen.
  std::map<std::pair<std::string, std::string>, std::int64_t> amounts;
  int measures = 0;
  std::string elimination;  // empty when the pack has no elimination stage

  static WhatIfOutcome Of(const v1::Decision& decision);
  // {"category":"...","excluded":B,"monitored":B,"risk_types":[...],
  //  "per_capita_net_income_fen":"N","measures":N,"totals":[{"department":
  //  "...","basis":"...","total_fen":"N"},...],"elimination":"..."}
  // ("elimination" left out when empty).
  std::string Json() const;
};

// The differences between the pack's outcome and the what-if's, in words
// ("CATEGORY_NONE → CATEGORY_MARGINAL_AT_RISK", "now monitored",
// "+RISK_TYPE_…", "measures 1 → 2", "civil affairs per year +1,200.00");
// empty when there are none.
std::vector<std::string> WhatIfDifferences(const WhatIfOutcome& pack, const WhatIfOutcome& what_if);

class WhatIfComparison {
 public:
  // `what_if` is normally pack->WithChanges(...); the households are decided
  // as of `as_of` under both, without a trace.
  WhatIfComparison(std::shared_ptr<const Policy> pack, std::shared_ptr<const Policy> what_if,
                   absl::CivilDay as_of);
  ~WhatIfComparison();
  WhatIfComparison(const WhatIfComparison&) = delete;
  WhatIfComparison& operator=(const WhatIfComparison&) = delete;

  // Decide the household JSON of input line `line` (1-based) both ways and,
  // when `record` is given, append its result as one line of JSON (no
  // newline), as `povmon whatif --format jsonl` writes it:
  //   {"index":I,"line":L,"household_id":"...","changed":B,
  //    "pack":OUTCOME,"what_if":OUTCOME}
  // where I counts the records from 0; or, for a household that cannot be
  // read or decided either way, the error record (AppendErrorRecordJson).
  // Returns that error, OK when decided both ways.
  absl::Status AddJson(std::string_view json, long line, std::string* record);
  // A record the input could not give (a line over the input limit):
  // counted and reported like a household not decided, with `why` as its
  // error and the household id found in `json` (what was read of it), if
  // any; `record` as for AddJson.
  void AddUnread(std::string_view json, long line, const absl::Status& why,
                 std::string* record);
  // Households decided elsewhere, e.g. on the batch runner's workers
  // (include/povmon/batch.h, BatchOptions::what_if), in input order: one
  // decided under the pack and under the what-if as of this comparison's
  // date, counted and reported as AddJson counts and reports it; or one that
  // could not be read or decided either way, with `why` as its error.
  // `record` as for AddJson.
  void AddDecided(const v1::Decision& pack, const v1::Decision& what_if, long line,
                  std::string_view household_id, std::string* record);
  void AddNotDecided(long line, std::string_view household_id, const absl::Status& why,
                     std::string* record);

  long read() const { return read_; }          // records given
  long compared() const { return compared_; }  // decided both ways
  long changed() const { return changed_; }    // decided differently
  long errors() const { return static_cast<long>(not_decided_.size()); }

  // The report `povmon whatif` prints: the changes with the parameter's
  // value before and after, the revisions, the counts, the category and
  // elimination moves, the amounts that change, then the households decided
  // differently and those not decided. Household ids and error messages
  // come from the input: their control characters and invalid UTF-8 are
  // escaped (EscapeControlsInLine), so no record can reach the terminal.
  std::string SummaryText() const;
  // The same as one JSON object:
  //   {"pack":"ID","as_of":"...","revision":"...","pack_revision":"...",
  //    "changes":[{"set":"NAME=VALUE@FROM","parameter":"NAME",
  //      "pack_value":"...","what_if_value":"..."}],
  //    "households":N,"compared":N,"changed":N,"not_decided":N,
  //    "monitored":{"pack":N,"what_if":N},
  //    "category_changes":[{"from":"...","to":"...","households":N}],
  //    "elimination_changes":[{"from":"...","to":"...","households":N}],
  //    "amounts":[{"department":"...","basis":"...","pack_fen":"N",
  //      "what_if_fen":"N"}],            (every department and basis)
  //    "changed_households":[{"line":L,"household_id":"...",
  //      "per_capita_net_income_fen":"N","differences":["..."]}],
  //    "errors":[{"line":L,"household_id":"...","message":"..."}]}
  std::string SummaryJson() const;

 private:
  struct Changed {
    long line = 0;
    std::string household_id;
    std::int64_t per_capita_fen = 0;
    std::vector<std::string> differences;
  };
  struct NotDecided {
    long line = 0;
    std::string household_id;
    std::string message;
  };

  void Compare(long index, long line, std::string_view household_id,
               const v1::Decision& pack, const v1::Decision& what_if, std::string* record);

  std::shared_ptr<const Policy> pack_;
  std::shared_ptr<const Policy> what_if_;
  EvaluateOptions options_;
  Evaluator pack_evaluator_;
  Evaluator what_if_evaluator_;
  v1::Household household_;
  v1::Decision pack_decision_;
  v1::Decision what_if_decision_;
  long read_ = 0, compared_ = 0, changed_ = 0;
  long monitored_before_ = 0, monitored_after_ = 0;
  std::map<std::pair<std::string, std::string>, long> category_moves_;
  std::map<std::pair<std::string, std::string>, long> elimination_moves_;
  std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> amounts_;
  std::vector<Changed> changed_households_;
  std::vector<NotDecided> not_decided_;
};

}  // namespace povmon

#endif  // POVMON_WHAT_IF_H_
