#include "tools/povmon/serve/request_fields.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "povmon/json.h"

namespace povmon::serve {
namespace {

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

bool IsDigits(const std::string& text, std::size_t from, std::size_t n) {
  for (std::size_t i = from; i < from + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

}  // namespace

absl::Status CheckRequestId(const std::string& request_id) {
  if (request_id.size() > kMaxRequestIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat("request_id: longer than ", kMaxRequestIdBytes,
                                                   " bytes (", request_id.size(), ")"));
  }
  for (std::size_t i = 0; i < request_id.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(request_id[i]);
    if (c <= 0x20 || c >= 0x7f) {
      return absl::InvalidArgumentError(absl::StrCat(
          "request_id: byte ", i + 1, " is not a printable ASCII character (0x",
          absl::Hex(c, absl::kZeroPad2), ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status ReadAsOf(const std::string& text, const Policy& policy, absl::CivilDay* as_of) {
  if (text.empty()) {
    return absl::InvalidArgumentError("as_of: required (YYYY-MM-DD, the date to decide as of)");
  }
  absl::CivilDay day;
  bool shaped = text.size() == 10 && IsDigits(text, 0, 4) && text[4] == '-' &&
                IsDigits(text, 5, 2) && text[7] == '-' && IsDigits(text, 8, 2);
  if (!shaped || !absl::ParseCivilTime(text, &day) || FormatDay(day) != text) {
    return absl::InvalidArgumentError(
        absl::StrCat("as_of: ", JsonQuote(text), " is not a date (YYYY-MM-DD)"));
  }
  if (day < policy.valid_from() || day > policy.valid_until()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "as_of: ", text, " is outside the dates of pack ", policy.id(), " (",
        FormatDay(policy.valid_from()), " to ", FormatDay(policy.valid_until()), ")"));
  }
  *as_of = day;
  return absl::OkStatus();
}

absl::Status ReadTrace(int value, v1::TraceLevel* trace) {
  if (!v1::TraceLevel_IsValid(value)) {
    return absl::InvalidArgumentError(absl::StrCat("trace: unknown TraceLevel ", value));
  }
  *trace = value == v1::TRACE_LEVEL_UNSPECIFIED ? v1::TRACE_LEVEL_RULES
                                                : static_cast<v1::TraceLevel>(value);
  return absl::OkStatus();
}

absl::Status CheckHousehold(const v1::Household& household) {
  if (!IsValidUtf8(household.id())) {
    return absl::InvalidArgumentError("household.id: not valid UTF-8");
  }
  return InHousehold(ValidateHousehold(household));
}

absl::Status InHousehold(const absl::Status& status) {
  if (status.ok()) return status;
  if (ErrorField(std::string_view(status.message().data(), status.message().size())).empty()) {
    // A bad household the engine words without a field path (a measure's
    // or a rule's error about it): the field is the household itself, so
    // that every INVALID_ARGUMENT starts with a field path as
    // service.proto promises (the serve_request fuzz target found one that
    // did not).
    if (status.code() != absl::StatusCode::kInvalidArgument) return status;
    return absl::Status(status.code(), absl::StrCat("household: ", status.message()));
  }
  return absl::Status(status.code(), absl::StrCat("household.", status.message()));
}

}  // namespace povmon::serve
