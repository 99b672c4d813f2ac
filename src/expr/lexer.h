// Splits an expression into tokens.
#ifndef POVMON_SRC_EXPR_LEXER_H_
#define POVMON_SRC_EXPR_LEXER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace povmon::expr::internal {

enum class TokenKind : std::uint8_t {
  kEnd,
  kIdent,
  kInt,
  kString,
  kTrue,
  kFalse,
  kIn,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kQuestion,
  kColon,
  kNot,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  int begin = 0;  // byte offsets into the expression
  int end = 0;
  std::string text;          // identifier, or decoded string literal
  std::uint64_t number = 0;  // integer literal, at most 2^63
};

// How a token is named in messages: "')'", "identifier \"x\"", "end of
// expression".
std::string Describe(const Token& token);

struct LexError {
  int offset = 0;
  std::string message;
};

// Tokenizes `text`; the last token is kEnd. Returns false and fills `error`
// at the first malformed token.
bool Tokenize(std::string_view text, std::vector<Token>* tokens,
              LexError* error);

}  // namespace povmon::expr::internal

#endif  // POVMON_SRC_EXPR_LEXER_H_
