#include "src/base/date.h"

namespace povmon {
namespace {

bool Digits(std::string_view text, int* value) {
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

}  // namespace

std::optional<absl::CivilDay> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year, month, day;
  if (!Digits(text.substr(0, 4), &year) || !Digits(text.substr(5, 2), &month) ||
      !Digits(text.substr(8, 2), &day)) {
    return std::nullopt;
  }
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  return absl::CivilDay(year, month, day);
}

std::int64_t DaysSinceEpoch(absl::CivilDay day) {
  return day - absl::CivilDay(1970, 1, 1);
}

absl::CivilDay DayFromEpochDays(std::int64_t days) {
  return absl::CivilDay(1970, 1, 1) + days;
}

void AssignDate(absl::CivilDay day, std::string* out) {
  char buf[11];
  int year = static_cast<int>(day.year());
  buf[0] = static_cast<char>('0' + year / 1000 % 10);
  buf[1] = static_cast<char>('0' + year / 100 % 10);
  buf[2] = static_cast<char>('0' + year / 10 % 10);
  buf[3] = static_cast<char>('0' + year % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + day.month() / 10);
  buf[6] = static_cast<char>('0' + day.month() % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + day.day() / 10);
  buf[9] = static_cast<char>('0' + day.day() % 10);
  buf[10] = '\0';
  out->assign(buf, 10);
}

std::string FormatDate(absl::CivilDay day) {
  std::string out;
  AssignDate(day, &out);
  return out;
}

absl::CivilDay AddMonthsClamped(absl::CivilDay day, int months) {
  absl::CivilMonth month = absl::CivilMonth(day) + months;
  int last = DaysInMonth(static_cast<int>(month.year()), month.month());
  int d = day.day() > last ? last : day.day();
  return absl::CivilDay(month.year(), month.month(), d);
}

}  // namespace povmon
