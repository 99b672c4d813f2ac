#include "src/stages/visits.h"

#include <algorithm>
#include <bitset>
#include <optional>

#include "absl/strings/str_cat.h"
#include "src/base/date.h"
#include "src/calendar/calendar_periods.h"
#include "src/stages/lifecycle_eval.h"

namespace povmon {
namespace {

using Day = absl::CivilDay;
using Periods = CalendarPeriods;

void SetPeriod(const Periods& p, std::int64_t k, v1::VisitPeriod* out) {
  AssignDate(p.Start(k), out->mutable_start());
  AssignDate(p.End(k), out->mutable_end());
}

}  // namespace

absl::Status ScheduleVisits(const StageContext& c, const CompiledVisits& v,
                            v1::Decision* d) {
  v1::VisitSchedule* s = d->mutable_visits();
  const CompiledCadence* cadence = nullptr;
  for (const CompiledCadence& candidate : v.cadences) {
    absl::StatusOr<bool> holds = LifecycleRuleHolds(
        c, candidate.when, candidate.cadence.id(), candidate.cadence.citation(),
        v1::STAGE_VISITS, "VISIT_CADENCE", d);
    if (!holds.ok()) return holds.status();
    if (*holds) {
      cadence = &candidate;
      break;
    }
  }
  if (cadence == nullptr) {
    s->set_state(v1::VISIT_STATE_NO_CADENCE);
    return absl::OkStatus();
  }
  s->mutable_cadence_rule_id()->assign(cadence->cadence.id());
  s->mutable_citation()->assign(cadence->cadence.citation());
  absl::StatusOr<std::int64_t> months =
      EvaluateInt(c, cadence->interval_months);
  if (!months.ok()) return months.status();
  if (!Periods::Valid(*months)) {
    return absl::InvalidArgumentError(absl::StrCat(
        cadence->interval_months.who, " interval_months (",
        cadence->interval_months.file, ":", cadence->interval_months.line,
        "): ", *months,
        " months does not divide the year into periods (1, 2, 3, 4, 6 or 12)"));
  }
  absl::StatusOr<Day> since = EvaluateDate(c, cadence->since);
  if (!since.ok()) return since.status();
  s->set_interval_months(static_cast<std::int32_t>(*months));
  AssignDate(*since, s->mutable_since());
  if (v.has_counting) {
    s->mutable_counting_rule_id()->assign(v.counting.id());
    s->mutable_counting_citation()->assign(v.counting.citation());
  }

  Periods p{static_cast<int>(*months)};
  std::int64_t now = p.Of(c.as_of);
  std::int64_t first = p.Of(*since);
  AssignDate(p.Start(now), s->mutable_period_start());
  AssignDate(p.End(now), s->mutable_period_end());
  // visited[k - first] for the periods first..now; history further back than
  // kMaxPeriods periods is not reported (a century of months).
  constexpr std::int64_t kMaxPeriods = 1200;
  if (now - first >= kMaxPeriods) first = now - kMaxPeriods + 1;
  std::bitset<kMaxPeriods> visited;
  std::optional<Day> last;
  int in_period = 0;
  for (int i = 0; i < c.household->visits_size(); ++i) {
    const v1::Visit& visit = c.household->visits(i);
    // Parsed once, by the facts stage.
    const std::int64_t days = c.dates->visits[static_cast<std::size_t>(i)];
    std::optional<Day> date;
    if (days != HouseholdDates::kNone) date = DayFromEpochDays(days);
    if (!date) {
      return absl::InvalidArgumentError(absl::StrCat(
          "visits[", i, "].date: is empty; a visit record needs its date"));
    }
    if (*date > c.as_of) continue;
    if (v.has_counting) {
      c.activation->roots[kVisitSlot] = &visit;
      absl::StatusOr<bool> counts = EvaluateBool(c, v.counting_when);
      c.activation->roots[kVisitSlot] = nullptr;
      if (!counts.ok()) return counts.status();
      if (!*counts) continue;
    }
    if (!last || *date > *last) last = date;
    std::int64_t k = p.Of(*date);
    if (k == now) ++in_period;
    if (k >= first && k <= now)
      visited.set(static_cast<std::size_t>(k - first));
  }
  s->set_visits_in_period(in_period);
  if (last) AssignDate(*last, s->mutable_last_visit());
  for (std::int64_t k = first; k < now; ++k) {
    if (!visited[k - first]) SetPeriod(p, k, s->add_missed());
  }
  if (in_period > 0) {
    s->set_state(v1::VISIT_STATE_VISITED);
    AssignDate(p.End(now + 1), s->mutable_next_due());
  } else if (now - 1 >= first && !visited[now - 1 - first]) {
    // The run of missed periods just before this one: the first is overdue
    // since its end.
    std::int64_t k = now - 1;
    while (k - 1 >= first && !visited[k - 1 - first]) --k;
    s->set_state(v1::VISIT_STATE_OVERDUE);
    AssignDate(p.End(k), s->mutable_next_due());
  } else {
    Day due = p.End(std::max(now, first));
    s->set_state(c.as_of == due ? v1::VISIT_STATE_DUE_TODAY
                                : v1::VISIT_STATE_DUE);
    AssignDate(due, s->mutable_next_due());
  }
  return absl::OkStatus();
}

}  // namespace povmon
