#include "src/calendar/working_calendar.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/base/date.h"

namespace povmon {
namespace {

bool IsWeekend(absl::CivilDay day) {
  absl::Weekday w = absl::GetWeekday(day);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

int Index(absl::CivilDay day) { return absl::GetYearDay(day) - 1; }

}  // namespace

void WorkingCalendar::AddYear(
    int year, const std::vector<absl::CivilDay>& holidays,
    const std::vector<absl::CivilDay>& working_weekend_days) {
  std::bitset<366>& bits = working_[year];
  bits.reset();
  for (absl::CivilDay d(year, 1, 1); d.year() == year; ++d) {
    if (!IsWeekend(d)) bits.set(Index(d));
  }
  for (absl::CivilDay d : holidays) bits.reset(Index(d));
  for (absl::CivilDay d : working_weekend_days) bits.set(Index(d));
}

std::vector<int> WorkingCalendar::Years() const {
  std::vector<int> years;
  for (const auto& [year, bits] : working_) years.push_back(year);
  return years;
}

std::string WorkingCalendar::YearsText() const {
  std::vector<int> years = Years();
  if (years.empty()) return "no years";
  if (years.back() - years.front() + 1 == static_cast<int>(years.size())) {
    return years.size() == 1 ? std::to_string(years.front())
                             : absl::StrCat(years.front(), "–", years.back());
  }
  return absl::StrJoin(years, ", ");
}

absl::Status WorkingCalendar::OutsideError(absl::CivilDay day) const {
  return absl::OutOfRangeError(
      absl::StrCat(FormatDate(day),
                   " is outside the pack's working-day calendar (it "
                   "covers ",
                   YearsText(), "): working days there are unknown"));
}

absl::StatusOr<bool> WorkingCalendar::IsWorkingDay(absl::CivilDay day) const {
  auto it = working_.find(static_cast<int>(day.year()));
  if (it == working_.end()) return OutsideError(day);
  return it->second.test(Index(day));
}

absl::StatusOr<absl::CivilDay> WorkingCalendar::AddWorkingDays(
    absl::CivilDay from, int n) const {
  if (!Covers(from)) return OutsideError(from);
  absl::CivilDay day = from;
  for (int counted = 0; counted < n;) {
    ++day;
    absl::StatusOr<bool> working = IsWorkingDay(day);
    if (!working.ok()) return working.status();
    if (*working) ++counted;
  }
  return day;
}

absl::StatusOr<absl::CivilDay> WorkingCalendar::NthWorkingDayFrom(
    absl::CivilDay first, int n) const {
  if (n < 1)
    return absl::InvalidArgumentError(
        "a period needs at least one working day");
  absl::CivilDay day = first;
  for (int counted = 0;; ++day) {
    absl::StatusOr<bool> working = IsWorkingDay(day);
    if (!working.ok()) return working.status();
    if (*working && ++counted == n) return day;
  }
}

absl::StatusOr<int> WorkingCalendar::CountWorkingDays(
    absl::CivilDay first, absl::CivilDay last) const {
  int count = 0;
  for (absl::CivilDay day = first; day <= last; ++day) {
    absl::StatusOr<bool> working = IsWorkingDay(day);
    if (!working.ok()) return working.status();
    if (*working) ++count;
  }
  return count;
}

}  // namespace povmon
