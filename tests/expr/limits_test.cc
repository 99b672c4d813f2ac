// Limits: an over-long, over-deep or over-large expression is a clean load
// error with its position, never a stack overflow.
#include <gtest/gtest.h>

#include <string>

#include "tests/expr/expr_test_util.h"

namespace povmon::expr::testing {
namespace {

using LimitsTest = ExprTest;

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

TEST_F(LimitsTest, TenThousandParenthesesAreADiagnostic) {
  const std::string source = Repeat("(", 10000) + "1" + Repeat(")", 10000);
  // With the default limits the length is refused first...
  EXPECT_EQ(
      Errors(source, Any(), {5, 3}),
      "5:3: expression is 20001 bytes long, more than the limit of 8192\n");
  // ...and without a length limit, the depth.
  env_.limits.max_source_bytes = 1 << 20;
  EXPECT_EQ(Errors(source, Any(), {5, 3}),
            "5:67: expression nests deeper than 64 levels\n");
}

TEST_F(LimitsTest, TenThousandNotsAreADiagnostic) {
  env_.limits.max_source_bytes = 1 << 20;
  EXPECT_EQ(Errors(Repeat("!", 10000) + "true"),
            "1:64: expression nests deeper than 64 levels\n");
  EXPECT_EQ(Errors(Repeat("-", 10000) + "x", Any()),
            "1:64: expression nests deeper than 64 levels\n");
}

TEST_F(LimitsTest, LongLeftAssociativeChainIsADiagnostic) {
  env_.limits.max_source_bytes = 1 << 20;
  // Built by a loop in the parser, but as deep as it is long.
  std::string source = "1" + Repeat("+1", 5000);
  EXPECT_EQ(Errors(source, Any()),
            "1:128: expression nests deeper than 64 levels\n");
  source = "true" + Repeat(" && true", 4000);
  EXPECT_EQ(Errors(source), "1:510: expression nests deeper than 64 levels\n");
  source = "household" + Repeat(".region", 2000);
  EXPECT_EQ(Errors(source, Any()),
            "1:452: expression nests deeper than 64 levels\n");
}

TEST_F(LimitsTest, DeepConditionalsAndCallsAreDiagnostics) {
  env_.limits.max_source_bytes = 1 << 20;
  std::string source;
  for (int i = 0; i < 5000; ++i) source += "true ? 1 : ";
  source += "2";
  EXPECT_EQ(Errors(source, Any()),
            "1:701: expression nests deeper than 64 levels\n");
  source = Repeat("abs(", 5000) + "1" + Repeat(")", 5000);
  EXPECT_EQ(Errors(source, Any()),
            "1:257: expression nests deeper than 64 levels\n");
  source = "1 in [" + Repeat("[", 5000);
  EXPECT_EQ(Errors(source, Any()),
            "1:70: expression nests deeper than 64 levels\n");
}

TEST_F(LimitsTest, DepthLimitBoundary) {
  // 63 parentheses around a literal are 64 levels: allowed; 64 are not.
  EXPECT_EQ(I(Repeat("(", 63) + "7" + Repeat(")", 63)), 7);
  EXPECT_EQ(Errors(Repeat("(", 64) + "7" + Repeat(")", 64), Any()),
            "1:65: expression nests deeper than 64 levels\n");
  EXPECT_EQ(I("1" + Repeat("+1", 63)), 64);
  EXPECT_EQ(Errors("1" + Repeat("+1", 64), Any()),
            "1:128: expression nests deeper than 64 levels\n");
  EXPECT_FALSE(B(Repeat("!", 63) + "true"));
}

TEST_F(LimitsTest, ConfiguredDepthLimit) {
  env_.limits.max_depth = 3;
  EXPECT_EQ(Errors("1 + 2 + 3", Any()), "");
  EXPECT_EQ(Errors("1 + 2 + 3 + 4", Any()),
            "1:11: expression nests deeper than 3 levels\n");
  EXPECT_EQ(Errors("((1))", Any()), "");
  EXPECT_EQ(Errors("(((1)))", Any()),
            "1:4: expression nests deeper than 3 levels\n");
}

TEST_F(LimitsTest, SourceBytes) {
  const std::string ok = "1" + Repeat(" ", 8191);
  EXPECT_EQ(Errors(ok, Any()), "");
  EXPECT_EQ(
      Errors(ok + " ", Any(), {9, 4}),
      "9:4: expression is 8193 bytes long, more than the limit of 8192\n");
  EXPECT_EQ(
      Errors(Repeat("(", 100000), Any()),
      "1:1: expression is 100000 bytes long, more than the limit of 8192\n");
}

TEST_F(LimitsTest, NodeCount) {
  // facts.counted_members in [0, 0, ...]: 4 nodes plus one per element.
  std::string list = Repeat("0,", 1995) + "0";
  EXPECT_EQ(Errors("facts.counted_members in [" + list + "]"), "");
  list = Repeat("0,", 1996) + "0";
  EXPECT_EQ(Errors("facts.counted_members in [" + list + "]"),
            "1:23: expression has more than 2000 nodes\n");
  list = Repeat("0,", 2100) + "0";
  EXPECT_EQ(Errors("facts.counted_members in [" + list + "]"),
            "1:4021: expression has more than 2000 nodes\n");
  env_.limits.max_nodes = 4;
  EXPECT_EQ(Errors("1 + 2 + 3", Any()),
            "1:7: expression has more than 4 nodes\n");
}

TEST_F(LimitsTest, ComprehensionNesting) {
  const std::string four =
      "any(household.members, a, any(household.members, b, "
      "any(household.members, c, any(household.members, d, true))))";
  EXPECT_EQ(Errors(four), "");
  SetHousehold("members { id: \"a\" }");
  EXPECT_TRUE(B(four));
  const std::string five =
      "any(household.members, a, any(household.members, b, "
      "any(household.members, c, any(household.members, d, "
      "any(household.members, e, true)))))";
  EXPECT_EQ(Errors(five, Bool(), {2, 1}),
            "2:105: comprehensions nest deeper than 4 levels\n");
  // Filters applied to filters do not nest scopes: they are not limited.
  EXPECT_EQ(Errors("size(filter(filter(filter(filter(filter(household.members, "
                   "a, true), "
                   "b, true), c, true), d, true), e, true)) >= 0"),
            "");
  env_.limits.max_comprehension_depth = 1;
  EXPECT_EQ(
      Errors("any(household.members, a, any(household.members, b, true))"),
      "1:27: comprehensions nest deeper than 1 levels\n");
}

}  // namespace
}  // namespace povmon::expr::testing
