// The JSON paths through protobuf's own converter (util::JsonStringToMessage
// and util::MessageToJsonString), as povmon used them before its own reader
// and writer (json_reader.h, json_writer.h). They no longer decide whether
// a household is read: povmon's reader does, in its strict dialect. They
// stay for the benchmarks and the differential tests and fuzz target, which
// compare povmon's reader and writer against them; and ParseHouseholdJson
// still asks protobuf's parser to word an error both refuse, so that those
// messages read as they always did.
#ifndef POVMON_JSON_PROTOBUF_H_
#define POVMON_JSON_PROTOBUF_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

// ParseHouseholdJson as it was through protobuf's parser: the UTF-8 check,
// the parse (protobuf's lenient dialect: single quotes, bare keys, \f, last
// of two keys wins), bools refused as strings, then ValidateHousehold.
absl::Status ParseHouseholdJsonWithProtobuf(std::string_view json, v1::Household* household);

// ParseHouseholdJson with povmon's reader alone, without its simdjson fast
// path (src/codec/json_fast_path.h): the reader as it was before the fast
// path, which still decides every record the fast path declines. For the
// benchmarks; same results and errors as ParseHouseholdJson.
absl::Status ParseHouseholdJsonWithoutFastPath(std::string_view json, v1::Household* household);

// DecisionToJson through protobuf's printer.
absl::Status DecisionToJsonWithProtobuf(const v1::Decision& decision, std::string* out);

}  // namespace povmon

#endif  // POVMON_JSON_PROTOBUF_H_
