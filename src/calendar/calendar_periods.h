// Calendar periods of a fixed number of months (1, 2, 3, 4, 6 or 12): months,
// two-month blocks, quarters, thirds, Jan–Jun and Jul–Dec, years. Period k
// covers months [k·months, (k+1)·months) counted from January of year 0, so
// periods never straddle a year. Visits and periodic duties count their
// records per period.
#ifndef POVMON_SRC_CALENDAR_CALENDAR_PERIODS_H_
#define POVMON_SRC_CALENDAR_CALENDAR_PERIODS_H_

#include <cstdint>

#include "absl/time/civil_time.h"

namespace povmon {

struct CalendarPeriods {
  int months = 1;

  // Whether `m` divides the year into whole periods.
  static bool Valid(std::int64_t m) { return m >= 1 && m <= 12 && 12 % m == 0; }

  std::int64_t Of(absl::CivilDay d) const {
    return (d.year() * 12 + (d.month() - 1)) / months;
  }
  absl::CivilDay Start(std::int64_t k) const {
    std::int64_t m = k * months;
    return absl::CivilDay(m / 12, static_cast<int>(m % 12) + 1, 1);
  }
  absl::CivilDay End(std::int64_t k) const { return Start(k + 1) - 1; }
};

}  // namespace povmon

#endif  // POVMON_SRC_CALENDAR_CALENDAR_PERIODS_H_
