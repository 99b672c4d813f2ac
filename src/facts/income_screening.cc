#include "src/facts/income_screening.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "src/base/date.h"
#include "src/base/money.h"

namespace povmon {
namespace {

absl::Status Add(std::int64_t amount, std::int64_t* into, int index) {
  if (AddFen(*into, amount, into)) return absl::OkStatus();
  return absl::OutOfRangeError(
      absl::StrCat("money overflow while summing the income screening (at income[", index, "])"));
}

// Adds one record to its component, its item and the total.
absl::Status Count(const v1::IncomeRecord& r, int index, v1::ScreeningIncome* s) {
  std::int64_t* component;
  switch (r.kind()) {
    case v1::INCOME_KIND_WAGE: component = s->mutable_wage_fen(); break;
    case v1::INCOME_KIND_BUSINESS: component = s->mutable_business_fen(); break;
    case v1::INCOME_KIND_PROPERTY: component = s->mutable_property_fen(); break;
    case v1::INCOME_KIND_TRANSFER:
    case v1::INCOME_KIND_DIBAO:
    case v1::INCOME_KIND_EXTREME_POVERTY_SUPPORT:
    case v1::INCOME_KIND_RESIDENTS_BASIC_PENSION:
    case v1::INCOME_KIND_INSURANCE_CLAIM: component = s->mutable_transfer_fen(); break;
    default: component = s->mutable_other_fen(); break;
  }
  std::int64_t a = r.amount_fen();
  if (absl::Status st = Add(a, component, index); !st.ok()) return st;
  if (absl::Status st = Add(a, s->mutable_total_fen(), index); !st.ok()) return st;
  if (r.kind() == v1::INCOME_KIND_DIBAO) {
    if (absl::Status st = Add(a, s->mutable_dibao_fen(), index); !st.ok()) return st;
  }
  std::int64_t* item = nullptr;
  switch (r.item()) {
    case v1::INCOME_ITEM_ASSISTED_INDUSTRY_DIVIDEND:
      item = s->mutable_assisted_industry_dividend_fen();
      break;
    case v1::INCOME_ITEM_SOLAR_DIVIDEND: item = s->mutable_solar_dividend_fen(); break;
    case v1::INCOME_ITEM_PUBLIC_WELFARE_POST:
    case v1::INCOME_ITEM_ASSISTED_WORKSHOP: item = s->mutable_post_or_workshop_fen(); break;
    case v1::INCOME_ITEM_POLICY_SUBSIDY: item = s->mutable_policy_subsidy_fen(); break;
    default: break;
  }
  if (item != nullptr) {
    if (absl::Status st = Add(a, item, index); !st.ok()) return st;
  }
  // Wage work other than a post or a workshop (§2(二)4 務工就業).
  if (r.kind() == v1::INCOME_KIND_WAGE && r.item() != v1::INCOME_ITEM_PUBLIC_WELFARE_POST &&
      r.item() != v1::INCOME_ITEM_ASSISTED_WORKSHOP) {
    if (absl::Status st = Add(a, s->mutable_job_wage_fen(), index); !st.ok()) return st;
  }
  s->set_records(s->records() + 1);
  return absl::OkStatus();
}

}  // namespace

absl::Status ComputeIncomeScreening(const v1::IncomeScreeningPeriod& period,
                                    const v1::Household& h, absl::CivilDay as_of,
                                    v1::IncomeScreening* out) {
  absl::CivilDay start(as_of.year(), period.start_month(), period.start_day());
  if (start > as_of) start = absl::CivilDay(as_of.year() - 1, period.start_month(), period.start_day());
  absl::CivilDay previous_start = AddMonthsClamped(start, -12);
  absl::CivilDay previous_end = AddMonthsClamped(as_of, -12);
  AssignDate(start, out->mutable_period_start());
  AssignDate(as_of, out->mutable_period_end());
  AssignDate(previous_start, out->mutable_previous_start());
  AssignDate(previous_end, out->mutable_previous_end());
  v1::ScreeningIncome* now = out->mutable_current();
  v1::ScreeningIncome* before = out->mutable_previous();
  for (int i = 0; i < h.income_size(); ++i) {
    const v1::IncomeRecord& r = h.income(i);
    std::optional<absl::CivilDay> d = ParseDate(r.date());
    if (!d) continue;  // the facts stage has already refused it
    if (start <= *d && *d <= as_of) {
      if (absl::Status s = Count(r, i, now); !s.ok()) return s;
    } else if (previous_start <= *d && *d <= previous_end) {
      if (absl::Status s = Count(r, i, before); !s.ok()) return s;
    }
  }
  out->set_previous_known(before->records() > 0);
  std::int64_t change;
  if (!SubFen(now->total_fen(), before->total_fen(), &change)) {
    return absl::OutOfRangeError("money overflow computing the screening's income change");
  }
  out->set_change_fen(change);
  if (out->previous_known() && before->total_fen() > 0) {
    __int128 bp = static_cast<__int128>(change) * 10000 / before->total_fen();
    if (bp > INT32_MAX || bp < INT32_MIN) {
      return absl::OutOfRangeError("the screening's income change ratio is out of range");
    }
    out->set_change_bp(static_cast<std::int32_t>(bp));
  }
  return absl::OkStatus();
}

}  // namespace povmon
