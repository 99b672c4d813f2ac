// The service's worker limit: at most N households are decided at once
// (N = --workers, by default one per core), whichever of gRPC's threads
// carries the request. A request waits for a free slot until its deadline;
// gRPC's own threads only read and write messages.
#ifndef POVMON_TOOLS_POVMON_SERVE_EVALUATION_SLOTS_H_
#define POVMON_TOOLS_POVMON_SERVE_EVALUATION_SLOTS_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace povmon::serve {

class EvaluationSlots {
 public:
  explicit EvaluationSlots(int slots) : free_(slots), size_(slots) {}

  // Holds one slot while it lives; ok() is false when none came free before
  // the deadline.
  class Slot {
   public:
    Slot(EvaluationSlots* owner, bool ok) : owner_(ok ? owner : nullptr) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() {
      if (owner_ != nullptr) owner_->Release();
    }
    bool ok() const { return owner_ != nullptr; }

   private:
    EvaluationSlots* owner_;
  };

  // Wait for a slot until `deadline`.
  Slot Acquire(std::chrono::system_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    bool ok = available_.wait_until(lock, deadline, [this] { return free_ > 0; });
    if (ok) --free_;
    return Slot(this, ok);
  }

  int size() const { return size_; }

 private:
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++free_;
    }
    available_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable available_;
  int free_;
  const int size_;
};

}  // namespace povmon::serve

#endif  // POVMON_TOOLS_POVMON_SERVE_EVALUATION_SLOTS_H_
