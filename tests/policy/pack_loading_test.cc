// Loading packs: every problem reported with file:line:col (issue 2 §3).
#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/policy.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;

const std::string kDir = std::string(POVMON_SOURCE_DIR) + "/tests/testdata/packs";

constexpr char kPack[] = R"pb(id: "t"
title_en: "t"
description: "t"
source: "Plan 4"
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
)pb";

constexpr char kParameters[] = R"pb(parameter {
  name: "line"
  type: PARAMETER_TYPE_MONEY
  description: "line"
  citation: "Plan 4 §2(三)"
  value { from: "2024-01-01" yuan: "6500.00" }
}
)pb";

std::string Rule(const std::string& id, const std::string& when, const std::string& extra = "") {
  return "rule {\n  id: \"" + id +
         "\"\n  citation: \"Plan 4 §2(三)\"\n  description_zh: \"中\"\n  description_en: \"en\"\n"
         "  when: \"" + when + "\"\n" + extra + "  category: CATEGORY_MARGINAL_AT_RISK\n}\n";
}

std::vector<std::string> Problems(const std::map<std::string, std::string>& files) {
  std::vector<LoadProblem> problems;
  auto policy = Policy::LoadFromFiles(files, "p", &problems);
  std::vector<std::string> out;
  for (const LoadProblem& p : problems) out.push_back(p.ToString());
  EXPECT_EQ(policy.ok(), out.empty());
  return out;
}

TEST(PackLoading, ShippedTestPackLoads) {
  auto policy = Policy::Load(kDir + "/mini");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ((*policy)->id(), "mini");
  EXPECT_EQ((*policy)->rules().size(), 7u);
  EXPECT_EQ((*policy)->revision().size(), 64u);
  EXPECT_NE((*policy)->FindRule("category.sudden"), nullptr);
}

// Issue 2, done-when: a pack with a type error and a missing citation is
// rejected with both problems and their positions.
TEST(PackLoading, TypeErrorAndMissingCitationAreBothReportedWithPositions) {
  std::vector<LoadProblem> problems;
  auto policy = Policy::Load(kDir + "/bad", &problems);
  ASSERT_FALSE(policy.ok());
  ASSERT_EQ(problems.size(), 2u) << policy.status();
  EXPECT_EQ(problems[0].file, kDir + "/bad/rules.textproto");
  EXPECT_EQ(problems[0].line, 6);
  EXPECT_GE(problems[0].column, 10);
  EXPECT_THAT(problems[0].message, HasSubstr("category.marginal"));
  EXPECT_THAT(problems[0].message, HasSubstr("money"));
  EXPECT_EQ(problems[1].ToString(),
            kDir + "/bad/rules.textproto:9:1: rule \"risk.illness\" has no citation");
  EXPECT_THAT(std::string(policy.status().message()), HasSubstr("rules.textproto:9:1"));
}

