// Batch runs on every core (povmon_batch_*): the C face of the batch runner
// (include/povmon/batch.h), writing each result, in order, straight into
// the buffer the caller receives (povmon_batch_evaluate) or into the run's
// own reused block (povmon_batch_evaluate_view).
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "internal.h"
#include "malloc_buffer.h"
#include "povmon/batch.h"

using povmon::capi::ClearOut;
using povmon::capi::Guard;

namespace povmon::capi {
namespace {

// Writes each result as povmon_evaluate_batch does.
class BufferSink : public BatchSink {
 public:
  BufferSink(int output_format, MallocBuffer* out) : output_format_(output_format), out_(out) {}
  absl::Status Accept(const BatchResult& r) override {
    if (output_format_ == POVMON_FORMAT_PROTO) {
      out_->AppendVarint(static_cast<std::uint64_t>(r.status.code()));
      out_->AppendVarint(r.output.size());
      out_->Append(r.output);
    } else {
      out_->Append(r.output);
      out_->Push('\n');
    }
    return absl::OkStatus();
  }

 private:
  int output_format_;
  MallocBuffer* out_;
};

}  // namespace

// Checks the framing of delimited protobuf input before anything is
// decided, so that broken framing fails the whole call with no output.
absl::Status CheckDelimitedFraming(std::string_view input, const char* function) {
  std::size_t offset = 0;
  std::uint64_t index = 0;
  while (offset < input.size()) {
    std::size_t start = offset;
    std::uint64_t length = 0;
    bool complete = false;
    for (int shift = 0; shift < 64 && offset < input.size(); shift += 7) {
      auto byte = static_cast<unsigned char>(input[offset++]);
      length |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        complete = true;
        break;
      }
    }
    if (!complete || length > input.size() - offset) {
      return absl::DataLossError(absl::StrCat(
          function, ": the length prefix of record ", index, " at byte ", start,
          " runs past the end of the input (", input.size(), " bytes)"));
    }
    offset += static_cast<std::size_t>(length);
    ++index;
  }
  return absl::OkStatus();
}

namespace {

// The body of povmon_batch_evaluate and povmon_batch_evaluate_view: checks
// the arguments, then decides input on the run's threads, appending each
// result to *out (NULL only when the lease was not acquired, which fails
// before anything is written).
absl::Status EvaluateBatch(const char* function, povmon_batch* batch, const BatchLease& lease,
                           int input_format, const void* input, std::size_t input_len,
                           int output_format, MallocBuffer* out) {
  if (absl::Status s = CheckFormat(input_format, {function, "input_format"}); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckFormat(output_format, {function, "output_format"}); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckBytes(input, input_len, {function, "input"}); !s.ok()) {
    return s;
  }
  if (!lease.acquired()) {
    return absl::FailedPreconditionError(absl::StrCat(
        function, ": the batch run is in use by another thread (one call at a time)"));
  }
  std::string_view in(static_cast<const char*>(input), input_len);
  if (input_format == POVMON_FORMAT_PROTO) {
    if (absl::Status s = CheckDelimitedFraming(in, function); !s.ok()) return s;
  }
  povmon::BatchRunner& runner = batch->runner;
  runner.SetFormats(input_format == POVMON_FORMAT_PROTO ? povmon::BatchInput::kDelimitedProto
                                                        : povmon::BatchInput::kJsonLines,
                    output_format == POVMON_FORMAT_PROTO ? povmon::BatchOutput::kProto
                                                         : povmon::BatchOutput::kJson);
  BufferSink sink(output_format, out);
  return runner.Run(in, sink);
}

}  // namespace
}  // namespace povmon::capi

extern "C" {

POVMON_API int povmon_batch_create(povmon_batch** out, const povmon_policy* policy,
                                   const povmon_options* options, int jobs) {
  ClearOut(out, static_cast<std::size_t*>(nullptr));
  return Guard([&]() -> absl::Status {
    if (out == nullptr || policy == nullptr || options == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_batch_create: out, policy and options must not be NULL");
    }
    if (!options->has_as_of) {
      return absl::InvalidArgumentError(
          "povmon_batch_create: the options have no as-of date (set one with "
          "povmon_options_set_as_of)");
    }
    if (jobs < 0 || jobs > 256) {
      return absl::InvalidArgumentError(absl::StrCat(
          "povmon_batch_create: jobs is ", jobs,
          "; give 0 (one worker per core) or a number of workers from 1 to 256"));
    }
    povmon::BatchOptions batch_options;
    batch_options.evaluate.as_of = options->as_of;
    batch_options.evaluate.trace = options->trace;
    batch_options.jobs = jobs;
    *out = new povmon_batch(policy->policy, batch_options);
    return absl::OkStatus();
  });
}

POVMON_API void povmon_batch_destroy(povmon_batch* batch) { delete batch; }

POVMON_API int povmon_batch_jobs(const povmon_batch* batch) {
  return batch == nullptr ? 0 : batch->runner.jobs();
}

POVMON_API int povmon_batch_evaluate(void** out, size_t* out_len, povmon_batch* batch,
                                     int input_format, const void* input, size_t input_len,
                                     int output_format) {
  using povmon::capi::MallocBuffer;
  ClearOut(out, out_len);
  return Guard([&]() -> absl::Status {
    const char* function = "povmon_batch_evaluate";
    if (out == nullptr || out_len == nullptr || batch == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_batch_evaluate: out, out_len and batch must not be NULL");
    }
    povmon::capi::BatchLease lease(batch);
    // The output is built in the buffer the caller receives: held once, and
    // nothing of it stays with the run after the call.
    MallocBuffer buffer;
    if (absl::Status s = povmon::capi::EvaluateBatch(function, batch, lease, input_format, input,
                                                     input_len, output_format, &buffer);
        !s.ok()) {
      return s;
    }
    *out = buffer.Release(out_len);
    return absl::OkStatus();
  });
}

POVMON_API int povmon_batch_evaluate_view(const void** out, size_t* out_len,
                                          povmon_batch* batch, int input_format,
                                          const void* input, size_t input_len,
                                          int output_format) {
  ClearOut(out, out_len);
  return Guard([&]() -> absl::Status {
    const char* function = "povmon_batch_evaluate_view";
    if (out == nullptr || out_len == nullptr || batch == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_batch_evaluate_view: out, out_len and batch must not be NULL");
    }
    povmon::capi::BatchLease lease(batch);
    if (!lease.acquired()) {
      return povmon::capi::EvaluateBatch(function, batch, lease, input_format, input,
                                         input_len, output_format, nullptr);
    }
    // Only the lease holder touches the run's block.
    povmon::capi::MallocBuffer& block = batch->view_output;
    block.clear();
    if (absl::Status s = povmon::capi::EvaluateBatch(function, batch, lease, input_format, input,
                                                     input_len, output_format, &block);
        !s.ok()) {
      block.clear();
      return s;
    }
    *out_len = block.size();
    *out = block.View();
    return absl::OkStatus();
  });
}

}  // extern "C"
