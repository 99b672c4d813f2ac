// Loading measure catalogues: every problem at its file:line:col, hit
// policies checked at load (docs/assistance.md, "What the loader rejects").
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/policy.h"
#include "src/policy/measure_analysis.h"
#include "src/policy/policy_impl.h"

namespace povmon {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kPack[] = R"pb(id: "t"
title_en: "t"
description: "t"
source: "Plan 6"
valid_from: "2024-01-01"
valid_until: "2024-12-31"
income {
  window { kind: WINDOW_KIND_ROLLING_12_MONTHS }
  counted_kinds: [INCOME_KIND_WAGE]
  members: MEMBER_COUNTING_REGISTERED
  citation: "Plan 7 §3(一)"
}
parameter_files: "parameters.textproto"
rule_files: "rules.textproto"
measure_files: "measures.textproto"
)pb";

constexpr char kParameters[] = R"pb(parameter {
  name: "line"
  type: PARAMETER_TYPE_MONEY
  description: "line"
  citation: "Plan 4 §2(三)"
  value { from: "2024-01-01" yuan: "6500.00" }
}
parameter {
  name: "award"
  type: PARAMETER_TYPE_MONEY
  description: "award"
  citation: "Plan 6 §3.5"
  value { from: "2024-01-01" yuan: "10000.00" }
}
)pb";

constexpr char kRules[] = R"pb(rule {
  id: "risk.housing"
  citation: "Plan 4 §2(三)"
  description_zh: "中"
  description_en: "en"
  when: "household.housing == HOUSING_SAFETY_UNSAFE"
  risk: RISK_TYPE_UNSAFE_HOUSING
}
rule {
  id: "category.marginal"
  citation: "Plan 4 §2(二)②"
  description_zh: "中"
  description_en: "en"
  when: "facts.per_capita_net_income_fen < param.line"
  category: CATEGORY_MARGINAL_AT_RISK
}
)pb";

// A measure with the fields every measure needs; `body` adds the rest.
std::string Measure(const std::string& id, const std::string& body,
                    const std::string& level = "MEASURE_LEVEL_HOUSEHOLD",
                    const std::string& kind = "MEASURE_KIND_GUARANTEE") {
  return "measure {\n  id: \"" + id + "\"\n  name_zh: \"中\"\n  name_en: \"en\"\n" +
         "  department: \"dept\"\n  kind: " + kind + "\n  level: " + level +
         "\n  citation: \"Plan 6 §3.5\"\n" + body + "}\n";
}

std::string Family(const std::string& id, const std::string& policy, const std::string& level) {
  return "family {\n  id: \"" + id + "\"\n  name_zh: \"中\"\n  name_en: \"en\"\n  hit_policy: " +
         policy + "\n  level: " + level + "\n  citation: \"Plan 6 §3.5\"\n}\n";
}

std::string Condition(const std::string& when) {
  return "  condition {\n    when: \"" + when +
         "\"\n    holds: \"h\"\n    fails: \"f\"\n    citation: \"Plan 6 §3.5\"\n  }\n";
}

std::map<std::string, std::string> Files(const std::string& measures) {
  return {{"pack.textproto", kPack},
          {"parameters.textproto", kParameters},
          {"rules.textproto", kRules},
          {"measures.textproto", measures}};
}

std::vector<std::string> Problems(const std::string& measures) {
  std::vector<LoadProblem> problems;
  auto policy = Policy::LoadFromFiles(Files(measures), "p", &problems);
  std::vector<std::string> out;
  for (const LoadProblem& p : problems) out.push_back(p.ToString());
  EXPECT_EQ(policy.ok(), out.empty());
  return out;
}

