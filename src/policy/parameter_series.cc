#include "src/policy/parameter_series.h"

namespace povmon {

const DatedValue* ParameterSeries::At(std::int64_t days) const {
  const DatedValue* found = nullptr;
  for (const DatedValue& v : values) {
    if (v.from_days > days) break;
    found = &v;
  }
  return found;
}

expr::Type ExprTypeOf(v1::ParameterType type) {
  switch (type) {
    case v1::PARAMETER_TYPE_MONEY:
      return expr::Type::Of(expr::TypeKind::kMoney);
    case v1::PARAMETER_TYPE_INT:
    case v1::PARAMETER_TYPE_BASIS_POINTS:
      return expr::Type::Of(expr::TypeKind::kInt);
    case v1::PARAMETER_TYPE_BOOL:
      return expr::Type::Of(expr::TypeKind::kBool);
    case v1::PARAMETER_TYPE_DATE:
      return expr::Type::Of(expr::TypeKind::kDate);
    default:
      return expr::Type::Of(expr::TypeKind::kError);
  }
}

}  // namespace povmon
