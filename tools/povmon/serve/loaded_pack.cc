#include "tools/povmon/serve/loaded_pack.h"

#include <utility>

namespace povmon::serve {

LoadedPack::LoadedPack(std::shared_ptr<const Policy> policy, std::string directory,
                       absl::Time loaded_at, int reloads)
    : policy_(std::move(policy)),
      directory_(std::move(directory)),
      loaded_at_(loaded_at),
      reloads_(reloads) {}

LoadedPack::Lease::Lease(const LoadedPack* pack, std::unique_ptr<Evaluator> evaluator)
    : pack_(pack), evaluator_(std::move(evaluator)) {}

LoadedPack::Lease::~Lease() {
  if (evaluator_ == nullptr) return;  // moved from
  std::lock_guard<std::mutex> lock(pack_->mutex_);
  pack_->idle_.push_back(std::move(evaluator_));
}

LoadedPack::Lease LoadedPack::Acquire() const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Evaluator> e = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(e));
    }
  }
  return Lease(this, std::make_unique<Evaluator>(policy_));
}

}  // namespace povmon::serve
