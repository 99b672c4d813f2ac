#include "src/base/date.h"

#include <cstring>

namespace povmon {
namespace dates {

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

// "YYYY-MM-DD" split into numbers, digits and dashes checked; the day is
// not checked against its month.
bool Split(std::string_view text, int* y, int* m, int* d) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int v[8];
  static constexpr int kAt[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int i = 0; i < 8; ++i) {
    const char c = text[kAt[i]];
    if (c < '0' || c > '9') return false;
    v[i] = c - '0';
  }
  *y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
  *m = v[4] * 10 + v[5];
  *d = v[6] * 10 + v[7];
  return true;
}

}  // namespace

bool ParseDate(std::string_view text, std::int64_t* days) {
  int y = 0, m = 0, d = 0;
  if (!Split(text, &y, &m, &d)) return false;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
  *days = DaysFromCivil(y, m, d);
  return true;
}

void AssignDate(std::int64_t days, std::string* out) {
  const CivilDate c = CivilFromDays(days);
  const int year = static_cast<int>(c.year);
  char buf[10];
  buf[0] = static_cast<char>('0' + year / 1000 % 10);
  buf[1] = static_cast<char>('0' + year / 100 % 10);
  buf[2] = static_cast<char>('0' + year / 10 % 10);
  buf[3] = static_cast<char>('0' + year % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + c.month / 10);
  buf[6] = static_cast<char>('0' + c.month % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + c.day / 10);
  buf[9] = static_cast<char>('0' + c.day % 10);
  out->assign(buf, 10);
}

std::string FormatDate(std::int64_t days) {
  if (!InRange(days)) return "(date out of range)";
  std::string out;
  AssignDate(days, &out);
  return out;
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

}  // namespace dates

std::optional<absl::CivilDay> ParseDate(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (!dates::Split(text, &year, &month, &day)) return std::nullopt;
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 ||
      day > dates::DaysInMonth(year, month)) {
    return std::nullopt;
  }
  return absl::CivilDay(year, month, day);
}

namespace {

// Whether every byte of `w` is an ASCII digit: the high nibble is 3 and
// adding 6 does not carry out of the low nibble ('0'..'9' are 0x30..0x39).
// No carry crosses a byte, since each high nibble is 3 before the add.
bool AllDigits(std::uint64_t w) {
  constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL;
  constexpr std::uint64_t kThrees = 0x3030303030303030ULL;
  return (w & kHigh) == kThrees && ((w + 0x0606060606060606ULL) & kHigh) == kThrees;
}

}  // namespace

// The facts stage parses every record's date, so this reads the ten bytes as
// two words instead of character by character; it accepts exactly what
// ParseDate (the CivilDay one, through Split) accepts (tests/base/dates_test.cc
// holds the two together on every day of the range and on malformed text).
bool ParseDataDate(std::string_view text, std::int64_t* days) {
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
  // The word reads below assume little-endian bytes.
  const std::optional<absl::CivilDay> parsed = ParseDate(text);
  if (!parsed) return false;
  *days = DaysSinceEpoch(*parsed);
  return true;
#endif
  if (text.size() != 10) return false;
  std::uint64_t w = 0;  // bytes 0..7 ("YYYY-MM-"), byte k in bits 8k..8k+7
  std::uint16_t t = 0;  // bytes 8..9 ("DD")
  std::memcpy(&w, text.data(), 8);
  std::memcpy(&t, text.data() + 8, 2);
  constexpr std::uint64_t kDashes = 0xFF0000FF00000000ULL;  // bytes 4 and 7
  if ((w & kDashes) != 0x2D00002D00000000ULL) return false;
  // The dashes stand in as '0' so that all eight bytes, and the day's two
  // (padded with "000000"), must be digits.
  if (!AllDigits((w & ~kDashes) | 0x3000003000000000ULL) ||
      !AllDigits(t | 0x3030303030300000ULL)) {
    return false;
  }
  const auto digit = [w](int k) { return static_cast<int>((w >> (8 * k)) & 0x0F); };
  const int year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const int month = digit(5) * 10 + digit(6);
  const int day = (t & 0x0F) * 10 + ((t >> 8) & 0x0F);
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  // DaysInMonth and DaysFromCivil for these positive years, inline and in
  // unsigned arithmetic (divisions by constants become multiplications).
  static constexpr unsigned char kMonthDays[12] = {31, 28, 31, 30, 31, 30,
                                                   31, 31, 30, 31, 30, 31};
  const unsigned y = static_cast<unsigned>(year);
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const unsigned m = static_cast<unsigned>(month);
  if (static_cast<unsigned>(day) > kMonthDays[m - 1] + (m == 2 && leap ? 1u : 0u)) return false;
  const unsigned shifted = y - (m <= 2 ? 1 : 0);  // the year starts in March
  const unsigned era = shifted / 400;
  const unsigned yoe = shifted - era * 400;
  const unsigned mp = m > 2 ? m - 3 : m + 9;
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *days = static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
  return true;
}

std::int64_t DaysSinceEpoch(absl::CivilDay day) {
  return dates::DaysFromCivil(day.year(), day.month(), day.day());
}

absl::CivilDay DayFromEpochDays(std::int64_t days) {
  return absl::CivilDay(1970, 1, 1) + days;
}

void AssignDate(absl::CivilDay day, std::string* out) {
  dates::AssignDate(DaysSinceEpoch(day), out);
}

std::string FormatDate(absl::CivilDay day) {
  std::string out;
  AssignDate(day, &out);
  return out;
}

absl::CivilDay AddMonthsClamped(absl::CivilDay day, int months) {
  absl::CivilMonth month = absl::CivilMonth(day) + months;
  int last = dates::DaysInMonth(month.year(), month.month());
  int d = day.day() > last ? last : day.day();
  return absl::CivilDay(month.year(), month.month(), d);
}

}  // namespace povmon
