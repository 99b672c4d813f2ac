#include "src/base/date.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace povmon::dates {
namespace {

std::int64_t D(std::string_view s) {
  std::int64_t d = 0;
  EXPECT_TRUE(ParseDate(s, &d)) << s;
  return d;
}

TEST(DatesTest, EpochAndBounds) {
  EXPECT_EQ(D("1970-01-01"), 0);
  EXPECT_EQ(D("1970-01-02"), 1);
  EXPECT_EQ(D("1969-12-31"), -1);
  EXPECT_EQ(D("2000-03-01"), 11017);
  EXPECT_EQ(D("0001-01-01"), kMinDays);
  EXPECT_EQ(D("9999-12-31"), kMaxDays);
  EXPECT_TRUE(InRange(kMinDays));
  EXPECT_FALSE(InRange(kMinDays - 1));
  EXPECT_FALSE(InRange(kMaxDays + 1));
}

TEST(DatesTest, RoundTripEveryDay) {
  for (std::int64_t d = kMinDays; d <= kMaxDays; d += 1) {
    const CivilDate c = CivilFromDays(d);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
    ASSERT_GE(c.day, 1);
    ASSERT_LE(c.day, DaysInMonth(c.year, c.month));
  }
  EXPECT_EQ(FormatDate(D("2024-02-29")), "2024-02-29");
  EXPECT_EQ(FormatDate(kMinDays), "0001-01-01");
  EXPECT_EQ(FormatDate(kMaxDays + 1), "(date out of range)");
}

TEST(DatesTest, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(2024, 4), 30);
  EXPECT_EQ(DaysInMonth(2024, 12), 31);
}

TEST(DatesTest, ParseIsStrict) {
  std::int64_t d = 0;
  for (std::string_view bad :
       {"", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024-13-01",
        "2024-00-10", "2024-01-00", "2024-01-32", "2023-02-29", "1900-02-29",
        "0000-01-01", "2024-01-01 ", " 2024-01-01", "2024-01-0a", "+024-01-01",
        "2024-04-31"}) {
    EXPECT_FALSE(ParseDate(bad, &d)) << bad;
  }
  EXPECT_TRUE(ParseDate("2000-02-29", &d));
  EXPECT_TRUE(ParseDate("2024-12-31", &d));
}

TEST(DatesTest, AddMonthsClampsToTheMonthEnd) {
  std::int64_t out = 0;
  ASSERT_TRUE(AddMonths(D("2024-01-31"), 1, &out));
  EXPECT_EQ(FormatDate(out), "2024-02-29");
  ASSERT_TRUE(AddMonths(D("2024-01-31"), 3, &out));
  EXPECT_EQ(FormatDate(out), "2024-04-30");
  ASSERT_TRUE(AddMonths(D("2024-03-31"), -1, &out));
  EXPECT_EQ(FormatDate(out), "2024-02-29");
  ASSERT_TRUE(AddMonths(D("2024-01-10"), -1, &out));
  EXPECT_EQ(FormatDate(out), "2023-12-10");
  ASSERT_TRUE(AddMonths(D("2024-01-10"), -24, &out));
  EXPECT_EQ(FormatDate(out), "2022-01-10");
  ASSERT_TRUE(AddMonths(D("9999-11-30"), 1, &out));
  EXPECT_EQ(FormatDate(out), "9999-12-30");
  EXPECT_FALSE(AddMonths(D("9999-12-01"), 1, &out));
  EXPECT_FALSE(AddMonths(D("0001-01-31"), -1, &out));
  EXPECT_FALSE(AddMonths(D("2024-01-01"), INT64_MAX, &out));
  EXPECT_FALSE(AddMonths(D("2024-01-01"), INT64_MIN, &out));
  EXPECT_FALSE(AddMonths(kMaxDays + 1, 0, &out));
}

TEST(DatesTest, MonthsAndYearsBetweenAgreeWithAddMonths) {
  // For every start day of 2023-2024 and every month count up to four
  // years, MonthsBetween(d, AddMonths(d, n)) == n, and one day earlier is
  // less.
  for (std::int64_t d = D("2023-01-01"); d <= D("2024-12-31"); ++d) {
    for (int n = 0; n <= 48; ++n) {
      std::int64_t to = 0;
      ASSERT_TRUE(AddMonths(d, n, &to));
      ASSERT_EQ(MonthsBetween(d, to), n) << FormatDate(d) << " + " << n;
      ASSERT_EQ(MonthsBetween(to, d), -n);
      if (n > 0) {
        ASSERT_LT(MonthsBetween(d, to - 1), n);
      }
    }
  }
  EXPECT_EQ(YearsBetween(D("2000-03-01"), D("2024-03-01")), 24);
  EXPECT_EQ(YearsBetween(D("2000-03-01"), D("2024-02-29")), 23);
  EXPECT_EQ(YearsBetween(D("2000-02-29"), D("2023-02-28")), 23);
  EXPECT_EQ(YearsBetween(D("2000-02-29"), D("2023-02-27")), 22);
  EXPECT_EQ(YearsBetween(D("2024-03-01"), D("2000-03-01")), -24);
  EXPECT_EQ(YearsBetween(D("0001-01-01"), D("9999-12-31")), 9998);
}

}  // namespace
}  // namespace povmon::dates

