// Static types of the rule language.
#ifndef POVMON_SRC_EXPR_TYPE_H_
#define POVMON_SRC_EXPR_TYPE_H_

#include <string>

namespace google::protobuf {
class Descriptor;
class EnumDescriptor;
}  // namespace google::protobuf

namespace povmon::expr {

enum class TypeKind {
  kError,  // the type of an expression that failed to check
  kBool,
  kInt,
  kMoney,
  kDate,
  kString,
  kEnum,
  kMessage,
  kList,   // a repeated field: element type below
};

struct Type {
  TypeKind kind = TypeKind::kError;
  // For kEnum, or a list of enums.
  const google::protobuf::EnumDescriptor* enum_type = nullptr;
  // For kMessage, or a list of messages.
  const google::protobuf::Descriptor* message_type = nullptr;
  // For kList: the element kind (never kList).
  TypeKind element = TypeKind::kError;

  static Type Of(TypeKind k) { Type t; t.kind = k; return t; }
  bool operator==(const Type& o) const {
    return kind == o.kind && enum_type == o.enum_type &&
           message_type == o.message_type && element == o.element;
  }
  bool operator!=(const Type& o) const { return !(*this == o); }
};

// "money", "list<povmon.v1.Member>", "povmon.v1.LabourCapacity"...
std::string TypeName(const Type& type);

}  // namespace povmon::expr

#endif  // POVMON_SRC_EXPR_TYPE_H_
