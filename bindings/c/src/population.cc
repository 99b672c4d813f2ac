// Population runs in pieces through the C ABI (since 0.3): a batch run that
// also counts its households into a partial summary (povmon::Aggregator),
// partial summaries merged (povmon::MergeSummaries), and the pack's
// population rules over a summary (povmon::RunPopulationRules) giving the
// report `povmon eval --summary FILE` writes, byte for byte.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "internal.h"
#include "malloc_buffer.h"
#include "povmon/batch.h"
#include "povmon/date.h"
#include "povmon/population.h"

namespace povmon::capi {
namespace {

absl::Status CheckSummaryFormat(int format, const Argument& what) {
  if (format == POVMON_FORMAT_PROTO || format == POVMON_FORMAT_JSON) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      what.Text(), " is ", format, "; expected POVMON_FORMAT_PROTO (1) or POVMON_FORMAT_JSON (2)"));
}

// A summary from the caller, in `format`; `what` names it in errors.
absl::Status ReadSummary(int format, const void* data, std::size_t size, const std::string& what,
                         v1::PopulationSummary* summary) {
  if (absl::Status s = CheckBytes(data, size, what.c_str()); !s.ok()) return s;
  std::string_view bytes(static_cast<const char*>(data), size);
  if (format == POVMON_FORMAT_PROTO) {
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX) ||
        !summary->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": not a serialized povmon.v1.PopulationSummary (", size,
                       " bytes)"));
    }
    return absl::OkStatus();
  }
  if (!IsValidUtf8(bytes)) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": not UTF-8"));
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto parsed = google::protobuf::util::JsonStringToMessage(std::string(bytes), summary, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": not a povmon.v1.PopulationSummary in JSON: ",
                     std::string(parsed.message().data(), parsed.message().size())));
  }
  return absl::OkStatus();
}

// The summary in `format` into a new buffer for the caller.
absl::Status WriteSummary(const v1::PopulationSummary& summary, int format, void** out,
                          std::size_t* out_len) {
  std::string bytes;
  if (format == POVMON_FORMAT_PROTO) {
    if (!summary.SerializeToString(&bytes)) {
      return absl::InternalError("the summary could not be serialized");
    }
  } else {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    auto written = google::protobuf::util::MessageToJsonString(summary, &bytes, options);
    if (!written.ok()) {
      return absl::InternalError(absl::StrCat(
          "the summary as JSON: ", std::string(written.message().data(), written.message().size())));
    }
  }
  char* buffer = CopyOut(bytes);
  if (buffer == nullptr) throw std::bad_alloc();
  *out = buffer;
  *out_len = bytes.size();
  return absl::OkStatus();
}

// Writes each result as povmon_batch_evaluate does (unless the output is
// POVMON_FORMAT_NONE) and counts it into the aggregator, as `povmon eval
// --summary` counts it: decided households by place, the others as failed.
class SummarySink : public BatchSink {
 public:
  SummarySink(int output_format, MallocBuffer* out, Aggregator* aggregator)
      : output_format_(output_format), out_(out), aggregator_(aggregator) {}
  absl::Status Accept(const BatchResult& r) override {
    if (r.status.ok()) {
      // An overflow stops the run: the summary would no longer be exact.
      if (absl::Status added = aggregator_->Add(*r.household, *r.decision); !added.ok()) {
        return absl::Status(added.code(),
                            absl::StrCat("povmon_batch_summarize: record ", r.index, ": ",
                                         added.message()));
      }
    } else {
      aggregator_->AddFailed();
    }
    if (output_format_ == POVMON_FORMAT_PROTO) {
      out_->AppendVarint(static_cast<std::uint64_t>(r.status.code()));
      out_->AppendVarint(r.output.size());
      out_->Append(r.output);
    } else if (output_format_ == POVMON_FORMAT_JSON) {
      out_->Append(r.output);
      out_->Push('\n');
    }
    return absl::OkStatus();
  }

 private:
  int output_format_;
  MallocBuffer* out_;
  Aggregator* aggregator_;
};

}  // namespace
}  // namespace povmon::capi

