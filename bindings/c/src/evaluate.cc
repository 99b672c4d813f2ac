// Evaluators and the evaluation entry points: one household, a view into
// the evaluator's buffer, and a batch with one result per record.
#include <climits>
#include <cstdint>
#include <string>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "google/protobuf/stubs/logging.h"
#include "internal.h"
#include "malloc_buffer.h"
#include "povmon/json.h"

using povmon::capi::ClearOut;
using povmon::capi::Guard;

namespace povmon::capi {
namespace {

// Parse one household record into the evaluator's reused message.
absl::Status ParseHousehold(povmon_evaluator& evaluator, int format,
                            std::string_view input) {
  v1::Household& household = evaluator.household;
  if (format == POVMON_FORMAT_JSON) {
    // Clear here too, so a failed record never shows the previous one's id.
    if (input.empty() || !IsValidUtf8(input)) household.Clear();
    if (input.empty()) {
      return absl::InvalidArgumentError(
          "input is empty, not a household in JSON");
    }
    if (!IsValidUtf8(input)) {
      return absl::InvalidArgumentError("input is not valid UTF-8");
    }
    return ParseHouseholdJson(input, &household);
  }
  bool parsed;
  {
    // Protobuf logs invalid UTF-8 in a string field to stderr as well as
    // failing; a library reports through its status alone.
    google::protobuf::LogSilencer quiet;
    parsed =
        input.size() <= static_cast<std::size_t>(INT_MAX) &&
        household.ParseFromArray(input.data(), static_cast<int>(input.size()));
  }
  if (!parsed) {
    household.Clear();
    return absl::InvalidArgumentError(
        "input is not a serialized povmon.v1.Household");
  }
  return ValidateHousehold(household);
}

// Decide the household just parsed into the evaluator, writing the decision
// in `output_format` to `output`.
absl::Status DecideParsed(povmon_evaluator& evaluator,
                          const povmon_options& options, int output_format,
                          std::string* output) {
  output->clear();
  EvaluateOptions evaluate_options;
  evaluate_options.as_of = options.as_of;
  evaluate_options.trace = options.trace;
  if (absl::Status s = evaluator.evaluator.Evaluate(
          evaluator.household, evaluate_options, &evaluator.decision);
      !s.ok()) {
    return s;
  }
  if (output_format == POVMON_FORMAT_JSON) {
    return DecisionToJson(evaluator.decision, output);
  }
  if (!evaluator.decision.SerializeToString(output)) {
    return absl::InternalError("the decision could not be serialized");
  }
  return absl::OkStatus();
}

// Parse and decide one record.
absl::Status EvaluateRecord(povmon_evaluator& evaluator,
                            const povmon_options& options, int input_format,
                            std::string_view input, int output_format,
                            std::string* output) {
  output->clear();
  if (absl::Status s = ParseHousehold(evaluator, input_format, input);
      !s.ok()) {
    return s;
  }
  return DecideParsed(evaluator, options, output_format, output);
}

// The checks every evaluate entry point makes before touching the input.
absl::Status CheckCall(const char* function, const void* out,
                       const std::size_t* out_len,
                       const povmon_evaluator* evaluator,
                       const povmon_options* options, int input_format,
                       const void* input, std::size_t input_len,
                       int output_format) {
  if (out == nullptr || out_len == nullptr || evaluator == nullptr ||
      options == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        function, ": out, out_len, evaluator and options must not be NULL"));
  }
  if (absl::Status s = CheckFormat(input_format, {function, "input_format"});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckFormat(output_format, {function, "output_format"});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckBytes(input, input_len, {function, "input"});
      !s.ok()) {
    return s;
  }
  if (!options->has_as_of) {
    return absl::InvalidArgumentError(
        absl::StrCat(function,
                     ": the options have no as-of date (set one with "
                     "povmon_options_set_as_of)"));
  }
  return absl::OkStatus();
}

