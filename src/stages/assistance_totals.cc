#include "src/stages/assistance_totals.h"

#include "absl/strings/str_cat.h"
#include "src/base/money.h"

namespace povmon {

absl::Status SumByDepartment(const google::protobuf::RepeatedPtrField<v1::PlanMeasure>& measures,
                             google::protobuf::RepeatedPtrField<v1::DepartmentTotal>* totals) {
  for (const v1::PlanMeasure& pm : measures) {
    if (!pm.has_amount() && !pm.has_range()) continue;
    v1::DepartmentTotal* total = nullptr;
    for (v1::DepartmentTotal& t : *totals) {
      if (t.department() == pm.department() && t.basis() == pm.basis()) {
        total = &t;
        break;
      }
    }
    if (total == nullptr) {
      total = totals->Add();
      total->mutable_department()->assign(pm.department());
      total->set_basis(pm.basis());
    }
    std::int64_t sum = 0, lo = 0, hi = 0;
    bool ok = true;
    if (pm.has_amount()) {
      ok = AddFen(total->total_fen(), pm.amount_fen(), &sum);
      total->set_total_fen(sum);
    } else {
      ok = AddFen(total->range_min_fen(), pm.min_fen(), &lo) &&
           AddFen(total->range_max_fen(), pm.max_fen(), &hi);
      total->set_range_min_fen(lo);
      total->set_range_max_fen(hi);
    }
    if (!ok) {
      return absl::OutOfRangeError(absl::StrCat("the amounts of department ", pm.department(),
                                                " overflow when summed"));
    }
    total->set_measures(total->measures() + 1);
  }
  return absl::OkStatus();
}

}  // namespace povmon
