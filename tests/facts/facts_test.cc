// The facts stage: each income rule of the plans, named in the test.
#include "src/facts/facts_builder.h"

#include <cstdint>
#include <limits>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "povmon/json.h"
#include "src/base/date.h"
#include "src/facts/income_screening.h"
#include "src/facts/income_window.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;

v1::IncomeMeasure Measure(const std::string& text) {
  v1::IncomeMeasure m;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &m));
  return m;
}

v1::Household House(const std::string& text) {
  v1::Household h;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &h));
  return h;
}

const v1::IncomeMeasure kRolling = Measure(R"pb(
  window { kind: WINDOW_KIND_ROLLING_12_MONTHS }
  counted_kinds: [INCOME_KIND_WAGE, INCOME_KIND_BUSINESS, INCOME_KIND_PROPERTY, INCOME_KIND_TRANSFER]
  add_insurance_claims: true
  subtract_compliant_out_of_pocket: true
  members: MEMBER_COUNTING_REGISTERED
  rigid_expenditure_kinds: [EXPENDITURE_KIND_MEDICAL_COMPLIANT_OUT_OF_POCKET, EXPENDITURE_KIND_EDUCATION]
)pb");

TEST(IncomeWindow, Plan7RollingTwelveMonthsBeforeTheAsOfDate) {
  DateRange w = IncomeWindow(kRolling.window(), absl::CivilDay(2024, 11, 30));
  EXPECT_EQ(w.first, absl::CivilDay(2023, 11, 30));
  EXPECT_EQ(w.last, absl::CivilDay(2024, 11, 29));
}

TEST(IncomeWindow, RollingWindowFromALeapDayClampsToTheMonthEnd) {
  DateRange w = IncomeWindow(kRolling.window(), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(w.first, absl::CivilDay(2023, 2, 28));
  EXPECT_EQ(w.last, absl::CivilDay(2024, 2, 28));
}

TEST(IncomeWindow, Plan5FixedWindowFirstMayToThirtiethApril) {
  v1::IncomeWindow fixed;
  fixed.set_kind(v1::WINDOW_KIND_FIXED_ANNUAL);
  fixed.set_start_month(5);
  fixed.set_start_day(1);
  DateRange w = IncomeWindow(fixed, absl::CivilDay(2024, 6, 15));
  EXPECT_EQ(w.first, absl::CivilDay(2023, 5, 1));
  EXPECT_EQ(w.last, absl::CivilDay(2024, 4, 30));
  // On the window's last day the window is complete.
  w = IncomeWindow(fixed, absl::CivilDay(2024, 4, 30));
  EXPECT_EQ(w.first, absl::CivilDay(2023, 5, 1));
  // The day before, it is the previous one.
  w = IncomeWindow(fixed, absl::CivilDay(2024, 4, 29));
  EXPECT_EQ(w.first, absl::CivilDay(2022, 5, 1));
  EXPECT_EQ(w.last, absl::CivilDay(2023, 4, 30));
}

TEST(Facts, Plan5NetIncomeAddsClaimsAndSubtractsCompliantOutOfPocket) {
  v1::Household h = House(R"pb(
    members { registered: true labour_capacity: LABOUR_CAPACITY_FULL }
    members { registered: true labour_capacity: LABOUR_CAPACITY_NONE }
    members { registered: true labour_capacity: LABOUR_CAPACITY_PARTIAL }
    income { date: "2024-03-01" kind: INCOME_KIND_WAGE amount_fen: 1800000 }
    income { date: "2024-04-01" kind: INCOME_KIND_INSURANCE_CLAIM amount_fen: 300000 }
    expenditure { date: "2024-05-01" kind: EXPENDITURE_KIND_MEDICAL_COMPLIANT_OUT_OF_POCKET amount_fen: 500000 }
    expenditure { date: "2024-05-02" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 100000 }
    expenditure { date: "2024-05-03" kind: EXPENDITURE_KIND_DAILY_CONSUMPTION amount_fen: 999999 }
  )pb");
  v1::Facts f;
  ASSERT_TRUE(ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f).ok());
  EXPECT_EQ(f.counted_income_fen(), 1800000);
  EXPECT_EQ(f.insurance_claims_fen(), 300000);
  EXPECT_EQ(f.compliant_out_of_pocket_fen(), 500000);
  EXPECT_EQ(f.net_income_fen(), 1600000);
  EXPECT_EQ(f.counted_members(), 3);
  EXPECT_EQ(f.per_capita_net_income_fen(), 533333);  // 16,000 / 3, rounded down
  EXPECT_EQ(f.rigid_expenditure_fen(), 600000);
  EXPECT_EQ(f.household_labour(), v1::LABOUR_CAPACITY_FULL);
  EXPECT_EQ(f.members_no_labour(), 1);
  EXPECT_EQ(f.window_start(), "2023-11-30");
  EXPECT_EQ(f.window_end(), "2024-11-29");
}

