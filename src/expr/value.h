// Runtime values of the rule language.
//
// A Value is a small tagged union that never owns memory: strings point into
// the household message (or, for a string literal, into the Program), lists
// are (message, repeated field) pairs, and a filtered list points at the
// filter node of the program that made it. That is what lets evaluation run
// without heap allocation.
#ifndef POVMON_SRC_EXPR_VALUE_H_
#define POVMON_SRC_EXPR_VALUE_H_

#include <cstdint>
#include <string_view>

namespace google::protobuf {
class Message;
class FieldDescriptor;
class Reflection;
}  // namespace google::protobuf

namespace povmon::expr {

struct FieldAccess;

enum class ValueTag : std::uint8_t {
  kNull,     // an unset message field reached through a path
  kBool,
  kInt,      // int64
  kMoney,    // int64 fen
  kDate,     // int64 days since 1970-01-01
  kEnum,     // int64 enum number
  kString,   // string_view into the message
  kMessage,  // const Message*
  kList,     // repeated field of a message (possibly filtered)
};

// The elements of `owner`'s repeated `field`, in order, keeping only those
// that pass `filter` (and, before it, the filters of `inner`).
//
// A filtered list is only valid during the evaluation that made it, or until
// the next evaluation with the same Scratch when it is the result: `filter`
// points at the program's filter node and `inner` into the Scratch.
struct ListRef {
  const google::protobuf::Message* owner = nullptr;
  const google::protobuf::FieldDescriptor* field = nullptr;
  // owner->GetReflection(), looked up once when the list was read.
  const google::protobuf::Reflection* reflection = nullptr;
  // The generated accessors of `field` (field_access.h), when the owner is a
  // generated message and the field has them; null otherwise.
  const FieldAccess* access = nullptr;
  // Non-null for the result of filter(): the filter node (internal to the
  // program), whose condition is evaluated per element.
  const void* filter = nullptr;
  // For a filter over a filtered list, that list (kept in a Scratch slot of
  // the outer filter, never on the heap); null when the filtered list is a
  // plain repeated field.
  const ListRef* inner = nullptr;
};

struct Value {
  ValueTag tag = ValueTag::kNull;
  // bool (0/1), int, money, date, enum; for a message that is an element of
  // a repeated field, its index there (and `list` names the field).
  std::int64_t i = 0;
  std::string_view s;
  const google::protobuf::Message* message = nullptr;
  ListRef list;

  static Value Bool(bool b) { Value v; v.tag = ValueTag::kBool; v.i = b; return v; }
  static Value Int(std::int64_t x) { Value v; v.tag = ValueTag::kInt; v.i = x; return v; }
  static Value Money(std::int64_t fen) { Value v; v.tag = ValueTag::kMoney; v.i = fen; return v; }
  static Value Date(std::int64_t days) { Value v; v.tag = ValueTag::kDate; v.i = days; return v; }
  static Value Enum(std::int64_t n) { Value v; v.tag = ValueTag::kEnum; v.i = n; return v; }
};

}  // namespace povmon::expr

#endif  // POVMON_SRC_EXPR_VALUE_H_
