// Direct reads of the fields of povmon's generated message classes, bound to
// a rule's field nodes at plan time so that evaluation calls the generated
// accessor (household.members(i), member.registered(), ...) instead of going
// through protobuf's Reflection. The table is generated at build time from
// the schema's descriptors (src/expr/gen/field_access_gen.cc), so a field
// added to a .proto gets its accessor with the next build.
#ifndef POVMON_SRC_EXPR_FIELD_ACCESS_H_
#define POVMON_SRC_EXPR_FIELD_ACCESS_H_

#include <cstdint>

#include "src/expr/value.h"

namespace google::protobuf {
class Descriptor;
}  // namespace google::protobuf

namespace povmon::expr {

// Every function takes a message of the generated class the field belongs
// to (the caller checks that; a DynamicMessage goes through Reflection).
struct FieldAccess {
  // Singular fields: the value (numbers tagged kInt, enums kEnum, strings
  // kString pointing into the message, messages kMessage).
  Value (*get)(const google::protobuf::Message&) = nullptr;
  // Repeated fields: the number of elements and element i, as above.
  int (*size)(const google::protobuf::Message&) = nullptr;
  Value (*element)(const google::protobuf::Message&, int) = nullptr;
  // The same reads without building a Value, for the interpreter's typed
  // path: a bool, integer or enum field as its number, a message field as
  // its message (null when the field is of another kind).
  std::int64_t (*number)(const google::protobuf::Message&) = nullptr;
  const google::protobuf::Message* (*message)(const google::protobuf::Message&) = nullptr;
  std::int64_t (*element_number)(const google::protobuf::Message&, int) = nullptr;
  const google::protobuf::Message* (*element_message)(const google::protobuf::Message&,
                                                      int) = nullptr;
};

// The accessor of `field`, or nullptr when it has none (not one of povmon's
// generated messages, a map or an extension).
const FieldAccess* FindFieldAccess(const google::protobuf::FieldDescriptor* field);

// A column read: one bool, integer or enum field of every element of a
// repeated message field, as numbers (what FieldAccess::number gives for
// each element), written to out[0 .. size). `m` is of the generated class
// the list belongs to; out has room for the list's size.
using ColumnRead = void (*)(const google::protobuf::Message& m, std::int64_t* out);

// The column read of `leaf` of each element of `list` (`via` null), or of
// `leaf` of each element's singular message field `via` (an unset `via`
// reads as its default instance, as the accessors give it); nullptr when
// there is none (a list not of povmon's generated messages, a leaf that is
// not a bool, integer or enum field, a repeated or deeper path).
ColumnRead FindColumnRead(const google::protobuf::FieldDescriptor* list,
                          const google::protobuf::FieldDescriptor* via,
                          const google::protobuf::FieldDescriptor* leaf);

namespace internal {
// Written by the generator.
struct FieldAccessEntry {
  const google::protobuf::Descriptor* (*descriptor)();
  int number;
  FieldAccess access;
};
extern const FieldAccessEntry kFieldAccessTable[];
extern const int kFieldAccessTableSize;
struct ColumnEntry {
  const google::protobuf::Descriptor* (*descriptor)();
  int list;
  int via;  // 0: none
  int leaf;
  ColumnRead read;
};
extern const ColumnEntry kColumnTable[];
extern const int kColumnTableSize;
}  // namespace internal

}  // namespace povmon::expr

#endif  // POVMON_SRC_EXPR_FIELD_ACCESS_H_
