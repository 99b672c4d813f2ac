// The working-day calendar: China's 2024 and 2025 holiday arrangements as
// the shipped packs carry them, working-day arithmetic, and the rule that a
// day outside the calendar's years is an error, never a guess.
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/calendar/day_count.h"
#include "src/calendar/working_calendar.h"
#include "src/policy/calendar_loader.h"
#include "src/policy/text_source.h"

namespace povmon {
namespace {

using absl::CivilDay;
using ::testing::HasSubstr;

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(POVMON_SOURCE_DIR) + "/" + relative);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The calendar files of the lingshou-2024 pack (the yingkou-2024 pack carries
// the same files).
class ShippedCalendarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name :
         {"calendar/cn-2024.textproto", "calendar/cn-2025.textproto"}) {
      std::string path = std::string("policies/lingshou-2024/") + name;
      TextSource source(path, ReadSource(path));
      LoadCalendarFile(&source, &calendar_, &problems_);
    }
    for (const LoadProblem& p : problems_.problems())
      ADD_FAILURE() << p.ToString();
  }

  bool Working(CivilDay d) {
    absl::StatusOr<bool> w = calendar_.IsWorkingDay(d);
    EXPECT_TRUE(w.ok()) << w.status();
    return w.ok() && *w;
  }

  WorkingCalendar calendar_;
  ProblemList problems_;
};

TEST_F(ShippedCalendarTest, CoversTwentyTwentyFourAndTwentyTwentyFive) {
  EXPECT_TRUE(calendar_.HasYear(2024));
  EXPECT_TRUE(calendar_.HasYear(2025));
  EXPECT_FALSE(calendar_.HasYear(2023));
  EXPECT_EQ(calendar_.YearsText(), "2024–2025");
}

// 國辦發明電〔2023〕7號: 國慶節 10月1日至7日放假調休,
// 9月29日(星期日)、10月12日(星期六)上班.
TEST_F(ShippedCalendarTest, NationalDay2024WeekOffWithTwoWeekendsWorked) {
  EXPECT_TRUE(Working(CivilDay(2024, 9, 27)));   // Friday
  EXPECT_FALSE(Working(CivilDay(2024, 9, 28)));  // Saturday
  EXPECT_TRUE(Working(CivilDay(2024, 9, 29)));   // Sunday, worked
  EXPECT_TRUE(Working(CivilDay(2024, 9, 30)));
  for (int day = 1; day <= 7; ++day)
    EXPECT_FALSE(Working(CivilDay(2024, 10, day))) << day;
  EXPECT_TRUE(Working(CivilDay(2024, 10, 8)));
  EXPECT_TRUE(Working(CivilDay(2024, 10, 12)));   // Saturday, worked
  EXPECT_FALSE(Working(CivilDay(2024, 10, 13)));  // Sunday
  EXPECT_FALSE(Working(CivilDay(2024, 10, 19)));  // an ordinary Saturday
}

TEST_F(ShippedCalendarTest, SpringFestivalAndOtherHolidays2024) {
  EXPECT_FALSE(Working(CivilDay(2024, 1, 1)));
  EXPECT_TRUE(Working(CivilDay(2024, 2, 4)));  // Sunday, worked
  EXPECT_TRUE(Working(CivilDay(
      2024, 2, 9)));  // New Year's Eve: a working day (leave only encouraged)
  EXPECT_FALSE(
      Working(CivilDay(2024, 2, 12)));          // Monday in the Spring Festival
  EXPECT_TRUE(Working(CivilDay(2024, 2, 18)));  // Sunday, worked
  EXPECT_FALSE(Working(CivilDay(2024, 4, 4)));
  EXPECT_TRUE(Working(CivilDay(2024, 4, 7)));   // Sunday, worked
  EXPECT_TRUE(Working(CivilDay(2024, 4, 28)));  // Sunday, worked
  EXPECT_FALSE(Working(CivilDay(2024, 5, 3)));
  EXPECT_TRUE(Working(CivilDay(2024, 5, 11)));   // Saturday, worked
  EXPECT_FALSE(Working(CivilDay(2024, 6, 10)));  // Dragon Boat Festival, Monday
  EXPECT_TRUE(Working(CivilDay(2024, 9, 14)));   // Saturday, worked
  EXPECT_FALSE(Working(CivilDay(2024, 9, 16)));  // Mid-Autumn Festival, Monday
}

