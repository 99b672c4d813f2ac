#include "src/expr/lexer.h"

#include "src/expr/strings.h"

namespace povmon::expr::internal {

namespace {

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

std::string_view Spelling(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd:
      return "end of expression";
    case TokenKind::kIdent:
      return "identifier";
    case TokenKind::kInt:
      return "integer";
    case TokenKind::kString:
      return "string";
    case TokenKind::kTrue:
      return "true";
    case TokenKind::kFalse:
      return "false";
    case TokenKind::kIn:
      return "in";
    case TokenKind::kLParen:
      return "(";
    case TokenKind::kRParen:
      return ")";
    case TokenKind::kLBracket:
      return "[";
    case TokenKind::kRBracket:
      return "]";
    case TokenKind::kComma:
      return ",";
    case TokenKind::kDot:
      return ".";
    case TokenKind::kQuestion:
      return "?";
    case TokenKind::kColon:
      return ":";
    case TokenKind::kNot:
      return "!";
    case TokenKind::kPlus:
      return "+";
    case TokenKind::kMinus:
      return "-";
    case TokenKind::kStar:
      return "*";
    case TokenKind::kSlash:
      return "/";
    case TokenKind::kPercent:
      return "%";
    case TokenKind::kEq:
      return "==";
    case TokenKind::kNe:
      return "!=";
    case TokenKind::kLt:
      return "<";
    case TokenKind::kLe:
      return "<=";
    case TokenKind::kGt:
      return ">";
    case TokenKind::kGe:
      return ">=";
    case TokenKind::kAnd:
      return "&&";
    case TokenKind::kOr:
      return "||";
  }
  return "?";
}

}  // namespace

std::string Describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of expression";
    case TokenKind::kIdent:
      return Cat("\"", token.text, "\"");
    case TokenKind::kInt:
      return Cat("number ", token.number);
    case TokenKind::kString:
      return "a string";
    default:
      return Cat("'", Spelling(token.kind), "'");
  }
}

bool Tokenize(std::string_view text, std::vector<Token>* tokens,
              LexError* error) {
  const int n = static_cast<int>(text.size());
  int i = 0;
  auto fail = [&](int at, std::string message) {
    error->offset = at;
    error->message = std::move(message);
    return false;
  };
  while (true) {
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                     text[i] == '\r')) {
      ++i;
    }
    Token t;
    t.begin = i;
    if (i >= n) {
      t.kind = TokenKind::kEnd;
      t.end = i;
      tokens->push_back(std::move(t));
      return true;
    }
    const char c = text[i];
    const char next = i + 1 < n ? text[i + 1] : '\0';
    if (IsIdentStart(c)) {
      int j = i + 1;
      while (j < n && IsIdentChar(text[j])) ++j;
      t.text = std::string(text.substr(i, j - i));
      if (t.text == "true") {
        t.kind = TokenKind::kTrue;
      } else if (t.text == "false") {
        t.kind = TokenKind::kFalse;
      } else if (t.text == "in") {
        t.kind = TokenKind::kIn;
      } else {
        t.kind = TokenKind::kIdent;
      }
      i = j;
    } else if (c >= '0' && c <= '9') {
      int j = i;
      std::uint64_t v = 0;
      bool too_big = false;
      while (j < n && text[j] >= '0' && text[j] <= '9') {
        const std::uint64_t digit = static_cast<std::uint64_t>(text[j] - '0');
        if (v > (std::uint64_t{1} << 63) / 10 ||
            v * 10 + digit > (std::uint64_t{1} << 63)) {
          too_big = true;
        } else {
          v = v * 10 + digit;
        }
        ++j;
      }
      if (j < n && (IsIdentStart(text[j]) || text[j] == '.')) {
        if (text[j] == '.') {
          return fail(i,
                      "numbers are whole: the language has no decimals; "
                      "write money as fen(n) or yuan(n)");
        }
        return fail(j,
                    Cat("unexpected '", text.substr(j, 1), "' after a number"));
      }
      if (too_big) {
        return fail(i,
                    Cat("integer ", text.substr(i, j - i), " is out of range"));
      }
      t.kind = TokenKind::kInt;
      t.number = v;
      i = j;
    } else if (c == '"') {
      int j = i + 1;
      std::string value;
      while (true) {
        if (j >= n || text[j] == '\n') {
          return fail(i, "unterminated string");
        }
        const char d = text[j];
        if (d == '"') break;
        if (d == '\\') {
          if (j + 1 >= n) return fail(i, "unterminated string");
          const char e = text[j + 1];
          switch (e) {
            case '"':
              value += '"';
              break;
            case '\\':
              value += '\\';
              break;
            case 'n':
              value += '\n';
              break;
            case 't':
              value += '\t';
              break;
            default:
              return fail(j, Cat("unknown escape \\", text.substr(j + 1, 1),
                                 " in a string"));
          }
          j += 2;
          continue;
        }
        value += d;
        ++j;
      }
      t.kind = TokenKind::kString;
      t.text = std::move(value);
      i = j + 1;
    } else {
      int len = 1;
      switch (c) {
        case '(':
          t.kind = TokenKind::kLParen;
          break;
        case ')':
          t.kind = TokenKind::kRParen;
          break;
        case '[':
          t.kind = TokenKind::kLBracket;
          break;
        case ']':
          t.kind = TokenKind::kRBracket;
          break;
        case ',':
          t.kind = TokenKind::kComma;
          break;
        case '.':
          t.kind = TokenKind::kDot;
          break;
        case '?':
          t.kind = TokenKind::kQuestion;
          break;
        case ':':
          t.kind = TokenKind::kColon;
          break;
        case '+':
          t.kind = TokenKind::kPlus;
          break;
        case '-':
          t.kind = TokenKind::kMinus;
          break;
        case '*':
          t.kind = TokenKind::kStar;
          break;
        case '/':
          t.kind = TokenKind::kSlash;
          break;
        case '%':
          t.kind = TokenKind::kPercent;
          break;
        case '!':
          if (next == '=') {
            t.kind = TokenKind::kNe;
            len = 2;
          } else {
            t.kind = TokenKind::kNot;
          }
          break;
        case '=':
          if (next != '=') return fail(i, "unexpected '=': compare with ==");
          t.kind = TokenKind::kEq;
          len = 2;
          break;
        case '<':
          if (next == '=') {
            t.kind = TokenKind::kLe;
            len = 2;
          } else {
            t.kind = TokenKind::kLt;
          }
          break;
        case '>':
          if (next == '=') {
            t.kind = TokenKind::kGe;
            len = 2;
          } else {
            t.kind = TokenKind::kGt;
          }
          break;
        case '&':
          if (next != '&') return fail(i, "unexpected '&': write && for and");
          t.kind = TokenKind::kAnd;
          len = 2;
          break;
        case '|':
          if (next != '|') return fail(i, "unexpected '|': write || for or");
          t.kind = TokenKind::kOr;
          len = 2;
          break;
        default: {
          const unsigned char u = static_cast<unsigned char>(c);
          if (u >= 0x80) {
            int j = i + 1;
            while (j < n &&
                   (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) {
              ++j;
            }
            return fail(
                i, Cat("unexpected character '", text.substr(i, j - i), "'"));
          }
          if (u < 0x20 || u == 0x7f) {
            return fail(i, Cat("unexpected control character (byte ",
                               static_cast<int>(u), ")"));
          }
          return fail(i, Cat("unexpected character '", text.substr(i, 1), "'"));
        }
      }
      i += len;
    }
    t.end = i;
    tokens->push_back(std::move(t));
  }
}

}  // namespace povmon::expr::internal
