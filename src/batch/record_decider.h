// One worker's part of a batch run: parse a record, decide it (under the
// what-if policy too, when there is one) and write its output, with an
// exception barrier, so that whatever happens to one record becomes that
// record's error and never the run's.
#ifndef POVMON_SRC_BATCH_RECORD_DECIDER_H_
#define POVMON_SRC_BATCH_RECORD_DECIDER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "povmon/batch.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "src/batch/batch_block.h"

namespace povmon::batch {

class RecordDecider {
 public:
  RecordDecider(std::shared_ptr<const Policy> policy, const BatchOptions& options);
  virtual ~RecordDecider();

  // Decide every record of the block.
  void DecideBlock(Block* block);
  // Decide one record: fills slot.status, household, decisions, output.
  void Decide(Slot* slot);

  // Write the slot's output as options.output asks (again, after a warning
  // was added). A decision that cannot be written becomes the slot's error.
  static void Encode(const Policy& policy, const BatchOptions& options, Slot* slot);

 protected:
  // Parse and decide (the part a test may replace to make a worker fail).
  virtual absl::Status ParseAndEvaluate(Slot* slot);

 private:
  // The error of a record past BatchOptions::max_record_bytes.
  std::string TooLongMessage(std::size_t size) const;

  std::shared_ptr<const Policy> policy_;
  const BatchOptions& options_;
  Evaluator evaluator_;
  std::unique_ptr<Evaluator> what_if_evaluator_;
};

// The id of the slot's household: parsed, or read from the record.
std::string_view HouseholdIdOfSlot(const Slot& slot);

// The duplicate-id warning of a record.
void AddDuplicateWarning(std::string_view id, std::uint64_t first_index,
                         std::uint64_t first_line, v1::Decision* decision);

}  // namespace povmon::batch

#endif  // POVMON_SRC_BATCH_RECORD_DECIDER_H_
