// A dated parameter: each value applies from its date until the next value's
// date (OpenFisca's parameter files, without the silent zero: a date before
// the first value has no value at all).
#ifndef POVMON_SRC_POLICY_PARAMETER_SERIES_H_
#define POVMON_SRC_POLICY_PARAMETER_SERIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "povmon/v1/policy.pb.h"
#include "src/expr/type.h"
#include "src/expr/value.h"

namespace povmon {

struct DatedValue {
  std::int64_t from_days = 0;  // days since 1970-01-01
  expr::Value value;
  std::string citation;
};

struct ParameterSeries {
  std::string name;
  v1::ParameterType type = v1::PARAMETER_TYPE_UNSPECIFIED;
  expr::Type expr_type;
  std::string citation;
  std::vector<DatedValue> values;  // strictly increasing `from_days`

  // The value in force on `days`, or nullptr before the first value.
  const DatedValue* At(std::int64_t days) const;
};

// The rule-language type of a parameter type (basis points are ints).
expr::Type ExprTypeOf(v1::ParameterType type);

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_PARAMETER_SERIES_H_
