// Deciding many households: the batch runner every front end uses (the CLI's
// eval, notice and whatif, the C ABI's batch calls, the Python and Java
// bindings through them).
//
// A run reads records (JSON Lines, or length-delimited protobuf), decides
// them on a pool of worker threads, each with its own Evaluator, and hands
// every result to a sink in input order, one result per record:
//
//   reader (the calling thread) → bounded queue → N workers → in-order sink
//
// Memory is flat whatever the number of households: at most
// BatchOptions::blocks_in_flight blocks of BatchOptions::block_records
// records are between the reader and the sink at any time, and a block's
// memory is reused once the sink has seen it. A record that does not parse,
// cannot be decided, is too long, or makes a worker fail (an exception)
// becomes an error result in its own slot; it never loses or reorders the
// others.
//
//   povmon::BatchOptions options;
//   options.evaluate.as_of = absl::CivilDay(2024, 11, 30);
//   options.jobs = 0;  // every core
//   povmon::BatchRunner runner(policy, options);
//   MySink sink;       // a povmon::BatchSink
//   absl::Status s = runner.Run(std::cin, sink);
#ifndef POVMON_BATCH_H_
#define POVMON_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

// How records are framed in the input.
enum class BatchInput {
  // One household JSON object per line ("\n"; "\r\n" is accepted). Lines
  // holding only spaces, tabs or a carriage return are not records but are
  // counted, so line numbers match the file.
  kJsonLines,
  // Each record a base-128 varint byte length followed by a serialized
  // povmon.v1.Household (protobuf's "delimited" framing).
  kDelimitedProto,
};

// What the workers write into BatchResult::output.
enum class BatchOutput {
  kNone,     // nothing: the sink reads the decision itself
  kJson,     // the Decision JSON, or the error record (AppendErrorRecordJson), no newline
  kProto,    // the serialized Decision, or the error message (UTF-8)
  kExplain,  // Explain(decision, policy) for a decided record; nothing for an error
};

struct BatchOptions {
  // The as-of date (required) and the trace level.
  EvaluateOptions evaluate;
  // Worker threads, each with its own Evaluator. 0: one per core
  // (std::thread::hardware_concurrency). 1: no thread is started; the
  // calling thread decides every record itself.
  int jobs = 0;
  BatchInput input = BatchInput::kJsonLines;
  BatchOutput output = BatchOutput::kJson;
  // When set, every household is decided a second time under this policy
  // (a what-if variant of the first) into BatchResult::what_if_decision.
  std::shared_ptr<const Policy> what_if;
  // Records handed to a worker at a time, and blocks between the reader and
  // the sink at any time (0: two per worker, at least four). Together they
  // bound the memory of a run: a record's slot keeps the room of the largest
  // household, decisions and output it has held (about 120 KB for a generated
  // Hunan household), so the defaults hold at most 16 × max(4, 2 × jobs)
  // slots (64 at two workers; `povmon eval --jobs 2` on 100,000 Hunan
  // households peaked at 29.1 MB; README "Batch runs on every core").
  std::size_t block_records = 16;
  std::size_t blocks_in_flight = 0;
  // A record longer than this many bytes is not read into memory: it is
  // skipped and gets an error result (RESOURCE_EXHAUSTED) in its slot.
  std::size_t max_record_bytes = 16u << 20;
  // Warn about a household id already used by an earlier record of the run
  // (see BatchResult::duplicate_of_index). Each distinct id is remembered
  // for the rest of the run (a 33-byte hash-table slot, the table 44-87% full,
  // plus the id itself).
  bool check_duplicate_ids = true;
};

