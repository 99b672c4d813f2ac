// Direct stores into the fields of povmon's generated message classes, for
// the JSON reader's fast path (src/codec/json_fast_path.cc): bound once per
// field when the reader's tables are built, so that building a household
// calls the generated class's own setters (set_x, add_x, mutable_x()->assign,
// add_x() for a message element) instead of going through protobuf's
// Reflection, which looks the field's offset and has-bit up on every call.
// The table is generated at build time from the schema's descriptors
// (src/codec/gen/json_setters_gen.cc), so a field added to a .proto gets its
// setter with the next build. A message type without generated setters (a
// DynamicMessage, another schema) is built through Reflection.
#ifndef POVMON_SRC_CODEC_JSON_FAST_PATH_SETTERS_H_
#define POVMON_SRC_CODEC_JSON_FAST_PATH_SETTERS_H_

#include <cstdint>
#include <string_view>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace povmon {
namespace json_reader_internal {

// Every function takes a message of the generated class the field belongs
// to (the fast path checks that once per record, at the root; the messages
// below it are made by the generated setters). A singular field is set, a
// repeated one appended to; exactly one of the three is set, by the field's
// type.
struct FieldSetter {
  // Bool, integer and enum fields: the value as the two's complement bits of
  // the number (a bool as 0 or 1), cast to the field's type.
  void (*number)(google::protobuf::Message*, std::uint64_t) = nullptr;
  // String fields: assigned into the message's own string (a singular
  // field's, or a repeated field's next element, reused after Clear), which
  // keeps its capacity.
  void (*string)(google::protobuf::Message*, std::string_view) = nullptr;
  // Message fields: the sub-message (a repeated field's next element, reused
  // after Clear).
  google::protobuf::Message* (*message)(google::protobuf::Message*) = nullptr;
};

// The setter of `field`, or nullptr when it has none (not one of povmon's
// generated messages, a map, a float, double or bytes field, an extension).
const FieldSetter* FindFieldSetter(const google::protobuf::FieldDescriptor* field);

// The generated class's default instance for `type`, or nullptr when the
// generator wrote no setters for it: a message is of the generated class
// when its Reflection is this instance's.
const google::protobuf::Message* GeneratedPrototype(const google::protobuf::Descriptor* type);

// Written by the generator.
struct FieldSetterEntry {
  const google::protobuf::Descriptor* (*descriptor)();
  int number;
  FieldSetter setter;
};
struct GeneratedTypeEntry {
  const google::protobuf::Descriptor* (*descriptor)();
  const google::protobuf::Message& (*prototype)();
};
extern const FieldSetterEntry kFieldSetterTable[];
extern const int kFieldSetterTableSize;
extern const GeneratedTypeEntry kGeneratedTypeTable[];
extern const int kGeneratedTypeTableSize;

}  // namespace json_reader_internal
}  // namespace povmon

#endif  // POVMON_SRC_CODEC_JSON_FAST_PATH_SETTERS_H_
