#include "src/expr/type.h"

#include <google/protobuf/descriptor.h>

#include "src/expr/strings.h"

namespace povmon::expr {

namespace {

std::string ScalarName(TypeKind kind,
                       const google::protobuf::EnumDescriptor* enum_type,
                       const google::protobuf::Descriptor* message_type) {
  switch (kind) {
    case TypeKind::kError:
      return "error";
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kMoney:
      return "money";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kString:
      return "string";
    case TypeKind::kEnum:
      return enum_type != nullptr ? enum_type->full_name() : "enum";
    case TypeKind::kMessage:
      return message_type != nullptr ? message_type->full_name() : "message";
    case TypeKind::kList:
      return "list";
  }
  return "unknown";
}

}  // namespace

std::string TypeName(const Type& type) {
  if (type.kind == TypeKind::kList) {
    return internal::Cat(
        "list<", ScalarName(type.element, type.enum_type, type.message_type),
        ">");
  }
  return ScalarName(type.kind, type.enum_type, type.message_type);
}

}  // namespace povmon::expr