absl::Status Busy(const char* function) {
  return absl::FailedPreconditionError(
      absl::StrCat(function,
                   ": the evaluator is in use by another thread (give each "
                   "thread its own)"));
}

// Read a varint at `*offset`; false if the input ends inside it or it does
// not fit 64 bits.
bool ReadVarint(std::string_view in, std::size_t* offset,
                std::uint64_t* value) {
  std::uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*offset >= in.size()) return false;
    auto byte = static_cast<unsigned char>(in[(*offset)++]);
    result |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      return true;
    }
  }
  return false;
}

// Append one record's result to the batch output. `record` is the input
// (JSON records only), read for the household id when the parser gave none.
void AppendResult(const absl::Status& status, std::size_t index, long line,
                  const povmon_evaluator& evaluator, std::string_view record,
                  int output_format, MallocBuffer* out) {
  const std::string& decision = evaluator.record_output;
  if (output_format == POVMON_FORMAT_PROTO) {
    out->AppendVarint(static_cast<std::uint64_t>(status.code()));
    std::string_view payload =
        status.ok() ? std::string_view(decision) : MessageOf(status);
    out->AppendVarint(payload.size());
    out->Append(payload);
    return;
  }
  if (status.ok()) {
    out->Append(decision);
    out->Push('\n');
    return;
  }
  // A record that did not parse may still name its household.
  std::string id = evaluator.household.id();
  if (id.empty() && !record.empty() && IsValidUtf8(record))
    id = HouseholdIdOf(record);
  std::string error_record;
  AppendErrorRecordJson(index, line, id, status, &error_record);
  out->Append(error_record);
  out->Push('\n');
}

// Decide one record of a batch, appending its result.
void BatchRecord(povmon_evaluator& evaluator, const povmon_options& options,
                 int input_format, std::string_view record, int output_format,
                 std::size_t index, long line, MallocBuffer* out) {
  absl::Status status;
  try {
    status = ParseHousehold(evaluator, input_format, record);
    if (status.ok()) {
      status = DecideParsed(evaluator, options, output_format,
                            &evaluator.record_output);
    }
  } catch (const std::bad_alloc&) {
    throw;  // the whole batch cannot continue without memory
  } catch (const std::exception& e) {
    status = absl::InternalError(absl::StrCat("internal error: ", e.what()));
  }
  AppendResult(status, index, line, evaluator,
               input_format == POVMON_FORMAT_JSON ? record : std::string_view(),
               output_format, out);
}

absl::Status RunBatch(povmon_evaluator& evaluator,
                      const povmon_options& options, int input_format,
                      std::string_view input, int output_format,
                      MallocBuffer* out) {
  out->clear();
  std::size_t index = 0;
  if (input_format == POVMON_FORMAT_JSON) {
    std::size_t start = 0;
    long line = 0;
    while (start < input.size()) {
      std::size_t end = input.find('\n', start);
      if (end == std::string_view::npos) end = input.size();
      std::string_view record = input.substr(start, end - start);
      start = end + 1;
      ++line;
      if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
      if (record.find_first_not_of(" \t") == std::string_view::npos) continue;
      BatchRecord(evaluator, options, input_format, record, output_format,
                  index++, line, out);
    }
    return absl::OkStatus();
  }
  std::size_t offset = 0;
  while (offset < input.size()) {
    std::size_t record_start = offset;
    std::uint64_t length = 0;
    if (!ReadVarint(input, &offset, &length) ||
        length > input.size() - offset) {
      out->clear();
      return absl::DataLossError(absl::StrCat(
          "povmon_evaluate_batch: the length prefix of record ", index,
          " at byte ", record_start, " runs past the end of the input (",
          input.size(), " bytes)"));
    }
    BatchRecord(evaluator, options, input_format, input.substr(offset, length),
                output_format, index++, 0, out);
    offset += length;
  }
  return absl::OkStatus();
}

