// Calendar arithmetic for the rule language's date type: a date is the number
// of days since 1970-01-01 (proleptic Gregorian), limited to the years
// 0001..9999 so that every date has a "YYYY-MM-DD" spelling. Nothing here
// allocates.
#ifndef POVMON_SRC_EXPR_DATES_H_
#define POVMON_SRC_EXPR_DATES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace povmon::expr::dates {

struct CivilDate {
  std::int64_t year = 1970;
  int month = 1;
  int day = 1;
};

// Days since 1970-01-01 of a calendar day (any int64 year that does not
// overflow; callers keep years within 1..9999).
std::int64_t DaysFromCivil(std::int64_t year, int month, int day);
CivilDate CivilFromDays(std::int64_t days);

bool IsLeapYear(std::int64_t year);
int DaysInMonth(std::int64_t year, int month);

// 0001-01-01 and 9999-12-31.
inline constexpr std::int64_t kMinDays = -719162;
inline constexpr std::int64_t kMaxDays = 2932896;
inline bool InRange(std::int64_t days) {
  return days >= kMinDays && days <= kMaxDays;
}

// Parses exactly "YYYY-MM-DD" naming a real calendar day of years 1..9999.
bool ParseDate(std::string_view text, std::int64_t* days);
std::string FormatDate(std::int64_t days);

// The same day `months` months later (earlier when negative), clamped to the
// end of the target month. False when the result leaves years 1..9999.
bool AddMonths(std::int64_t days, std::int64_t months, std::int64_t* out);

// Whole months from `from` to `to`: the largest n with
// AddMonths(from, n) <= to when to >= from, and -MonthsBetween(to, from)
// otherwise. Both dates must be in range.
std::int64_t MonthsBetween(std::int64_t from, std::int64_t to);
// Whole years: MonthsBetween / 12 counted the same way (an age).
std::int64_t YearsBetween(std::int64_t from, std::int64_t to);

}  // namespace povmon::expr::dates

#endif  // POVMON_SRC_EXPR_DATES_H_
