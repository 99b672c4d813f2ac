// One revision of one pack as the service serves it: the compiled Policy,
// where it came from, and a pool of Evaluators for it.
//
// Requests hold a LoadedPack through a shared_ptr taken when they start, so
// a reload that replaces it lets them finish on this revision; the last of
// them to finish frees it.
#ifndef POVMON_TOOLS_POVMON_SERVE_LOADED_PACK_H_
#define POVMON_TOOLS_POVMON_SERVE_LOADED_PACK_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"

namespace povmon::serve {

class LoadedPack {
 public:
  LoadedPack(std::shared_ptr<const Policy> policy, std::string directory, absl::Time loaded_at,
             int reloads);
  LoadedPack(const LoadedPack&) = delete;
  LoadedPack& operator=(const LoadedPack&) = delete;

  // An Evaluator of this revision for one request, back to the pool when the
  // lease ends. Evaluators keep their working memory, so a warm pool decides
  // without allocating; there are never more of them than requests that ran
  // at once (bounded by the service's evaluation slots).
  class Lease {
   public:
    Lease(const LoadedPack* pack, std::unique_ptr<Evaluator> evaluator);
    Lease(Lease&&) = default;
    ~Lease();
    Evaluator& evaluator() { return *evaluator_; }

   private:
    const LoadedPack* pack_;
    std::unique_ptr<Evaluator> evaluator_;
  };
  Lease Acquire() const;

  const Policy& policy() const { return *policy_; }
  const std::shared_ptr<const Policy>& shared_policy() const { return policy_; }
  const std::string& id() const { return policy_->id(); }
  const std::string& revision() const { return policy_->revision(); }
  const std::string& directory() const { return directory_; }
  absl::Time loaded_at() const { return loaded_at_; }
  int reloads() const { return reloads_; }

 private:
  std::shared_ptr<const Policy> policy_;
  std::string directory_;
  absl::Time loaded_at_;
  int reloads_;
  mutable std::mutex mutex_;
  mutable std::vector<std::unique_ptr<Evaluator>> idle_;
};

}  // namespace povmon::serve

#endif  // POVMON_TOOLS_POVMON_SERVE_LOADED_PACK_H_
