#include "tools/povmon/serve/povmon_service.h"

#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "povmon/evaluator.h"
#include "povmon/explain.h"
#include "povmon/json.h"
#include "povmon/language.h"
#include "povmon/population.h"
#include "tools/povmon/serve/request_fields.h"

namespace povmon::serve {
namespace {

// Lower-case base 36: request ids the server makes carry no digit runs a
// reader could mistake for personal numbers.
std::string Base36(std::uint64_t n) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[n % 36]);
    n /= 36;
  } while (n > 0);
  return out;
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

// A status as the error a stream answers in a household's place.
void FillError(const absl::Status& status, v1::EvaluateError* error) {
  std::string_view message(status.message().data(), status.message().size());
  error->set_code(static_cast<int>(status.code()));
  error->set_status(absl::StatusCodeToString(status.code()));
  error->set_field(std::string(ErrorField(message)));
  error->set_message(std::string(message));
}

}  // namespace

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

PovmonService::PovmonService(const PackRegistry* registry, DecisionLog* log,
                             ServiceOptions options)
    : registry_(registry), log_(log), options_(options), slots_(options.workers) {
  std::random_device random;
  id_prefix_ = absl::StrCat("pm", Base36(random() % (36ull * 36 * 36 * 36)));
}

std::string PovmonService::RequestId(const std::string& given) {
  if (!given.empty()) return given;
  return absl::StrCat(id_prefix_, "-", Base36(next_id_.fetch_add(1, std::memory_order_relaxed)));
}

std::chrono::system_clock::time_point PovmonService::Deadline(
    const grpc::ServerContext* context) const {
  auto ours = std::chrono::system_clock::now() + absl::ToChronoMicroseconds(options_.deadline);
  auto theirs = context->deadline();
  return theirs < ours ? theirs : ours;
}

absl::Status PovmonService::Log(const char* method, const Decided& decided,
                                const std::string& as_of, const v1::Household& household,
                                const v1::Decision* decision, const absl::Status& status) {
  if (log_ == nullptr) return status;
  DecisionLogEntry entry;
  entry.time = absl::Now();
  entry.request_id = decided.request_id;
  entry.method = method;
  if (decided.pack) {
    entry.pack = decided.pack->id();
    entry.revision = decided.pack->revision();
  }
  entry.as_of = as_of;
  entry.household = &household;
  entry.decision = status.ok() ? decision : nullptr;
  entry.error = status;
  absl::Status written = log_->Write(entry);
  if (!written.ok()) {
    // No answer without its record: the caller learns the log failed.
    return absl::Status(written.code(),
                        absl::StrCat(written.message(), "; the household was not answered"));
  }
  return status;
}

absl::Status PovmonService::Decide(grpc::ServerContext* context, const Asked& asked,
                                   const char* method, Decided* decided,
                                   v1::Decision* decision) {
  decided->request_id.clear();
  decided->pack.reset();
  absl::Status status = CheckRequestId(asked.request_id);
  decided->request_id = RequestId(status.ok() ? asked.request_id : std::string());
  std::string as_of_text;
  EvaluateOptions options;
  if (status.ok()) {
    auto pack = registry_->Find(asked.pack);
    if (pack.ok()) {
      decided->pack = *std::move(pack);
    } else {
      status = pack.status();
    }
  }
  if (status.ok()) status = ReadAsOf(asked.as_of, decided->pack->policy(), &options.as_of);
  if (status.ok()) as_of_text = FormatDay(options.as_of);
  if (status.ok()) status = ReadTrace(asked.trace, &options.trace);
  if (status.ok()) status = CheckHousehold(asked.household);
  if (status.ok()) {
    EvaluationSlots::Slot slot = slots_.Acquire(Deadline(context));
    if (!slot.ok()) {
      status = context->IsCancelled()
                   ? absl::CancelledError("the caller cancelled the request")
                   : absl::DeadlineExceededError(absl::StrCat(
                         "no worker came free before the deadline (", slots_.size(),
                         " workers)"));
    } else {
      LoadedPack::Lease lease = decided->pack->Acquire();
      status = InHousehold(lease.evaluator().Evaluate(asked.household, options, decision));
    }
  }
  return Log(method, *decided, as_of_text, asked.household, decision, status);
}

