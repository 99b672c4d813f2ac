// Dates, in one place: calendar arithmetic on day numbers (days since
// 1970-01-01, proleptic Gregorian), which the rule language, the facts and
// the stages work on, and the "YYYY-MM-DD" text the data carries, parsed and
// written without allocating.
#ifndef POVMON_SRC_BASE_DATE_H_
#define POVMON_SRC_BASE_DATE_H_

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"

namespace povmon {

namespace dates {

// ---- day numbers (the rule language's date type)
//
// Limited to the years 0001..9999 so that every date has a "YYYY-MM-DD"
// spelling.

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
// "YYYY-MM-DD" into `out`, without allocating when `out` has the capacity
// (decisions are reused across households). `days` must be in range.
void AssignDate(std::int64_t days, std::string* out);

// The same day `months` months later (earlier when negative), clamped to the
// end of the target month. False when the result leaves years 1..9999.
bool AddMonths(std::int64_t days, std::int64_t months, std::int64_t* out);

// Whole months from `from` to `to`: the largest n with
// AddMonths(from, n) <= to when to >= from, and -MonthsBetween(to, from)
// otherwise. Both dates must be in range.
std::int64_t MonthsBetween(std::int64_t from, std::int64_t to);
// Whole years: MonthsBetween / 12 counted the same way (an age).
std::int64_t YearsBetween(std::int64_t from, std::int64_t to);

}  // namespace dates

// ---- the data's dates as absl::CivilDay

// Parse exactly "YYYY-MM-DD" (four-digit year 1900–2999, a real day).
// No allocation; nullopt for anything else, "2024-02-30" included.
std::optional<absl::CivilDay> ParseDate(std::string_view text);
// The same check, straight into days since 1970-01-01 (the facts stage's
// per-record parse). False for anything ParseDate refuses.
bool ParseDataDate(std::string_view text, std::int64_t* days);

// ParseDataDate with a memory of the dates it accepted, by their exact ten
// bytes: a household's records repeat a few dates (one a month, say), so
// most parses become a lookup. A pure cache (the same text always gives the
// same day number); keep one per thread, e.g. with the facts stage's
// per-household working memory.
class DataDateMemo {
 public:
  bool Parse(std::string_view text, std::int64_t* days) {
    if (text.size() != 10) return ParseDataDate(text, days);
    std::uint64_t w = 0;
    std::uint16_t t = 0;
    std::memcpy(&w, text.data(), 8);
    std::memcpy(&t, text.data() + 8, 2);
    Entry& e = entries_[((w ^ (std::uint64_t{t} << 17)) * 0x9E3779B97F4A7C15ULL) >> 58];
    if (e.known && e.head == w && e.tail == t) {
      *days = e.days;
      return true;
    }
    if (!ParseDataDate(text, days)) return false;
    e.head = w;
    e.tail = t;
    e.known = true;
    e.days = *days;
    return true;
  }

 private:
  struct Entry {
    std::uint64_t head = 0;  // bytes 0..7 of the text
    std::uint16_t tail = 0;  // bytes 8..9
    bool known = false;
    std::int64_t days = 0;
  };
  Entry entries_[64];
};

// Days since 1970-01-01, the representation the rule language uses.
std::int64_t DaysSinceEpoch(absl::CivilDay day);
absl::CivilDay DayFromEpochDays(std::int64_t days);

// "2024-05-01".
std::string FormatDate(absl::CivilDay day);
// Write "YYYY-MM-DD" into `out` without allocating when `out` already has
// the capacity (decisions are reused across households).
void AssignDate(absl::CivilDay day, std::string* out);

// The same day `months` months later, clamped to the end of the month
// (2024-02-29 − 12 months is 2023-02-28).
absl::CivilDay AddMonthsClamped(absl::CivilDay day, int months);

}  // namespace povmon

#endif  // POVMON_SRC_BASE_DATE_H_
