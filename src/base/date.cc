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

// Days from 1970-01-01 to January 1 of each year the data may carry
// (1900..2999), times two, plus one for a leap year: one load gives both.
struct DataYears {
  std::int32_t start_and_leap[2999 - 1900 + 1];
};

constexpr DataYears MakeDataYears() {
  DataYears t{};
  std::int32_t days = -25567;  // 1900-01-01
  for (int y = 1900; y <= 2999; ++y) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    t.start_and_leap[y - 1900] = days * 2 + (leap ? 1 : 0);
    days += leap ? 366 : 365;
  }
  return t;
}

constexpr DataYears kDataYears = MakeDataYears();

// By leap year (0, 1) and month - 1: the month's days, and the days of the
// year before its first.
constexpr unsigned char kMonthLength[2][12] = {{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
                                               {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}};
constexpr unsigned short kMonthStart[2][12] = {
    {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334},
    {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335}};

}  // namespace

// The facts stage parses every record's date, and the JSON reader checks
// every date field, so this reads the ten bytes as two words instead of
// character by character, turns the digits into numbers two at a time, and
// looks the year's first day and leap year up in a table; it accepts exactly
// what ParseDate (the CivilDay one, through Split) accepts
// (tests/base/dates_test.cc holds the two together on every day of the range,
// on every month's last day and on every byte of malformed text).
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
  // Each byte XOR what it should be ('0' for a digit, '-' for a dash): a
  // digit's value 0..9, 0 for a dash, anything else for a wrong byte. A
  // byte is right when it is under 0x80 (so adding below carries into no
  // other byte) and adding 0x76 (0x7F at a dash) leaves its high bit clear,
  // that is when it is at most 9 (0 at a dash). A byte of 0x80 or more fails
  // on its own high bit, whatever its addition carried.
  const std::uint64_t v = w ^ 0x2D30302D30303030ULL;
  const std::uint32_t u = static_cast<std::uint32_t>(t) ^ 0x3030u;
  if ((((v + 0x7F76767F76767676ULL) | v) & 0x8080808080808080ULL) != 0 ||
      (((u + 0x7676u) | u) & 0x8080u) != 0) {
    return false;
  }
  // Then each byte k of `pairs` holds 10 × digit k + digit k+1 (at most 99,
  // so nothing carries across bytes): byte 0 the century, byte 2 the year in
  // it, byte 5 the month.
  const std::uint64_t pairs = v * 10 + (v >> 8);
  const unsigned year = static_cast<unsigned>(pairs & 0xFF) * 100 +
                        static_cast<unsigned>((pairs >> 16) & 0xFF);
  const unsigned month = static_cast<unsigned>((pairs >> 40) & 0xFF);
  const unsigned day = (u & 0xFFu) * 10 + (u >> 8);
  if (year - 1900 > 2999 - 1900 || month - 1 > 11) return false;
  const std::int32_t start_and_leap = kDataYears.start_and_leap[year - 1900];
  const unsigned leap = static_cast<unsigned>(start_and_leap & 1);
  if (day - 1 >= kMonthLength[leap][month - 1]) return false;
  *days = static_cast<std::int64_t>(start_and_leap >> 1) + kMonthStart[leap][month - 1] + day - 1;
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