// 國辦發明電〔2024〕12號.
TEST_F(ShippedCalendarTest, Holidays2025) {
  EXPECT_FALSE(Working(CivilDay(2025, 1, 1)));
  EXPECT_TRUE(Working(CivilDay(2025, 1, 26)));  // Sunday, worked
  EXPECT_FALSE(
      Working(CivilDay(2025, 1, 28)));  // New Year's Eve, a holiday since 2025
  EXPECT_FALSE(Working(CivilDay(2025, 2, 4)));
  EXPECT_TRUE(Working(CivilDay(2025, 2, 8)));  // Saturday, worked
  EXPECT_FALSE(Working(CivilDay(2025, 4, 4)));
  EXPECT_TRUE(Working(CivilDay(2025, 4, 27)));  // Sunday, worked
  EXPECT_FALSE(Working(CivilDay(2025, 5, 5)));
  EXPECT_FALSE(Working(CivilDay(2025, 6, 2)));
  EXPECT_TRUE(Working(CivilDay(2025, 9, 28)));  // Sunday, worked
  EXPECT_FALSE(Working(CivilDay(2025, 10, 8)));
  EXPECT_TRUE(Working(CivilDay(2025, 10, 11)));  // Saturday, worked
}

// The published totals: 251 working days in 2024, 248 in 2025.
TEST_F(ShippedCalendarTest, WorkingDaysPerYearMatchThePublishedTotals) {
  absl::StatusOr<int> y2024 =
      calendar_.CountWorkingDays(CivilDay(2024, 1, 1), CivilDay(2024, 12, 31));
  absl::StatusOr<int> y2025 =
      calendar_.CountWorkingDays(CivilDay(2025, 1, 1), CivilDay(2025, 12, 31));
  ASSERT_TRUE(y2024.ok() && y2025.ok());
  EXPECT_EQ(*y2024, 251);
  EXPECT_EQ(*y2025, 248);
}

// Plan 2 §3(四)3: the 20th working day after Friday 20 September 2024 is
// Wednesday 23 October (weekdays alone would say 18 October).
TEST_F(ShippedCalendarTest, TwentyWorkingDaysAcrossNationalDay) {
  absl::StatusOr<CivilDay> due = DueDate(
      CivilDay(2024, 9, 20), 20, v1::DAY_COUNT_WORKING_DAYS, &calendar_);
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(*due, CivilDay(2024, 10, 23));
  absl::StatusOr<CivilDay> next = DueDate(
      CivilDay(2024, 9, 23), 20, v1::DAY_COUNT_WORKING_DAYS, &calendar_);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, CivilDay(2024, 10, 24));
  // Zero days: due on the day itself.
  absl::StatusOr<CivilDay> zero =
      DueDate(CivilDay(2024, 10, 3), 0, v1::DAY_COUNT_WORKING_DAYS, &calendar_);
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(*zero, CivilDay(2024, 10, 3));
}

TEST_F(ShippedCalendarTest, DeadlinesAcrossTheSpringFestivalAndTheYearEnd) {
  // 20 working days from Friday 20 December 2024 reach into January 2025.
  absl::StatusOr<CivilDay> due = DueDate(
      CivilDay(2024, 12, 20), 20, v1::DAY_COUNT_WORKING_DAYS, &calendar_);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(*due, CivilDay(2025, 1, 20));
  // 5 working days from Friday 24 January 2025: 24, Sun 26, 27 Jan, [28 Jan-4
  // Feb off], 5, 6 Feb.
  absl::StatusOr<CivilDay> end = PeriodEnd(
      CivilDay(2025, 1, 24), 5, v1::DAY_COUNT_WORKING_DAYS, &calendar_);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(*end, CivilDay(2025, 2, 6));
}

// Plan 10 §3.2: a notice of at least 5 working days.
TEST_F(ShippedCalendarTest, NoticeOfFiveWorkingDaysOverNationalDay) {
  absl::StatusOr<CivilDay> end = PeriodEnd(
      CivilDay(2024, 9, 27), 5, v1::DAY_COUNT_WORKING_DAYS, &calendar_);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(*end, CivilDay(2024, 10, 9));
  absl::StatusOr<int> counted =
      DaysIn(CivilDay(2024, 9, 27), CivilDay(2024, 10, 8),
             v1::DAY_COUNT_WORKING_DAYS, &calendar_);
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(*counted, 4);
  // A notice posted on a holiday starts counting at the next working day.
  absl::StatusOr<CivilDay> from_holiday = PeriodEnd(
      CivilDay(2024, 10, 3), 1, v1::DAY_COUNT_WORKING_DAYS, &calendar_);
  ASSERT_TRUE(from_holiday.ok());
  EXPECT_EQ(*from_holiday, CivilDay(2024, 10, 8));
}

