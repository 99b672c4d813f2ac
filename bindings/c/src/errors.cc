// The thread-local last error and load problems, and status names.
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "internal.h"
#include "povmon/json.h"

namespace povmon::capi {
namespace {

struct ThreadErrors {
  std::string message;
  std::vector<LoadProblem> problems;
};

ThreadErrors& Errors() {
  thread_local ThreadErrors errors;
  return errors;
}

// Used when even the message cannot be stored.
constexpr char kOutOfMemoryMessage[] = "out of memory (while storing an error)";
thread_local const char* fallback_message = nullptr;

}  // namespace

int Fail(absl::StatusCode code, std::string_view message,
         std::string_view detail) {
  int result = static_cast<int>(code);
  if (result == POVMON_OK) result = POVMON_UNKNOWN;
  try {
    std::string& stored = Errors().message;
    stored.assign(message);
    stored.append(detail);
    fallback_message = nullptr;
  } catch (...) {
    fallback_message = kOutOfMemoryMessage;
  }
  return result;
}

int Fail(const absl::Status& status) {
  return Fail(status.code(), MessageOf(status));
}

void SetLoadProblems(std::vector<LoadProblem> problems) {
  Errors().problems = std::move(problems);
}

const char* StatusName(int code) {
  switch (code) {
    case POVMON_OK:
      return "OK";
    case POVMON_CANCELLED:
      return "CANCELLED";
    case POVMON_UNKNOWN:
      return "UNKNOWN";
    case POVMON_INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case POVMON_DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case POVMON_NOT_FOUND:
      return "NOT_FOUND";
    case POVMON_ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case POVMON_PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case POVMON_RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case POVMON_FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case POVMON_ABORTED:
      return "ABORTED";
    case POVMON_OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case POVMON_UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case POVMON_INTERNAL:
      return "INTERNAL";
    case POVMON_UNAVAILABLE:
      return "UNAVAILABLE";
    case POVMON_DATA_LOSS:
      return "DATA_LOSS";
    case POVMON_UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

}  // namespace povmon::capi

extern "C" {

POVMON_API const char* povmon_last_error(void) {
  if (povmon::capi::fallback_message != nullptr) {
    return povmon::capi::fallback_message;
  }
  try {
    return povmon::capi::Errors().message.c_str();
  } catch (...) {
    return povmon::capi::kOutOfMemoryMessage;
  }
}

POVMON_API const char* povmon_status_name(int status) {
  return povmon::capi::StatusName(status);
}

POVMON_API int povmon_last_problems_json(char** out, size_t* out_len) {
  povmon::capi::ClearOut(out, out_len);
  return povmon::capi::Guard([&]() -> absl::Status {
    if (out == nullptr || out_len == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_last_problems_json: out and out_len must not be NULL");
    }
    std::string json = "[";
    bool first = true;
    for (const povmon::LoadProblem& problem : povmon::capi::Errors().problems) {
      if (!first) json += ',';
      first = false;
      json += "{\"file\":";
      json += povmon::JsonQuote(problem.file);
      json += ",\"line\":";
      json += std::to_string(problem.line);
      json += ",\"column\":";
      json += std::to_string(problem.column);
      json += ",\"message\":";
      json += povmon::JsonQuote(problem.message);
      json += '}';
    }
    json += ']';
    char* buffer = povmon::capi::CopyOut(json);
    if (buffer == nullptr) throw std::bad_alloc();
    *out = buffer;
    *out_len = json.size();
    return absl::OkStatus();
  });
}

}  // extern "C"
