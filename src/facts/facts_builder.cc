#include "src/facts/facts_builder.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "src/base/date.h"
#include "src/base/money.h"
#include "src/facts/household_dates.h"
#include "src/facts/income_screening.h"
#include "src/facts/income_window.h"

namespace povmon {
namespace {

// Kinds are small enums: a bitset answers "is this kind listed" without a
// search.
std::uint64_t KindMask(const google::protobuf::RepeatedField<int>& kinds) {
  std::uint64_t mask = 0;
  for (int k : kinds) {
    if (k >= 0 && k < 64) mask |= std::uint64_t{1} << k;
  }
  return mask;
}

bool InMask(std::uint64_t mask, int kind) {
  return kind >= 0 && kind < 64 && (mask >> kind) & 1;
}

// Why record `index` of `list` has no date (out of line: the records' loops
// only parse, and build a Status only for a record that fails).
__attribute__((noinline, cold)) absl::Status DateError(const std::string& text,
                                                       const char* list, int index) {
  if (text.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(list, "[", index, "].date: empty; every record needs its date"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(list, "[", index, "].date: \"", text, "\" is not a valid date (YYYY-MM-DD)"));
}

absl::Status Overflow(const char* what, const char* list, int index) {
  return absl::OutOfRangeError(
      absl::StrCat("money overflow while summing ", what, " (at ", list, "[", index, "])"));
}

// What one window's records add up to. A new figure of the facts stage is a
// new member here and a line in Sum.
struct IncomeTotals {
  std::int64_t counted = 0;
  std::int64_t uncounted = 0;
  std::int64_t claims = 0;
  std::int64_t compliant_out_of_pocket = 0;
  std::int64_t rigid = 0;
  bool any_income_record = false;
};

// Which window a day falls in.
enum class In { kNeither, kWindow, kPrevious };

In Where(const HouseholdDates& d, std::int64_t day) {
  if (day >= d.window_first && day <= d.window_last) return In::kWindow;
  if (day >= d.previous_first && day <= d.previous_last) return In::kPrevious;
  return In::kNeither;
}

// One pass over the records: each date parsed once (kept in `dates`), each
// amount added to the totals of the window it falls in.
absl::Status Sum(const v1::IncomeMeasure& measure, const v1::Household& h, HouseholdDates* hd,
                 IncomeTotals* now, IncomeTotals* before) {
  const std::uint64_t counted_mask = KindMask(measure.counted_kinds());
  hd->income.resize(static_cast<std::size_t>(h.income_size()));
  for (int i = 0; i < h.income_size(); ++i) {
    const v1::IncomeRecord& r = h.income(i);
    std::int64_t& day = hd->income[static_cast<std::size_t>(i)];
    if (!hd->memo.Parse(r.date(), &day)) return DateError(r.date(), "income", i);
    const In in = Where(*hd, day);
    if (in == In::kNeither) continue;
    IncomeTotals* t = in == In::kWindow ? now : before;
    t->any_income_record = true;
    std::int64_t* into;
    if (InMask(counted_mask, r.kind())) {
      into = &t->counted;
    } else if (r.kind() == v1::INCOME_KIND_INSURANCE_CLAIM) {
      into = &t->claims;
    } else {
      into = &t->uncounted;
    }
    if (!AddFen(*into, r.amount_fen(), into)) return Overflow("income", "income", i);
  }
  const std::uint64_t rigid_mask = KindMask(measure.rigid_expenditure_kinds());
  hd->expenditure.resize(static_cast<std::size_t>(h.expenditure_size()));
  for (int i = 0; i < h.expenditure_size(); ++i) {
    const v1::ExpenditureRecord& r = h.expenditure(i);
    std::int64_t& day = hd->expenditure[static_cast<std::size_t>(i)];
    if (!hd->memo.Parse(r.date(), &day)) return DateError(r.date(), "expenditure", i);
    const In in = Where(*hd, day);
    if (in == In::kNeither) continue;
    IncomeTotals* t = in == In::kWindow ? now : before;
    if (r.kind() == v1::EXPENDITURE_KIND_MEDICAL_COMPLIANT_OUT_OF_POCKET &&
        !AddFen(t->compliant_out_of_pocket, r.amount_fen(), &t->compliant_out_of_pocket)) {
      return Overflow("compliant out-of-pocket spending", "expenditure", i);
    }
    if (InMask(rigid_mask, r.kind()) && !AddFen(t->rigid, r.amount_fen(), &t->rigid)) {
      return Overflow("rigid expenditure", "expenditure", i);
    }
  }
  return absl::OkStatus();
}

// counted (+ claims) (− compliant out-of-pocket), Plan 5 §2(一)3①.
absl::Status NetIncome(const v1::IncomeMeasure& measure, const IncomeTotals& t,
                       std::int64_t* net) {
  *net = t.counted;
  if (measure.add_insurance_claims() && !AddFen(*net, t.claims, net)) {
    return absl::OutOfRangeError("money overflow adding insurance claims to income");
  }
  if (measure.subtract_compliant_out_of_pocket() &&
      !SubFen(*net, t.compliant_out_of_pocket, net)) {
    return absl::OutOfRangeError("money overflow subtracting compliant out-of-pocket spending");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ComputeFacts(const v1::IncomeMeasure& measure, const v1::Household& h,
                          absl::CivilDay as_of, v1::Facts* f, HouseholdDates* hd) {
  f->Clear();
  // The windows depend only on the measure and the as-of date: worked out
  // once for a run of households decided as of the same day.
  struct Windows {
    bool set = false;
    int kind = 0, start_month = 0, start_day = 0;
    absl::CivilDay as_of;
    std::int64_t as_of_days = 0, first = 0, last = 0, previous_first = 0, previous_last = 0;
    // The same dates as "YYYY-MM-DD", copied into each household's facts.
    std::string as_of_text, first_text, last_text, previous_first_text, previous_last_text;
  };
  thread_local Windows w;
  const v1::IncomeWindow& iw = measure.window();
  if (!w.set || w.kind != iw.kind() || w.start_month != iw.start_month() ||
      w.start_day != iw.start_day() || w.as_of != as_of) {
    const DateRange window = IncomeWindow(measure.window(), as_of);
    const DateRange previous = PreviousWindow(window);
    w.set = true;
    w.kind = iw.kind();
    w.start_month = iw.start_month();
    w.start_day = iw.start_day();
    w.as_of = as_of;
    w.as_of_days = DaysSinceEpoch(as_of);
    w.first = DaysSinceEpoch(window.first);
    w.last = DaysSinceEpoch(window.last);
    w.previous_first = DaysSinceEpoch(previous.first);
    w.previous_last = DaysSinceEpoch(previous.last);
    dates::AssignDate(w.as_of_days, &w.as_of_text);
    dates::AssignDate(w.first, &w.first_text);
    dates::AssignDate(w.last, &w.last_text);
    dates::AssignDate(w.previous_first, &w.previous_first_text);
    dates::AssignDate(w.previous_last, &w.previous_last_text);
  }
  hd->as_of = w.as_of_days;
  hd->window_first = w.first;
  hd->window_last = w.last;
  hd->previous_first = w.previous_first;
  hd->previous_last = w.previous_last;
  f->mutable_as_of()->assign(w.as_of_text);
  f->mutable_window_start()->assign(w.first_text);
  f->mutable_window_end()->assign(w.last_text);
  f->mutable_previous_window_start()->assign(w.previous_first_text);
  f->mutable_previous_window_end()->assign(w.previous_last_text);

  // Members: the registered ones (Plan 4 §2(二) counts hukou members), or,
  // where the pack says so, those actually living together (Plan 7 §3(二)
  // only).
  int counted = 0, full = 0, partial = 0, none = 0;
  bool co_resident = measure.members() == v1::MEMBER_COUNTING_CO_RESIDENT;
  for (const v1::Member& m : h.members()) {
    if (!(co_resident ? m.co_resident() : m.registered())) continue;
    ++counted;
    switch (m.labour_capacity()) {
      case v1::LABOUR_CAPACITY_FULL: ++full; break;
      case v1::LABOUR_CAPACITY_PARTIAL: ++partial; break;
      default: ++none; break;
    }
  }
  if (counted == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "members: no counted members (the pack counts ",
        co_resident ? "co-resident" : "registered", " members; ", h.members_size(),
        " member record(s), none ", co_resident ? "co_resident" : "registered",
        "): per-capita income is undefined"));
  }
  f->set_counted_members(counted);
  f->set_members_full_labour(full);
  f->set_members_partial_labour(partial);
  f->set_members_no_labour(none);
  f->set_household_labour(full > 0      ? v1::LABOUR_CAPACITY_FULL
                          : partial > 0 ? v1::LABOUR_CAPACITY_PARTIAL
                                        : v1::LABOUR_CAPACITY_NONE);

  ParseLifecycleDates(h, hd);

  IncomeTotals now;
  IncomeTotals before;
  if (absl::Status s = Sum(measure, h, hd, &now, &before); !s.ok()) return s;
  std::int64_t net;
  if (absl::Status s = NetIncome(measure, now, &net); !s.ok()) return s;
  f->set_counted_income_fen(now.counted);
  f->set_uncounted_income_fen(now.uncounted);
  f->set_insurance_claims_fen(now.claims);
  f->set_compliant_out_of_pocket_fen(now.compliant_out_of_pocket);
  f->set_net_income_fen(net);
  // Rule facts.per_capita_rounding: round down to the fen, so that for a
  // line in whole fen, floor(x) < line exactly when x < line.
  f->set_per_capita_net_income_fen(FloorDiv(net, counted));
  f->set_rigid_expenditure_fen(now.rigid);

  std::int64_t previous_net = 0;
  if (before.any_income_record) {
    if (absl::Status s = NetIncome(measure, before, &previous_net); !s.ok()) return s;
    f->set_previous_from_records(true);
    f->set_previous_known(true);
  } else if (h.previous_period_income_fen() != 0) {
    previous_net = h.previous_period_income_fen();
    f->set_previous_known(true);
  }
  f->set_previous_net_income_fen(previous_net);
  if (f->previous_known()) {
    std::int64_t change;
    if (!SubFen(net, previous_net, &change)) {
      return absl::OutOfRangeError("money overflow computing the income change");
    }
    f->set_income_change_fen(change);
    if (previous_net > 0) {
      __int128 bp = static_cast<__int128>(change) * 10000 / previous_net;
      if (bp > INT32_MAX || bp < INT32_MIN) {
        return absl::OutOfRangeError("income change ratio out of range");
      }
      f->set_income_change_bp(static_cast<std::int32_t>(bp));
    }
  }
  // Plan 6's screening, for a pack that asks for it.
  if (measure.has_screening()) {
    return ComputeIncomeScreening(measure.screening(), h, as_of, hd->income,
                                  f->mutable_screening());
  }
  return absl::OkStatus();
}

absl::Status ComputeFacts(const v1::IncomeMeasure& measure, const v1::Household& h,
                          absl::CivilDay as_of, v1::Facts* f) {
  HouseholdDates kept;
  return ComputeFacts(measure, h, as_of, f, &kept);
}

}  // namespace povmon