TEST(Facts, Plan5ClaimsAndOutOfPocketIgnoredWhenThePackDoesNotSaySo) {
  v1::IncomeMeasure m = kRolling;
  m.set_add_insurance_claims(false);
  m.set_subtract_compliant_out_of_pocket(false);
  v1::Household h = House(R"pb(
    members { registered: true }
    income { date: "2024-03-01" kind: INCOME_KIND_WAGE amount_fen: 1000000 }
    income { date: "2024-04-01" kind: INCOME_KIND_INSURANCE_CLAIM amount_fen: 300000 }
    expenditure { date: "2024-05-01" kind: EXPENDITURE_KIND_MEDICAL_COMPLIANT_OUT_OF_POCKET amount_fen: 500000 }
  )pb");
  v1::Facts f;
  ASSERT_TRUE(ComputeFacts(m, h, absl::CivilDay(2024, 11, 30), &f).ok());
  EXPECT_EQ(f.net_income_fen(), 1000000);
}

TEST(Facts, Plan6Section3_8ResidentsBasicPensionIsNotCountedWhenThePackExcludesIt) {
  v1::Household h = House(R"pb(
    members { registered: true }
    income { date: "2024-03-01" kind: INCOME_KIND_WAGE amount_fen: 500000 }
    income { date: "2024-03-01" kind: INCOME_KIND_RESIDENTS_BASIC_PENSION amount_fen: 150000 }
  )pb");
  v1::Facts f;
  ASSERT_TRUE(ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f).ok());
  EXPECT_EQ(f.net_income_fen(), 500000);
  EXPECT_EQ(f.uncounted_income_fen(), 150000);
  // A pack that counts it (outside the transition period) adds it.
  v1::IncomeMeasure m = kRolling;
  m.add_counted_kinds(v1::INCOME_KIND_RESIDENTS_BASIC_PENSION);
  ASSERT_TRUE(ComputeFacts(m, h, absl::CivilDay(2024, 11, 30), &f).ok());
  EXPECT_EQ(f.net_income_fen(), 650000);
}

TEST(Facts, Plan7WindowEdgesFirstAndLastDayCountTheDayOutsideDoesNot) {
  v1::Household h = House(R"pb(
    members { registered: true }
    income { date: "2023-11-29" kind: INCOME_KIND_WAGE amount_fen: 1 }
    income { date: "2023-11-30" kind: INCOME_KIND_WAGE amount_fen: 10 }
    income { date: "2024-11-29" kind: INCOME_KIND_WAGE amount_fen: 100 }
    income { date: "2024-11-30" kind: INCOME_KIND_WAGE amount_fen: 1000 }
  )pb");
  v1::Facts f;
  ASSERT_TRUE(ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f).ok());
  EXPECT_EQ(f.counted_income_fen(), 110);
  // The day before the window belongs to the previous period.
  EXPECT_EQ(f.previous_net_income_fen(), 1);
  EXPECT_TRUE(f.previous_from_records());
}

TEST(Facts, Plans4And7CoResidentMembersCountWhereThePackSaysSo) {
  v1::Household h = House(R"pb(
    members { registered: true co_resident: true }
    members { registered: true co_resident: false }
    members { registered: false co_resident: true }
    members { registered: false co_resident: true }
    income { date: "2024-03-01" kind: INCOME_KIND_WAGE amount_fen: 1200000 }
  )pb");
  v1::Facts f;
  ASSERT_TRUE(ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f).ok());
  EXPECT_EQ(f.counted_members(), 2);
  EXPECT_EQ(f.per_capita_net_income_fen(), 600000);
  v1::IncomeMeasure m = kRolling;
  m.set_members(v1::MEMBER_COUNTING_CO_RESIDENT);
  ASSERT_TRUE(ComputeFacts(m, h, absl::CivilDay(2024, 11, 30), &f).ok());
  EXPECT_EQ(f.counted_members(), 3);
  EXPECT_EQ(f.per_capita_net_income_fen(), 400000);
}

