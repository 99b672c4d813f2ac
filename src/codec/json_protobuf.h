// The JSON paths through protobuf's own converter (util::JsonStringToMessage
// and util::MessageToJsonString), as povmon used them before its own reader
// and writer (json_reader.h, json_writer.h). They stay because they decide
// every input the fast reader declines, so that povmon accepts exactly what
// protobuf accepts and words every error as before; and the benchmarks and
// the differential tests compare against them.
#ifndef POVMON_SRC_CODEC_JSON_PROTOBUF_H_
#define POVMON_SRC_CODEC_JSON_PROTOBUF_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

// ParseHouseholdJson through protobuf's parser: the UTF-8 check, the parse,
// bools refused as strings, then ValidateHousehold.
absl::Status ParseHouseholdJsonWithProtobuf(std::string_view json, v1::Household* household);

// DecisionToJson through protobuf's printer.
absl::Status DecisionToJsonWithProtobuf(const v1::Decision& decision, std::string* out);

}  // namespace povmon

#endif  // POVMON_SRC_CODEC_JSON_PROTOBUF_H_
