// Evaluating lifecycle expressions inside a stage: errors name the part of
// the pack and where it is written; boolean rules go into the decision's
// trace as the trace level asks (every rule at full level, the rules that
// hold at rules level).
#ifndef POVMON_SRC_STAGES_LIFECYCLE_EVAL_H_
#define POVMON_SRC_STAGES_LIFECYCLE_EVAL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "povmon/v1/decision.pb.h"
#include "src/policy/lifecycle_pack.h"
#include "src/stages/identification.h"

namespace povmon {

// A boolean rule; `outcome` is what the trace entry says it decides.
absl::StatusOr<bool> LifecycleRuleHolds(
    const StageContext& c, const LifecycleExpression& e,
    const std::string& rule_id, const std::string& citation, v1::Stage stage,
    const std::string& outcome, v1::Decision* decision);

// A boolean expression evaluated without a trace entry.
absl::StatusOr<bool> EvaluateBool(const StageContext& c,
                                  const LifecycleExpression& e);
absl::StatusOr<std::int64_t> EvaluateInt(const StageContext& c,
                                         const LifecycleExpression& e);
absl::StatusOr<absl::CivilDay> EvaluateDate(const StageContext& c,
                                            const LifecycleExpression& e);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_LIFECYCLE_EVAL_H_