extern "C" {

POVMON_API int povmon_batch_summarize(void** out, size_t* out_len, void** summary,
                                      size_t* summary_len, povmon_batch* batch,
                                      uint64_t sample_seed, int input_format, const void* input,
                                      size_t input_len, int output_format, int summary_format) {
  using povmon::capi::MallocBuffer;
  povmon::capi::ClearOut(out, out_len);
  povmon::capi::ClearOut(summary, summary_len);
  return povmon::capi::Guard([&]() -> absl::Status {
    const char* function = "povmon_batch_summarize";
    if (out == nullptr || out_len == nullptr || summary == nullptr || summary_len == nullptr ||
        batch == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_batch_summarize: out, out_len, summary, summary_len and batch must not be NULL");
    }
    if (absl::Status s = povmon::capi::CheckFormat(input_format, {function, "input_format"});
        !s.ok()) {
      return s;
    }
    if (output_format != POVMON_FORMAT_NONE) {
      if (absl::Status s = povmon::capi::CheckFormat(output_format, {function, "output_format"});
          !s.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(s.message(), " or POVMON_FORMAT_NONE (0)"));
      }
    }
    if (absl::Status s =
            povmon::capi::CheckSummaryFormat(summary_format, {function, "summary_format"});
        !s.ok()) {
      return s;
    }
    if (absl::Status s = povmon::capi::CheckBytes(input, input_len, {function, "input"});
        !s.ok()) {
      return s;
    }
    povmon::capi::BatchLease lease(batch);
    if (!lease.acquired()) {
      return absl::FailedPreconditionError(
          "povmon_batch_summarize: the batch run is in use by another thread (one call at a "
          "time)");
    }
    std::string_view in(static_cast<const char*>(input), input_len);
    if (input_format == POVMON_FORMAT_PROTO) {
      if (absl::Status s = povmon::capi::CheckDelimitedFraming(in, function); !s.ok()) return s;
    }
    povmon::BatchRunner& runner = batch->runner;
    runner.SetFormats(input_format == POVMON_FORMAT_PROTO ? povmon::BatchInput::kDelimitedProto
                                                          : povmon::BatchInput::kJsonLines,
                      output_format == POVMON_FORMAT_PROTO  ? povmon::BatchOutput::kProto
                      : output_format == POVMON_FORMAT_JSON ? povmon::BatchOutput::kJson
                                                            : povmon::BatchOutput::kNone);
    povmon::Aggregator aggregator(batch->policy, sample_seed);
    MallocBuffer buffer;
    povmon::capi::SummarySink sink(output_format, &buffer, &aggregator);
    if (absl::Status s = runner.Run(in, sink); !s.ok()) return s;
    povmon::v1::PopulationSummary partial;
    aggregator.Summarize(&partial);
    if (absl::Status s = povmon::capi::WriteSummary(partial, summary_format, summary, summary_len);
        !s.ok()) {
      return s;
    }
    if (output_format == POVMON_FORMAT_NONE) {
      *out = nullptr;
      *out_len = 0;
    } else {
      *out = buffer.Release(out_len);
    }
    return absl::OkStatus();
  });
}

POVMON_API int povmon_population_merge(void** out, size_t* out_len,
                                       const void* const* summaries, const size_t* summary_lens,
                                       size_t count, int summary_format) {
  povmon::capi::ClearOut(out, out_len);
  return povmon::capi::Guard([&]() -> absl::Status {
    const char* function = "povmon_population_merge";
    if (out == nullptr || out_len == nullptr) {
      return absl::InvalidArgumentError("povmon_population_merge: out and out_len must not be NULL");
    }
    if (absl::Status s =
            povmon::capi::CheckSummaryFormat(summary_format, {function, "summary_format"});
        !s.ok()) {
      return s;
    }
    if (count == 0 || summaries == nullptr || summary_lens == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_population_merge: give at least one summary (summaries and summary_lens "
          "non-NULL, count at least 1)");
    }
    povmon::v1::PopulationSummary merged, next;
    for (size_t i = 0; i < count; ++i) {
      std::string what = absl::StrCat(function, ": summaries[", i, "]");
      povmon::v1::PopulationSummary& target = i == 0 ? merged : next;
      target.Clear();
      if (absl::Status s = povmon::capi::ReadSummary(summary_format, summaries[i],
                                                     summary_lens[i], what, &target);
          !s.ok()) {
        return s;
      }
      if (i == 0) continue;
      povmon::v1::PopulationSummary sum;
      if (absl::Status s = povmon::MergeSummaries(merged, next, &sum); !s.ok()) {
        return absl::Status(s.code(), absl::StrCat(what, ": ", s.message()));
      }
      merged.Swap(&sum);
    }
    return povmon::capi::WriteSummary(merged, summary_format, out, out_len);
  });
}