// The workshop tiers of Plan 6 §3.5 as a PRIORITY family, in the order given.
std::string Tiers(const std::vector<int>& thresholds) {
  std::string text = Family("tier", "HIT_POLICY_PRIORITY", "MEASURE_LEVEL_WORKSHOP");
  for (int n : thresholds) {
    text += Measure("tier." + std::to_string(n),
                    "  family: \"tier\"\n" +
                        Condition("count(workshop.employees, e, e.lifted_out && e.months_employed >= 6) >= " +
                                  std::to_string(n)) +
                        "  amount { fen: \"param.award\" basis: AMOUNT_BASIS_ONE_OFF }\n",
                    "MEASURE_LEVEL_WORKSHOP", "MEASURE_KIND_DEVELOPMENT");
  }
  return text;
}

TEST(MeasureCatalogue, Plan6WorkshopTiersLargestFirstLoad) {
  EXPECT_THAT(Problems(Tiers({20, 10, 5})), IsEmpty());
}

// A PRIORITY family gives only its first applicable measure: with the 5-person
// tier first, the 10- and 20-person tiers overlap it entirely and can never
// be given. The pack is rejected with the later measures' positions.
TEST(MeasureCatalogue, Plan6PriorityTiersThatOverlapAreRejectedWithPositions) {
  std::vector<std::string> problems = Problems(Tiers({5, 10, 20}));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_THAT(problems[0], HasSubstr("p/measures.textproto:"));
  EXPECT_THAT(problems[0], HasSubstr("measure \"tier.10\" can never fire: family \"tier\" is "
                                     "PRIORITY and measure \"tier.5\" before it"));
  EXPECT_THAT(problems[1], HasSubstr("measure \"tier.20\" can never fire"));
  // The position is the `measure {` line of tier.10: the family (8 lines),
  // then tier.5 (17 lines).
  EXPECT_THAT(problems[0], HasSubstr("measures.textproto:26:1:"));
}

TEST(MeasureCatalogue, PriorityMeasureIdenticalToAnEarlierOneIsRejected) {
  std::string m = Family("f", "HIT_POLICY_PRIORITY", "MEASURE_LEVEL_HOUSEHOLD");
  m += Measure("a", "  family: \"f\"\n  risks: RISK_TYPE_UNSAFE_HOUSING\n" +
                        Condition("household.lifted_out"));
  m += Measure("b", "  family: \"f\"\n  risks: RISK_TYPE_UNSAFE_HOUSING\n" +
                        Condition("household.lifted_out && household.housing == HOUSING_SAFETY_UNSAFE"));
  EXPECT_THAT(Problems(m), ElementsAre(HasSubstr("measure \"b\" can never fire")));
}

TEST(MeasureCatalogue, CollectFamilyMayOverlap) {
  std::string m = Family("f", "HIT_POLICY_COLLECT", "MEASURE_LEVEL_HOUSEHOLD");
  m += Measure("a", "  family: \"f\"\n  risks: RISK_TYPE_UNSAFE_HOUSING\n" + Condition("household.lifted_out"));
  m += Measure("b", "  family: \"f\"\n  risks: RISK_TYPE_UNSAFE_HOUSING\n" + Condition("household.lifted_out"));
  EXPECT_THAT(Problems(m), IsEmpty());
}

TEST(MeasureCatalogue, PriorityMeasuresOfDifferentKindOrRisksMayOverlap) {
  // The later one answers a risk the earlier does not, so it can be a
  // candidate when the earlier is not (one risk, one measure).
  std::string m = Family("f", "HIT_POLICY_PRIORITY", "MEASURE_LEVEL_HOUSEHOLD");
  m += Measure("a", "  family: \"f\"\n  risks: RISK_TYPE_UNSAFE_HOUSING\n" + Condition("household.lifted_out"));
  m += Measure("b", "  family: \"f\"\n  risks: RISK_TYPE_ILLNESS\n" + Condition("household.lifted_out"));
  EXPECT_THAT(Problems(m), IsEmpty());
}

TEST(MeasureCatalogue, LiterallyFalseMeasureCanNeverFire) {
  std::string m = Measure("never", "  risks: RISK_TYPE_UNSAFE_HOUSING\n" + Condition("false"));
  EXPECT_THAT(Problems(m), ElementsAre(AllOf(HasSubstr("p/measures.textproto:1:1:"),
                                             HasSubstr("measure \"never\" can never fire: the "
                                                       "condition is literally `false`"))));
}