absl::Status PovmonService::Answer(grpc::ServerContext* context,
                                   const v1::EvaluateRequest& request, const char* method,
                                   v1::EvaluateResponse* response) {
  Asked asked{request.pack(), request.as_of(), request.trace(), request.household(),
              request.request_id()};
  Decided decided;
  absl::Status status = Decide(context, asked, method, &decided, response->mutable_decision());
  response->set_request_id(decided.request_id);
  if (decided.pack) {
    response->set_pack(decided.pack->id());
    response->set_revision(decided.pack->revision());
  }
  if (!status.ok()) response->clear_decision();
  return status;
}

grpc::Status PovmonService::Evaluate(grpc::ServerContext* context,
                                     const v1::EvaluateRequest* request,
                                     v1::EvaluateResponse* response) {
  return ToGrpc(Answer(context, *request, "Evaluate", response));
}

grpc::Status PovmonService::EvaluateStream(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::EvaluateResponse, v1::EvaluateRequest>* stream) {
  v1::EvaluateRequest request;
  v1::EvaluateResponse response;
  while (stream->Read(&request)) {
    response.Clear();
    absl::Status status = Answer(context, request, "EvaluateStream", &response);
    if (!status.ok()) {
      // The household gets its answer in its place; the stream goes on.
      FillError(status, response.mutable_error());
    }
    if (!stream->Write(response)) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "the caller stopped reading");
    }
  }
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the caller cancelled the stream");
  }
  return grpc::Status::OK;
}

grpc::Status PovmonService::Explain(grpc::ServerContext* context,
                                    const v1::ExplainRequest* request,
                                    v1::ExplainResponse* response) {
  Language language = kDefaultLanguage;
  if (!request->language().empty()) {
    auto parsed = ParseLanguage(request->language());
    if (!parsed.ok()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("language: ", parsed.status().message()));
    }
    language = *parsed;
  }
  Asked asked{request->pack(), request->as_of(), v1::TRACE_LEVEL_FULL, request->household(),
              request->request_id()};
  Decided decided;
  absl::Status status = Decide(context, asked, "Explain", &decided, response->mutable_decision());
  if (!status.ok()) return ToGrpc(status);
  auto text = ExplainIn(response->decision(), decided.pack->policy(), language);
  if (!text.ok()) return ToGrpc(text.status());
  response->set_request_id(decided.request_id);
  response->set_pack(decided.pack->id());
  response->set_revision(decided.pack->revision());
  response->set_text(*std::move(text));
  response->set_language(LanguageTag(language));
  return grpc::Status::OK;
}

