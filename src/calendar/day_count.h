// Counting days the way the procedures count them: calendar days, or working
// days of the pack's calendar.
//
//   deadline: "within N days of X" is due on the N-th day after X (X itself
//             not counted);
//   notice:   "posted for N days" from day S ends on the N-th day counting S
//             itself (when S counts: a notice posted on a holiday starts
//             counting at the next working day).
#ifndef POVMON_SRC_CALENDAR_DAY_COUNT_H_
#define POVMON_SRC_CALENDAR_DAY_COUNT_H_

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "povmon/v1/lifecycle.pb.h"
#include "src/calendar/working_calendar.h"

namespace povmon {

// The due date `days` days after `from`. Working days need `calendar`.
absl::StatusOr<absl::CivilDay> DueDate(absl::CivilDay from, int days,
                                       v1::DayCount count,
                                       const WorkingCalendar* calendar);

// The last day of a period of `days` days (≥ 1) that starts on `first`.
absl::StatusOr<absl::CivilDay> PeriodEnd(absl::CivilDay first, int days,
                                         v1::DayCount count,
                                         const WorkingCalendar* calendar);

// Days of [first, last], both inclusive (0 when last < first).
absl::StatusOr<int> DaysIn(absl::CivilDay first, absl::CivilDay last,
                           v1::DayCount count, const WorkingCalendar* calendar);

// "5 個工作日 working days", "7 天 calendar days".
const char* DayCountZh(v1::DayCount count);
const char* DayCountEn(v1::DayCount count);

}  // namespace povmon

#endif  // POVMON_SRC_CALENDAR_DAY_COUNT_H_
