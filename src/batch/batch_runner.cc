// The batch runner: the calling thread reads blocks of records and hands
// them to the workers through a bounded ring; each worker decides whole
// blocks with its own Evaluator; the calling thread gives the finished
// blocks to the sink strictly in sequence, then reuses them.
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <new>
#include <thread>
#include <utility>

#if defined(__linux__)
#include <pthread.h>
#endif

#include "absl/strings/str_cat.h"
#include "povmon/batch.h"
#include "src/batch/batch_runner_state.h"

namespace povmon {
namespace {

// A block stops growing past this many bytes of records.
constexpr std::size_t kBlockBytes = 1 << 20;
constexpr int kMaxJobs = 256;

// Workers carry a name, so that `top -H`, a debugger or a test can tell them
// from the host program's own threads.
void NameThisWorker() {
#if defined(__linux__)
  pthread_setname_np(pthread_self(), "povmon-batch");
#endif
}

}  // namespace

int DefaultBatchJobs() {
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(std::min<unsigned>(cores, kMaxJobs));
}

BatchRunnerState::BatchRunnerState(std::shared_ptr<const Policy> policy, BatchOptions options,
                                   DeciderFactory factory)
    : policy_(std::move(policy)), options_(std::move(options)), factory_(std::move(factory)) {
  jobs_ = options_.jobs <= 0 ? DefaultBatchJobs() : std::min(options_.jobs, kMaxJobs);
  if (options_.block_records == 0) options_.block_records = 1;
  blocks_in_flight_ = options_.blocks_in_flight != 0
                          ? std::max<std::size_t>(options_.blocks_in_flight, 2)
                          : std::max<std::size_t>(4, 2 * static_cast<std::size_t>(jobs_));
  if (jobs_ == 1) blocks_in_flight_ = 1;
  if (!factory_) {
    factory_ = [](std::shared_ptr<const Policy> p, const BatchOptions& o) {
      return std::make_unique<batch::RecordDecider>(std::move(p), o);
    };
  }
}

std::unique_ptr<BatchRunner> BatchRunnerState::MakeRunner(std::shared_ptr<const Policy> policy,
                                                          BatchOptions options,
                                                          DeciderFactory factory) {
  return std::unique_ptr<BatchRunner>(new BatchRunner(std::make_unique<BatchRunnerState>(
      std::move(policy), std::move(options), std::move(factory))));
}

batch::RecordDecider& BatchRunnerState::Decider(std::size_t worker) {
  while (deciders_.size() <= worker) deciders_.push_back(factory_(policy_, options_));
  return *deciders_[worker];
}

absl::Status BatchRunnerState::Deliver(batch::Block& block, BatchSink& sink) {
  for (std::size_t i = 0; i < block.count; ++i) {
    batch::Slot& slot = *block.slots[i];
    std::string_view id = batch::HouseholdIdOfSlot(slot);
    if (options_.check_duplicate_ids && !id.empty()) {
      if (const batch::DuplicateIds::First* first = ids_.Check(id, slot.index, slot.line)) {
        slot.duplicate = true;
        slot.duplicate_of_index = first->index;
        slot.duplicate_of_line = first->line;
        ++counts_.duplicates;
        if (slot.status.ok()) {
          batch::AddDuplicateWarning(id, first->index, first->line, &slot.decision);
          if (options_.what_if != nullptr) {
            batch::AddDuplicateWarning(id, first->index, first->line, &slot.what_if_decision);
          }
        }
        batch::RecordDecider::Encode(*policy_, options_, &slot);
      }
    }
    BatchResult result;
    result.index = slot.index;
    result.line = slot.line;
    result.status = slot.status;
    result.record = slot.record;
    result.household = slot.parsed ? &slot.household : nullptr;
    if (slot.status.ok()) {
      result.decision = &slot.decision;
      if (options_.what_if != nullptr) result.what_if_decision = &slot.what_if_decision;
    }
    result.household_id = id;
    result.has_duplicate = slot.duplicate;
    result.duplicate_of_index = slot.duplicate_of_index;
    result.duplicate_of_line = slot.duplicate_of_line;
    result.output = slot.output;
    ++counts_.records;
    if (slot.status.ok()) {
      ++counts_.decided;
    } else {
      ++counts_.errors;
    }
    if (absl::Status s = sink.Accept(result); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status BatchRunnerState::Run(batch::RecordSource& source, BatchSink& sink) {
  if (options_.evaluate.as_of == absl::CivilDay()) {
    return absl::InvalidArgumentError(
        "the batch has no as-of date (BatchOptions::evaluate.as_of)");
  }
  while (blocks_.size() < blocks_in_flight_) blocks_.push_back(std::make_unique<batch::Block>());
  absl::Status status;
  try {
    status = jobs_ == 1 ? RunInline(source, sink) : RunParallel(source, sink);
  } catch (const std::bad_alloc&) {
    status = absl::ResourceExhaustedError("out of memory");
  } catch (const std::exception& e) {
    status = absl::InternalError(absl::StrCat("internal error: ", e.what()));
  }
  next_index_ = source.next_index();
  line_ = source.line();
  return status;
}

absl::Status BatchRunnerState::RunInline(batch::RecordSource& source, BatchSink& sink) {
  batch::RecordDecider& decider = Decider(0);
  batch::Block& block = *blocks_[0];
  for (bool end = false; !end;) {
    absl::Status read = source.Fill(&block, options_.block_records, kBlockBytes, &end);
    decider.DecideBlock(&block);
    if (absl::Status s = Deliver(block, sink); !s.ok()) return s;
    if (!read.ok()) return read;
  }
  return absl::OkStatus();
}

absl::Status BatchRunnerState::RunParallel(batch::RecordSource& source, BatchSink& sink) {
  const std::size_t ring = blocks_in_flight_;
  for (int w = 0; w < jobs_; ++w) Decider(static_cast<std::size_t>(w));

  std::mutex mu;
  std::condition_variable work_ready, block_done;
  std::uint64_t filled = 0;     // blocks handed to the workers
  std::uint64_t taken = 0;      // blocks a worker has taken
  std::uint64_t delivered = 0;  // blocks given to the sink
  bool stop = false;
  for (std::size_t i = 0; i < ring; ++i) blocks_[i]->done = false;

  auto work = [&](batch::RecordDecider* decider) {
    NameThisWorker();
    for (;;) {
      batch::Block* block;
      {
        std::unique_lock<std::mutex> lock(mu);
        work_ready.wait(lock, [&] { return stop || taken < filled; });
        if (stop) return;
        block = blocks_[taken++ % ring].get();
      }
      // RecordDecider catches whatever deciding a record throws; this is for
      // anything else, so that the block is still finished.
      try {
        decider->DecideBlock(block);
      } catch (...) {
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        block->done = true;
      }
      block_done.notify_one();
    }
  };

  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(jobs_));
  // Whatever happens below, the workers stop and are joined.
  struct Joiner {
    std::mutex& mu;
    bool& stop;
    std::condition_variable& work_ready;
    std::vector<std::thread>& workers;
    ~Joiner() {
      {
        std::lock_guard<std::mutex> lock(mu);
        stop = true;
      }
      work_ready.notify_all();
      for (std::thread& t : workers) t.join();
    }
  } joiner{mu, stop, work_ready, workers};
  for (int w = 0; w < jobs_; ++w) workers.emplace_back(work, deciders_[static_cast<std::size_t>(w)].get());

  bool end = false;
  absl::Status read_status;
  for (;;) {
    batch::Block* ready = nullptr;
    {
      std::unique_lock<std::mutex> lock(mu);
      for (;;) {
        if (delivered < filled && blocks_[delivered % ring]->done) {
          ready = blocks_[delivered % ring].get();
          break;
        }
        if (!end && filled - delivered < ring) break;  // room to read a block
        if (end && delivered == filled) break;         // all done
        block_done.wait(lock);
      }
    }
    if (ready != nullptr) {
      absl::Status s = Deliver(*ready, sink);
      {
        std::lock_guard<std::mutex> lock(mu);
        ready->done = false;
        ++delivered;
      }
      if (!s.ok()) return s;
      continue;
    }
    if (end) break;
    batch::Block& block = *blocks_[filled % ring];
    read_status = source.Fill(&block, options_.block_records, kBlockBytes, &end);
    if (!read_status.ok()) end = true;  // deliver what was read before the error
    if (block.count > 0) {
      {
        std::lock_guard<std::mutex> lock(mu);
        block.sequence = filled++;
      }
      work_ready.notify_one();
    }
  }
  return read_status;
}

BatchRunner::BatchRunner(std::shared_ptr<const Policy> policy, BatchOptions options)
    : state_(std::make_unique<BatchRunnerState>(std::move(policy), std::move(options),
                                                BatchRunnerState::DeciderFactory())) {}

BatchRunner::BatchRunner(std::unique_ptr<BatchRunnerState> state) : state_(std::move(state)) {}

BatchRunner::~BatchRunner() = default;

absl::Status BatchRunner::Run(std::istream& in, BatchSink& sink) {
  batch::RecordSource source(state_->options().input, state_->options().max_record_bytes,
                             state_->next_index(), state_->line(), &in);
  return state_->Run(source, sink);
}

absl::Status BatchRunner::Run(BatchReader& in, BatchSink& sink) {
  batch::RecordSource source(state_->options().input, state_->options().max_record_bytes,
                             state_->next_index(), state_->line(), &in);
  return state_->Run(source, sink);
}

absl::Status BatchRunner::Run(std::string_view input, BatchSink& sink) {
  batch::RecordSource source(state_->options().input, state_->options().max_record_bytes,
                             state_->next_index(), state_->line(), input);
  return state_->Run(source, sink);
}

void BatchRunner::SetFormats(BatchInput input, BatchOutput output) {
  state_->SetFormats(input, output);
}

int BatchRunner::jobs() const { return state_->jobs(); }

const BatchCounts& BatchRunner::counts() const { return state_->counts(); }

}  // namespace povmon
