// The risk-elimination stage: Plan 4's criteria, blockers and 3 months of
// monitoring (policies/hunan-2024), Plan 5's tracked attention and checks of
// eliminated households (policies/yingkou-2024), and the load-time checks of
// elimination rules.
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

std::shared_ptr<const Policy> LoadPack(const std::string& name) {
  auto p = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/" + name);
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : nullptr;
}

absl::StatusOr<v1::Decision> Decide(const std::shared_ptr<const Policy>& policy,
                                    const std::string& household_text,
                                    CivilDay as_of) {
  v1::Household h;
  EXPECT_TRUE(
      google::protobuf::TextFormat::ParseFromString(household_text, &h));
  Evaluator evaluator(policy);
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = as_of;
  options.trace = v1::TRACE_LEVEL_FULL;
  absl::Status s = evaluator.Evaluate(h, options, &d);
  if (!s.ok()) return s;
  return d;
}

// Plan 4's base household: 7,000.00 per person, safe house and water, one
// measure, income stable, rigid expenditure resolved; identified 2024-03-15.
std::string Hunan(const std::string& extra = "",
                  const std::string& income_fen = "1400000",
                  const std::string& labour = "LABOUR_CAPACITY_FULL") {
  return R"pb(
           id: "h"
           lifted_out: true
           members { id: "m1" registered: true labour_capacity:)pb" +
         labour +
         R"pb(}
              members { id: "m2" registered: true labour_capacity: )pb" +
         labour +
         R"pb(}
              income { date: "2024-01-31" kind: INCOME_KIND_WAGE amount_fen: )pb" +
         income_fen + R"pb(}
                           housing: HOUSING_SAFETY_SAFE water: WATER_SAFETY_SAFE
    monitoring {
      category: CATEGORY_UNSTABLE_LIFTED_OUT identified_on: "2024-03-15"
      measures { kind: INTERVENTION_KIND_EMPLOYMENT start_date: "2024-03-20" }
    }
    elimination_review { income_stable_since: "2024-01-01" rigid_expenditure_resolved: true }
  )pb" + extra;
}

class HunanEliminationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    policy_ = new std::shared_ptr<const Policy>(LoadPack("hunan-2024"));
  }
  static void TearDownTestSuite() { delete policy_; }
  static std::shared_ptr<const Policy>* policy_;
};
std::shared_ptr<const Policy>* HunanEliminationTest::policy_ = nullptr;

// Plan 4 §5: 不低於三個月監測時間以後開展.
TEST_F(HunanEliminationTest, Plan4TwoMonthsIsNotYetThreeMonthsMay) {
  absl::StatusOr<v1::Decision> two =
      Decide(*policy_, Hunan(), CivilDay(2024, 6, 14));
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(two->elimination().status(), v1::ELIMINATION_STATUS_NOT_YET);
  EXPECT_EQ(two->elimination().earliest_date(), "2024-06-15");
  EXPECT_EQ(two->elimination().lifecycle().months_monitored(), 2);
  ASSERT_EQ(two->elimination().timing_size(), 1);
  EXPECT_EQ(two->elimination().timing(0).citation(), "Plan 4 §5");
  EXPECT_FALSE(two->elimination().timing(0).met());

  absl::StatusOr<v1::Decision> three =
      Decide(*policy_, Hunan(), CivilDay(2024, 6, 15));
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(three->elimination().status(),
            v1::ELIMINATION_STATUS_MAY_BE_ELIMINATED);
  EXPECT_EQ(three->elimination().earliest_date(), "");
  EXPECT_EQ(three->elimination().lifecycle().months_monitored(), 3);
}

