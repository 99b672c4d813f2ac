// Awards to employment workshops (就業幫扶車間) that employ lifted-out
// people (Plan 6 §3.5): the pack's workshop-level measures, evaluated on a
// Workshop rather than a household, because the money goes to the employer.
#ifndef POVMON_WORKSHOP_H_
#define POVMON_WORKSHOP_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/policy.h"
#include "povmon/v1/assistance.pb.h"
#include "povmon/v1/decision.pb.h"

namespace povmon {

class WorkshopAwardStage;

// A WorkshopAwarder belongs to one thread at a time; give each thread its
// own. It keeps its working memory between calls, as an Evaluator does, so
// once warm an award allocates nothing (pass the same WorkshopAward back in).
class WorkshopAwarder {
 public:
  explicit WorkshopAwarder(std::shared_ptr<const Policy> policy);
  ~WorkshopAwarder();
  WorkshopAwarder(const WorkshopAwarder&) = delete;
  WorkshopAwarder& operator=(const WorkshopAwarder&) = delete;

  // Decide the award for `workshop` as of `as_of` (award is cleared first).
  // Errors: FailedPrecondition when the pack has no workshop-level measure;
  // OutOfRange for a date outside the pack's; evaluation errors name the
  // measure.
  absl::Status Award(const v1::Workshop& workshop, absl::CivilDay as_of, v1::TraceLevel trace,
                     v1::WorkshopAward* award);

 private:
  std::unique_ptr<WorkshopAwardStage> stage_;
};

// The award as `povmon workshop --explain` prints it: the measures grouped
// by department with totals, each with why it applies, and the related
// measures that do not apply with why not.
std::string ExplainWorkshopAward(const v1::WorkshopAward& award);

}  // namespace povmon

#endif  // POVMON_WORKSHOP_H_
