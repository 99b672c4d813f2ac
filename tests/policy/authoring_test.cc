// What a policy officer writing a pack gets back (issue 13 §5): "did you
// mean" for unknown fields, parameters and enum values, columns counted in
// characters on Chinese lines, and an unknown enum value reported on its own
// line.
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/policy.h"
#include "src/base/nearest_name.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

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
  name: "monitoring_line"
  type: PARAMETER_TYPE_MONEY
  description: "line"
  citation: "Plan 4 §2(三)"
  value { from: "2024-01-01" yuan: "6500.00" }
}
)pb";

std::string Rule(const std::string& when, const std::string& outcome = "category: CATEGORY_MARGINAL_AT_RISK",
                 const std::string& zh = "中") {
  return "rule {\n  id: \"r1\"\n  citation: \"Plan 4 §2(三)\"\n  description_zh: \"" + zh +
         "\"\n  description_en: \"en\"\n  when: \"" + when + "\"\n  " + outcome + "\n}\n";
}

std::vector<LoadProblem> Problems(const std::string& rules) {
  std::vector<LoadProblem> problems;
  auto policy = Policy::LoadFromFiles(
      {{"pack.textproto", kPack}, {"parameters.textproto", kParameters}, {"rules.textproto", rules}},
      "p", &problems);
  EXPECT_FALSE(policy.ok());
  return problems;
}

TEST(Authoring, UnknownFieldSuggestsTheNearest) {
  auto problems = Problems(Rule("facts.per_capita_net_incme_fen < yuan(6500)"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message,
              HasSubstr("unknown field \"per_capita_net_incme_fen\" in povmon.v1.Facts; did you "
                        "mean \"per_capita_net_income_fen\"?"));
}

TEST(Authoring, UnknownParameterSuggestsTheNearest) {
  auto problems = Problems(Rule("facts.per_capita_net_income_fen < param.monitoring_lin"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message,
              HasSubstr("unknown parameter \"param.monitoring_lin\"; did you mean "
                        "\"monitoring_line\"?"));
}

TEST(Authoring, UnknownEnumValueInAnExpressionSuggestsTheNearest) {
  auto problems = Problems(Rule("household.housing == HOUSING_SAFETY_UNSAF"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message,
              HasSubstr("unknown name \"HOUSING_SAFETY_UNSAF\"; did you mean "
                        "\"HOUSING_SAFETY_UNSAFE\"?"));
}

TEST(Authoring, NothingNearIsNoSuggestion) {
  auto problems = Problems(Rule("household.zzzzzzzz"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, Not(HasSubstr("did you mean")));
}

// A Chinese character is one column, as editors count: the same error is at
// the same column whether two Chinese characters or two ASCII letters come
// before it on the line.
TEST(Authoring, ColumnsCountCharactersOnChineseLines) {
  auto rules = [](const std::string& zh) {
    return "rule {\n  id: \"r1\"\n  citation: \"Plan 4 §2(三)\"\n  description_en: \"en\"\n"
           "  description_zh: \"" + zh + "\" when: \"household.nope\"\n"
           "  category: CATEGORY_MARGINAL_AT_RISK\n}\n";
  };
  auto ascii = Problems(rules("ab"));
  auto chinese = Problems(rules("家庭"));
  ASSERT_EQ(ascii.size(), 1u);
  ASSERT_EQ(chinese.size(), 1u);
  EXPECT_EQ(chinese[0].line, 5);
  EXPECT_EQ(chinese[0].column, ascii[0].column) << chinese[0].ToString();
  EXPECT_GT(chinese[0].column, 30);

  // The textproto parser's own errors too.
  auto fields = [](const std::string& zh) {
    return "rule {\n  id: \"r1\" description_zh: \"" + zh + "\" bogus_field: 1\n}\n";
  };
  auto ascii_field = Problems(fields("abcd"));
  auto chinese_field = Problems(fields("中文說明"));
  ASSERT_EQ(chinese_field.size(), 1u);
  EXPECT_EQ(chinese_field[0].line, 2);
  // `  id: "r1" description_zh: "中文說明" ` is 34 characters (42 bytes).
  EXPECT_EQ(chinese_field[0].column, 35) << chinese_field[0].ToString();
  EXPECT_EQ(chinese_field[0].column, ascii_field[0].column);
}

TEST(Authoring, AnUnknownEnumValueIsReportedOnItsOwnLineWithASuggestion) {
  std::string rules =
      "rule {\n  id: \"r1\"\n  citation: \"Plan 4 §2(三)\"\n  description_zh: \"中\"\n"
      "  description_en: \"en\"\n  when: \"true\"\n  risk: RISK_TYPE_ILNESS\n}\n";
  auto problems = Problems(rules);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 7) << problems[0].ToString();
  EXPECT_EQ(problems[0].column, 9) << problems[0].ToString();
  EXPECT_THAT(problems[0].message, HasSubstr("RISK_TYPE_ILNESS"));
  EXPECT_THAT(problems[0].message, HasSubstr("Did you mean RISK_TYPE_ILLNESS?"));
}

TEST(Authoring, AnUnknownTextprotoFieldSuggestsTheNearest) {
  std::string rules = "rule {\n  id: \"r1\"\n  citaton: \"Plan 4\"\n}\n";
  auto problems = Problems(rules);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 3);
  EXPECT_EQ(problems[0].column, 3);
  EXPECT_THAT(problems[0].message, HasSubstr("Did you mean citation?"));
}

TEST(Authoring, NearestName) {
  EXPECT_EQ(NearestName("citaton", {"citation", "id", "when"}), "citation");
  EXPECT_EQ(NearestName("wehn", {"citation", "id", "when"}), "when");  // a swap is one edit
  EXPECT_EQ(NearestName("xyz", {"citation", "id", "when"}), "");
  EXPECT_EQ(NearestName("ab", {"ac", "ad"}), "");  // a tie suggests nothing
  EXPECT_EQ(EditDistance("RISK_TYPE_ILNESS", "risk_type_illness"), 1);
}

}  // namespace
}  // namespace povmon
