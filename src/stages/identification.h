// The identification stage (Plans 3 §3(一), 4 §2(二)–(三), 7 §3(二)): risk
// types, groups to watch, Plan 4's situations and the negative list with its
// village-review overrides are collected; then, unless a negative-list hit
// stands, the category rules are tried in order and the first that holds
// decides.
#ifndef POVMON_SRC_STAGES_IDENTIFICATION_H_
#define POVMON_SRC_STAGES_IDENTIFICATION_H_

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/v1/decision.pb.h"
#include "src/expr/program.h"
#include "src/facts/household_dates.h"
#include "src/policy/policy_impl.h"
#include "src/stages/trace_recorder.h"

namespace povmon {

struct StageContext {
  const PolicyImpl* policy = nullptr;
  const v1::Household* household = nullptr;
  absl::CivilDay as_of;
  v1::TraceLevel trace = v1::TRACE_LEVEL_RULES;
  expr::Activation* activation = nullptr;
  expr::Scratch* scratch = nullptr;
  TraceRecorder* recorder = nullptr;
  // Where the assistance stage decides measures in catalogue order before
  // writing them to the plan in ranked order (the evaluator's, reused).
  google::protobuf::RepeatedPtrField<v1::PlanMeasure>* staged_measures = nullptr;
  // The household's dates as day numbers (the facts stage's), and the dates
  // the rules can read without parsing (the stages add theirs).
  const HouseholdDates* dates = nullptr;
  expr::KnownDates* known_dates = nullptr;
};

// Fills decision->identification and appends to decision->trace. Errors
// name the rule and where it is written.
absl::Status Identify(const StageContext& context, v1::Decision* decision);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_IDENTIFICATION_H_
