#include "src/stages/trace_recorder.h"

#include "google/protobuf/descriptor.h"

namespace povmon {

void TraceRecorder::Compared(std::string_view left_text, std::string_view op,
                             std::string_view right_text, const expr::Value& left,
                             const expr::Value& right, const expr::Type& operand_type,
                             bool result) {
  if (target_ == nullptr) return;
  v1::Comparison* c = target_->Add();
  c->mutable_left_text()->assign(left_text.data(), left_text.size());
  c->mutable_op()->assign(op.data(), op.size());
  c->mutable_right_text()->assign(right_text.data(), right_text.size());
  v1::ValueKind kind = v1::VALUE_KIND_UNSPECIFIED;
  switch (operand_type.kind) {
    case expr::TypeKind::kBool: kind = v1::VALUE_KIND_BOOL; break;
    case expr::TypeKind::kInt: kind = v1::VALUE_KIND_INT; break;
    case expr::TypeKind::kMoney: kind = v1::VALUE_KIND_MONEY; break;
    case expr::TypeKind::kDate: kind = v1::VALUE_KIND_DATE; break;
    case expr::TypeKind::kEnum: kind = v1::VALUE_KIND_ENUM; break;
    case expr::TypeKind::kString: kind = v1::VALUE_KIND_STRING; break;
    default: break;
  }
  c->set_kind(kind);
  c->set_left(left.i);
  c->set_right(right.i);
  if (kind == v1::VALUE_KIND_ENUM && operand_type.enum_type != nullptr) {
    c->mutable_enum_type()->assign(operand_type.enum_type->full_name());
  }
  c->set_result(result);
}

}  // namespace povmon
