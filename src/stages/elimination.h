// The risk-elimination stage (Plans 2 §3(六), 4 §4–§5, 5 §2(二), 7 §4(五)).
//
// For a monitored household the pack's criteria are judged (all must be
// met), its blockers (any one stops the marking while it holds) and its
// timing rules (each gives the first day it is met). The result is, in this
// order of precedence:
//   BLOCKED              a blocker holds: never while it does;
//   NOT_YET              a criterion is unmet, or a not-yet timing rule is;
//                        earliest_date is when the timing rules allow it;
//   TRACKED_ATTENTION    all else met, a tracked-attention timing rule is not;
//   MAY_BE_ELIMINATED    everything met.
// For a household marked eliminated the pack's rechecks are judged: a
// revert rule that holds gives REVERT; else a re-identify rule that holds
// gives REIDENTIFY (a new risk is identified from the start); else a failed
// recheck criterion gives REVERT (the marking is not stable); else
// ELIMINATED. The marking is only
// ever judged, never removed: the record is kept (Plan 1 §5(三)).
#ifndef POVMON_SRC_STAGES_ELIMINATION_H_
#define POVMON_SRC_STAGES_ELIMINATION_H_

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "src/policy/lifecycle_pack.h"
#include "src/stages/identification.h"

namespace povmon {

// Fills decision->elimination. `facts` is what `lifecycle` reads.
absl::Status AssessElimination(const StageContext& context,
                               const CompiledElimination& pack,
                               const v1::LifecycleFacts& facts,
                               v1::Decision* decision);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_ELIMINATION_H_