// Every criterion is reported with its rule and citation, met or not.
TEST_F(HunanEliminationTest, Plan4FourCriteriaEachWithCitation) {
  absl::StatusOr<v1::Decision> d =
      Decide(*policy_, Hunan(), CivilDay(2024, 7, 1));
  ASSERT_TRUE(d.ok());
  const v1::EliminationAssessment& a = d->elimination();
  ASSERT_EQ(a.criteria_size(), 4);
  EXPECT_EQ(a.criteria(0).criterion(),
            v1::ELIMINATION_CRITERION_MEASURES_CARRIED_OUT);
  EXPECT_EQ(a.criteria(0).citation(), "Plan 4 §4(一)①");
  EXPECT_EQ(a.criteria(1).criterion(),
            v1::ELIMINATION_CRITERION_GUARANTEES_SECURE);
  EXPECT_EQ(a.criteria(2).criterion(), v1::ELIMINATION_CRITERION_INCOME_STABLE);
  EXPECT_EQ(a.criteria(3).criterion(),
            v1::ELIMINATION_CRITERION_RIGID_EXPENDITURE_RESOLVED);
  EXPECT_EQ(a.criteria(3).citation(), "Plan 4 §4(一)④");
  for (const v1::CriterionResult& c : a.criteria())
    EXPECT_TRUE(c.met()) << c.rule_id();
  EXPECT_EQ(a.blockers_size(), 0);
  EXPECT_EQ(a.citation(), "Plan 4 §4(一)");
}

// Plan 4 §4(一): 年人均純收入低於5000元的監測對象,不得標注“風險消除”.
TEST_F(HunanEliminationTest,
       Plan4FloorBlocksOneFenBelowAndTheTraceShowsBothValues) {
  absl::StatusOr<v1::Decision> below =
      Decide(*policy_, Hunan("", "999998"), CivilDay(2024, 7, 1));
  ASSERT_TRUE(below.ok());
  EXPECT_EQ(below->elimination().status(), v1::ELIMINATION_STATUS_BLOCKED);
  ASSERT_EQ(below->elimination().blockers_size(), 1);
  EXPECT_EQ(below->elimination().blockers(0).blocker(),
            v1::ELIMINATION_BLOCKER_INCOME_BELOW_FLOOR);
  const v1::TraceEntry* floor = nullptr;
  for (const v1::TraceEntry& e : below->trace()) {
    if (e.rule_id() == "p4.elim.income_below_floor") floor = &e;
  }
  ASSERT_NE(floor, nullptr);
  EXPECT_EQ(floor->stage(), v1::STAGE_ELIMINATION);
  EXPECT_TRUE(floor->fired());
  ASSERT_EQ(floor->compared_size(), 1);
  EXPECT_EQ(floor->compared(0).left(), 499999);
  EXPECT_EQ(floor->compared(0).right(), 500000);

  absl::StatusOr<v1::Decision> at =
      Decide(*policy_, Hunan("", "1000000"), CivilDay(2024, 7, 1));
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->elimination().status(),
            v1::ELIMINATION_STATUS_MAY_BE_ELIMINATED);
}

// A blocker wins over everything else, and all blockers that hold are listed.
TEST_F(HunanEliminationTest, Plan4EveryBlockerThatHoldsIsListed) {
  absl::StatusOr<v1::Decision> d = Decide(
      *policy_,
      Hunan("future_income_unstable: true", "999998", "LABOUR_CAPACITY_NONE"),
      CivilDay(2024, 6, 1));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->elimination().status(), v1::ELIMINATION_STATUS_BLOCKED);
  EXPECT_EQ(d->elimination().blockers_size(), 3);
  EXPECT_EQ(d->elimination().earliest_date(), "");
}

