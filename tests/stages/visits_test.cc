// The visits stage: Plan 3's cadence by status (monthly, half-yearly,
// yearly; policies/suining-2024), Plan 2's in-person counting
// (policies/lingshou-2024), and the errors a cadence can raise.
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/explain.h"
#include "povmon/policy.h"

namespace povmon {
namespace {

using absl::CivilDay;
using ::testing::HasSubstr;

absl::StatusOr<v1::Decision> Decide(const std::shared_ptr<const Policy>& policy,
                                    const std::string& extra, CivilDay as_of) {
  v1::Household h;
  std::string text =
      R"pb(
        id: "h"
        members {
          id: "m1"
          registered: true
          co_resident: true
          labour_capacity: LABOUR_CAPACITY_FULL
        }
        income { date: "2024-01-31" kind: INCOME_KIND_WAGE amount_fen: 500000 }
      )pb" +
      extra;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &h)) << text;
  Evaluator evaluator(policy);
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = as_of;
  absl::Status s = evaluator.Evaluate(h, options, &d);
  if (!s.ok()) return s;
  return d;
}

class SuiningVisitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto p =
        Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/suining-2024");
    ASSERT_TRUE(p.ok()) << p.status();
    policy_ = new std::shared_ptr<const Policy>(*p);
  }
  static void TearDownTestSuite() { delete policy_; }
  static std::shared_ptr<const Policy>* policy_;
};
std::shared_ptr<const Policy>* SuiningVisitsTest::policy_ = nullptr;

constexpr char kMonitored[] = R"pb(
  monitoring { category: CATEGORY_MARGINAL_AT_RISK identified_on: "2024-03-10" }
  visits { date: "2024-03-10" channel: VISIT_CHANNEL_IN_PERSON }
  visits { date: "2024-04-18" channel: VISIT_CHANNEL_WECHAT }
  visits { date: "2024-05-31" channel: VISIT_CHANNEL_PHONE }
)pb";

// Plan 3 §2(一): 未消除風險戶每月應回訪一次.
TEST_F(SuiningVisitsTest, Plan3MonthlyVisitDueOnTheLastDayThenOverdue) {
  absl::StatusOr<v1::Decision> due =
      Decide(*policy_, kMonitored, CivilDay(2024, 6, 29));
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(due->visits().state(), v1::VISIT_STATE_DUE);
  EXPECT_EQ(due->visits().next_due(), "2024-06-30");
  EXPECT_EQ(due->visits().period_start(), "2024-06-01");
  EXPECT_EQ(due->visits().period_end(), "2024-06-30");
  EXPECT_EQ(due->visits().last_visit(), "2024-05-31");
  EXPECT_EQ(due->visits().citation(), "Plan 3 §2(一)");

  absl::StatusOr<v1::Decision> today =
      Decide(*policy_, kMonitored, CivilDay(2024, 6, 30));
  ASSERT_TRUE(today.ok());
  EXPECT_EQ(today->visits().state(), v1::VISIT_STATE_DUE_TODAY);

  absl::StatusOr<v1::Decision> overdue =
      Decide(*policy_, kMonitored, CivilDay(2024, 7, 1));
  ASSERT_TRUE(overdue.ok());
  EXPECT_EQ(overdue->visits().state(), v1::VISIT_STATE_OVERDUE);
  EXPECT_EQ(overdue->visits().next_due(), "2024-06-30");
  ASSERT_EQ(overdue->visits().missed_size(), 1);
  EXPECT_EQ(overdue->visits().missed(0).start(), "2024-06-01");
  EXPECT_EQ(overdue->visits().missed(0).end(), "2024-06-30");
  std::string text = Explain(*overdue, **policy_);
  EXPECT_THAT(
      text,
      HasSubstr("走訪 Visits: 已逾期 OVERDUE, 應於 was due by 2024-06-30"));
  EXPECT_THAT(text, HasSubstr("! 漏訪 missed 2024-06-01 – 2024-06-30"));
}

// A visit on the due day itself keeps the household up to date.
TEST_F(SuiningVisitsTest, Plan3AVisitOnTheDueDayCounts) {
  absl::StatusOr<v1::Decision> d =
      Decide(*policy_,
             std::string(kMonitored) + R"pb(visits {
                                              date: "2024-06-30"
                                              channel: VISIT_CHANNEL_IN_PERSON
                                            })pb",
             CivilDay(2024, 6, 30));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->visits().state(), v1::VISIT_STATE_VISITED);
  EXPECT_EQ(d->visits().next_due(), "2024-07-31");
  EXPECT_EQ(d->visits().visits_in_period(), 1);
}

// Plan 3 §2(一): 已消除風險監測戶至少半年回訪一次;
// 已穩定脫貧戶一年至少回訪一次.
TEST_F(SuiningVisitsTest, Plan3HalfYearlyAndYearlyPeriods) {
  absl::StatusOr<v1::Decision> eliminated =
      Decide(*policy_, R"pb(
               monitoring {
                 category: CATEGORY_MARGINAL_AT_RISK
                 identified_on: "2023-02-01"
                 risk_eliminated_on: "2023-05-01"
               }
               visits { date: "2023-06-10" }
               visits { date: "2024-07-01" }
             )pb",
             CivilDay(2024, 12, 31));
  ASSERT_TRUE(eliminated.ok()) << eliminated.status();
  EXPECT_EQ(eliminated->visits().interval_months(), 6);
  EXPECT_EQ(eliminated->visits().period_start(), "2024-07-01");
  EXPECT_EQ(eliminated->visits().period_end(), "2024-12-31");
  EXPECT_EQ(eliminated->visits().state(), v1::VISIT_STATE_VISITED);
  EXPECT_EQ(eliminated->visits().next_due(), "2025-06-30");
  // July-December 2023 and January-June 2024 were missed.
  EXPECT_EQ(eliminated->visits().missed_size(), 2);

  absl::StatusOr<v1::Decision> stable =
      Decide(*policy_, "lifted_out: true", CivilDay(2024, 8, 1));
  ASSERT_TRUE(stable.ok());
  EXPECT_EQ(stable->visits().cadence_rule_id(), "p3.visits.stable_lifted_out");
  EXPECT_EQ(stable->visits().interval_months(), 12);
  EXPECT_EQ(stable->visits().state(), v1::VISIT_STATE_DUE);
  EXPECT_EQ(stable->visits().next_due(), "2024-12-31");
}

