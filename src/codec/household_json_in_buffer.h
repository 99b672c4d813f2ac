// ParseHouseholdJson for a record that lies inside a larger buffer, such as
// a batch's input: the same result and the same error messages, and when
// the buffer holds at least simdjson's padding (64 bytes) after the record,
// the reader's fast path parses the record where it is instead of copying
// it first (src/codec/json_fast_path.h).
#ifndef POVMON_SRC_CODEC_HOUSEHOLD_JSON_IN_BUFFER_H_
#define POVMON_SRC_CODEC_HOUSEHOLD_JSON_IN_BUFFER_H_

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

// The bytes after a record that let the reader parse it in place:
// simdjson's SIMDJSON_PADDING (json_fast_path.cc checks that they agree).
inline constexpr std::size_t kHouseholdJsonPadding = 64;

// `readable_after`: how many bytes after `json`'s last byte belong to the
// same buffer and may be read (the next records, anything: they are never
// taken as part of the record).
absl::Status ParseHouseholdJsonInBuffer(std::string_view json, std::size_t readable_after,
                                        v1::Household* household);

}  // namespace povmon

#endif  // POVMON_SRC_CODEC_HOUSEHOLD_JSON_IN_BUFFER_H_
