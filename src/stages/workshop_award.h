// Awards to employment workshops (就業幫扶車間) that employ lifted-out
// people (Plan 6 §3.5): the pack's workshop-level measures, evaluated on a
// Workshop rather than a household, because the money goes to the employer.
//
// A WorkshopAwardStage belongs to one thread at a time; it keeps its working
// memory between calls, as an Evaluator does.
#ifndef POVMON_SRC_STAGES_WORKSHOP_AWARD_H_
#define POVMON_SRC_STAGES_WORKSHOP_AWARD_H_

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/policy.h"
#include "povmon/v1/assistance.pb.h"
#include "povmon/v1/decision.pb.h"
#include "src/expr/program.h"
#include "src/stages/trace_recorder.h"

namespace povmon {

class WorkshopAwardStage {
 public:
  explicit WorkshopAwardStage(std::shared_ptr<const Policy> policy);

  // Decide the award for `workshop` as of `as_of` (award is cleared first).
  // Errors: FailedPrecondition when the pack has no workshop-level measure;
  // OutOfRange for a date outside the pack's; evaluation errors name the
  // measure.
  absl::Status Award(const v1::Workshop& workshop, absl::CivilDay as_of, v1::TraceLevel trace,
                     v1::WorkshopAward* award);

 private:
  std::shared_ptr<const Policy> policy_;
  std::vector<expr::Value> parameters_;
  expr::Scratch scratch_;
  TraceRecorder recorder_;
};

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_WORKSHOP_AWARD_H_
