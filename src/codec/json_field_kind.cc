#include "src/codec/json_field_kind.h"

namespace povmon {

using google::protobuf::FieldDescriptor;

JsonFieldKind JsonFieldKindOf(const FieldDescriptor* f) {
  using Kind = JsonFieldKind;
  if (f->is_map()) return Kind::kUnsupported;
  switch (f->type()) {
    case FieldDescriptor::TYPE_INT32: return Kind::kInt32;
    case FieldDescriptor::TYPE_SINT32: return Kind::kSint32;
    case FieldDescriptor::TYPE_SFIXED32: return Kind::kSfixed32;
    case FieldDescriptor::TYPE_UINT32: return Kind::kUint32;
    case FieldDescriptor::TYPE_FIXED32: return Kind::kFixed32;
    case FieldDescriptor::TYPE_INT64: return Kind::kInt64;
    case FieldDescriptor::TYPE_SINT64: return Kind::kSint64;
    case FieldDescriptor::TYPE_SFIXED64: return Kind::kSfixed64;
    case FieldDescriptor::TYPE_UINT64: return Kind::kUint64;
    case FieldDescriptor::TYPE_FIXED64: return Kind::kFixed64;
    case FieldDescriptor::TYPE_BOOL: return Kind::kBool;
    case FieldDescriptor::TYPE_STRING: return Kind::kString;
    case FieldDescriptor::TYPE_ENUM:
      return f->enum_type()->full_name() == "google.protobuf.NullValue" ? Kind::kUnsupported
                                                                         : Kind::kEnum;
    case FieldDescriptor::TYPE_MESSAGE:
      return f->message_type()->file()->package() == "google.protobuf" ? Kind::kUnsupported
                                                                        : Kind::kMessage;
    default:
      return Kind::kUnsupported;
  }
}

}  // namespace povmon
