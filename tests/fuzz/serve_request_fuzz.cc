// The gRPC service's request conversion (tools/povmon/serve: request_fields
// and PovmonService's Decide), without a server: the first byte picks the
// call (Evaluate or Explain), the rest is the request message in protobuf's
// wire format, as gRPC hands it to the service. The service holds two packs
// (hunan-2024 and lingshou-2024), so the request must name one. Whatever
// the bytes that parse as a request:
// - the call answers OK with a decision (Explain: and its text) for the
//   household it was given, on the pack it named, or refuses with a
//   non-empty UTF-8 message; a refusal INVALID_ARGUMENT starts with the
//   request's field path ("as_of: ...", "household.members[0]...: ..."),
//   as service.proto promises;
// - the response always carries a request id: the caller's when it is a
//   valid one, else one the server made.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "grpcpp/server_context.h"
#include "povmon/json.h"
#include "povmon/v1/service.pb.h"
#include "tests/fuzz/fuzz_support.h"
#include "tools/povmon/serve/pack_registry.h"
#include "tools/povmon/serve/povmon_service.h"
#include "tools/povmon/serve/request_fields.h"

namespace {

struct Service {
  std::unique_ptr<povmon::serve::PackRegistry> registry;
  std::unique_ptr<povmon::serve::PovmonService> service;
};

Service& TheService() {
  static Service* s = [] {
    auto* out = new Service();
    auto registry = povmon::serve::PackRegistry::Load(
        {povmon::fuzz::SourceDir() + "/policies/hunan-2024",
         povmon::fuzz::SourceDir() + "/policies/lingshou-2024"});
    POVMON_FUZZ_CHECK(registry.ok());
    out->registry = *std::move(registry);
    out->service = std::make_unique<povmon::serve::PovmonService>(
        out->registry.get(), /*log=*/nullptr, povmon::serve::ServiceOptions());
    return out;
  }();
  return *s;
}

// A refusal as the caller sees it.
void CheckRefusal(const grpc::Status& status) {
  POVMON_FUZZ_CHECK(!status.ok());
  const std::string& message = status.error_message();
  POVMON_FUZZ_CHECK(!message.empty());
  POVMON_FUZZ_CHECK(povmon::IsValidUtf8(message));
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    if (povmon::ErrorField(message).empty()) {
      std::fprintf(stderr, "INVALID_ARGUMENT without a field path: %s\n", message.c_str());
    }
    POVMON_FUZZ_CHECK(!povmon::ErrorField(message).empty());
  }
}

// The caller's request id comes back when it is a valid one.
void CheckRequestId(const std::string& asked, const std::string& answered) {
  POVMON_FUZZ_CHECK(!answered.empty());
  if (povmon::serve::CheckRequestId(asked).ok() && !asked.empty()) {
    POVMON_FUZZ_CHECK(answered == asked);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Service& s = TheService();
  const bool explain = data[0] & 1;
  const void* bytes = data + 1;
  const int length = static_cast<int>(std::min<std::size_t>(size - 1, 1 << 24));
  grpc::ServerContext context;
  if (!explain) {
    povmon::v1::EvaluateRequest request;
    if (!request.ParseFromArray(bytes, length)) return 0;  // gRPC refuses it first
    povmon::v1::EvaluateResponse response;
    grpc::Status status = s.service->Evaluate(&context, &request, &response);
    if (status.ok()) {
      POVMON_FUZZ_CHECK(response.has_decision());
      POVMON_FUZZ_CHECK(response.decision().household_id() == request.household().id());
      POVMON_FUZZ_CHECK(!response.pack().empty() && !response.revision().empty());
      POVMON_FUZZ_CHECK(request.pack().empty() || response.pack() == request.pack());
    } else {
      CheckRefusal(status);
      POVMON_FUZZ_CHECK(!response.has_decision());
    }
    CheckRequestId(request.request_id(), response.request_id());
    return 0;
  }
  povmon::v1::ExplainRequest request;
  if (!request.ParseFromArray(bytes, length)) return 0;
  povmon::v1::ExplainResponse response;
  grpc::Status status = s.service->Explain(&context, &request, &response);
  if (status.ok()) {
    POVMON_FUZZ_CHECK(response.decision().household_id() == request.household().id());
    POVMON_FUZZ_CHECK(!response.text().empty() && povmon::IsValidUtf8(response.text()));
    POVMON_FUZZ_CHECK(response.language() == "zh-Hans" || response.language() == "zh-Hant" ||
                      response.language() == "en");
    CheckRequestId(request.request_id(), response.request_id());
  } else {
    CheckRefusal(status);
  }
  return 0;
}
