// The working-day calendar of a pack: which days are working days, year by
// year, as the State Council's holiday arrangement sets them (public
// holidays off, some Saturdays and Sundays worked instead, 調休).
//
// A calendar knows only the years its pack gives. Asking about a day outside
// them is an error (OutOfRange) naming the day and the years covered, never
// a guess from weekdays alone.
//
// Immutable once built; safe to share across threads.
#ifndef POVMON_SRC_CALENDAR_WORKING_CALENDAR_H_
#define POVMON_SRC_CALENDAR_WORKING_CALENDAR_H_

#include <bitset>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace povmon {

class WorkingCalendar {
 public:
  // One year: its public holidays and its adjusted working weekend days.
  // The caller (the loader) has checked that every day is in `year`.
  void AddYear(int year, const std::vector<absl::CivilDay>& holidays,
               const std::vector<absl::CivilDay>& working_weekend_days);

  bool HasYear(int year) const { return working_.count(year) != 0; }
  bool Covers(absl::CivilDay day) const {
    return HasYear(static_cast<int>(day.year()));
  }
  // "2024–2025", or "2024, 2026" when the years are not consecutive.
  std::string YearsText() const;
  std::vector<int> Years() const;

  absl::StatusOr<bool> IsWorkingDay(absl::CivilDay day) const;

  // The `n`-th working day after `from` (`from` itself not counted), n ≥ 0;
  // n = 0 gives `from`.
  absl::StatusOr<absl::CivilDay> AddWorkingDays(absl::CivilDay from,
                                                int n) const;

  // The `n`-th working day counting `first` itself when it is one (n ≥ 1):
  // the last day of a period of n working days that starts on `first`.
  absl::StatusOr<absl::CivilDay> NthWorkingDayFrom(absl::CivilDay first,
                                                   int n) const;

  // Working days in [first, last], both inclusive; 0 when last < first.
  absl::StatusOr<int> CountWorkingDays(absl::CivilDay first,
                                       absl::CivilDay last) const;

 private:
  absl::Status OutsideError(absl::CivilDay day) const;
  // Bit (day of year − 1) is set for a working day.
  std::map<int, std::bitset<366>> working_;
};

}  // namespace povmon

#endif  // POVMON_SRC_CALENDAR_WORKING_CALENDAR_H_