// One record's result, as the sink sees it. Everything it points to belongs
// to the runner and is valid only during the sink's Accept call.
struct BatchResult {
  // 0-based record number in the run, and 1-based input line (JSON Lines;
  // 0 for protobuf input). Both count on across Run calls of one runner.
  std::uint64_t index = 0;
  std::uint64_t line = 0;
  // OK when the household was decided (under both policies, with what_if).
  absl::Status status;
  // The record's bytes as read (the line without its line ending).
  std::string_view record;
  // The parsed household; nullptr when the record did not parse.
  const v1::Household* household = nullptr;
  // The decision, and the what-if decision; nullptr unless status is OK. A
  // duplicate household id adds a WARNING_CODE_DUPLICATE_HOUSEHOLD_ID entry
  // to decision->warnings().
  const v1::Decision* decision = nullptr;
  const v1::Decision* what_if_decision = nullptr;
  // The household's id: the parsed one, or read from a record that did not
  // parse; empty when there is none.
  std::string_view household_id;
  // When an earlier record of the run had the same non-empty household id:
  // that record's index and line (its first use). Otherwise has_duplicate
  // is false.
  bool has_duplicate = false;
  std::uint64_t duplicate_of_index = 0;
  std::uint64_t duplicate_of_line = 0;
  // As BatchOptions::output asks. For kJson an error record of a duplicate
  // id carries the same warning in a "warnings" array.
  std::string_view output;
};

// Receives the results of a run, one call per record, in input order, from
// one thread at a time (the thread that called Run).
class BatchSink {
 public:
  virtual ~BatchSink() = default;
  // A non-OK status (say, a write that failed) stops the run: Run returns it
  // once the workers have stopped. No further record is delivered.
  virtual absl::Status Accept(const BatchResult& result) = 0;
};

// A sink that calls a function.
class BatchFunctionSink : public BatchSink {
 public:
  explicit BatchFunctionSink(std::function<absl::Status(const BatchResult&)> f)
      : f_(std::move(f)) {}
  absl::Status Accept(const BatchResult& result) override { return f_(result); }

 private:
  std::function<absl::Status(const BatchResult&)> f_;
};

// Where a run's bytes come from, when not from a std::istream or a buffer:
// a file descriptor, a socket, a decompressor.
class BatchReader {
 public:
  virtual ~BatchReader() = default;
  // Up to `capacity` bytes into `buffer`, *n of them; *n = 0 only at the end
  // of the input. An error stops the run: Run returns it once the records
  // read before it have reached the sink.
  virtual absl::Status Read(char* buffer, std::size_t capacity, std::size_t* n) = 0;
};

// Totals of a runner's records so far.
struct BatchCounts {
  std::uint64_t records = 0;     // results delivered
  std::uint64_t decided = 0;     // with an OK status
  std::uint64_t errors = 0;      // not decided
  std::uint64_t duplicates = 0;  // records whose id an earlier record had
};

class BatchRunnerState;

class BatchRunner {
 public:
  // Fails at Run when options.evaluate.as_of is unset, like Evaluator.
  BatchRunner(std::shared_ptr<const Policy> policy, BatchOptions options);
  ~BatchRunner();
  BatchRunner(const BatchRunner&) = delete;
  BatchRunner& operator=(const BatchRunner&) = delete;

  // Decide every record of `in` (read to its end) and give each result to
  // `sink` in input order. Returns OK when every record reached the sink
  // (records that were not decided included: they are results too);
  // otherwise the sink's error, DATA_LOSS for protobuf framing that breaks
  // off or a stream that cannot be read (the records before were
  // delivered), or the reader's error.
  // One Run at a time per runner; a runner may Run many times (one run:
  // indexes, line numbers and duplicate ids count on).
  absl::Status Run(std::istream& in, BatchSink& sink);
  absl::Status Run(BatchReader& in, BatchSink& sink);
  // The same over a buffer held in memory (no copy of the records is made).
  absl::Status Run(std::string_view input, BatchSink& sink);

  // The input framing and the output of the Runs after this call (a C ABI
  // call says them each time); not during a Run.
  void SetFormats(BatchInput input, BatchOutput output);

  // The number of worker threads a Run uses (options.jobs resolved).
  int jobs() const;
  const BatchCounts& counts() const;

 private:
  friend class BatchRunnerState;
  explicit BatchRunner(std::unique_ptr<BatchRunnerState> state);
  std::unique_ptr<BatchRunnerState> state_;
};

// The number of cores, as jobs = 0 resolves it (at least 1).
int DefaultBatchJobs();

}  // namespace povmon

#endif  // POVMON_BATCH_H_
