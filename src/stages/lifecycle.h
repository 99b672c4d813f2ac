// The lifecycle stages, after identification and assistance: risk
// elimination, then the procedures of the household's cases, then visits,
// then the periodic duties.
// Each runs only when the pack defines it; they read what earlier stages
// decided and never change it.
#ifndef POVMON_SRC_STAGES_LIFECYCLE_H_
#define POVMON_SRC_STAGES_LIFECYCLE_H_

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "src/stages/identification.h"

namespace povmon {

// Fills decision->elimination, ->procedure, ->visits and ->duties (those the pack
// defines); a pack without lifecycle_files leaves them unset.
absl::Status RunLifecycle(const StageContext& context, v1::Decision* decision);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_LIFECYCLE_H_
