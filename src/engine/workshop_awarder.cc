// The public WorkshopAwarder (include/povmon/workshop.h) over the workshop
// award stage.
#include <memory>
#include <utility>

#include "povmon/workshop.h"
#include "src/stages/workshop_award.h"

namespace povmon {

WorkshopAwarder::WorkshopAwarder(std::shared_ptr<const Policy> policy)
    : stage_(std::make_unique<WorkshopAwardStage>(std::move(policy))) {}

WorkshopAwarder::~WorkshopAwarder() = default;

absl::Status WorkshopAwarder::Award(const v1::Workshop& workshop, absl::CivilDay as_of,
                                    v1::TraceLevel trace, v1::WorkshopAward* award) {
  return stage_->Award(workshop, as_of, trace, award);
}

}  // namespace povmon