TEST_F(HunanEliminationTest, MarkedHouseholdsAreKeptNotRemoved) {
  std::string marked = R"pb(
    id: "h"
    members { id: "m1" registered: true labour_capacity: LABOUR_CAPACITY_FULL }
    income { date: "2024-01-31" kind: INCOME_KIND_WAGE amount_fen: 1400000 }
    monitoring {
      category: CATEGORY_MARGINAL_AT_RISK
      identified_on: "2024-01-10"
      risk_eliminated_on: "2024-06-20"
    }
  )pb";
  absl::StatusOr<v1::Decision> after =
      Decide(*policy_, marked, CivilDay(2024, 9, 1));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->elimination().status(), v1::ELIMINATION_STATUS_ELIMINATED);
  EXPECT_EQ(after->elimination().lifecycle().risk_eliminated_on(),
            "2024-06-20");
  EXPECT_THAT(after->elimination().kept_citation(), HasSubstr("Plan 1 §5(三)"));
  // As of a day before the marking the household was still monitored.
  absl::StatusOr<v1::Decision> before =
      Decide(*policy_, marked, CivilDay(2024, 6, 19));
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->elimination().lifecycle().status(),
            v1::MONITORING_STATUS_MONITORED);
  std::string text = Explain(*after, **policy_);
  EXPECT_THAT(text, HasSubstr("不做清退"));
}

TEST_F(HunanEliminationTest, ExplainPrintsTheAssessmentWithRulesAndCitations) {
  absl::StatusOr<v1::Decision> d =
      Decide(*policy_, Hunan(), CivilDay(2024, 6, 14));
  ASSERT_TRUE(d.ok());
  std::string text = Explain(*d, **policy_);
  EXPECT_THAT(
      text,
      HasSubstr("風險消除 Risk elimination (Plan 4 §4(一)): 暫不能標注風險消除 "
                "— not yet; 最早 earliest 2024-06-15"));
  EXPECT_THAT(text, HasSubstr("✗ 時限未到 not yet from 2024-06-15 — rule "
                              "p4.elim.three_months_monitored (Plan 4 §5)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "Risk elimination comes after at least three months of monitoring."));
  EXPECT_THAT(text,
              HasSubstr("✓ 達標 met     ELIMINATION_CRITERION_INCOME_STABLE — "
                        "rule p4.elim.income_stable (Plan 4 §4(一)③)"));
}

TEST(EliminationStage, APackWithoutLifecycleFilesLeavesTheResultsUnset) {
  std::shared_ptr<const Policy> mini;
  auto p = Policy::Load(std::string(POVMON_SOURCE_DIR) +
                        "/tests/testdata/packs/mini");
  ASSERT_TRUE(p.ok()) << p.status();
  absl::StatusOr<v1::Decision> d = Decide(*p, Hunan(), CivilDay(2024, 7, 1));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_FALSE(d->has_elimination());
  EXPECT_FALSE(d->has_procedure());
  EXPECT_FALSE(d->has_visits());
}

// ------------------------------------------------------------ Plan 5

std::string Yingkou(const std::string& monitoring,
                    const std::string& extra = "",
                    const std::string& income_fen = "1600000",
                    const std::string& labour = "LABOUR_CAPACITY_FULL") {
  return R"pb(
           id: "y"
           lifted_out: true
           members { id: "m1" registered: true labour_capacity:)pb" +
         labour +
         R"pb(}
              members { id: "m2" registered: true labour_capacity: )pb" +
         labour +
         R"pb(}
              income { date: "2024-03-31" kind: INCOME_KIND_WAGE amount_fen: )pb" +
         income_fen + R"pb(}
                           housing: HOUSING_SAFETY_SAFE water: WATER_SAFETY_SAFE
    elimination_review { rigid_expenditure_resolved: true }
    monitoring { )pb" +
         monitoring + " } " + extra;
}

constexpr char kMonitoredWithMeasures[] = R"pb(
  category: CATEGORY_UNSTABLE_LIFTED_OUT
  identified_on: "2024-01-05"
  measures { kind: INTERVENTION_KIND_EMPLOYMENT start_date: "2024-01-15" }
  measures { kind: INTERVENTION_KIND_INDUSTRY start_date: "2024-03-01" }
)pb";
constexpr char kMarked[] = R"pb(category: CATEGORY_UNSTABLE_LIFTED_OUT
                                identified_on: "2022-06-01"
                                risk_eliminated_on: "2023-06-20")pb";

class YingkouEliminationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    policy_ = new std::shared_ptr<const Policy>(LoadPack("yingkou-2024"));
  }
  static void TearDownTestSuite() { delete policy_; }
  static std::shared_ptr<const Policy>* policy_;
};
std::shared_ptr<const Policy>* YingkouEliminationTest::policy_ = nullptr;

// Plan 5 §2(二)4:
// 落實幫扶措施不滿半年但其他條件已達到消除標準的,作為跟蹤關注對象.
TEST_F(YingkouEliminationTest, Plan5FiveMonthsIsTrackedAttentionSixMonthsMay) {
  absl::StatusOr<v1::Decision> five =
      Decide(*policy_, Yingkou(kMonitoredWithMeasures), CivilDay(2024, 7, 14));
  ASSERT_TRUE(five.ok()) << five.status();
  EXPECT_EQ(five->elimination().status(),
            v1::ELIMINATION_STATUS_TRACKED_ATTENTION);
  EXPECT_EQ(five->elimination().earliest_date(), "2024-07-15");
  EXPECT_EQ(five->elimination().lifecycle().first_measure_start(),
            "2024-01-15");
  EXPECT_EQ(five->elimination().lifecycle().last_measure_start(), "2024-03-01");
  absl::StatusOr<v1::Decision> six =
      Decide(*policy_, Yingkou(kMonitoredWithMeasures), CivilDay(2024, 7, 15));
  ASSERT_TRUE(six.ok());
  EXPECT_EQ(six->elimination().status(),
            v1::ELIMINATION_STATUS_MAY_BE_ELIMINATED);
}

// A criterion unmet makes it "not yet", not "tracked attention".
TEST_F(YingkouEliminationTest, Plan5TrackedAttentionNeedsEverythingElseMet) {
  absl::StatusOr<v1::Decision> d =
      Decide(*policy_, Yingkou(kMonitoredWithMeasures, "", "1320000"),
             CivilDay(2024, 7, 14));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->elimination().status(), v1::ELIMINATION_STATUS_NOT_YET);
  EXPECT_EQ(d->elimination().earliest_date(), "2024-07-15");
}

// Plan 5 §2(二)3①: 高於20xx年省監測範圍6600元且持續穩定.
TEST_F(YingkouEliminationTest, Plan5RecheckLineIsStrict) {
  absl::StatusOr<v1::Decision> above =
      Decide(*policy_, Yingkou(kMarked, "", "1320002"), CivilDay(2024, 6, 1));
  ASSERT_TRUE(above.ok());
  EXPECT_EQ(above->elimination().status(), v1::ELIMINATION_STATUS_ELIMINATED);
  EXPECT_EQ(above->elimination().recheck_size(), 5);
  EXPECT_EQ(above->elimination().criteria_size(), 0);
  absl::StatusOr<v1::Decision> at =
      Decide(*policy_, Yingkou(kMarked, "", "1320000"), CivilDay(2024, 6, 1));
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->elimination().status(), v1::ELIMINATION_STATUS_REVERT);
}

// A new shock after the marking: identify again, even when income also fell.
TEST_F(YingkouEliminationTest, Plan5RiskAgainComesBeforeAnUnstableRecheck) {
  std::string shock = R"pb(sudden_shock: true
                           sudden_shock_on: "2024-05-10"
                           disaster_affected: true)pb";
  absl::StatusOr<v1::Decision> d = Decide(
      *policy_, Yingkou(kMarked, shock, "1000000"), CivilDay(2024, 6, 1));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->elimination().status(), v1::ELIMINATION_STATUS_REIDENTIFY);
  // A shock before the marking is not a new risk.
  std::string old = R"pb(sudden_shock: true sudden_shock_on: "2023-05-10")pb";
  absl::StatusOr<v1::Decision> o =
      Decide(*policy_, Yingkou(kMarked, old), CivilDay(2024, 6, 1));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->elimination().status(), v1::ELIMINATION_STATUS_ELIMINATED);
}

