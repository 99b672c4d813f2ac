// Reading a pack's calendar files (CalendarFile, lifecycle.proto) into its
// WorkingCalendar, with a file position for every problem.
#ifndef POVMON_SRC_POLICY_CALENDAR_LOADER_H_
#define POVMON_SRC_POLICY_CALENDAR_LOADER_H_

#include "src/calendar/working_calendar.h"
#include "src/policy/text_source.h"

namespace povmon {

// Parse `source` as a CalendarFile and add its years to `calendar`. Checks:
// every year has a citation; holiday and working-weekend dates are real days
// of their year; a holiday's first day is not after its last; a working
// weekend day is a Saturday or Sunday outside the holidays; no year is given
// twice (in this file or another).
void LoadCalendarFile(TextSource* source, WorkingCalendar* calendar,
                      ProblemList* problems);

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_CALENDAR_LOADER_H_
