#include "src/expr/dates.h"

#include <cstdio>

namespace povmon::expr::dates {

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t DaysFromCivil(std::int64_t year, int month, int day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t yoe = year - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe =
      (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  CivilDate c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2);
  return c;
}

bool IsLeapYear(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(std::int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

namespace {
bool Digits(std::string_view text, std::size_t at, std::size_t n, int* out) {
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}
}  // namespace

bool ParseDate(std::string_view text, std::int64_t* days) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  if (!Digits(text, 0, 4, &y) || !Digits(text, 5, 2, &m) ||
      !Digits(text, 8, 2, &d)) {
    return false;
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
  *days = DaysFromCivil(y, m, d);
  return true;
}

std::string FormatDate(std::int64_t days) {
  if (!InRange(days)) return "(date out of range)";
  const CivilDate c = CivilFromDays(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(c.year),
                c.month, c.day);
  return buf;
}

bool AddMonths(std::int64_t days, std::int64_t months, std::int64_t* out) {
  if (!InRange(days)) return false;
  // 9999 years are fewer than 120,000 months: anything larger leaves the
  // range and would only risk overflow below.
  if (months > 200000 || months < -200000) return false;
  const CivilDate c = CivilFromDays(days);
  const std::int64_t index = c.year * 12 + (c.month - 1) + months;
  const std::int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
  const int month = static_cast<int>(index - year * 12) + 1;
  if (year < 1 || year > 9999) return false;
  const int last = DaysInMonth(year, month);
  *out = DaysFromCivil(year, month, c.day < last ? c.day : last);
  return true;
}

std::int64_t MonthsBetween(std::int64_t from, std::int64_t to) {
  if (to < from) return -MonthsBetween(to, from);
  const CivilDate a = CivilFromDays(from);
  const CivilDate b = CivilFromDays(to);
  std::int64_t n = (b.year - a.year) * 12 + (b.month - a.month);
  // AddMonths(from, n) lands in b's month on min(a.day, end of that month).
  const int last = DaysInMonth(b.year, b.month);
  const int landing = a.day < last ? a.day : last;
  if (b.day < landing) --n;
  return n;
}

std::int64_t YearsBetween(std::int64_t from, std::int64_t to) {
  if (to < from) return -YearsBetween(to, from);
  return MonthsBetween(from, to) / 12;
}

}  // namespace povmon::expr::dates
