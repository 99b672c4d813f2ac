// The visits stage (Plan 3 §2(一), Plan 1 §5(一), Plan 2 §3(五)3,
// Plan 7 §6(四)): which cadence applies to the household, and from its visit
// records whether this period's visit is done, due, due today or overdue.
//
// Periods are calendar periods of the cadence's length (months; Jan–Jun and
// Jul–Dec; years). Each period from the one holding the cadence's `since`
// date needs at least one counted visit; a period that ended without one is
// missed. Visits dated after the as-of date are ignored.
#ifndef POVMON_SRC_STAGES_VISITS_H_
#define POVMON_SRC_STAGES_VISITS_H_

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "src/policy/lifecycle_pack.h"
#include "src/stages/identification.h"

namespace povmon {

// Fills decision->visits.
absl::Status ScheduleVisits(const StageContext& context,
                            const CompiledVisits& pack, v1::Decision* decision);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_VISITS_H_
