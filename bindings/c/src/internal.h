// Internals of the C shim: the handle structs and the helpers every entry
// point uses. Nothing here is visible outside the library.
#ifndef POVMON_BINDINGS_C_SRC_INTERNAL_H_
#define POVMON_BINDINGS_C_SRC_INTERNAL_H_

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "malloc_buffer.h"
#include "povmon/batch.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"  // IsValidUtf8
#include "povmon/policy.h"
#include "povmon/povmon.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

struct povmon_policy {
  std::shared_ptr<const povmon::Policy> policy;
};

struct povmon_options {
  bool has_as_of = false;
  absl::CivilDay as_of;
  povmon::v1::TraceLevel trace = povmon::v1::TRACE_LEVEL_RULES;
};

struct povmon_evaluator {
  explicit povmon_evaluator(std::shared_ptr<const povmon::Policy> p)
      : evaluator(std::move(p)) {}
  povmon::Evaluator evaluator;
  // Reused between records: protobuf messages keep their repeated elements
  // and string capacity across Clear(), so a warm evaluator allocates only
  // what the generated Clear() frees (singular sub-messages).
  povmon::v1::Household household;
  povmon::v1::Decision decision;
  std::string output;
  std::string record_output;
  // Set while a call runs: a second thread using the evaluator at the same
  // time gets FAILED_PRECONDITION instead of undefined behaviour.
  std::atomic<bool> in_use{false};
};

// A batch run (batch.cc), also counted into a population summary
// (population.cc), which needs its policy.
struct povmon_batch {
  povmon_batch(std::shared_ptr<const povmon::Policy> p, const povmon::BatchOptions& options)
      : policy(p), runner(std::move(p), options) {}
  std::shared_ptr<const povmon::Policy> policy;
  povmon::BatchRunner runner;
  // The output of povmon_batch_evaluate_view, reused by every such call of
  // the run: it keeps the largest output's capacity, so a run of many chunks
  // writes each into memory already in use rather than into fresh pages.
  povmon::capi::MallocBuffer view_output;
  std::atomic<bool> in_use{false};
};

namespace povmon::capi {

// Store `status` as the thread's last error and return its code. Never
// throws (a message that cannot be stored is replaced by a fixed one).
int Fail(const absl::Status& status);
// `message` followed by `detail` (e.g. an exception's what()).
int Fail(absl::StatusCode code, std::string_view message,
         std::string_view detail = {});

// absl::string_view is its own type in Debian's Abseil, not std::string_view.
inline std::string_view MessageOf(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

// The thread's load problems (set by every povmon_policy_load* call).
void SetLoadProblems(std::vector<LoadProblem> problems);

const char* StatusName(int code);


// What an argument check names in its message: "function: argument".
// Both parts are kept as views so that a passing check costs nothing.
struct Argument {
  Argument(const char* name) : argument(name) {}  // NOLINT: implicit on purpose
  Argument(std::string_view function_name, std::string_view argument_name)
      : function(function_name), argument(argument_name) {}
  std::string Text() const;
  std::string_view function;
  std::string_view argument;
};

// Argument checks. Each returns OkStatus or InvalidArgument naming `what`.
absl::Status CheckNotNull(const void* pointer, const Argument& what);
// A byte range: NULL is allowed only with a zero length.
absl::Status CheckBytes(const void* data, std::size_t size,
                        const Argument& what);
// UTF-8 text given as pointer plus length; `allow_empty` false rejects "".
absl::Status CheckText(const char* data, std::size_t size, const Argument& what,
                       bool allow_empty);
absl::Status CheckFormat(int format, const Argument& what);

// Copy `bytes` into a new NUL-terminated malloc buffer for the caller.
// Returns nullptr when out of memory.
char* CopyOut(std::string_view bytes);

// Set the output pair to NULL/0 (when given) so a failed call never leaves
// garbage behind.
template <typename T>
void ClearOut(T** out, std::size_t* out_len) {
  if (out != nullptr) *out = nullptr;
  if (out_len != nullptr) *out_len = 0;
}

// Run `body` (returning absl::Status) and turn its result, or any exception
// it throws, into a status code. This is the exception barrier at every
// entry point.
template <typename Body>
int Guard(Body&& body) noexcept {
  try {
    absl::Status status = body();
    if (status.ok()) return POVMON_OK;
    return Fail(status);
  } catch (const std::bad_alloc&) {
    return Fail(absl::StatusCode::kResourceExhausted, "out of memory");
  } catch (const std::exception& e) {
    return Fail(absl::StatusCode::kInternal, "internal error: ", e.what());
  } catch (...) {
    return Fail(absl::StatusCode::kUnknown, "unknown internal error");
  }
}

// Marks an evaluator busy for the lifetime of the object.
class EvaluatorLease {
 public:
  explicit EvaluatorLease(povmon_evaluator* evaluator)
      : evaluator_(evaluator),
        acquired_(
            !evaluator->in_use.exchange(true, std::memory_order_acquire)) {}
  ~EvaluatorLease() {
    if (acquired_) evaluator_->in_use.store(false, std::memory_order_release);
  }
  EvaluatorLease(const EvaluatorLease&) = delete;
  EvaluatorLease& operator=(const EvaluatorLease&) = delete;
  bool acquired() const { return acquired_; }

 private:
  povmon_evaluator* evaluator_;
  bool acquired_;
};

// Marks a batch run busy for the lifetime of the object.
class BatchLease {
 public:
  explicit BatchLease(povmon_batch* batch)
      : batch_(batch), acquired_(!batch->in_use.exchange(true, std::memory_order_acquire)) {}
  ~BatchLease() {
    if (acquired_) batch_->in_use.store(false, std::memory_order_release);
  }
  BatchLease(const BatchLease&) = delete;
  BatchLease& operator=(const BatchLease&) = delete;
  bool acquired() const { return acquired_; }

 private:
  povmon_batch* batch_;
  bool acquired_;
};

// Checks the framing of delimited protobuf input before anything is
// decided, so that broken framing fails the whole call with no output;
// `function` names the call in the message.
absl::Status CheckDelimitedFraming(std::string_view input, const char* function);

}  // namespace povmon::capi

#endif  // POVMON_BINDINGS_C_SRC_INTERNAL_H_
