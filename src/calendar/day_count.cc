#include "src/calendar/day_count.h"

#include "absl/status/status.h"

namespace povmon {
namespace {

absl::Status NoCalendar() {
  return absl::FailedPreconditionError(
      "working days need a calendar, and the pack has no calendar_files");
}

}  // namespace

absl::StatusOr<absl::CivilDay> DueDate(absl::CivilDay from, int days,
                                       v1::DayCount count,
                                       const WorkingCalendar* calendar) {
  if (days < 0)
    return absl::InvalidArgumentError("a deadline cannot be negative");
  if (count == v1::DAY_COUNT_WORKING_DAYS) {
    if (calendar == nullptr) return NoCalendar();
    return calendar->AddWorkingDays(from, days);
  }
  return from + days;
}

absl::StatusOr<absl::CivilDay> PeriodEnd(absl::CivilDay first, int days,
                                         v1::DayCount count,
                                         const WorkingCalendar* calendar) {
  if (days < 1)
    return absl::InvalidArgumentError("a period needs at least one day");
  if (count == v1::DAY_COUNT_WORKING_DAYS) {
    if (calendar == nullptr) return NoCalendar();
    return calendar->NthWorkingDayFrom(first, days);
  }
  return first + (days - 1);
}

absl::StatusOr<int> DaysIn(absl::CivilDay first, absl::CivilDay last,
                           v1::DayCount count,
                           const WorkingCalendar* calendar) {
  if (last < first) return 0;
  if (count == v1::DAY_COUNT_WORKING_DAYS) {
    if (calendar == nullptr) return NoCalendar();
    return calendar->CountWorkingDays(first, last);
  }
  return static_cast<int>(last - first + 1);
}

const char* DayCountZh(v1::DayCount count) {
  return count == v1::DAY_COUNT_WORKING_DAYS ? "個工作日" : "天";
}

const char* DayCountEn(v1::DayCount count) {
  return count == v1::DAY_COUNT_WORKING_DAYS ? "working days" : "calendar days";
}

}  // namespace povmon
