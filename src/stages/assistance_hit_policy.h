// Deciding the measures of one group (a family, or a lone measure) for one
// candidate — the household, a member or a workshop — under the group's hit
// policy: COLLECT gives every measure that applies, PRIORITY only the first
// in file order. Each measure that applies says why (the risk or principle
// that made it a candidate, then each condition that held); each related
// measure that does not says why not (the first condition that failed, the
// principle that excludes it, or the measure that supersedes it).
#ifndef POVMON_SRC_STAGES_ASSISTANCE_HIT_POLICY_H_
#define POVMON_SRC_STAGES_ASSISTANCE_HIT_POLICY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "povmon/v1/assistance.pb.h"
#include "povmon/v1/decision.pb.h"
#include "src/expr/program.h"
#include "src/policy/measure_catalogue.h"
#include "src/stages/trace_recorder.h"

namespace povmon {

struct MatchContext {
  const MeasureCatalogue* catalogue = nullptr;
  expr::Activation* activation = nullptr;
  expr::Scratch* scratch = nullptr;
  v1::TraceLevel trace = v1::TRACE_LEVEL_RULES;
  TraceRecorder* recorder = nullptr;
  // Bit r set when identification found RiskType r.
  std::uint64_t household_risks = 0;
  // The GUARANTEE principle holds for this household.
  bool guarantee = false;
  // The DEVELOPMENT_FIRST principle is stated and its condition (labour
  // capacity) failed: development measures do not apply.
  bool development_blocked = false;
  google::protobuf::RepeatedPtrField<v1::PlanMeasure>* measures = nullptr;
  google::protobuf::RepeatedPtrField<v1::MeasureNotApplied>* not_applied = nullptr;
  // Null when there is no trace to write (workshops).
  google::protobuf::RepeatedPtrField<v1::TraceEntry>* trace_entries = nullptr;
};

// Report, once per household, the development measures of `group` that the
// DEVELOPMENT_FIRST principle excludes (when c.development_blocked).
void ReportPrincipleExclusions(const MatchContext& c, const MeasureGroup& group);

// Decide `group` for the candidate now in c.activation: `member` is the
// member in activation->roots[kMemberSlot] for a member-level group, nullptr
// otherwise. Errors name the measure and where it is written.
absl::Status DecideGroup(const MatchContext& c, const MeasureGroup& group,
                         const v1::Member* member);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_ASSISTANCE_HIT_POLICY_H_
