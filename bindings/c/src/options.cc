// Evaluation options: the as-of date and the trace level.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "internal.h"

using povmon::capi::ClearOut;
using povmon::capi::Guard;

namespace povmon::capi {
namespace {

// Strict "YYYY-MM-DD" naming a real day: absl::ParseCivilTime alone also
// accepts years of other widths, so check the shape, and check that the day
// formats back to the same text (2024-02-30 does not).
bool ParseDate(absl::string_view text, absl::CivilDay* day) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return absl::ParseCivilTime(text, day) && absl::FormatCivilTime(*day) == text;
}

}  // namespace
}  // namespace povmon::capi

extern "C" {

POVMON_API int povmon_options_create(povmon_options** out) {
  ClearOut(out, static_cast<std::size_t*>(nullptr));
  return Guard([&]() -> absl::Status {
    if (out == nullptr) {
      return absl::InvalidArgumentError("povmon_options_create: out is NULL");
    }
    *out = new povmon_options();
    return absl::OkStatus();
  });
}

POVMON_API void povmon_options_destroy(povmon_options* options) {
  delete options;
}

POVMON_API int povmon_options_set_as_of(povmon_options* options,
                                        const char* date, size_t date_len) {
  return Guard([&]() -> absl::Status {
    if (options == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_options_set_as_of: options is NULL");
    }
    if (absl::Status s = povmon::capi::CheckText(
            date, date_len, "povmon_options_set_as_of: date", false);
        !s.ok()) {
      return s;
    }
    absl::string_view text(date, date_len);
    absl::CivilDay day;
    if (!povmon::capi::ParseDate(text, &day)) {
      return absl::InvalidArgumentError(
          absl::StrCat("povmon_options_set_as_of: \"", text,
                       "\" is not a valid date (expected YYYY-MM-DD)"));
    }
    options->as_of = day;
    options->has_as_of = true;
    return absl::OkStatus();
  });
}

POVMON_API int povmon_options_set_trace_level(povmon_options* options,
                                              int trace_level) {
  return Guard([&]() -> absl::Status {
    if (options == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_options_set_trace_level: options is NULL");
    }
    switch (trace_level) {
      case POVMON_TRACE_OFF:
      case POVMON_TRACE_RULES:
      case POVMON_TRACE_FULL:
        options->trace = static_cast<povmon::v1::TraceLevel>(trace_level);
        return absl::OkStatus();
      default:
        return absl::InvalidArgumentError(absl::StrCat(
            "povmon_options_set_trace_level: ", trace_level,
            " is not a trace level (expected POVMON_TRACE_OFF (1), "
            "POVMON_TRACE_RULES (2) or POVMON_TRACE_FULL (3))"));
    }
  });
}

}  // extern "C"