TEST_F(ShippedCalendarTest, CalendarDaysNeedNoCalendar) {
  absl::StatusOr<CivilDay> due =
      DueDate(CivilDay(2024, 6, 3), 15, v1::DAY_COUNT_CALENDAR_DAYS, nullptr);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(*due, CivilDay(2024, 6, 18));
  absl::StatusOr<CivilDay> end =
      PeriodEnd(CivilDay(2024, 9, 30), 5, v1::DAY_COUNT_CALENDAR_DAYS, nullptr);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(*end, CivilDay(2024, 10, 4));
  absl::StatusOr<int> days =
      DaysIn(CivilDay(2024, 9, 30), CivilDay(2024, 10, 4),
             v1::DAY_COUNT_CALENDAR_DAYS, nullptr);
  ASSERT_TRUE(days.ok());
  EXPECT_EQ(*days, 5);
  absl::StatusOr<CivilDay> working =
      DueDate(CivilDay(2024, 6, 3), 15, v1::DAY_COUNT_WORKING_DAYS, nullptr);
  EXPECT_FALSE(working.ok());
}

TEST_F(ShippedCalendarTest, ADayOutsideTheYearsIsAnErrorNotAGuess) {
  absl::StatusOr<bool> w = calendar_.IsWorkingDay(CivilDay(2026, 1, 5));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(w.status().message()),
              HasSubstr("2026-01-05 is outside the pack's working-day calendar "
                        "(it covers 2024–2025)"));
  // A deadline that runs past the last year is an error too.
  absl::StatusOr<CivilDay> due = DueDate(
      CivilDay(2025, 12, 20), 20, v1::DAY_COUNT_WORKING_DAYS, &calendar_);
  ASSERT_FALSE(due.ok());
  EXPECT_THAT(std::string(due.status().message()),
              HasSubstr("2026-01-01 is outside"));
  absl::StatusOr<int> counted =
      calendar_.CountWorkingDays(CivilDay(2023, 12, 30), CivilDay(2024, 1, 3));
  EXPECT_FALSE(counted.ok());
}

// ------------------------------------------------------------ loading

std::vector<std::string> Problems(const std::string& text) {
  TextSource src("cal.textproto", text);
  WorkingCalendar calendar;
  ProblemList problems;
  LoadCalendarFile(&src, &calendar, &problems);
  std::vector<std::string> out;
  for (const LoadProblem& p : problems.problems()) out.push_back(p.ToString());
  return out;
}

TEST(CalendarLoading,
     AWorkingWeekendDayThatIsAWeekdayIsRejectedWithItsPosition) {
  EXPECT_THAT(Problems("year {\n  year: 2024\n  citation: \"x\"\n  "
                       "working_weekend_day: \"2024-10-11\"\n}\n"),
              ::testing::ElementsAre("cal.textproto:4:3: working weekend day "
                                     "2024-10-11 is not a Saturday or Sunday"));
}

TEST(CalendarLoading, EveryProblemIsReported) {
  std::vector<std::string> problems = Problems(
      "year { year: 2024 }\n"
      "year { year: 2024 citation: \"again\" }\n"
      "year { year: 2025 citation: \"x\"\n"
      "  holiday { name: \"h\" first: \"2025-10-08\" last: \"2025-10-01\" }\n"
      "  holiday { first: \"2024-10-01\" last: \"2025-02-30\" }\n"
      "  working_weekend_day: \"2025-10-04\"\n"
      "  holiday { name: \"National Day\" first: \"2025-10-01\" last: "
      "\"2025-10-08\" }\n"
      "}\n");
  EXPECT_THAT(
      problems,
      ::testing::UnorderedElementsAre(
          HasSubstr("calendar year 2024 has no citation"),
          HasSubstr("calendar year 2024 is given twice"),
          HasSubstr("ends (2025-10-01) before it starts (2025-10-08)"),
          HasSubstr("a holiday has no name"),
          HasSubstr(
              "holiday first day 2024-10-01 is not in calendar year 2025"),
          HasSubstr("holiday last day \"2025-02-30\" is not a date"),
          HasSubstr("working weekend day 2025-10-04 is also a holiday")));
}

TEST(CalendarLoading, AnEmptyFileIsAProblem) {
  EXPECT_THAT(Problems(""), ::testing::ElementsAre(HasSubstr("gives no year")));
}

}  // namespace
}  // namespace povmon