TEST(MeasureCatalogue, ContradictoryConditionsCanNeverFire) {
  std::string m = Measure("never",
                          "  risks: RISK_TYPE_UNSAFE_HOUSING\n"
                          "  who: \"household.lifted_out_year >= 2020\"\n" +
                              Condition("household.lifted_out_year < yuan(0) / yuan(1) + 2019"));
  // An arithmetic bound is opaque: no false alarm.
  EXPECT_THAT(Problems(m), IsEmpty());
  m = Measure("never", "  risks: RISK_TYPE_UNSAFE_HOUSING\n  who: \"household.lifted_out_year >= 2020\"\n" +
                           Condition("household.lifted_out_year <= 2019"));
  EXPECT_THAT(Problems(m), ElementsAre(HasSubstr("can never fire: `household.lifted_out_year>=2020` "
                                                 "and `household.lifted_out_year<=2019` cannot all hold")));
  m = Measure("never", "  risks: RISK_TYPE_UNSAFE_HOUSING\n  who: \"household.support == SUPPORT_STATUS_DIBAO\"\n" +
                           Condition("household.support in [SUPPORT_STATUS_NONE, SUPPORT_STATUS_DISPERSED_EXTREME_POVERTY]"));
  EXPECT_THAT(Problems(m), ElementsAre(HasSubstr("can never fire")));
  m = Measure("never", "  risks: RISK_TYPE_UNSAFE_HOUSING\n  who: \"household.lifted_out\"\n" +
                           Condition("!household.lifted_out"));
  EXPECT_THAT(Problems(m), ElementsAre(HasSubstr("cannot both hold")));
}

TEST(MeasureCatalogue, MemberLevelMeasureInHouseholdFamilyCanNeverFire) {
  std::string m = Family("f", "HIT_POLICY_PRIORITY", "MEASURE_LEVEL_HOUSEHOLD");
  m += Measure("per_member", "  family: \"f\"\n  risks: RISK_TYPE_UNSAFE_HOUSING\n",
               "MEASURE_LEVEL_MEMBER");
  EXPECT_THAT(Problems(m), ElementsAre(AllOf(
                               HasSubstr("p/measures.textproto:17:3:"),
                               HasSubstr("measure \"per_member\" can never fire: it is member-level "
                                         "but family \"f\" is household-level"))));
}

TEST(MeasureCatalogue, ExpressionsAreCheckedAtTheirLevelWithPositions) {
  // `member` exists only at member level; `workshop` only at workshop level.
  std::string m = Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n  who: \"member.registered\"\n");
  std::vector<std::string> problems = Problems(m);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("p/measures.textproto:10:9: measure \"a\" who:"));
  EXPECT_THAT(problems[0], HasSubstr("member"));
  EXPECT_THAT(Problems(Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n  who: \"member.registered\"\n",
                               "MEASURE_LEVEL_MEMBER")),
              IsEmpty());
  // An amount must be money.
  problems = Problems(Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n"
                                   "  amount { fen: \"5\" basis: AMOUNT_BASIS_ONE_OFF }\n"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("measure \"a\" amount fen:"));
}