TEST_F(SuiningVisitsTest, VisitsAfterTheAsOfDateAreIgnored) {
  absl::StatusOr<v1::Decision> d =
      Decide(*policy_, R"pb(
               monitoring {
                 category: CATEGORY_MARGINAL_AT_RISK
                 identified_on: "2024-06-01"
               }
               visits { date: "2024-06-20" }
             )pb",
             CivilDay(2024, 6, 10));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->visits().state(), v1::VISIT_STATE_DUE);
  EXPECT_EQ(d->visits().last_visit(), "");
}

TEST_F(SuiningVisitsTest, AVisitWithoutADateIsAnError) {
  absl::StatusOr<v1::Decision> d =
      Decide(*policy_, "lifted_out: true visits { helper: \"h\" }",
             CivilDay(2024, 8, 1));
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(std::string(d.status().message()),
              HasSubstr("visits[0].date: is empty"));
}

// Plan 2 §3(五)3: 每月月底進行入戶調查 — only visits at home count.
TEST(LingshouVisits, Plan2OnlyInPersonVisitsCount) {
  auto p =
      Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/lingshou-2024");
  ASSERT_TRUE(p.ok()) << p.status();
  absl::StatusOr<v1::Decision> d =
      Decide(*p, R"pb(
               monitoring {
                 category: CATEGORY_MARGINAL_AT_RISK
                 identified_on: "2024-05-02"
               }
               visits { date: "2024-05-28" channel: VISIT_CHANNEL_IN_PERSON }
               visits { date: "2024-06-12" channel: VISIT_CHANNEL_PHONE }
             )pb",
             CivilDay(2024, 6, 30));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->visits().state(), v1::VISIT_STATE_DUE_TODAY);
  EXPECT_EQ(d->visits().last_visit(), "2024-05-28");
  EXPECT_EQ(d->visits().counting_rule_id(), "p2.visits.in_person");
}

// A cadence whose months do not divide the year is an evaluation error.
TEST(VisitCadence, IntervalMustDivideTheYear) {
  std::map<std::string, std::string> files;
  for (const char* name :
       {"pack.textproto", "parameters.textproto", "rules.textproto"}) {
    std::ifstream in(std::string(POVMON_SOURCE_DIR) +
                     "/tests/testdata/packs/mini/" + name);
    std::ostringstream ss;
    ss << in.rdbuf();
    files[name] = ss.str();
  }
  files["pack.textproto"] += "lifecycle_files: \"lifecycle.textproto\"\n";
  files["lifecycle.textproto"] =
      "visits { cadence { id: \"v\" citation: \"Plan 3 §2(一)\" "
      "description_zh: \"z\" description_en: \"e\"\n"
      "  when: \"true\" interval_months: \"5\" since: \"as_of\" } }\n";
  auto p = Policy::LoadFromFiles(files, "mini");
  ASSERT_TRUE(p.ok()) << p.status();
  absl::StatusOr<v1::Decision> d = Decide(*p, "", CivilDay(2024, 6, 30));
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(std::string(d.status().message()),
              HasSubstr("visit cadence \"v\" interval_months "
                        "(mini/lifecycle.textproto:2): 5 months does not "
                        "divide the year"));
}

// The first cadence that holds applies: one after an unconditional cadence
// can never apply, and the pack is rejected.
TEST(VisitCadence, ACadenceAfterAnUnconditionalOneIsALoadError) {
  std::map<std::string, std::string> files;
  for (const char* name :
       {"pack.textproto", "parameters.textproto", "rules.textproto"}) {
    std::ifstream in(std::string(POVMON_SOURCE_DIR) +
                     "/tests/testdata/packs/mini/" + name);
    std::ostringstream ss;
    ss << in.rdbuf();
    files[name] = ss.str();
  }
  files["pack.textproto"] += "lifecycle_files: \"lifecycle.textproto\"\n";
  files["lifecycle.textproto"] =
      "visits {\n"
      "  cadence { id: \"all\" citation: \"c\" description_zh: \"z\" "
      "description_en: \"e\" when: \"true\" interval_months: \"1\" since: "
      "\"as_of\" }\n"
      "  cadence { id: \"late\" citation: \"c\" description_zh: \"z\" "
      "description_en: \"e\" when: \"true\" interval_months: \"6\" since: "
      "\"as_of\" }\n"
      "}\n";
  std::vector<LoadProblem> problems;
  auto p = Policy::LoadFromFiles(files, "mini", &problems);
  ASSERT_FALSE(p.ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].ToString(),
            "mini/lifecycle.textproto:3:3: visit cadence \"late\" can never "
            "apply: visit cadence \"all\" before it always holds");
}

}  // namespace
}  // namespace povmon
