#include "src/expr/parser.h"

#include <algorithm>
#include <string>
#include <utility>

#include "src/expr/lexer.h"
#include "src/expr/strings.h"

namespace povmon::expr::internal {

SourcePosition SourceMap::At(int offset) const { return Position(offset, false); }

SourcePosition SourceMap::CharacterAt(int offset) const { return Position(offset, true); }

SourcePosition SourceMap::Position(int offset, bool characters) const {
  SourcePosition p = start_;
  const int end = std::min<int>(offset, static_cast<int>(text_.size()));
  for (int i = 0; i < end; ++i) {
    if (text_[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else if (!characters || (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
      ++p.column;  // a UTF-8 continuation byte belongs to the character before
    }
  }
  return p;
}

namespace {

class Parser {
 public:
  Parser(std::string_view text, const Limits& limits, const SourceMap& map,
         std::vector<Node>* nodes, std::vector<Diagnostic>* diagnostics)
      : text_(text),
        limits_(limits),
        map_(map),
        nodes_(*nodes),
        diagnostics_(diagnostics) {}

  int Run() {
    LexError lex_error;
    if (!Tokenize(text_, &tokens_, &lex_error)) {
      AddDiagnostic(map_, lex_error.offset, lex_error.message, diagnostics_);
      return -1;
    }
    if (Peek().kind == TokenKind::kEnd) {
      Fail(Peek().begin, "empty expression");
      return -1;
    }
    const int root = ParseExpression();
    if (root < 0) return -1;
    if (Peek().kind != TokenKind::kEnd) {
      Fail(Peek().begin, Cat("unexpected ", Describe(Peek()),
                             " after the end of the expression"));
      return -1;
    }
    return root;
  }

 private:
  const Token& Peek() const { return tokens_[next_]; }
  const Token& Take() { return tokens_[next_++]; }
  bool Accept(TokenKind kind) {
    if (Peek().kind != kind) return false;
    ++next_;
    return true;
  }

  int Fail(int offset, std::string message) {
    if (!failed_) {
      failed_ = true;
      AddDiagnostic(map_, offset, std::move(message), diagnostics_);
    }
    return -1;
  }

  bool Expect(TokenKind kind, std::string_view what) {
    if (Accept(kind)) return true;
    Fail(Peek().begin, Cat("expected ", what, ", found ", Describe(Peek())));
    return false;
  }

  // Descends one level, refusing to go past the depth limit.
  bool Enter(int offset) {
    if (++depth_ > limits_.max_depth) {
      Fail(offset, DepthMessage());
      return false;
    }
    return true;
  }
  void Leave() { --depth_; }

  std::string DepthMessage() const {
    return Cat("expression nests deeper than ", limits_.max_depth, " levels");
  }

  int NewNode(Syntax syntax, int begin, int pos) {
    if (static_cast<int>(nodes_.size()) >= limits_.max_nodes) {
      Fail(pos, Cat("expression has more than ", limits_.max_nodes, " nodes"));
      return -1;
    }
    Node n;
    n.syntax = syntax;
    n.begin = begin;
    n.pos = pos;
    n.end = pos;
    nodes_.push_back(std::move(n));
    return static_cast<int>(nodes_.size()) - 1;
  }

  // Records a node's height and checks it against the depth limit (a long
  // chain such as a+a+a+... is built by a loop but is still deep).
  int Finish(int id, std::initializer_list<int> children, int end) {
    int height = 0;
    for (int child : children) {
      if (child >= 0) height = std::max(height, nodes_[child].depth);
    }
    for (int child : nodes_[id].args)
      height = std::max(height, nodes_[child].depth);
    nodes_[id].depth = height + 1;
    nodes_[id].end = end;
    if (nodes_[id].depth > limits_.max_depth) {
      return Fail(nodes_[id].pos, DepthMessage());
    }
    return id;
  }

  int ParseExpression() {
    if (!Enter(Peek().begin)) return -1;
    const int result = ParseTernary();
    Leave();
    return result;
  }

  int ParseTernary() {
    const int cond = ParseOr();
    if (cond < 0 || Peek().kind != TokenKind::kQuestion) return cond;
    const int pos = Take().begin;
    const int then = ParseExpression();
    if (then < 0) return -1;
    if (!Expect(TokenKind::kColon, "':' of the conditional")) return -1;
    const int otherwise = ParseExpression();
    if (otherwise < 0) return -1;
    const int id = NewNode(Syntax::kTernary, nodes_[cond].begin, pos);
    if (id < 0) return -1;
    nodes_[id].a = cond;
    nodes_[id].b = then;
    nodes_[id].c = otherwise;
    return Finish(id, {cond, then, otherwise}, nodes_[otherwise].end);
  }

  // One left-associative binary level.
  template <typename Next>
  int ParseBinary(Next next,
                  std::initializer_list<std::pair<TokenKind, Operator>> ops) {
    int left = (this->*next)();
    while (left >= 0) {
      Operator op = Operator::kNone;
      for (const auto& [kind, o] : ops) {
        if (Peek().kind == kind) op = o;
      }
      if (op == Operator::kNone) break;
      const int pos = Take().begin;
      const int right = (this->*next)();
      if (right < 0) return -1;
      const int id = NewNode(Syntax::kBinary, nodes_[left].begin, pos);
      if (id < 0) return -1;
      nodes_[id].op = op;
      nodes_[id].a = left;
      nodes_[id].b = right;
      left = Finish(id, {left, right}, nodes_[right].end);
    }
    return left;
  }

  int ParseOr() {
    return ParseBinary(&Parser::ParseAnd, {{TokenKind::kOr, Operator::kOr}});
  }
  int ParseAnd() {
    return ParseBinary(&Parser::ParseEquality,
                       {{TokenKind::kAnd, Operator::kAnd}});
  }
  int ParseEquality() {
    return ParseBinary(
        &Parser::ParseRelation,
        {{TokenKind::kEq, Operator::kEq}, {TokenKind::kNe, Operator::kNe}});
  }
  int ParseRelation() {
    return ParseBinary(&Parser::ParseAdditive,
                       {{TokenKind::kLt, Operator::kLt},
                        {TokenKind::kLe, Operator::kLe},
                        {TokenKind::kGt, Operator::kGt},
                        {TokenKind::kGe, Operator::kGe},
                        {TokenKind::kIn, Operator::kIn}});
  }
  int ParseAdditive() {
    return ParseBinary(&Parser::ParseMultiplicative,
                       {{TokenKind::kPlus, Operator::kAdd},
                        {TokenKind::kMinus, Operator::kSub}});
  }
  int ParseMultiplicative() {
    return ParseBinary(&Parser::ParseUnary,
                       {{TokenKind::kStar, Operator::kMul},
                        {TokenKind::kSlash, Operator::kDiv},
                        {TokenKind::kPercent, Operator::kMod}});
  }

  int ParseUnary() {
    const TokenKind kind = Peek().kind;
    if (kind != TokenKind::kNot && kind != TokenKind::kMinus) {
      return ParsePostfix();
    }
    const int pos = Take().begin;
    if (!Enter(pos)) return -1;
    const int operand = ParseUnary();
    Leave();
    if (operand < 0) return -1;
    Node& o = nodes_[operand];
    // -<integer literal> is a literal, so that -9223372036854775808 exists.
    if (kind == TokenKind::kMinus && o.syntax == Syntax::kInt && !o.negative &&
        o.begin == o.pos) {
      o.negative = true;
      o.begin = pos;
      o.pos = pos;
      return operand;
    }
    const int id = NewNode(Syntax::kUnary, pos, pos);
    if (id < 0) return -1;
    nodes_[id].op = kind == TokenKind::kNot ? Operator::kNot : Operator::kNeg;
    nodes_[id].a = operand;
    return Finish(id, {operand}, nodes_[operand].end);
  }

  int ParsePostfix() {
    int left = ParsePrimary();
    while (left >= 0 && Peek().kind == TokenKind::kDot) {
      const int dot = Take().begin;
      if (Peek().kind != TokenKind::kIdent) {
        return Fail(Peek().begin, Cat("expected a field name after '.', found ",
                                      Describe(Peek())));
      }
      const Token& name = Take();
      if (Peek().kind == TokenKind::kLParen) {
        return Fail(name.begin, Cat("methods are not supported: write ",
                                    name.text, "(...) as a function call"));
      }
      const int id = NewNode(Syntax::kSelect, nodes_[left].begin, name.begin);
      if (id < 0) return -1;
      nodes_[id].a = left;
      nodes_[id].text = name.text;
      (void)dot;
      left = Finish(id, {left}, name.end);
    }
    return left;
  }

  int ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kTrue:
      case TokenKind::kFalse: {
        Take();
        const int id = NewNode(Syntax::kBool, t.begin, t.begin);
        if (id < 0) return -1;
        nodes_[id].number = t.kind == TokenKind::kTrue;
        return Finish(id, {}, t.end);
      }
      case TokenKind::kInt: {
        Take();
        const int id = NewNode(Syntax::kInt, t.begin, t.begin);
        if (id < 0) return -1;
        nodes_[id].number = t.number;
        return Finish(id, {}, t.end);
      }
      case TokenKind::kString: {
        Take();
        const int id = NewNode(Syntax::kString, t.begin, t.begin);
        if (id < 0) return -1;
        nodes_[id].text = t.text;
        return Finish(id, {}, t.end);
      }
      case TokenKind::kIdent: {
        Take();
        if (Peek().kind == TokenKind::kLParen) return ParseCall(t);
        const int id = NewNode(Syntax::kIdent, t.begin, t.begin);
        if (id < 0) return -1;
        nodes_[id].text = t.text;
        return Finish(id, {}, t.end);
      }
      case TokenKind::kLParen: {
        const int open = Take().begin;
        const int inner = ParseExpression();
        if (inner < 0) return -1;
        if (Peek().kind != TokenKind::kRParen) {
          return Fail(Peek().begin,
                      Cat("expected ')' to close the '(' at ",
                          PositionText(open), ", found ", Describe(Peek())));
        }
        const int close = Take().end;
        // The parenthesised expression keeps its node; its span grows to
        // cover the parentheses (so operand texts read as written) and the
        // parentheses count as one level of nesting.
        Node& n = nodes_[inner];
        n.begin = open;
        n.end = close;
        if (++n.depth > limits_.max_depth) return Fail(open, DepthMessage());
        return inner;
      }
      case TokenKind::kLBracket: {
        const int open = Take().begin;
        const int id = NewNode(Syntax::kList, open, open);
        if (id < 0) return -1;
        while (Peek().kind != TokenKind::kRBracket) {
          const int element = ParseExpression();
          if (element < 0) return -1;
          nodes_[id].args.push_back(element);
          if (!Accept(TokenKind::kComma)) break;
        }
        if (Peek().kind != TokenKind::kRBracket) {
          return Fail(
              Peek().begin,
              Cat("expected ',' or ']' in the list, found ", Describe(Peek())));
        }
        const int close = Take().end;
        return Finish(id, {}, close);
      }
      case TokenKind::kEnd:
        return Fail(t.begin, "unexpected end of expression");
      default:
        return Fail(t.begin, Cat("expected a value, found ", Describe(t)));
    }
  }

  int ParseCall(const Token& name) {
    const int open = Take().begin;
    const int id = NewNode(Syntax::kCall, name.begin, name.begin);
    if (id < 0) return -1;
    nodes_[id].text = name.text;
    (void)open;
    while (Peek().kind != TokenKind::kRParen) {
      const int arg = ParseExpression();
      if (arg < 0) return -1;
      nodes_[id].args.push_back(arg);
      if (!Accept(TokenKind::kComma)) break;
    }
    if (Peek().kind != TokenKind::kRParen) {
      return Fail(Peek().begin, Cat("expected ',' or ')' in the arguments of ",
                                    name.text, ", found ", Describe(Peek())));
    }
    const int close = Take().end;
    return Finish(id, {}, close);
  }

  std::string PositionText(int offset) const {
    const SourcePosition p = map_.At(offset);
    return Cat(p.line, ":", p.column);
  }

  std::string_view text_;
  const Limits& limits_;
  const SourceMap& map_;
  std::vector<Node>& nodes_;
  std::vector<Diagnostic>* diagnostics_;
  std::vector<Token> tokens_;
  std::size_t next_ = 0;
  int depth_ = 0;
  bool failed_ = false;
};

}  // namespace

int Parse(std::string_view text, const Limits& limits, const SourceMap& map,
          std::vector<Node>* nodes, std::vector<Diagnostic>* diagnostics) {
  if (static_cast<int>(text.size()) > limits.max_source_bytes) {
    AddDiagnostic(
        map, 0,
        Cat("expression is ", text.size(),
            " bytes long, more than the limit of ", limits.max_source_bytes),
        diagnostics);
    return -1;
  }
  Parser parser(text, limits, map, nodes, diagnostics);
  return parser.Run();
}

}  // namespace povmon::expr::internal