TEST(MeasureCatalogue, AnAmountThatDividesMustNameItsRoundingRule) {
  std::string amount = "  amount { fen: \"param.award * 3 / 7\" basis: AMOUNT_BASIS_ONE_OFF }\n";
  EXPECT_THAT(Problems(Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n" + amount)),
              ElementsAre(HasSubstr("the amount divides, so it rounds: name the rounding rule")));
  std::string named = "  amount { fen: \"param.award * 3 / 7\" basis: AMOUNT_BASIS_ONE_OFF rounding: \"r\" }\n";
  EXPECT_THAT(Problems(Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n" + named)),
              ElementsAre(HasSubstr("no rounding rule \"r\"")));
  std::string rule = "rounding { id: \"r\" description: \"down to the fen\" citation: \"Plan 6 §3.5\" }\n";
  EXPECT_THAT(Problems(rule + Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n" + named)), IsEmpty());
}

TEST(MeasureCatalogue, Plan4DevelopmentAndGuaranteeMeasuresNameTheirRisks) {
  EXPECT_THAT(Problems(Measure("a", "")),
              ElementsAre(HasSubstr("names no risk it answers")));
  EXPECT_THAT(Problems(Measure("a", "", "MEASURE_LEVEL_HOUSEHOLD", "MEASURE_KIND_SERVICE")),
              IsEmpty());
}

TEST(MeasureCatalogue, MissingFieldsAreReported) {
  std::string m = "measure {\n  id: \"bare\"\n}\n";
  std::vector<std::string> problems = Problems(m);
  EXPECT_THAT(problems, testing::Contains(HasSubstr("needs name_zh and name_en")));
  EXPECT_THAT(problems, testing::Contains(HasSubstr("has no department")));
  EXPECT_THAT(problems, testing::Contains(HasSubstr("has no citation")));
  EXPECT_THAT(problems, testing::Contains(HasSubstr("has no kind")));
  EXPECT_THAT(problems, testing::Contains(HasSubstr("has no level")));
  m = Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n  condition { when: \"true\" }\n");
  EXPECT_THAT(Problems(m), ElementsAre(HasSubstr("condition 1 needs `holds`"),
                                       HasSubstr("condition 1 has no citation")));
  m = Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n  family: \"nowhere\"\n");
  EXPECT_THAT(Problems(m), ElementsAre(HasSubstr("no measure family \"nowhere\"")));
  m = Measure("risk.housing", "  risks: RISK_TYPE_UNSAFE_HOUSING\n");
  EXPECT_THAT(Problems(m), ElementsAre(HasSubstr("is also a rule id")));
  m = Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n") + Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n");
  EXPECT_THAT(Problems(m), ElementsAre(HasSubstr("duplicate measure id \"a\"")));
}

TEST(MeasureCatalogue, PrinciplesAreChecked) {
  std::string helper = Measure("helper", "", "MEASURE_LEVEL_HOUSEHOLD", "MEASURE_KIND_SERVICE");
  std::string principle =
      "principle { id: \"h\" kind: PRINCIPLE_KIND_ASSIGNED_HELPER measures: \"helper\" "
      "text: \"every household has a helper\" citation: \"Plan 4 §3(二)\" }\n";
  EXPECT_THAT(Problems(helper + principle), IsEmpty());
  std::string paid = Measure("helper", "  amount { fen: \"param.award\" basis: AMOUNT_BASIS_ONE_OFF }\n",
                             "MEASURE_LEVEL_HOUSEHOLD", "MEASURE_KIND_SERVICE");
  EXPECT_THAT(Problems(paid + principle), ElementsAre(HasSubstr("is a measure with no amount")));
  EXPECT_THAT(Problems(principle), ElementsAre(HasSubstr("no measure \"helper\"")));
  std::string development =
      "principle { id: \"d\" kind: PRINCIPLE_KIND_DEVELOPMENT_FIRST text: \"t\" citation: \"Plan 4 §3(一)\" }\n";
  EXPECT_THAT(Problems(development), ElementsAre(HasSubstr("needs `when`"), HasSubstr("needs `fails`")));
  std::string twice = principle + principle;
  EXPECT_THAT(Problems(helper + twice), ElementsAre(HasSubstr("already states a PRINCIPLE_KIND_ASSIGNED_HELPER")));
}

TEST(MeasureCatalogue, MissingMeasureFileIsReportedWhereThePackNamesIt) {
  std::map<std::string, std::string> files = Files("");
  files.erase("measures.textproto");
  std::vector<LoadProblem> problems;
  auto policy = Policy::LoadFromFiles(files, "p", &problems);
  ASSERT_FALSE(policy.ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].ToString(),
            "p/pack.textproto:15:1: cannot read measure file \"measures.textproto\" (measure_files): no such file in the pack");
}

TEST(MeasureCatalogue, MeasureFilesCountInThePackRevision) {
  auto a = Policy::LoadFromFiles(Files(Measure("a", "  risks: RISK_TYPE_UNSAFE_HOUSING\n")), "p");
  auto b = Policy::LoadFromFiles(Files(Measure("b", "  risks: RISK_TYPE_UNSAFE_HOUSING\n")), "p");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE((*a)->revision(), (*b)->revision());
  EXPECT_EQ(PolicyImpl::Of(**a).measures.measures.size(), 1u);
}

TEST(MeasureCatalogue, ShippedFunanPackLoadsItsCatalogue) {
  auto policy = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/funan-2024");
  ASSERT_TRUE(policy.ok()) << policy.status();
  const MeasureCatalogue& cat = PolicyImpl::Of(**policy).measures;
  EXPECT_GT(cat.measures.size(), 15u);
  EXPECT_GE(cat.assigned_helper.measure, 0);
  EXPECT_TRUE(cat.workshop_groups.empty());
}

// ---------------------------------------------------------------- analysis

TEST(ConditionSummary, IntervalsAndImplication) {
  ConditionSummary narrow, wide;
  narrow.AddExpression("count(workshop.employees, e, e.lifted_out) >= 10 && workshop.recognised");
  wide.AddExpression("( workshop.recognised ) && count(workshop.employees, e, e.lifted_out) >= 5");
  EXPECT_TRUE(narrow.Implies(wide));
  EXPECT_FALSE(wide.Implies(narrow));
  EXPECT_FALSE(narrow.never_holds());
}

TEST(ConditionSummary, MoneyLiteralsAndFlippedComparisons) {
  ConditionSummary a, b;
  a.AddExpression("yuan(100) <= facts.net_income_fen && facts.net_income_fen < fen(20000)");
  b.AddExpression("facts.net_income_fen >= fen(10000)");
  EXPECT_TRUE(a.Implies(b));
  ConditionSummary c;
  c.AddExpression("facts.net_income_fen > yuan(200) && facts.net_income_fen < fen(20001)");
  EXPECT_TRUE(c.never_holds());
}

TEST(ConditionSummary, EnumSets) {
  ConditionSummary a, b, c;
  a.AddExpression("household.support == SUPPORT_STATUS_DIBAO");
  b.AddExpression("household.support in [SUPPORT_STATUS_DIBAO, SUPPORT_STATUS_NONE]");
  c.AddExpression("household.support != SUPPORT_STATUS_NONE");
  EXPECT_TRUE(a.Implies(b));
  EXPECT_TRUE(a.Implies(c));
  EXPECT_FALSE(b.Implies(c));
  ConditionSummary d;
  d.AddExpression("household.support in [SUPPORT_STATUS_DIBAO] && household.support != SUPPORT_STATUS_DIBAO");
  EXPECT_TRUE(d.never_holds());
}

TEST(ConditionSummary, OpaqueAtomsOnlyMatchThemselves) {
  ConditionSummary a, b;
  a.AddExpression("household.lifted_out || household.accident");
  b.AddExpression("household.accident || household.lifted_out");
  EXPECT_FALSE(a.Implies(b));  // sound, not complete
  ConditionSummary s1, s2;
  s1.AddExpression("m.id == \"a b\"");
  s2.AddExpression("m.id == \"ab\"");
  EXPECT_FALSE(s1.Implies(s2));
  EXPECT_EQ(NormalizeExpression(" ( a  &&  \" x \" ) "), "a&&\" x \"");
  EXPECT_EQ(NormalizeExpression("(a) && (b)"), "(a)&&(b)");
}

TEST(ConditionSummary, DivisionIsFound) {
  EXPECT_TRUE(ExpressionDivides("param.a * 5000 / 10000"));
  EXPECT_TRUE(ExpressionDivides("x % 2"));
  EXPECT_FALSE(ExpressionDivides("param.a * 2"));
}

}  // namespace
}  // namespace povmon
