// The assistance stage (Plans 1 §4, 2 §4, 4 §3, 5 §2(三)4, 6 §3, 7 §5):
// after identification, a monitored household gets its plan of measures
// (一戶一方案、一人一措施), each with its amount, department, the risk it
// answers, why it applies and its citation; related measures that do not
// apply say why not. The principles the pack states are applied as rules:
// a single risk gets only its measures, several risks combined measures,
// development measures need labour capacity and come first, households that
// cannot work get guarantees, and every monitored household its helper.
//
// The stage reads the household, facts, identification and parameters; it
// never changes what earlier stages decided.
#ifndef POVMON_SRC_STAGES_ASSISTANCE_H_
#define POVMON_SRC_STAGES_ASSISTANCE_H_

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "src/stages/identification.h"

namespace povmon {

// Fills decision->assistance (left unset when the pack has no household or
// member measures) and appends STAGE_ASSISTANCE entries to the trace.
absl::Status MatchAssistance(const StageContext& context, v1::Decision* decision);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_ASSISTANCE_H_
