// Syntax errors: the first one of an expression is reported, at its file
// position (the expression starts at the given line and column; a newline
// inside it advances the line and resets the column to 1).
#include <gtest/gtest.h>

#include "tests/expr/expr_test_util.h"

namespace povmon::expr::testing {
namespace {

using ParserTest = ExprTest;

TEST_F(ParserTest, PositionsAreFilePositions) {
  EXPECT_EQ(Errors("(1 + 2", Any(), {12, 18}),
            "12:24: expected ')' to close the '(' at 12:18, found end of "
            "expression\n");
  EXPECT_EQ(Errors("1 +", Any(), {1, 1}),
            "1:4: unexpected end of expression\n");
  EXPECT_EQ(Errors("1 +", Any(), {7, 5}),
            "7:8: unexpected end of expression\n");
}

TEST_F(ParserTest, MultiLineExpressionAdvancesLineAndResetsColumn) {
  EXPECT_EQ(Errors("1 +\n\n   ]", Any(), {3, 10}),
            "5:4: expected a value, found ']'\n");
  EXPECT_EQ(
      Errors("household.lifted_out &&\n  (facts.counted_members > 1 ||\n   )",
             Bool(), {20, 14}),
      "22:4: expected a value, found ')'\n");
}

TEST_F(ParserTest, ColumnsCountBytes) {
  // "收入" is two characters, six bytes in UTF-8. The parser's diagnostics
  // count bytes because the pack loader maps them back through the string
  // literal's escapes to a byte position in the file, and then reports that
  // in characters (PackLoading tests); evaluation errors, which quote the
  // expression itself, count characters (EvaluatorTest.Overflow...).
  EXPECT_EQ(Errors("\"收入\" == ", Any(), {2, 3}),
            "2:15: unexpected end of expression\n");
}

TEST_F(ParserTest, LexicalErrorsCarryPositions) {
  EXPECT_EQ(Errors("a = b", Any(), {4, 7}),
            "4:9: unexpected '=': compare with ==\n");
  EXPECT_EQ(Errors("x ==\n  \"open", Any(), {4, 7}),
            "5:3: unterminated string\n");
}

TEST_F(ParserTest, SyntaxErrorMessages) {
  EXPECT_EQ(Errors(""), "1:1: empty expression\n");
  EXPECT_EQ(Errors("   "), "1:4: empty expression\n");
  EXPECT_EQ(Errors("1 2"),
            "1:3: unexpected number 2 after the end of the expression\n");
  EXPECT_EQ(Errors(")"), "1:1: expected a value, found ')'\n");
  EXPECT_EQ(Errors("household."),
            "1:11: expected a field name after '.', found end of expression\n");
  EXPECT_EQ(Errors("household.1"),
            "1:11: expected a field name after '.', found number 1\n");
  EXPECT_EQ(Errors("size(household.members"),
            "1:23: expected ',' or ')' in the arguments of size, found end of "
            "expression\n");
  EXPECT_EQ(Errors("x in [1, 2"),
            "1:11: expected ',' or ']' in the list, found end of expression\n");
  EXPECT_EQ(Errors("true ? 1 2"),
            "1:10: expected ':' of the conditional, found number 2\n");
  EXPECT_EQ(Errors("household.members.size()"),
            "1:19: methods are not supported: write size(...) as a function "
            "call\n");
  EXPECT_EQ(Errors("a ! b"),
            "1:3: unexpected '!' after the end of the expression\n");
  EXPECT_EQ(Errors("in"), "1:1: expected a value, found 'in'\n");
}

TEST_F(ParserTest, OnlyTheFirstSyntaxErrorIsReported) {
  EXPECT_EQ(Errors("(1 + ) + (2 + )"), "1:6: expected a value, found ')'\n");
}

TEST_F(ParserTest, PrecedenceFollowsC) {
  EXPECT_EQ(I("1 + 2 * 3"), 7);
  EXPECT_EQ(I("(1 + 2) * 3"), 9);
  EXPECT_EQ(I("10 - 4 - 3"), 3);
  EXPECT_EQ(I("100 / 10 / 5"), 2);
  EXPECT_EQ(I("7 - 2 % 3 * 2"), 3);
  EXPECT_EQ(I("-2 * 3"), -6);
  EXPECT_EQ(I("- 2 - 3"), -5);
  EXPECT_EQ(I("--2"), 2);
  EXPECT_TRUE(B("1 + 1 == 2 && 3 > 2"));
  EXPECT_TRUE(B("true || false && false"));
  EXPECT_FALSE(B("(true || false) && false"));
  EXPECT_TRUE(B("!false && true"));
  EXPECT_TRUE(B("1 < 2 == 3 < 4"));
  EXPECT_EQ(I("true ? 1 : 2 + 10"), 1);
  EXPECT_EQ(I("false ? 1 : true ? 2 : 3"), 2);
  EXPECT_EQ(I("false ? 1 : false ? 2 : 3"), 3);
  EXPECT_EQ(I("true ? false ? 1 : 2 : 3"), 2);
  EXPECT_TRUE(B("1 + 1 in [2, 3]"));
}

TEST_F(ParserTest, IntegerLiteralBounds) {
  EXPECT_EQ(I("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(I("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(Errors("9223372036854775808", Any()),
            "1:1: integer 9223372036854775808 is out of range\n");
  EXPECT_EQ(Errors("-(9223372036854775808)", Any()),
            "1:3: integer 9223372036854775808 is out of range\n");
}

TEST_F(ParserTest, WhitespaceAndNewlinesAreIgnored) {
  EXPECT_EQ(I("\n\t 1\r\n +\n 2 "), 3);
}

}  // namespace
}  // namespace povmon::expr::testing
