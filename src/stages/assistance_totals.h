// Totals of a plan's amounts per department and basis (grants per year, per
// term, per month, one-off; loan ceilings kept apart), in exact fen.
#ifndef POVMON_SRC_STAGES_ASSISTANCE_TOTALS_H_
#define POVMON_SRC_STAGES_ASSISTANCE_TOTALS_H_

#include "absl/status/status.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "povmon/v1/assistance.pb.h"

namespace povmon {

// Sum the amounts of `measures` into `totals` (one entry per department and
// basis, in order of first appearance). Overflow is an error, never a wrap.
absl::Status SumByDepartment(const google::protobuf::RepeatedPtrField<v1::PlanMeasure>& measures,
                             google::protobuf::RepeatedPtrField<v1::DepartmentTotal>* totals);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_ASSISTANCE_TOTALS_H_