POVMON_API int povmon_population_report(void** out, size_t* out_len, const povmon_policy* policy,
                                        const povmon_options* options, int summary_format,
                                        const void* summary, size_t summary_len,
                                        const char* regions, size_t regions_len,
                                        int report_format) {
  povmon::capi::ClearOut(out, out_len);
  return povmon::capi::Guard([&]() -> absl::Status {
    const char* function = "povmon_population_report";
    if (out == nullptr || out_len == nullptr || policy == nullptr || options == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_population_report: out, out_len, policy and options must not be NULL");
    }
    if (!options->has_as_of) {
      return absl::InvalidArgumentError(
          "povmon_population_report: the options have no as-of date (set one with "
          "povmon_options_set_as_of)");
    }
    if (absl::Status s =
            povmon::capi::CheckSummaryFormat(summary_format, {function, "summary_format"});
        !s.ok()) {
      return s;
    }
    if (absl::Status s =
            povmon::capi::CheckSummaryFormat(report_format, {function, "report_format"});
        !s.ok()) {
      return s;
    }
    if (absl::Status s = povmon::capi::CheckText(regions, regions_len, {function, "regions"},
                                                 /*allow_empty=*/true);
        !s.ok()) {
      return s;
    }
    povmon::v1::PopulationSummary parsed;
    if (absl::Status s = povmon::capi::ReadSummary(summary_format, summary, summary_len,
                                                   absl::StrCat(function, ": summary"), &parsed);
        !s.ok()) {
      return s;
    }
    const povmon::Policy& pack = *policy->policy;
    if (options->as_of < pack.valid_from() || options->as_of > pack.valid_until()) {
      return absl::OutOfRangeError(absl::StrCat(
          function, ": the as-of date ", povmon::FormatDate(options->as_of),
          " is outside the dates of pack ", pack.id(), " (", povmon::FormatDate(pack.valid_from()),
          " to ", povmon::FormatDate(pack.valid_until()), "); give a date within them"));
    }
    povmon::PopulationOptions population;
    population.as_of = options->as_of;
    population.trace = options->trace == povmon::v1::TRACE_LEVEL_FULL
                           ? povmon::v1::TRACE_LEVEL_FULL
                           : povmon::v1::TRACE_LEVEL_RULES;
    if (regions_len > 0) {
      if (absl::Status s = povmon::ParseRegionFile(std::string_view(regions, regions_len),
                                                   "regions", &population.regions);
          !s.ok()) {
        return s;
      }
    }
    absl::StatusOr<povmon::v1::PopulationReport> report =
        povmon::RunPopulationRules(pack, parsed, population);
    if (!report.ok()) {
      return absl::Status(report.status().code(),
                          absl::StrCat(function, ": ", report.status().message()));
    }
    std::string bytes;
    if (report_format == POVMON_FORMAT_PROTO) {
      if (!report->SerializeToString(&bytes)) {
        return absl::InternalError("povmon_population_report: the report could not be serialized");
      }
    } else {
      if (absl::Status s = povmon::PopulationReportToJson(*report, &bytes); !s.ok()) return s;
      bytes.push_back('\n');  // as `povmon eval --summary FILE` writes it
    }
    char* buffer = povmon::capi::CopyOut(bytes);
    if (buffer == nullptr) throw std::bad_alloc();
    *out = buffer;
    *out_len = bytes.size();
    return absl::OkStatus();
  });
}

}  // extern "C"