// What the three evaluation entry points share: check the arguments, take
// the evaluator for this thread, let `work` write the evaluator's output
// buffer, then hand the caller either a malloc'd copy (Out = void, released
// with povmon_free) or a view of the buffer itself (Out = const void, valid
// until the evaluator's next call).
template <typename Out, typename Work>
int Run(const char* function, Work work, Out** out, std::size_t* out_len,
        povmon_evaluator* evaluator, const povmon_options* options,
        int input_format, const void* input, std::size_t input_len,
        int output_format) {
  ClearOut(out, out_len);
  return Guard([&]() -> absl::Status {
    if (absl::Status s =
            CheckCall(function, out, out_len, evaluator, options, input_format,
                      input, input_len, output_format);
        !s.ok()) {
      return s;
    }
    EvaluatorLease lease(evaluator);
    if (!lease.acquired()) return Busy(function);
    std::string_view in(static_cast<const char*>(input), input_len);
    if (absl::Status s = work(*evaluator, *options, input_format, in,
                              output_format, &evaluator->output);
        !s.ok()) {
      return s;
    }
    if constexpr (std::is_const_v<Out>) {
      *out = evaluator->output.data();
    } else {
      char* buffer = CopyOut(evaluator->output);
      if (buffer == nullptr) throw std::bad_alloc();
      *out = buffer;
    }
    *out_len = evaluator->output.size();
    return absl::OkStatus();
  });
}

}  // namespace
}  // namespace povmon::capi

extern "C" {

POVMON_API int povmon_evaluator_create(povmon_evaluator** out,
                                       const povmon_policy* policy) {
  ClearOut(out, static_cast<std::size_t*>(nullptr));
  return Guard([&]() -> absl::Status {
    if (out == nullptr || policy == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_evaluator_create: out and policy must not be NULL");
    }
    *out = new povmon_evaluator(policy->policy);
    return absl::OkStatus();
  });
}

POVMON_API void povmon_evaluator_destroy(povmon_evaluator* evaluator) {
  delete evaluator;
}

POVMON_API int povmon_evaluate(void** out, size_t* out_len,
                               povmon_evaluator* evaluator,
                               const povmon_options* options, int input_format,
                               const void* input, size_t input_len,
                               int output_format) {
  return povmon::capi::Run("povmon_evaluate", povmon::capi::EvaluateRecord, out,
                           out_len, evaluator, options, input_format, input,
                           input_len, output_format);
}

POVMON_API int povmon_evaluate_view(const void** out, size_t* out_len,
                                    povmon_evaluator* evaluator,
                                    const povmon_options* options,
                                    int input_format, const void* input,
                                    size_t input_len, int output_format) {
  return povmon::capi::Run("povmon_evaluate_view", povmon::capi::EvaluateRecord,
                           out, out_len, evaluator, options, input_format,
                           input, input_len, output_format);
}

POVMON_API int povmon_evaluate_batch(void** out, size_t* out_len,
                                     povmon_evaluator* evaluator,
                                     const povmon_options* options,
                                     int input_format, const void* input,
                                     size_t input_len, int output_format) {
  using povmon::capi::MallocBuffer;
  ClearOut(out, out_len);
  return Guard([&]() -> absl::Status {
    const char* function = "povmon_evaluate_batch";
    if (absl::Status s = povmon::capi::CheckCall(function, out, out_len, evaluator,
                                                 options, input_format, input,
                                                 input_len, output_format);
        !s.ok()) {
      return s;
    }
    povmon::capi::EvaluatorLease lease(evaluator);
    if (!lease.acquired()) return povmon::capi::Busy(function);
    // The output is built in the buffer the caller receives: held once,
    // and nothing of it stays with the evaluator after the call.
    MallocBuffer buffer;
    std::string_view in(static_cast<const char*>(input), input_len);
    if (absl::Status s = povmon::capi::RunBatch(*evaluator, *options, input_format,
                                                in, output_format, &buffer);
        !s.ok()) {
      return s;
    }
    *out = buffer.Release(out_len);
    return absl::OkStatus();
  });
}

}  // extern "C"
