// The batch runner's insides, visible to its tests (which replace the
// record decider to make a worker fail on chosen records).
#ifndef POVMON_SRC_BATCH_BATCH_RUNNER_STATE_H_
#define POVMON_SRC_BATCH_BATCH_RUNNER_STATE_H_

#include <functional>
#include <memory>
#include <vector>

#include "povmon/batch.h"
#include "src/batch/batch_block.h"
#include "src/batch/duplicate_ids.h"
#include "src/batch/record_decider.h"
#include "src/batch/record_source.h"

namespace povmon {

class BatchRunnerState {
 public:
  using DeciderFactory = std::function<std::unique_ptr<batch::RecordDecider>(
      std::shared_ptr<const Policy>, const BatchOptions&)>;

  BatchRunnerState(std::shared_ptr<const Policy> policy, BatchOptions options,
                   DeciderFactory factory);

  // A runner whose workers use deciders from `factory`.
  static std::unique_ptr<BatchRunner> MakeRunner(std::shared_ptr<const Policy> policy,
                                                 BatchOptions options, DeciderFactory factory);

  absl::Status Run(batch::RecordSource& source, BatchSink& sink);

  int jobs() const { return jobs_; }
  const BatchOptions& options() const { return options_; }
  // The deciders hold a reference to these options: they see the change.
  void SetFormats(BatchInput input, BatchOutput output) {
    options_.input = input;
    options_.output = output;
  }
  std::uint64_t next_index() const { return next_index_; }
  std::uint64_t line() const { return line_; }
  const BatchCounts& counts() const { return counts_; }

 private:
  absl::Status RunInline(batch::RecordSource& source, BatchSink& sink);
  absl::Status RunParallel(batch::RecordSource& source, BatchSink& sink);
  // Hand the block's results to the sink, in order.
  absl::Status Deliver(batch::Block& block, BatchSink& sink);
  batch::RecordDecider& Decider(std::size_t worker);

  std::shared_ptr<const Policy> policy_;
  BatchOptions options_;
  DeciderFactory factory_;
  int jobs_;
  std::size_t blocks_in_flight_;
  std::vector<std::unique_ptr<batch::RecordDecider>> deciders_;  // one per worker, made lazily
  std::vector<std::unique_ptr<batch::Block>> blocks_;
  batch::DuplicateIds ids_;
  BatchCounts counts_;
  std::uint64_t next_index_ = 0;
  std::uint64_t line_ = 0;
};

}  // namespace povmon

#endif  // POVMON_SRC_BATCH_BATCH_RUNNER_STATE_H_
