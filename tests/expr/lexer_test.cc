#include "src/expr/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace povmon::expr::internal {
namespace {

std::vector<TokenKind> Kinds(std::string_view text) {
  std::vector<Token> tokens;
  LexError error;
  EXPECT_TRUE(Tokenize(text, &tokens, &error)) << error.message;
  std::vector<TokenKind> kinds;
  for (const Token& t : tokens) kinds.push_back(t.kind);
  return kinds;
}

LexError ErrorOf(std::string_view text) {
  std::vector<Token> tokens;
  LexError error;
  EXPECT_FALSE(Tokenize(text, &tokens, &error)) << text;
  return error;
}

TEST(LexerTest, EveryOperatorAndPunctuation) {
  using K = TokenKind;
  EXPECT_EQ(Kinds("( ) [ ] , . ? : ! + - * / % == != < <= > >= && ||"),
            (std::vector<K>{K::kLParen, K::kRParen,  K::kLBracket, K::kRBracket,
                            K::kComma,  K::kDot,     K::kQuestion, K::kColon,
                            K::kNot,    K::kPlus,    K::kMinus,    K::kStar,
                            K::kSlash,  K::kPercent, K::kEq,       K::kNe,
                            K::kLt,     K::kLe,      K::kGt,       K::kGe,
                            K::kAnd,    K::kOr,      K::kEnd}));
}

TEST(LexerTest, KeywordsIdentifiersNumbersStrings) {
  std::vector<Token> tokens;
  LexError error;
  ASSERT_TRUE(Tokenize("true false in x_1 in_x 42 \"a\\\"b\\\\c\\n\"", &tokens,
                       &error));
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kTrue);
  EXPECT_EQ(tokens[1].kind, TokenKind::kFalse);
  EXPECT_EQ(tokens[2].kind, TokenKind::kIn);
  EXPECT_EQ(tokens[3].kind, TokenKind::kIdent);
  EXPECT_EQ(tokens[3].text, "x_1");
  EXPECT_EQ(tokens[4].kind, TokenKind::kIdent);
  EXPECT_EQ(tokens[4].text, "in_x");
  EXPECT_EQ(tokens[5].kind, TokenKind::kInt);
  EXPECT_EQ(tokens[5].number, 42u);
  EXPECT_EQ(tokens[6].kind, TokenKind::kString);
  EXPECT_EQ(tokens[6].text, "a\"b\\c\n");
  EXPECT_EQ(tokens[7].kind, TokenKind::kEnd);
}

TEST(LexerTest, TokenOffsets) {
  std::vector<Token> tokens;
  LexError error;
  ASSERT_TRUE(Tokenize("  ab <=\n 7", &tokens, &error));
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].begin, 2);
  EXPECT_EQ(tokens[0].end, 4);
  EXPECT_EQ(tokens[1].begin, 5);
  EXPECT_EQ(tokens[1].end, 7);
  EXPECT_EQ(tokens[2].begin, 9);
  EXPECT_EQ(tokens[2].end, 10);
  EXPECT_EQ(tokens[3].begin, 10);
}

TEST(LexerTest, LargestIntegerIsTwoToThe63) {
  std::vector<Token> tokens;
  LexError error;
  ASSERT_TRUE(Tokenize("9223372036854775808", &tokens, &error));
  EXPECT_EQ(tokens[0].number, std::uint64_t{1} << 63);
  const LexError e = ErrorOf("1 + 9223372036854775809");
  EXPECT_EQ(e.offset, 4);
  EXPECT_EQ(e.message, "integer 9223372036854775809 is out of range");
}

TEST(LexerTest, Errors) {
  EXPECT_EQ(ErrorOf("a = b").message, "unexpected '=': compare with ==");
  EXPECT_EQ(ErrorOf("a = b").offset, 2);
  EXPECT_EQ(ErrorOf("a & b").message, "unexpected '&': write && for and");
  EXPECT_EQ(ErrorOf("a | b").message, "unexpected '|': write || for or");
  EXPECT_EQ(ErrorOf("a # b").message, "unexpected character '#'");
  EXPECT_EQ(ErrorOf("a # b").offset, 2);
  EXPECT_EQ(ErrorOf("x == \"abc").message, "unterminated string");
  EXPECT_EQ(ErrorOf("x == \"abc").offset, 5);
  EXPECT_EQ(ErrorOf("x == \"a\nb\"").message, "unterminated string");
  EXPECT_EQ(ErrorOf("\"\\q\"").message, "unknown escape \\q in a string");
  EXPECT_EQ(ErrorOf("1.5").message,
            "numbers are whole: the language has no decimals; write money as "
            "fen(n) or yuan(n)");
  EXPECT_EQ(ErrorOf("12abc").message, "unexpected 'a' after a number");
  EXPECT_EQ(ErrorOf("x == 收入").message, "unexpected character '收'");
  EXPECT_EQ(ErrorOf("x\x01").message, "unexpected control character (byte 1)");
}

}  // namespace
}  // namespace povmon::expr::internal