namespace povmon {
namespace {

// The facts stage's parse straight into day numbers refuses what ParseDate
// refuses and agrees with it on everything else.
TEST(DataDates, ParseDataDateAgreesWithParseDate) {
  for (const char* text : {"2024-02-29", "1900-01-01", "2999-12-31", "2023-02-29", "1899-12-31",
                           "3000-01-01", "2024-13-01", "2024-00-10", "2024-04-31", "2024-4-01",
                           "", "2024-01-01x", "２０２４-01-01"}) {
    std::int64_t days = -1;
    const bool ok = ParseDataDate(text, &days);
    const std::optional<absl::CivilDay> day = ParseDate(text);
    ASSERT_EQ(ok, day.has_value()) << text;
    if (ok) {
      EXPECT_EQ(days, DaysSinceEpoch(*day)) << text;
    }
  }
  // Every day the data may carry, and a little either side.
  for (std::int64_t d = DaysSinceEpoch(absl::CivilDay(1899, 12, 1));
       d <= DaysSinceEpoch(absl::CivilDay(3000, 1, 31)); ++d) {
    const std::string text = dates::FormatDate(d);
    std::int64_t days = -1;
    const bool ok = ParseDataDate(text, &days);
    ASSERT_EQ(ok, ParseDate(text).has_value()) << text;
    if (ok) {
      ASSERT_EQ(days, d) << text;
    }
  }
  // Each byte of a valid date replaced by every other byte value: accepted
  // exactly when the CivilDay parse accepts it (a different digit may still
  // name a real day), refused otherwise.
  for (const char* valid : {"2024-02-29", "1999-12-31", "2000-01-10"}) {
    for (int k = 0; k < 10; ++k) {
      for (int c = 0; c < 256; ++c) {
        std::string text = valid;
        text[static_cast<std::size_t>(k)] = static_cast<char>(c);
        std::int64_t days = -1;
        const bool ok = ParseDataDate(text, &days);
        const std::optional<absl::CivilDay> day = ParseDate(text);
        ASSERT_EQ(ok, day.has_value()) << k << " " << c;
        if (ok) {
          ASSERT_EQ(days, DaysSinceEpoch(*day)) << text;
        }
      }
    }
  }
  // Every month's last day and the day after it, in leap years, common
  // years and century years (1900 and 2100 common, 2000 and 2400 leap), and
  // February 29 in each: accepted exactly when the CivilDay parse accepts,
  // on the right day.
  for (const int year : {1900, 1901, 1904, 1999, 2000, 2023, 2024, 2100, 2400, 2999}) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    for (int month = 1; month <= 12; ++month) {
      const int last = dates::DaysInMonth(year, month);
      EXPECT_EQ(last, month == 2 ? (leap ? 29 : 28) : absl::CivilDay(year, month + 1, 0).day());
      for (const int day : {last, last + 1}) {
        char text[11];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        std::int64_t days = -1;
        const bool ok = ParseDataDate(text, &days);
        EXPECT_EQ(ok, day == last) << text;
        EXPECT_EQ(ok, ParseDate(text).has_value()) << text;
        if (ok) {
          EXPECT_EQ(days, DaysSinceEpoch(absl::CivilDay(year, month, day))) << text;
        }
      }
    }
    const std::string feb29 = std::to_string(year) + "-02-29";
    std::int64_t days = -1;
    EXPECT_EQ(ParseDataDate(feb29, &days), leap) << feb29;
  }
  // Every position of a valid date made malformed: a dash where a digit
  // stands and a digit where a dash stands, a space, a letter, a slash, and
  // one byte cut off or added at either end.
  const std::string valid = "2024-02-29";
  for (std::size_t k = 0; k < valid.size(); ++k) {
    for (const char c : {'-', '5', ' ', 'a', '/', '\0', ':'}) {
      if (c == valid[k] || (valid[k] != '-' && c >= '0' && c <= '9')) continue;
      std::string text = valid;
      text[k] = c;
      std::int64_t days = -1;
      EXPECT_FALSE(ParseDataDate(text, &days)) << k << " " << c;
      EXPECT_EQ(days, -1) << k;
    }
  }
  for (const std::string& text : {valid.substr(1), valid.substr(0, 9), "0" + valid, valid + "0",
                                 " " + valid, valid + " "}) {
    std::int64_t days = -1;
    EXPECT_FALSE(ParseDataDate(text, &days)) << text;
  }
  // The memo gives what the parse gives, for every day of a few years seen
  // twice (64 entries, so the second round hits and evicts), and refuses
  // what the parse refuses, also after the valid text was remembered.
  DataDateMemo memo;
  for (int round = 0; round < 2; ++round) {
    for (std::int64_t d = DaysSinceEpoch(absl::CivilDay(2023, 1, 1));
         d <= DaysSinceEpoch(absl::CivilDay(2025, 12, 31)); d += round == 0 ? 1 : 7) {
      const std::string text = dates::FormatDate(d);
      std::int64_t days = -1;
      ASSERT_TRUE(memo.Parse(text, &days)) << text;
      ASSERT_EQ(days, d) << text;
      ASSERT_TRUE(memo.Parse(text, &days)) << text;
      ASSERT_EQ(days, d) << text;
    }
  }
  for (const char* text : {"2024-02-30", "2024-02-2", "2024-02-29 ", "", "2024/02/29"}) {
    std::int64_t days = -1;
    EXPECT_FALSE(memo.Parse(text, &days)) << text;
    EXPECT_EQ(days, -1) << text;
  }
  std::string out = "some longer text that is replaced";
  dates::AssignDate(dates::DaysFromCivil(2024, 2, 29), &out);
  EXPECT_EQ(out, "2024-02-29");
  AssignDate(absl::CivilDay(1999, 12, 31), &out);
  EXPECT_EQ(out, "1999-12-31");
}

}  // namespace
}  // namespace povmon
