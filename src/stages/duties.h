// The periodic-duties stage (digest §5, [A3]; e.g. Plan 4 §2(四)② 各鄉鎮每年
// 不少於兩次……進行全覆蓋排查, Plan 7 §4(一)2 每季度至少開展一次集中排查, Plan 3
// §2(二) 每季度進行一次外出務工區域摸排, Plan 5 §3(二) 100%入戶): for each duty of
// the pack owed to the household, from its duty records, whether this period's
// (or the window's) duty is done, due, due today or overdue.
//
// A cadence counts records per calendar period (as visits do, from the period
// holding `since`); a window counts the records dated inside it. Records dated
// after the as-of date are ignored; a record with no date is an error naming
// it.
#ifndef POVMON_SRC_STAGES_DUTIES_H_
#define POVMON_SRC_STAGES_DUTIES_H_

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "src/policy/lifecycle_pack.h"
#include "src/stages/identification.h"

namespace povmon {

// Appends one decision->duties entry per duty whose `when` holds.
absl::Status ScheduleDuties(const StageContext& context,
                            const std::vector<CompiledDuty>& duties,
                            v1::Decision* decision);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_DUTIES_H_
