// Plan 6's income screening (湘陰縣 §2, §2(三)2): the periods, the four
// components, the items the causes of decline name, the change.
#include "src/facts/income_screening.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace povmon {
namespace {

v1::Household House(const std::string& text) {
  v1::Household h;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &h)) << text;
  return h;
}

v1::IncomeScreeningPeriod October() {
  v1::IncomeScreeningPeriod p;
  p.set_start_month(10);
  p.set_start_day(1);
  return p;
}

TEST(IncomeScreening, Plan6SinceLastOctoberAgainstTheSamePeriodLastYear) {
  v1::IncomeScreening s;
  ASSERT_TRUE(ComputeIncomeScreening(October(), House(""), absl::CivilDay(2024, 7, 28), &s).ok());
  EXPECT_EQ(s.period_start(), "2023-10-01");
  EXPECT_EQ(s.period_end(), "2024-07-28");
  EXPECT_EQ(s.previous_start(), "2022-10-01");
  EXPECT_EQ(s.previous_end(), "2023-07-28");
  EXPECT_FALSE(s.previous_known());
}

TEST(IncomeScreening, OnFirstOctoberANewPeriodBeginsAndALeapDayClamps) {
  v1::IncomeScreening s;
  ASSERT_TRUE(ComputeIncomeScreening(October(), House(""), absl::CivilDay(2024, 10, 1), &s).ok());
  EXPECT_EQ(s.period_start(), "2024-10-01");
  EXPECT_EQ(s.previous_start(), "2023-10-01");
  EXPECT_EQ(s.previous_end(), "2023-10-01");
  ASSERT_TRUE(ComputeIncomeScreening(October(), House(""), absl::CivilDay(2024, 2, 29), &s).ok());
  EXPECT_EQ(s.period_start(), "2023-10-01");
  EXPECT_EQ(s.previous_end(), "2023-02-28");
}

TEST(IncomeScreening, PeriodsFollowTheStartDayAndTheAsOfDateFromCallToCall) {
  // The periods are worked out once per start day and as-of date and
  // reused: changing either from one call to the next must change them.
  v1::IncomeScreeningPeriod july;
  july.set_start_month(7);
  july.set_start_day(1);
  v1::IncomeScreeningPeriod july_fifteenth = july;
  july_fifteenth.set_start_day(15);
  v1::IncomeScreeningPeriod june = july;
  june.set_start_month(6);
  const absl::CivilDay day(2024, 7, 10);
  v1::IncomeScreening s;
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(ComputeIncomeScreening(October(), House(""), day, &s).ok());
    EXPECT_EQ(s.period_start(), "2023-10-01");
    ASSERT_TRUE(ComputeIncomeScreening(july, House(""), day, &s).ok());
    EXPECT_EQ(s.period_start(), "2024-07-01");
    EXPECT_EQ(s.previous_start(), "2023-07-01");
    ASSERT_TRUE(ComputeIncomeScreening(july_fifteenth, House(""), day, &s).ok());
    EXPECT_EQ(s.period_start(), "2023-07-15");
    ASSERT_TRUE(ComputeIncomeScreening(june, House(""), day, &s).ok());
    EXPECT_EQ(s.period_start(), "2024-06-01");
    ASSERT_TRUE(ComputeIncomeScreening(june, House(""), absl::CivilDay(2025, 5, 31), &s).ok());
    EXPECT_EQ(s.period_start(), "2024-06-01");
    EXPECT_EQ(s.period_end(), "2025-05-31");
    EXPECT_EQ(s.previous_end(), "2024-05-31");
  }
  // The window's records are counted against the periods of this call.
  v1::Household h = House(R"pb(
    income { date: "2024-07-05" kind: INCOME_KIND_WAGE amount_fen: 100 }
    income { date: "2023-07-05" kind: INCOME_KIND_WAGE amount_fen: 40 }
  )pb");
  ASSERT_TRUE(ComputeIncomeScreening(july, h, day, &s).ok());
  EXPECT_EQ(s.current().records(), 1);
  EXPECT_TRUE(s.previous_known());
  ASSERT_TRUE(ComputeIncomeScreening(October(), h, day, &s).ok());
  EXPECT_EQ(s.current().records(), 1);
  EXPECT_EQ(s.previous().records(), 1);
}

TEST(IncomeScreening, FourComponentsItemsAndTheChange) {
  v1::Household h = House(R"pb(
    income { date: "2023-01-15" kind: INCOME_KIND_WAGE item: INCOME_ITEM_PUBLIC_WELFARE_POST amount_fen: 600000 }
    income { date: "2023-02-15" kind: INCOME_KIND_WAGE amount_fen: 400000 }
    income { date: "2023-03-15" kind: INCOME_KIND_DIBAO amount_fen: 300000 }
    income { date: "2024-01-15" kind: INCOME_KIND_WAGE item: INCOME_ITEM_ASSISTED_WORKSHOP amount_fen: 300000 }
    income { date: "2024-02-15" kind: INCOME_KIND_BUSINESS amount_fen: 500000 }
    income { date: "2024-03-15" kind: INCOME_KIND_PROPERTY item: INCOME_ITEM_SOLAR_DIVIDEND amount_fen: 100000 }
    income { date: "2024-03-16" kind: INCOME_KIND_RESIDENTS_BASIC_PENSION amount_fen: 50000 }
    income { date: "2024-03-17" kind: INCOME_KIND_OTHER amount_fen: 7 }
  )pb");
  v1::IncomeScreening s;
  ASSERT_TRUE(ComputeIncomeScreening(October(), h, absl::CivilDay(2024, 7, 28), &s).ok());
  EXPECT_TRUE(s.previous_known());
  EXPECT_EQ(s.previous().wage_fen(), 1000000);
  EXPECT_EQ(s.previous().post_or_workshop_fen(), 600000);
  EXPECT_EQ(s.previous().job_wage_fen(), 400000);
  EXPECT_EQ(s.previous().transfer_fen(), 300000);
  EXPECT_EQ(s.previous().dibao_fen(), 300000);
  EXPECT_EQ(s.previous().total_fen(), 1300000);
  EXPECT_EQ(s.current().wage_fen(), 300000);
  EXPECT_EQ(s.current().job_wage_fen(), 0);
  EXPECT_EQ(s.current().business_fen(), 500000);
  EXPECT_EQ(s.current().property_fen(), 100000);
  EXPECT_EQ(s.current().solar_dividend_fen(), 100000);
  EXPECT_EQ(s.current().transfer_fen(), 50000);
  EXPECT_EQ(s.current().other_fen(), 7);
  EXPECT_EQ(s.current().total_fen(), 950007);
  EXPECT_EQ(s.change_fen(), 950007 - 1300000);
  EXPECT_EQ(s.change_bp(), -2692);  // −349,993 / 1,300,000, toward zero
}

TEST(IncomeScreening, OverflowIsAnErrorNotAWrappedSum) {
  v1::Household h = House(R"pb(
    income { date: "2024-01-15" kind: INCOME_KIND_WAGE amount_fen: 9223372036854775807 }
    income { date: "2024-01-16" kind: INCOME_KIND_WAGE amount_fen: 1 }
  )pb");
  v1::IncomeScreening s;
  EXPECT_EQ(ComputeIncomeScreening(October(), h, absl::CivilDay(2024, 7, 28), &s).code(),
            absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace povmon