// 對整戶無勞動能力的……要進行回退: a revert rule comes first.
TEST_F(YingkouEliminationTest, Plan5NoLabourRevertsBeforeAnythingElse) {
  std::string shock = R"pb(sudden_shock: true sudden_shock_on: "2024-05-10")pb";
  absl::StatusOr<v1::Decision> d = Decide(
      *policy_, Yingkou(kMarked, shock, "1600000", "LABOUR_CAPACITY_NONE"),
      CivilDay(2024, 6, 1));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->elimination().status(), v1::ELIMINATION_STATUS_REVERT);
}

// ------------------------------------------------------------ loading

std::map<std::string, std::string> MiniFiles() {
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
  return files;
}

std::vector<std::string> LoadProblems(const std::string& lifecycle) {
  std::map<std::string, std::string> files = MiniFiles();
  files["lifecycle.textproto"] = lifecycle;
  std::vector<LoadProblem> problems;
  auto p = Policy::LoadFromFiles(files, "mini", &problems);
  EXPECT_FALSE(p.ok());
  std::vector<std::string> out;
  for (const LoadProblem& pr : problems) out.push_back(pr.ToString());
  return out;
}

TEST(EliminationLoading, EveryProblemIsReportedAtItsPosition) {
  std::vector<std::string> problems = LoadProblems(
      "elimination {\n"
      "  citation: \"Plan 4 §4(一)\"\n"
      "  rule { id: \"a\" citation: \"c\" description_zh: \"z\" "
      "description_en: \"e\"\n"
      "         when: \"facts.per_capita_net_income_fen < 5000\" blocker: "
      "ELIMINATION_BLOCKER_INCOME_BELOW_FLOOR }\n"
      "  rule { id: \"b\" description_zh: \"z\" description_en: \"e\" when: "
      "\"true\" }\n"
      "  rule { id: \"c\" citation: \"c\" description_zh: \"z\" "
      "description_en: \"e\" timing: TIMING_EFFECT_NOT_YET }\n"
      "  rule { id: \"category.unstable\" citation: \"c\" description_zh: "
      "\"z\" description_en: \"e\"\n"
      "         when: \"true\" not_before: \"as_of\" criterion: "
      "ELIMINATION_CRITERION_INCOME_STABLE }\n"
      "}\n");
  EXPECT_THAT(
      problems,
      ::testing::UnorderedElementsAre(
          HasSubstr(
              "lifecycle.textproto:1:1: elimination has no kept_citation"),
          HasSubstr("lifecycle.textproto:4:49: elimination rule \"a\" when: "
                    "type error: cannot compare money with int"),
          HasSubstr("lifecycle.textproto:5:3: elimination rule \"b\" has no "
                    "citation"),
          HasSubstr(
              "lifecycle.textproto:5:3: elimination rule \"b\" has no role"),
          HasSubstr("lifecycle.textproto:6:3: elimination rule \"c\" has no "
                    "not_before"),
          HasSubstr("lifecycle.textproto:7:3: elimination rule "
                    "\"category.unstable\": the id is already a rule's id"),
          HasSubstr(
              "lifecycle.textproto:7:3: elimination rule "
              "\"category.unstable\": not_before is for timing rules only")));
}

TEST(EliminationLoading, AnEliminationSectionNeedsACriterion) {
  EXPECT_THAT(
      LoadProblems("elimination { citation: \"x\" kept_citation: \"y\" }\n"),
      ::testing::ElementsAre(HasSubstr("elimination has no criterion rule")));
}

TEST(EliminationLoading, AnEmptyLifecycleFileIsAProblem) {
  EXPECT_THAT(
      LoadProblems(""),
      ::testing::ElementsAre(HasSubstr("the lifecycle file defines nothing")));
}

}  // namespace
}  // namespace povmon
