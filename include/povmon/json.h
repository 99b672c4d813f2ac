// Households in and decisions out as JSON (the proto3 JSON mapping).
#ifndef POVMON_JSON_H_
#define POVMON_JSON_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "povmon/limits.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

// The limits on one household's JSON (kMaxHouseholdJsonBytes, kMaxJsonDepth)
// are in povmon/limits.h with the others.

// Parse one household. The dialect is strict JSON (RFC 8259) in the proto3
// JSON mapping with one name per field: field names in snake_case or
// lowerCamelCase, but each field at most once; int64 as a number or a
// string of digits; enums by name or number; a bool as true or false.
// Refused with InvalidArgument:
// - what is not JSON (single quotes, bare keys, \f or \v as whitespace,
//   trailing commas, raw control characters in strings, ...):
//   "malformed JSON: line 1, column 12: expected a key in double quotes,
//   found a single quote (JSON strings and keys take double quotes)";
// - everything else names the field path, e.g. "members[1].birth_date:
//   \"2024-02-30\" is not a valid date (YYYY-MM-DD)", "lifted_out: the
//   field is given twice, as \"liftedOut\" and as \"lifted_out\" (two names
//   of one field); give each field once (line 1, column 20)", "id: a NUL
//   character (\u0000) is not allowed in a string (line 1, column 8)".
// Input that is not valid UTF-8 is refused as such. Date fields are
// validated here, so evaluation never meets a malformed one.
absl::Status ParseHouseholdJson(std::string_view json, v1::Household* household);

// ParseHouseholdJson for a record that lies inside a larger buffer, such as
// a JSON Lines file read whole: the same result and the same error message,
// byte for byte. `readable_after` is how many bytes after the record's last
// byte belong to the same buffer and may be read; whatever they hold (the
// next records, a newline, anything) is never taken as part of the record.
// With at least kHouseholdJsonPadding of them the record is parsed where it
// is; with fewer (the last short record of a buffer, say) it is copied into
// a padded buffer of the reader's own first, as ParseHouseholdJson copies
// every record. A caller holding many records keeps kHouseholdJsonPadding
// bytes after the last one (its buffer's size, not its content) and passes
// for each record the bytes from its end to the buffer's end.
inline constexpr std::size_t kHouseholdJsonPadding = 64;
absl::Status ParseHouseholdJsonInBuffer(std::string_view json, std::size_t readable_after,
                                        v1::Household* household);

// The top-level "id" of a household JSON object, found without parsing the
// rest, so that an error about a malformed record can still name it: the
// id the decision would carry, its escapes decoded as ParseHouseholdJson
// decodes them ("h\u00e9" is "h\xc3\xa9", a surrogate pair one character; a
// key written "\u0069d" is "id"). Empty when there is none, or when the id
// is not text the reader could read: an escape JSON does not define, a
// lone surrogate, a NUL, bytes that are not UTF-8, or a string the record
// cuts off. A raw control character (which the reader refuses, but whose
// meaning is plain) is kept.
std::string HouseholdIdOf(std::string_view json);

// Check the date fields of a household read from another source (protobuf
// bytes): every FIELD_UNIT_DATE field must be empty or a valid YYYY-MM-DD.
absl::Status ValidateHousehold(const v1::Household& household);

// One line of JSON, field names as in the .proto files (snake_case).
absl::Status DecisionToJson(const v1::Decision& decision, std::string* out);

// Quote a string as a JSON string literal.
std::string JsonQuote(std::string_view text);

// Whether `text` is well-formed UTF-8 (no stray continuation bytes, truncated
// sequences, overlong forms, UTF-16 surrogates or code points past
// U+10FFFF). JSON input and output must be.
bool IsValidUtf8(std::string_view text);

// The field path an error message starts with: "members[0].birth_date" for
// "members[0].birth_date: \"2024-02-30\" is not a valid date". Empty when
// the message starts with none.
std::string_view ErrorField(std::string_view message);

// The result line of an input that could not be decided, as both the CLI
// (`povmon eval`, `povmon workshop`) and the C ABI (povmon_evaluate_batch)
// write it, without the newline:
//   {"index":I,"line":L,"household_id":"...","error":{"code":C,
//    "status":"INVALID_ARGUMENT","field":"...","message":"..."}}
// `index` is the 0-based record number and `line` the 1-based input line
// (left out when 0); `id` names the household (or workshop) and is left out
// when empty or not UTF-8; `code` is the absl::StatusCode number and
// `status` its name; `field` is ErrorField(message), left out when empty. A
// message that is not UTF-8 is replaced by a note saying so. A decision line
// never has a top-level "error" key, so callers tell the two apart by it.
void AppendErrorRecordJson(std::size_t index, long line, std::string_view id,
                           const absl::Status& status, std::string* out);

}  // namespace povmon

#endif  // POVMON_JSON_H_
