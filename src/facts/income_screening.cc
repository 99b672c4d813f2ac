#include "src/facts/income_screening.h"

#include <cstdint>
#include <algorithm>
#include <string>

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

struct Sums {
  std::int64_t wage = 0, business = 0, property = 0, transfer = 0, other = 0, total = 0;
  std::int64_t assisted_industry_dividend = 0, solar_dividend = 0, job_wage = 0;
  std::int64_t post_or_workshop = 0, policy_subsidy = 0, dibao = 0;
  int records = 0;
};

// Adds one record to its component, its item and the total.
absl::Status Count(const v1::IncomeRecord& r, int index, Sums* s) {
  std::int64_t* component;
  switch (r.kind()) {
    case v1::INCOME_KIND_WAGE: component = &s->wage; break;
    case v1::INCOME_KIND_BUSINESS: component = &s->business; break;
    case v1::INCOME_KIND_PROPERTY: component = &s->property; break;
    case v1::INCOME_KIND_TRANSFER:
    case v1::INCOME_KIND_DIBAO:
    case v1::INCOME_KIND_EXTREME_POVERTY_SUPPORT:
    case v1::INCOME_KIND_RESIDENTS_BASIC_PENSION:
    case v1::INCOME_KIND_INSURANCE_CLAIM: component = &s->transfer; break;
    default: component = &s->other; break;
  }
  std::int64_t a = r.amount_fen();
  if (absl::Status st = Add(a, component, index); !st.ok()) return st;
  if (absl::Status st = Add(a, &s->total, index); !st.ok()) return st;
  if (r.kind() == v1::INCOME_KIND_DIBAO) {
    if (absl::Status st = Add(a, &s->dibao, index); !st.ok()) return st;
  }
  std::int64_t* item = nullptr;
  switch (r.item()) {
    case v1::INCOME_ITEM_ASSISTED_INDUSTRY_DIVIDEND: item = &s->assisted_industry_dividend; break;
    case v1::INCOME_ITEM_SOLAR_DIVIDEND: item = &s->solar_dividend; break;
    case v1::INCOME_ITEM_PUBLIC_WELFARE_POST:
    case v1::INCOME_ITEM_ASSISTED_WORKSHOP: item = &s->post_or_workshop; break;
    case v1::INCOME_ITEM_POLICY_SUBSIDY: item = &s->policy_subsidy; break;
    default: break;
  }
  if (item != nullptr) {
    if (absl::Status st = Add(a, item, index); !st.ok()) return st;
  }
  // Wage work other than a post or a workshop (§2(二)4 務工就業).
  if (r.kind() == v1::INCOME_KIND_WAGE && r.item() != v1::INCOME_ITEM_PUBLIC_WELFARE_POST &&
      r.item() != v1::INCOME_ITEM_ASSISTED_WORKSHOP) {
    if (absl::Status st = Add(a, &s->job_wage, index); !st.ok()) return st;
  }
  ++s->records;
  return absl::OkStatus();
}

void Write(const Sums& s, v1::ScreeningIncome* out) {
  out->set_wage_fen(s.wage);
  out->set_business_fen(s.business);
  out->set_property_fen(s.property);
  out->set_transfer_fen(s.transfer);
  out->set_other_fen(s.other);
  out->set_total_fen(s.total);
  out->set_assisted_industry_dividend_fen(s.assisted_industry_dividend);
  out->set_solar_dividend_fen(s.solar_dividend);
  out->set_job_wage_fen(s.job_wage);
  out->set_post_or_workshop_fen(s.post_or_workshop);
  out->set_policy_subsidy_fen(s.policy_subsidy);
  out->set_dibao_fen(s.dibao);
  out->set_records(s.records);
}

}  // namespace

absl::Status ComputeIncomeScreening(const v1::IncomeScreeningPeriod& period,
                                    const v1::Household& h, absl::CivilDay as_of,
                                    const std::vector<std::int64_t>& income_days,
                                    v1::IncomeScreening* out) {
  // The periods depend only on the pack's start day and the as-of date:
  // worked out once for a run of households decided as of the same day,
  // their dates' text copied into each household's screening.
  struct Periods {
    bool set = false;
    int start_month = 0, start_day = 0;
    absl::CivilDay as_of;
    std::int64_t first = 0, last = 0, previous_first = 0, previous_last = 0;
    std::string start_text, end_text, previous_start_text, previous_end_text;
  };
  thread_local Periods p;
  if (!p.set || p.start_month != period.start_month() || p.start_day != period.start_day() ||
      p.as_of != as_of) {
    absl::CivilDay start(as_of.year(), period.start_month(), period.start_day());
    if (start > as_of) start = absl::CivilDay(as_of.year() - 1, period.start_month(), period.start_day());
    absl::CivilDay previous_start = AddMonthsClamped(start, -12);
    absl::CivilDay previous_end = AddMonthsClamped(as_of, -12);
    AssignDate(start, &p.start_text);
    AssignDate(as_of, &p.end_text);
    AssignDate(previous_start, &p.previous_start_text);
    AssignDate(previous_end, &p.previous_end_text);
    p.first = DaysSinceEpoch(start);
    p.last = DaysSinceEpoch(as_of);
    p.previous_first = DaysSinceEpoch(previous_start);
    p.previous_last = DaysSinceEpoch(previous_end);
    p.start_month = period.start_month();
    p.start_day = period.start_day();
    p.as_of = as_of;
    p.set = true;
  }
  out->mutable_period_start()->assign(p.start_text);
  out->mutable_period_end()->assign(p.end_text);
  out->mutable_previous_start()->assign(p.previous_start_text);
  out->mutable_previous_end()->assign(p.previous_end_text);
  const std::int64_t first = p.first, last = p.last;
  const std::int64_t previous_first = p.previous_first;
  const std::int64_t previous_last = p.previous_last;
  Sums now, before;
  const int records = std::min(h.income_size(), static_cast<int>(income_days.size()));
  for (int i = 0; i < records; ++i) {
    const v1::IncomeRecord& r = h.income(i);
    const std::int64_t d = income_days[static_cast<std::size_t>(i)];
    if (first <= d && d <= last) {
      if (absl::Status s = Count(r, i, &now); !s.ok()) return s;
    } else if (previous_first <= d && d <= previous_last) {
      if (absl::Status s = Count(r, i, &before); !s.ok()) return s;
    }
  }
  Write(now, out->mutable_current());
  Write(before, out->mutable_previous());
  out->set_previous_known(before.records > 0);
  std::int64_t change;
  if (!SubFen(now.total, before.total, &change)) {
    return absl::OutOfRangeError("money overflow computing the screening's income change");
  }
  out->set_change_fen(change);
  if (out->previous_known() && before.total > 0) {
    __int128 bp = static_cast<__int128>(change) * 10000 / before.total;
    if (bp > INT32_MAX || bp < INT32_MIN) {
      return absl::OutOfRangeError("the screening's income change ratio is out of range");
    }
    out->set_change_bp(static_cast<std::int32_t>(bp));
  }
  return absl::OkStatus();
}

absl::Status ComputeIncomeScreening(const v1::IncomeScreeningPeriod& period,
                                    const v1::Household& h, absl::CivilDay as_of,
                                    v1::IncomeScreening* out) {
  std::vector<std::int64_t> days(static_cast<std::size_t>(h.income_size()), INT64_MIN);
  for (int i = 0; i < h.income_size(); ++i) {
    ParseDataDate(h.income(i).date(), &days[static_cast<std::size_t>(i)]);
  }
  return ComputeIncomeScreening(period, h, as_of, days, out);
}

}  // namespace povmon
