// Households in and decisions out as JSON (the proto3 JSON mapping).
#ifndef POVMON_JSON_H_
#define POVMON_JSON_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

// Parse one household. Errors are InvalidArgument and name the field path
// (e.g. "members[1].birth_date: \"2024-02-30\" is not a valid date").
// Date fields are validated here, so evaluation never meets a malformed one.
absl::Status ParseHouseholdJson(std::string_view json, v1::Household* household);

// The top-level "id" of a household JSON object, found without parsing the
// rest, so that an error about a malformed record can still name it. Empty
// when there is none.
std::string HouseholdIdOf(std::string_view json);

// Check the date fields of a household read from another source (protobuf
// bytes): every FIELD_UNIT_DATE field must be empty or a valid YYYY-MM-DD.
absl::Status ValidateHousehold(const v1::Household& household);

// One line of JSON, field names as in the .proto files (snake_case).
absl::Status DecisionToJson(const v1::Decision& decision, std::string* out);

// Quote a string as a JSON string literal.
std::string JsonQuote(std::string_view text);

}  // namespace povmon

#endif  // POVMON_JSON_H_