TEST(PackLoading, ExpressionErrorColumnPointsIntoTheFile) {
  // `nope` starts 7 bytes into the expression, which starts at column 10.
  auto problems = Problems({{"pack.textproto", kPack},
                            {"parameters.textproto", kParameters},
                            {"rules.textproto", Rule("r1", "household.nope")}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("p/rules.textproto:6:"));
  EXPECT_THAT(problems[0], HasSubstr("nope"));
}

TEST(PackLoading, ExpressionSplitOverAdjacentLiteralsMapsToTheRightLine) {
  std::string rules =
      "rule {\n  id: \"r1\"\n  citation: \"Plan 4\"\n  description_zh: \"中\"\n"
      "  description_en: \"en\"\n  when: \"household.lifted_out && \"\n"
      "        \"household.nope\"\n  category: CATEGORY_MARGINAL_AT_RISK\n}\n";
  auto problems = Problems({{"pack.textproto", kPack},
                            {"parameters.textproto", kParameters},
                            {"rules.textproto", rules}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("p/rules.textproto:7:"));
}

TEST(PackLoading, DuplicateRuleIdNamesTheFirstDefinition) {
  auto problems = Problems({{"pack.textproto", kPack},
                            {"parameters.textproto", kParameters},
                            {"rules.textproto", Rule("r1", "household.lifted_out") + Rule("r1", "false")}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("duplicate rule id \"r1\" (first defined at p/rules.textproto:1)"));
}

TEST(PackLoading, UnknownFieldInAPackFileIsASyntaxErrorWithPosition) {
  auto problems = Problems({{"pack.textproto", kPack},
                            {"parameters.textproto", kParameters},
                            {"rules.textproto", "rule {\n  id: \"x\"\n  colour: 3\n}\n"}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("p/rules.textproto:3:3: "));
  EXPECT_THAT(problems[0], HasSubstr("colour"));
}

TEST(PackLoading, ParameterMustCoverThePackDates) {
  std::string params = R"pb(parameter {
  name: "line"
  type: PARAMETER_TYPE_MONEY
  description: "line"
  citation: "Plan 4"
  value { from: "2024-03-01" yuan: "6500.00" }
}
)pb";
  auto problems = Problems({{"pack.textproto", kPack},
                            {"parameters.textproto", params},
                            {"rules.textproto", Rule("r1", "facts.per_capita_net_income_fen < param.line")}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("p/parameters.textproto:6:3: parameter \"line\" has no value for 2024-01-01"));
}

TEST(PackLoading, ParameterValueMustMatchItsTypeAndHaveACitation) {
  std::string params = R"pb(parameter {
  name: "line"
  type: PARAMETER_TYPE_MONEY
  description: "line"
  value { from: "2024-01-01" int: 6500 }
}
parameter {
  name: "rate"
  type: PARAMETER_TYPE_MONEY
  description: "rate"
  citation: "Plan 1"
  value { from: "2024-01-01" yuan: "12.345" }
}
)pb";
  auto problems = Problems({{"pack.textproto", kPack},
                            {"parameters.textproto", params},
                            {"rules.textproto", Rule("r1", "true")}});
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_THAT(problems[0], HasSubstr("parameter \"line\": a PARAMETER_TYPE_MONEY value is written as yuan"));
  EXPECT_THAT(problems[1], HasSubstr("parameter \"line\" has no citation"));
  EXPECT_THAT(problems[2], HasSubstr("\"12.345\" is not an amount in yuan"));
}

TEST(PackLoading, UnknownParameterInARuleIsReported) {
  auto problems = Problems({{"pack.textproto", kPack},
                            {"parameters.textproto", kParameters},
                            {"rules.textproto", Rule("r1", "facts.per_capita_net_income_fen < param.lin")}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("lin"));
}

TEST(PackLoading, MissingRuleFileIsReportedWhereThePackNamesIt) {
  auto problems = Problems({{"pack.textproto", kPack}, {"parameters.textproto", kParameters}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "p/pack.textproto:14:1: cannot read rule file \"rules.textproto\" (rule_files): no such file in the pack");
}

TEST(PackLoading, RuleWithoutOutcomeOrDescriptionsIsRejected) {
  auto problems = Problems({{"pack.textproto", kPack},
                            {"parameters.textproto", kParameters},
                            {"rules.textproto", "rule {\n  id: \"r\"\n  citation: \"c\"\n  when: \"true\"\n}\n"}});
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_THAT(problems[0], HasSubstr("no Chinese description"));
  EXPECT_THAT(problems[1], HasSubstr("no English description"));
  EXPECT_THAT(problems[2], HasSubstr("decides nothing"));
}

TEST(PackLoading, CategoryRuleAfterAnUnconditionalOneCanNeverFire) {
  auto problems = Problems({{"pack.textproto", kPack},
                            {"parameters.textproto", kParameters},
                            {"rules.textproto", Rule("always", "true") + Rule("never", "household.lifted_out")}});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("category rule \"never\" can never fire: rule \"always\""));
}

TEST(PackLoading, DeepExpressionIsACleanLoadError) {
  std::string deep(10000, '(');
  deep += "true";
  deep += std::string(10000, ')');
  auto problems = Problems({{"pack.textproto", kPack},
                            {"parameters.textproto", kParameters},
                            {"rules.textproto", Rule("deep", deep)}});
  ASSERT_FALSE(problems.empty());
  EXPECT_THAT(problems[0], HasSubstr("p/rules.textproto:6:"));
}

TEST(PackLoading, MissingPackFileIsNotFound) {
  auto policy = Policy::Load(kDir + "/does-not-exist");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(policy.status().message()), HasSubstr("does-not-exist/pack.textproto"));
}

TEST(PackLoading, RevisionChangesWithAnyFile) {
  auto a = Policy::LoadFromFiles({{"pack.textproto", kPack},
                                  {"parameters.textproto", kParameters},
                                  {"rules.textproto", Rule("r1", "true")}},
                                 "p");
  auto b = Policy::LoadFromFiles({{"pack.textproto", kPack},
                                  {"parameters.textproto", kParameters},
                                  {"rules.textproto", Rule("r1", "false")}},
                                 "p");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE((*a)->revision(), (*b)->revision());
}

}  // namespace
}  // namespace povmon
