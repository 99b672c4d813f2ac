// The PovmonService calls (proto/povmon/v1/service.proto) on the packs of a
// PackRegistry: each request takes the serving revision of its pack when it
// starts and keeps it to the end, waits for one of the evaluation slots
// (the worker limit) until its deadline, decides with a pooled Evaluator of
// that revision, and writes its line to the decision log when there is one.
#ifndef POVMON_TOOLS_POVMON_SERVE_POVMON_SERVICE_H_
#define POVMON_TOOLS_POVMON_SERVE_POVMON_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "povmon/v1/service.grpc.pb.h"
#include "tools/povmon/serve/decision_log.h"
#include "tools/povmon/serve/evaluation_slots.h"
#include "tools/povmon/serve/pack_registry.h"

namespace povmon::serve {

struct ServiceOptions {
  // Households decided at once.
  int workers = 1;
  // How long a household may wait for a worker when the caller set no
  // earlier deadline.
  absl::Duration deadline = absl::Seconds(30);
};

class PovmonService final : public v1::PovmonService::Service {
 public:
  // `log` may be null (no decision log). Both must outlive the service.
  PovmonService(const PackRegistry* registry, DecisionLog* log, ServiceOptions options);

  grpc::Status Evaluate(grpc::ServerContext* context, const v1::EvaluateRequest* request,
                        v1::EvaluateResponse* response) override;
  grpc::Status EvaluateStream(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::EvaluateResponse, v1::EvaluateRequest>* stream) override;
  grpc::Status Explain(grpc::ServerContext* context, const v1::ExplainRequest* request,
                       v1::ExplainResponse* response) override;
  grpc::Status Summarize(grpc::ServerContext* context,
                         grpc::ServerReader<v1::SummarizeRequest>* reader,
                         v1::SummarizeResponse* response) override;
  grpc::Status Packs(grpc::ServerContext* context, const v1::PacksRequest* request,
                     v1::PacksResponse* response) override;

 private:
  // What a request asks, whatever its message.
  struct Asked {
    const std::string& pack;
    const std::string& as_of;
    int trace;
    const v1::Household& household;
    const std::string& request_id;
  };
  // What deciding it took: the request id and the revision (kept alive for
  // the request's life).
  struct Decided {
    std::string request_id;
    std::shared_ptr<const LoadedPack> pack;
  };
  // Decide one request into `decision`; the status says why not. `decided`
  // is filled as far as the request got.
  absl::Status Decide(grpc::ServerContext* context, const Asked& asked, const char* method,
                      Decided* decided, v1::Decision* decision);
  // Decide an EvaluateRequest into its response (errors in the status).
  absl::Status Answer(grpc::ServerContext* context, const v1::EvaluateRequest& request,
                      const char* method, v1::EvaluateResponse* response);
  // The request's id, or a new one.
  std::string RequestId(const std::string& given);
  // Log the outcome; a failed write becomes the request's error.
  absl::Status Log(const char* method, const Decided& decided, const std::string& as_of,
                   const v1::Household& household, const v1::Decision* decision,
                   const absl::Status& status);
  std::chrono::system_clock::time_point Deadline(const grpc::ServerContext* context) const;

  const PackRegistry* registry_;
  DecisionLog* log_;
  ServiceOptions options_;
  EvaluationSlots slots_;
  std::string id_prefix_;
  std::atomic<std::uint64_t> next_id_{1};
};

// The households of a Summarize stream listed with their errors.
inline constexpr int kMaxSummarizeErrors = 100;

// absl's status as gRPC's (the codes are the same numbers).
grpc::Status ToGrpc(const absl::Status& status);

}  // namespace povmon::serve

#endif  // POVMON_TOOLS_POVMON_SERVE_POVMON_SERVICE_H_
