// Reading the fields every service request shares (pack, as_of, trace,
// household, request_id) into what the engine takes. Every error is
// InvalidArgument and starts with the request's field path, as gRPC clients
// see it: "as_of: ...", "household.members[0].birth_date: ...".
#ifndef POVMON_TOOLS_POVMON_SERVE_REQUEST_FIELDS_H_
#define POVMON_TOOLS_POVMON_SERVE_REQUEST_FIELDS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/policy.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon::serve {

// The longest request id a caller may give.
inline constexpr std::size_t kMaxRequestIdBytes = 128;

// Empty, or 1 to kMaxRequestIdBytes printable ASCII characters (no spaces).
absl::Status CheckRequestId(const std::string& request_id);

// YYYY-MM-DD within the pack's dates (required).
absl::Status ReadAsOf(const std::string& text, const Policy& policy, absl::CivilDay* as_of);

// A known TraceLevel; UNSPECIFIED reads as RULES.
absl::Status ReadTrace(int value, v1::TraceLevel* trace);

// The household's date fields and id (the engine checks the rest when it
// decides).
absl::Status CheckHousehold(const v1::Household& household);

// An error of the engine about the household, with "household." before the
// field path it names; an InvalidArgument that names none gets
// "household: " (other errors unchanged).
absl::Status InHousehold(const absl::Status& status);

}  // namespace povmon::serve

#endif  // POVMON_TOOLS_POVMON_SERVE_REQUEST_FIELDS_H_
