#include "src/stages/duties.h"

#include <algorithm>
#include <array>
#include <optional>

#include "absl/strings/str_cat.h"
#include "src/base/date.h"
#include "src/calendar/calendar_periods.h"
#include "src/stages/lifecycle_eval.h"

namespace povmon {
namespace {

using Day = absl::CivilDay;

void SetPeriod(Day start, Day end, v1::VisitPeriod* out) {
  AssignDate(start, out->mutable_start());
  AssignDate(end, out->mutable_end());
}

// The dates of the household's records that `duty` counts, calling
// `count(day)` for each dated on or before the as-of date.
template <typename Count>
absl::Status ForEachCounted(const StageContext& c, const CompiledDuty& duty,
                            Count&& count) {
  for (int i = 0; i < c.household->duty_records_size(); ++i) {
    const v1::DutyRecord& record = c.household->duty_records(i);
    const int kind = record.kind();
    if (kind <= 0 || kind >= 32 || (duty.counted_kinds >> kind & 1u) == 0) continue;
    // Parsed once, by the facts stage.
    const std::int64_t days = c.dates->duty_records[static_cast<std::size_t>(i)];
    if (days == HouseholdDates::kNone) {
      return absl::InvalidArgumentError(absl::StrCat(
          "duty_records[", i, "].date: is empty; a duty record needs its date"));
    }
    const Day date = DayFromEpochDays(days);
    if (date > c.as_of) continue;
    count(date);
  }
  return absl::OkStatus();
}

absl::Status Cadence(const StageContext& c, const CompiledDuty& duty,
                     std::int64_t at_least, v1::DutyStatus* s) {
  absl::StatusOr<std::int64_t> months = EvaluateInt(c, duty.interval_months);
  if (!months.ok()) return months.status();
  if (!CalendarPeriods::Valid(*months)) {
    return absl::InvalidArgumentError(absl::StrCat(
        duty.interval_months.who, " interval_months (", duty.interval_months.file,
        ":", duty.interval_months.line, "): ", *months,
        " months does not divide the year into periods (1, 2, 3, 4, 6 or 12)"));
  }
  absl::StatusOr<Day> since = EvaluateDate(c, duty.since);
  if (!since.ok()) return since.status();
  s->set_interval_months(static_cast<std::int32_t>(*months));

  const CalendarPeriods p{static_cast<int>(*months)};
  const std::int64_t now = p.Of(c.as_of);
  std::int64_t first = p.Of(*since);
  AssignDate(p.Start(now), s->mutable_period_start());
  AssignDate(p.End(now), s->mutable_period_end());
  // Records per period first..now; history further back than kMaxPeriods
  // periods is not reported (a century of months).
  constexpr std::int64_t kMaxPeriods = 1200;
  if (now - first >= kMaxPeriods) first = now - kMaxPeriods + 1;
  // Counted records per period first..now, in this thread's reused array (no
  // allocation per household).
  static thread_local std::array<std::int32_t, kMaxPeriods> counts;
  const std::int64_t periods = now >= first ? now - first + 1 : 0;
  std::fill_n(counts.begin(), periods, 0);
  auto enough = [&](std::int64_t k) {
    return counts[static_cast<std::size_t>(k - first)] >= at_least;
  };
  std::int64_t in_period = 0;
  std::optional<Day> last;
  absl::Status status = ForEachCounted(c, duty, [&](Day date) {
    if (!last || date > *last) last = date;
    const std::int64_t k = p.Of(date);
    if (k == now) ++in_period;
    if (k >= first && k <= now) ++counts[static_cast<std::size_t>(k - first)];
  });
  if (!status.ok()) return status;
  s->set_done_in_period(static_cast<std::int32_t>(in_period));
  if (last) AssignDate(*last, s->mutable_last_done());
  for (std::int64_t k = first; k < now; ++k) {
    if (!enough(k)) {
      SetPeriod(p.Start(k), p.End(k), s->add_missed());
    }
  }
  const bool before_first = now < first;
  if (!before_first && enough(now)) {
    s->set_state(v1::DUTY_STATE_DONE);
    AssignDate(p.End(now + 1), s->mutable_next_due());
  } else if (now - 1 >= first && !enough(now - 1)) {
    // The run of short periods just before this one: the first is overdue
    // since its end.
    std::int64_t k = now - 1;
    while (k - 1 >= first && !enough(k - 1)) --k;
    s->set_state(v1::DUTY_STATE_OVERDUE);
    AssignDate(p.End(k), s->mutable_next_due());
  } else {
    const Day due = p.End(before_first ? first : now);
    s->set_state(c.as_of == due ? v1::DUTY_STATE_DUE_TODAY : v1::DUTY_STATE_DUE);
    AssignDate(due, s->mutable_next_due());
  }
  return absl::OkStatus();
}

absl::Status Window(const StageContext& c, const CompiledDuty& duty,
                    std::int64_t at_least, v1::DutyStatus* s) {
  absl::StatusOr<Day> from = EvaluateDate(c, duty.window_from);
  if (!from.ok()) return from.status();
  absl::StatusOr<Day> until = EvaluateDate(c, duty.window_until);
  if (!until.ok()) return until.status();
  if (*until < *from) {
    return absl::InvalidArgumentError(absl::StrCat(
        duty.window_until.who, " (", duty.window_until.file, ":",
        duty.window_until.line, "): the window ends (", FormatDate(*until),
        ") before it starts (", FormatDate(*from), ")"));
  }
  AssignDate(*from, s->mutable_period_start());
  AssignDate(*until, s->mutable_period_end());
  std::int64_t in_window = 0;
  std::optional<Day> last;
  absl::Status status = ForEachCounted(c, duty, [&](Day date) {
    if (!last || date > *last) last = date;
    if (date >= *from && date <= *until) ++in_window;
  });
  if (!status.ok()) return status;
  s->set_done_in_period(static_cast<std::int32_t>(in_window));
  if (last) AssignDate(*last, s->mutable_last_done());
  AssignDate(*until, s->mutable_next_due());
  if (in_window >= at_least) {
    s->set_state(v1::DUTY_STATE_DONE);
    s->clear_next_due();
  } else if (c.as_of > *until) {
    s->set_state(v1::DUTY_STATE_OVERDUE);
    SetPeriod(*from, *until, s->add_missed());
  } else {
    s->set_state(c.as_of == *until ? v1::DUTY_STATE_DUE_TODAY : v1::DUTY_STATE_DUE);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ScheduleDuties(const StageContext& c, const std::vector<CompiledDuty>& duties,
                            v1::Decision* d) {
  for (const CompiledDuty& duty : duties) {
    absl::StatusOr<bool> owed =
        LifecycleRuleHolds(c, duty.when, duty.duty.id(), duty.duty.citation(),
                           v1::STAGE_DUTIES, "DUTY", d);
    if (!owed.ok()) return owed.status();
    if (!*owed) continue;
    std::int64_t at_least = 1;
    if (duty.at_least.present()) {
      absl::StatusOr<std::int64_t> n = EvaluateInt(c, duty.at_least);
      if (!n.ok()) return n.status();
      if (*n < 1 || *n > 366) {
        return absl::InvalidArgumentError(absl::StrCat(
            duty.at_least.who, " at_least (", duty.at_least.file, ":",
            duty.at_least.line, "): ", *n, " is not a count of records (1 to 366)"));
      }
      at_least = *n;
    }
    v1::DutyStatus* s = d->add_duties();
    s->mutable_duty_id()->assign(duty.duty.id());
    s->mutable_citation()->assign(duty.duty.citation());
    s->set_at_least(static_cast<std::int32_t>(at_least));
    absl::Status status = duty.interval_months.present() ? Cadence(c, duty, at_least, s)
                                                         : Window(c, duty, at_least, s);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace povmon