namespace {

// Whether a later message of a Summarize stream keeps the first one's
// settings (unset or equal) and gives no places.
absl::Status SameSettings(const v1::SummarizeRequest& first, const v1::SummarizeRequest& later) {
  if (!later.pack().empty() && later.pack() != first.pack()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "pack: ", JsonQuote(later.pack()), " differs from the stream's first message (",
        JsonQuote(first.pack()), "); one Summarize stream summarizes under one pack"));
  }
  if (!later.as_of().empty() && later.as_of() != first.as_of()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "as_of: ", JsonQuote(later.as_of()), " differs from the stream's first message (",
        JsonQuote(first.as_of()), ")"));
  }
  if (later.has_sample_seed() &&
      (!first.has_sample_seed() || later.sample_seed() != first.sample_seed())) {
    return absl::InvalidArgumentError(
        "sample_seed: differs from the stream's first message");
  }
  if (later.trace() != v1::TRACE_LEVEL_UNSPECIFIED && later.trace() != first.trace()) {
    return absl::InvalidArgumentError("trace: differs from the stream's first message");
  }
  if (later.regions_size() > 0) {
    return absl::InvalidArgumentError(
        "regions: given after the stream's first message (places go in the first)");
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status PovmonService::Summarize(grpc::ServerContext* context,
                                      grpc::ServerReader<v1::SummarizeRequest>* reader,
                                      v1::SummarizeResponse* response) {
  v1::SummarizeRequest first;
  if (!reader->Read(&first)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "pack: the stream carried no message (its first names the pack and "
                        "the as_of date)");
  }
  // The stream's settings, from its first message.
  Decided decided;
  absl::Status settings = CheckRequestId(first.request_id());
  decided.request_id = RequestId(settings.ok() ? first.request_id() : std::string());
  if (settings.ok()) {
    auto pack = registry_->Find(first.pack());
    if (pack.ok()) {
      decided.pack = *std::move(pack);
    } else {
      settings = pack.status();
    }
  }
  EvaluateOptions options;
  if (settings.ok()) settings = ReadAsOf(first.as_of(), decided.pack->policy(), &options.as_of);
  v1::TraceLevel rules_trace = v1::TRACE_LEVEL_RULES;
  if (settings.ok()) settings = ReadTrace(first.trace(), &rules_trace);
  if (settings.ok() && rules_trace == v1::TRACE_LEVEL_OFF) {
    settings = absl::InvalidArgumentError(
        "trace: the population rules' trace is TRACE_LEVEL_RULES or TRACE_LEVEL_FULL");
  }
  if (!settings.ok()) return ToGrpc(settings);
  const std::string as_of_text = FormatDay(options.as_of);
  std::uint64_t seed = first.sample_seed();
  if (!first.has_sample_seed()) {
    std::random_device device;
    seed = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }
  // Households are decided as `povmon eval` decides them (trace rules), so
  // the summary is the one `povmon eval --summary` writes.
  options.trace = v1::TRACE_LEVEL_RULES;
  Aggregator aggregator(decided.pack->shared_policy(), seed);
  LoadedPack::Lease lease = decided.pack->Acquire();
  v1::Decision decision;
  std::uint64_t index = 0, decided_count = 0, not_decided = 0;
  v1::SummarizeRequest request = first;
  do {
    absl::Status status = index == 0 ? absl::OkStatus() : SameSettings(first, request);
    if (status.ok()) status = CheckHousehold(request.household());
    if (status.ok()) {
      EvaluationSlots::Slot slot = slots_.Acquire(Deadline(context));
      if (!slot.ok()) {
        if (context->IsCancelled()) {
          return grpc::Status(grpc::StatusCode::CANCELLED, "the caller cancelled the stream");
        }
        status = absl::DeadlineExceededError(absl::StrCat(
            "no worker came free before the deadline (", slots_.size(), " workers)"));
      } else {
        status = InHousehold(lease.evaluator().Evaluate(request.household(), options, &decision));
      }
    }
    status = Log("Summarize", decided, as_of_text, request.household(), &decision, status);
    if (status.ok()) {
      absl::Status added = aggregator.Add(request.household(), decision);
      // An overflow leaves no exact summary to give.
      if (!added.ok()) return ToGrpc(added);
      ++decided_count;
    } else {
      aggregator.AddFailed();
      ++not_decided;
      if (response->errors_size() < kMaxSummarizeErrors) {
        v1::SummarizeError* e = response->add_errors();
        e->set_index(index);
        FillError(status, e->mutable_error());
      }
    }
    ++index;
  } while (reader->Read(&request));
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the caller cancelled the stream");
  }
  v1::PopulationSummary summary;
  aggregator.Summarize(&summary);
  PopulationOptions population;
  population.as_of = options.as_of;
  population.trace = rules_trace;
  population.regions.assign(first.regions().begin(), first.regions().end());
  auto report = RunPopulationRules(decided.pack->policy(), summary, population);
  if (!report.ok()) return ToGrpc(report.status());
  response->set_request_id(decided.request_id);
  response->set_pack(decided.pack->id());
  response->set_revision(decided.pack->revision());
  response->set_decided(decided_count);
  response->set_not_decided(not_decided);
  *response->mutable_report() = *std::move(report);
  return grpc::Status::OK;
}

grpc::Status PovmonService::Packs(grpc::ServerContext* /*context*/,
                                  const v1::PacksRequest* /*request*/,
                                  v1::PacksResponse* response) {
  for (const std::shared_ptr<const LoadedPack>& pack : registry_->All()) {
    v1::PackInfo* info = response->add_packs();
    info->set_id(pack->id());
    const v1::PolicyPack& meta = pack->policy().pack();
    info->set_title(meta.title_en().empty() ? meta.title_zh()
                                            : absl::StrCat(meta.title_zh(), " / ", meta.title_en()));
    info->set_revision(pack->revision());
    info->set_valid_from(FormatDay(pack->policy().valid_from()));
    info->set_valid_until(FormatDay(pack->policy().valid_until()));
    info->set_directory(pack->directory());
    info->set_loaded_at(
        absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", pack->loaded_at(), absl::UTCTimeZone()));
    info->set_reloads(pack->reloads());
    for (const std::string& problem : registry_->ReloadProblems(pack->id())) {
      info->add_reload_problems(problem);
    }
  }
  return grpc::Status::OK;
}

}  // namespace povmon::serve