TEST(Facts, ZeroCountedMembersIsAnError) {
  v1::Household h = House(R"pb(members { registered: false co_resident: true })pb");
  v1::Facts f;
  absl::Status s = ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("members: no counted members"));
}

TEST(Facts, PerCapitaRoundsDownSoBelowTheLineStaysStrict) {
  // A negative net income rounds toward minus infinity too.
  v1::Household h = House(R"pb(
    members { registered: true }
    members { registered: true }
    members { registered: true }
    income { date: "2024-03-01" kind: INCOME_KIND_WAGE amount_fen: 100 }
    expenditure { date: "2024-05-01" kind: EXPENDITURE_KIND_MEDICAL_COMPLIANT_OUT_OF_POCKET amount_fen: 200 }
  )pb");
  v1::Facts f;
  ASSERT_TRUE(ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f).ok());
  EXPECT_EQ(f.net_income_fen(), -100);
  EXPECT_EQ(f.per_capita_net_income_fen(), -34);
}

TEST(Facts, MoneyOverflowIsReportedNeverWrapped) {
  v1::Household h;
  h.add_members()->set_registered(true);
  for (int i = 0; i < 2; ++i) {
    v1::IncomeRecord* r = h.add_income();
    r->set_date("2024-03-01");
    r->set_kind(v1::INCOME_KIND_WAGE);
    r->set_amount_fen(std::numeric_limits<std::int64_t>::max() - 5);
  }
  v1::Facts f;
  absl::Status s = ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f);
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(s.message()), HasSubstr("money overflow while summing income (at income[1])"));
}

TEST(Facts, RecordWithoutADateIsNamed) {
  v1::Household h = House(R"pb(
    members { registered: true }
    income { date: "2024-03-01" kind: INCOME_KIND_WAGE amount_fen: 1 }
    income { kind: INCOME_KIND_WAGE amount_fen: 1 }
  )pb");
  v1::Facts f;
  absl::Status s = ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f);
  // The message starts with the field path, which error records carry as
  // "field" and the service as its field path (the serve_request fuzz
  // target found "income[21].date is empty: ..." without one).
  EXPECT_THAT(std::string(s.message()),
              ::testing::StartsWith("income[1].date: empty; every record needs its date"));
  EXPECT_EQ(ErrorField(std::string_view(s.message().data(), s.message().size())),
            "income[1].date");
}

// Every record's date is checked in the one pass (the error built only for
// the record that fails): empty or malformed, income or expenditure, the
// first record or a later one, a date seen before (remembered) or not.
TEST(Facts, EveryBadRecordDateIsNamedWithItsCode) {
  struct Case {
    const char* household;
    absl::StatusCode code;
    const char* message;
  };
  const Case cases[] = {
      {R"pb(income { kind: INCOME_KIND_WAGE })pb", absl::StatusCode::kInvalidArgument,
       "income[0].date: empty; every record needs its date"},
      {R"pb(income { date: "2024-03-01" } income { date: "2024-03-01" }
            income { date: "2024-02-30" })pb",
       absl::StatusCode::kInvalidArgument,
       "income[2].date: \"2024-02-30\" is not a valid date (YYYY-MM-DD)"},
      {R"pb(income { date: "2024-03-01" } expenditure { date: "2024-03-01" }
            expenditure { date: "2024-3-01" })pb",
       absl::StatusCode::kInvalidArgument,
       "expenditure[1].date: \"2024-3-01\" is not a valid date (YYYY-MM-DD)"},
      {R"pb(expenditure { amount_fen: 5 })pb", absl::StatusCode::kInvalidArgument,
       "expenditure[0].date: empty; every record needs its date"},
  };
  HouseholdDates dates;  // one memory of dates across the cases, as an evaluator keeps
  for (const Case& c : cases) {
    v1::Household h = House(std::string("members { registered: true } ") + c.household);
    v1::Facts f;
    absl::Status s = ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f, &dates);
    EXPECT_EQ(s.code(), c.code) << c.household;
    EXPECT_EQ(s.message(), c.message) << c.household;
  }
}

