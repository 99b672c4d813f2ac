#include "src/stages/lifecycle.h"

#include "povmon/v1/lifecycle.pb.h"
#include "src/calendar/working_calendar.h"
#include "src/policy/lifecycle_pack.h"
#include "src/stages/duties.h"
#include "src/stages/elimination.h"
#include "src/stages/lifecycle_facts.h"
#include "src/stages/procedure.h"
#include "src/stages/visits.h"

namespace povmon {

absl::Status RunLifecycle(const StageContext& c, v1::Decision* d) {
  const LifecyclePack* pack = c.policy->lifecycle.get();
  if (pack == nullptr) return absl::OkStatus();
  // `lifecycle` points at it while the stages run. It is this thread's
  // working memory, cleared for every household and reused, so that a
  // warm evaluator allocates nothing for it (like the expression Scratch).
  thread_local v1::LifecycleFacts facts;
  if (absl::Status s = ComputeLifecycleFacts(*c.household, *c.dates, c.as_of, &facts,
                                                c.known_dates);
      !s.ok())
    return s;
  c.activation->roots[kLifecycleSlot] = &facts;
  absl::Status status;
  if (pack->elimination != nullptr) {
    status = AssessElimination(c, *pack->elimination, facts, d);
  }
  if (status.ok() && !pack->procedures.empty()) {
    status = TrackProcedures(c, *pack, c.policy->calendar.get(), d);
  }
  if (status.ok() && pack->visits != nullptr)
    status = ScheduleVisits(c, *pack->visits, d);
  if (status.ok() && !pack->duties.empty())
    status = ScheduleDuties(c, pack->duties, d);
  c.activation->roots[kLifecycleSlot] = nullptr;
  c.activation->roots[kVisitSlot] = nullptr;
  return status;
}

}  // namespace povmon
