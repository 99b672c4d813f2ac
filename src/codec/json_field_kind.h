// How povmon's own JSON reader and writer (src/codec/json_reader.cc,
// src/codec/json_writer.cc) handle a field: by its protobuf type, or not at
// all (kUnsupported: left to protobuf's JSON parser or printer, which have
// forms of their own for it). Worked out once per field, when a message
// type's table is built, never per household.
#ifndef POVMON_SRC_CODEC_JSON_FIELD_KIND_H_
#define POVMON_SRC_CODEC_JSON_FIELD_KIND_H_

#include <cstdint>

#include "google/protobuf/descriptor.h"

namespace povmon {

enum class JsonFieldKind : std::uint8_t {
  kUnsupported,
  kInt32,
  kSint32,
  kSfixed32,
  kUint32,
  kFixed32,
  kInt64,  // the 64-bit kinds are quoted strings in JSON
  kSint64,
  kSfixed64,
  kUint64,
  kFixed64,
  kBool,
  kEnum,
  kString,
  kMessage,
};

// Maps, google.protobuf.NullValue (null as a value), the well-known message
// types (Timestamp, Struct, wrappers...), float and double (JSON's "NaN" and
// protobuf's shortest round-trip digits), bytes (base64) and groups are
// kUnsupported: no household or decision has them.
JsonFieldKind JsonFieldKindOf(const google::protobuf::FieldDescriptor* f);

}  // namespace povmon

#endif  // POVMON_SRC_CODEC_JSON_FIELD_KIND_H_