TEST(Facts, Plan6IncomeChangeAgainstThePreviousPeriod) {
  v1::Household h = House(R"pb(
    members { registered: true }
    income { date: "2023-06-01" kind: INCOME_KIND_WAGE amount_fen: 1000000 }
    income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 700000 }
  )pb");
  v1::Facts f;
  ASSERT_TRUE(ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f).ok());
  EXPECT_EQ(f.previous_window_start(), "2022-11-30");
  EXPECT_EQ(f.previous_window_end(), "2023-11-29");
  EXPECT_EQ(f.income_change_fen(), -300000);
  EXPECT_EQ(f.income_change_bp(), -3000);
}

TEST(Facts, DeclaredPreviousIncomeIsUsedWhenNoRecordsCoverThePreviousPeriod) {
  v1::Household h = House(R"pb(
    members { registered: true }
    previous_period_income_fen: 2000000
    income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 1000000 }
  )pb");
  v1::Facts f;
  ASSERT_TRUE(ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f).ok());
  EXPECT_TRUE(f.previous_known());
  EXPECT_FALSE(f.previous_from_records());
  EXPECT_EQ(f.income_change_bp(), -5000);
}

}  // namespace
}  // namespace povmon

namespace povmon {
namespace {

std::int64_t Day(const char* ymd) {
  std::int64_t d = 0;
  EXPECT_TRUE(ParseDataDate(ymd, &d)) << ymd;
  return d;
}

// Plan 7 §3(一): the twelve months before the as-of date, and the twelve
// before those; each record's date parsed once, in one pass, into the day
// numbers the later stages read.
TEST(Facts, OnePassKeepsEveryRecordsDayAndSumsBothWindows) {
  v1::Household h = House(R"pb(
    members { registered: true }
    income { date: "2024-03-01" kind: INCOME_KIND_WAGE amount_fen: 100 }
    income { date: "2023-03-01" kind: INCOME_KIND_WAGE amount_fen: 1000 }
    income { date: "2021-03-01" kind: INCOME_KIND_WAGE amount_fen: 99999 }
    income { date: "2023-11-30" kind: INCOME_KIND_INSURANCE_CLAIM amount_fen: 10 }
    expenditure { date: "2023-11-29" kind: EXPENDITURE_KIND_MEDICAL_COMPLIANT_OUT_OF_POCKET amount_fen: 300 }
    expenditure { date: "2024-11-29" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 7 }
    monitoring { identified_on: "2024-01-15" measures { start_date: "2024-02-01" } measures { } }
    visits { date: "2024-06-01" }
    visits { date: "not a date" }
  )pb");
  v1::Facts f;
  HouseholdDates d;
  ASSERT_TRUE(ComputeFacts(kRolling, h, absl::CivilDay(2024, 11, 30), &f, &d).ok());
  EXPECT_EQ(d.as_of, Day("2024-11-30"));
  EXPECT_EQ(d.window_first, Day("2023-11-30"));
  EXPECT_EQ(d.window_last, Day("2024-11-29"));
  EXPECT_EQ(d.previous_first, Day("2022-11-30"));
  EXPECT_EQ(d.previous_last, Day("2023-11-29"));
  EXPECT_EQ(d.income, (std::vector<std::int64_t>{Day("2024-03-01"), Day("2023-03-01"),
                                                 Day("2021-03-01"), Day("2023-11-30")}));
  EXPECT_EQ(d.expenditure,
            (std::vector<std::int64_t>{Day("2023-11-29"), Day("2024-11-29")}));
  // This window: 100 counted + 10 claims (its first day counts); education 7.
  EXPECT_EQ(f.counted_income_fen(), 100);
  EXPECT_EQ(f.insurance_claims_fen(), 10);
  EXPECT_EQ(f.net_income_fen(), 110);
  EXPECT_EQ(f.rigid_expenditure_fen(), 7);
  // The previous window: 1,000 counted less 300 compliant out-of-pocket
  // spent on its last day; 2021 is in neither.
  EXPECT_TRUE(f.previous_from_records());
  EXPECT_EQ(f.previous_net_income_fen(), 700);
  EXPECT_EQ(f.previous_window_start(), "2022-11-30");
  EXPECT_EQ(f.previous_window_end(), "2023-11-29");
  // The lifecycle's dates, empty or malformed ones marked as none.
  EXPECT_EQ(d.identified_on, Day("2024-01-15"));
  EXPECT_EQ(d.risk_eliminated_on, HouseholdDates::kNone);
  EXPECT_EQ(d.measure_starts, (std::vector<std::int64_t>{Day("2024-02-01"), HouseholdDates::kNone}));
  EXPECT_EQ(d.visits, (std::vector<std::int64_t>{Day("2024-06-01"), HouseholdDates::kNone}));

  // Reused for a smaller household: the day numbers are that household's.
  v1::Household small = House(R"pb(
    members { registered: true }
    income { date: "2024-01-02" kind: INCOME_KIND_WAGE amount_fen: 5 }
  )pb");
  ASSERT_TRUE(ComputeFacts(kRolling, small, absl::CivilDay(2024, 11, 30), &f, &d).ok());
  EXPECT_EQ(d.income, (std::vector<std::int64_t>{Day("2024-01-02")}));
  EXPECT_TRUE(d.expenditure.empty());
  EXPECT_TRUE(d.visits.empty());
  EXPECT_EQ(d.identified_on, HouseholdDates::kNone);
}

// Plan 6 (湘陰縣) §2: the screening period runs from the last 1 October (上年
// 10月以來) to the as-of date, against the same days a year earlier. Through
// the facts stage it reads the day numbers of the one pass above (no second
// parse): each record lands in this period, the previous one or neither.
TEST(Facts, Plan6ScreeningThroughTheFactsStageUsesTheOnePassDays) {
  v1::IncomeMeasure m = kRolling;
  m.mutable_screening()->set_start_month(10);
  m.mutable_screening()->set_start_day(1);
  v1::Household h = House(R"pb(
    members { registered: true }
    income { date: "2023-10-01" kind: INCOME_KIND_WAGE amount_fen: 100 }
    income { date: "2024-07-28" kind: INCOME_KIND_DIBAO amount_fen: 20 }
    income { date: "2024-07-29" kind: INCOME_KIND_WAGE amount_fen: 9000 }
    income { date: "2022-10-01" kind: INCOME_KIND_BUSINESS amount_fen: 3 }
    income { date: "2023-07-28" kind: INCOME_KIND_WAGE amount_fen: 400 }
    income { date: "2022-09-30" kind: INCOME_KIND_WAGE amount_fen: 50000 }
  )pb");
  v1::Facts f;
  HouseholdDates d;
  ASSERT_TRUE(ComputeFacts(m, h, absl::CivilDay(2024, 7, 28), &f, &d).ok());
  const v1::IncomeScreening& s = f.screening();
  EXPECT_EQ(s.period_start(), "2023-10-01");
  EXPECT_EQ(s.period_end(), "2024-07-28");
  // Both ends of this period count; 2024-07-29 is after the as-of date.
  EXPECT_EQ(s.current().wage_fen(), 100);
  EXPECT_EQ(s.current().dibao_fen(), 20);
  EXPECT_EQ(s.current().total_fen(), 120);
  EXPECT_EQ(s.current().records(), 2);
  // 2022-10-01..2023-07-28, both ends; 2022-09-30 is before it.
  EXPECT_TRUE(s.previous_known());
  EXPECT_EQ(s.previous().business_fen(), 3);
  EXPECT_EQ(s.previous().wage_fen(), 400);
  EXPECT_EQ(s.previous().total_fen(), 403);
  EXPECT_EQ(s.change_fen(), 120 - 403);
  // The same figures as the screening parsing the dates itself.
  v1::IncomeScreening alone;
  ASSERT_TRUE(ComputeIncomeScreening(m.screening(), h, absl::CivilDay(2024, 7, 28), &alone).ok());
  EXPECT_EQ(alone.SerializeAsString(), s.SerializeAsString());
}

}  // namespace
}  // namespace povmon
