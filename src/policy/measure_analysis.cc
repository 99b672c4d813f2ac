#include "src/policy/measure_analysis.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/expr/ast.h"
#include "src/expr/parser.h"

namespace povmon {
namespace {

using expr::internal::Node;
using expr::internal::Operator;
using expr::internal::Syntax;

using Nodes = std::vector<Node>;

int ParseTree(std::string_view text, Nodes* nodes) {
  std::vector<expr::Diagnostic> diagnostics;
  expr::internal::SourceMap map(text, {1, 1});
  return expr::internal::Parse(text, expr::Limits{}, map, nodes, &diagnostics);
}

std::string_view Span(std::string_view text, const Node& n) {
  int begin = std::max(0, n.begin);
  int end = std::min(static_cast<int>(text.size()), n.end);
  return end > begin ? text.substr(begin, end - begin) : std::string_view();
}

// An enum constant as the rule language writes it: upper case, digits, '_'.
bool IsEnumName(const Node& n) {
  if (n.syntax != Syntax::kIdent || n.text.empty()) return false;
  return std::all_of(n.text.begin(), n.text.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
           c == '_';
  });
}

// An integer or money literal (`42`, `-3`, `yuan(6500)`, `fen(10)`) as an
// integer (money in fen).
bool IntegerLiteral(const Nodes& nodes, const Node& n, std::int64_t* out) {
  auto plain = [](const Node& k, std::int64_t scale, std::int64_t* v) {
    if (k.syntax != Syntax::kInt) return false;
    if (k.number > static_cast<std::uint64_t>(INT64_MAX) / static_cast<std::uint64_t>(scale)) {
      return false;
    }
    std::int64_t x = static_cast<std::int64_t>(k.number) * scale;
    *v = k.negative ? -x : x;
    return true;
  };
  if (n.syntax == Syntax::kInt) return plain(n, 1, out);
  if (n.syntax == Syntax::kCall && n.args.size() == 1 && (n.text == "yuan" || n.text == "fen")) {
    return plain(nodes[n.args[0]], n.text == "yuan" ? 100 : 1, out);
  }
  return false;
}

Operator Flip(Operator op) {
  switch (op) {
    case Operator::kLt: return Operator::kGt;
    case Operator::kLe: return Operator::kGe;
    case Operator::kGt: return Operator::kLt;
    case Operator::kGe: return Operator::kLe;
    default: return op;
  }
}

bool IsComparison(Operator op) {
  return op == Operator::kLt || op == Operator::kLe || op == Operator::kGt ||
         op == Operator::kGe || op == Operator::kEq || op == Operator::kNe;
}

}  // namespace

struct ConditionSummary::Parsed {
  std::string_view text;
  Nodes nodes;
};

std::string NormalizeExpression(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(text[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out.push_back(c);
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      out.push_back(c);
    }
  }
  // Strip parentheses that enclose everything: "(a)" reads as "a".
  while (out.size() >= 2 && out.front() == '(' && out.back() == ')') {
    int depth = 0;
    bool encloses = true;
    bool quoted = false;
    for (std::size_t i = 0; i < out.size(); ++i) {
      char c = out[i];
      if (quoted) {
        if (c == '\\') ++i;
        else if (c == '"') quoted = false;
        continue;
      }
      if (c == '"') quoted = true;
      else if (c == '(') ++depth;
      else if (c == ')' && --depth == 0 && i + 1 < out.size()) {
        encloses = false;
        break;
      }
    }
    if (!encloses) break;
    out = out.substr(1, out.size() - 2);
  }
  return out;
}

bool ExpressionDivides(std::string_view text) {
  Nodes nodes;
  if (ParseTree(text, &nodes) < 0) return false;
  return std::any_of(nodes.begin(), nodes.end(), [](const Node& n) {
    return n.syntax == Syntax::kBinary && (n.op == Operator::kDiv || n.op == Operator::kMod);
  });
}

void ConditionSummary::AddExpression(std::string_view text) {
  Parsed parsed;
  parsed.text = text;
  const Nodes& nodes = parsed.nodes;
  int root = ParseTree(text, &parsed.nodes);
  if (root < 0) {
    AddOpaque(NormalizeExpression(text), false);
    return;
  }
  // The conjuncts: split `&&` at any depth of nesting in `&&`.
  std::vector<int> stack = {root};
  while (!stack.empty()) {
    int id = stack.back();
    stack.pop_back();
    const Node& n = nodes[id];
    if (n.syntax == Syntax::kBinary && n.op == Operator::kAnd) {
      stack.push_back(n.b);
      stack.push_back(n.a);
      continue;
    }
    AddAtom(parsed, id);
  }
  Check();
}

void ConditionSummary::AddAtom(const Parsed& parsed, int id) {
  std::string_view text = parsed.text;
  const Nodes& nodes = parsed.nodes;
  const Node& n = nodes[id];
  std::string whole = NormalizeExpression(Span(text, n));
  if (n.syntax == Syntax::kBool) {
    if (n.number == 0) contradiction_ = "the condition is literally `false`";
    return;
  }
  if (n.syntax == Syntax::kUnary && n.op == Operator::kNot) {
    const Node& o = nodes[n.a];
    if (o.syntax == Syntax::kBool) {
      if (o.number != 0) contradiction_ = "the condition is literally `!true`";
      return;
    }
    AddOpaque(NormalizeExpression(Span(text, o)), true);
    return;
  }
  if (n.syntax == Syntax::kBinary && IsComparison(n.op)) {
    const Node* term = &nodes[n.a];
    const Node* value = &nodes[n.b];
    Operator op = n.op;
    std::int64_t number = 0;
    bool term_is_literal = IntegerLiteral(nodes, *term, &number) || IsEnumName(*term) ||
                           term->syntax == Syntax::kBool;
    if (term_is_literal) {
      std::swap(term, value);
      op = Flip(op);
    }
    std::string term_text = NormalizeExpression(Span(text, *term));
    if (value->syntax == Syntax::kBool && (op == Operator::kEq || op == Operator::kNe)) {
      bool positive = (value->number != 0) == (op == Operator::kEq);
      AddOpaque(term_text, !positive);
      return;
    }
    if (IntegerLiteral(nodes, *value, &number) && op != Operator::kNe) {
      Interval interval;
      switch (op) {
        case Operator::kLt:
          if (number == INT64_MIN) {
            contradiction_ = absl::StrCat("`", whole, "` is never true");
            return;
          }
          interval.hi = number - 1;
          break;
        case Operator::kLe: interval.hi = number; break;
        case Operator::kGt:
          if (number == INT64_MAX) {
            contradiction_ = absl::StrCat("`", whole, "` is never true");
            return;
          }
          interval.lo = number + 1;
          break;
        case Operator::kGe: interval.lo = number; break;
        default: interval.lo = interval.hi = number; break;
      }
      texts_[term_text].push_back(whole);
      Narrow(term_text, interval);
      return;
    }
    if (IsEnumName(*value) && (op == Operator::kEq || op == Operator::kNe)) {
      EnumSet set;
      if (op == Operator::kEq) {
        set.has_allowed = true;
        set.allowed.insert(value->text);
      } else {
        set.excluded.insert(value->text);
      }
      texts_[term_text].push_back(whole);
      Restrict(term_text, set);
      return;
    }
  }
  if (n.syntax == Syntax::kBinary && n.op == Operator::kIn &&
      nodes[n.b].syntax == Syntax::kList) {
    const Node& list = nodes[n.b];
    bool enums = !list.args.empty() &&
                 std::all_of(list.args.begin(), list.args.end(),
                             [&](int a) { return IsEnumName(nodes[a]); });
    if (enums) {
      EnumSet set;
      set.has_allowed = true;
      for (int a : list.args) set.allowed.insert(nodes[a].text);
      std::string term_text = NormalizeExpression(Span(text, nodes[n.a]));
      texts_[term_text].push_back(whole);
      Restrict(term_text, set);
      return;
    }
  }
  AddOpaque(whole, false);
}

void ConditionSummary::AddOpaque(const std::string& text, bool negated) {
  std::string key = negated ? absl::StrCat("!", text) : text;
  std::string opposite = negated ? text : absl::StrCat("!", text);
  if (opaque_.count(opposite) > 0 && contradiction_.empty()) {
    contradiction_ = absl::StrCat("`", text, "` and `!", text, "` cannot both hold");
  }
  opaque_.insert(std::move(key));
}

void ConditionSummary::Narrow(const std::string& term, Interval interval) {
  auto [it, inserted] = intervals_.emplace(term, interval);
  if (!inserted) {
    it->second.lo = std::max(it->second.lo, interval.lo);
    it->second.hi = std::min(it->second.hi, interval.hi);
  }
}

void ConditionSummary::Restrict(const std::string& term, const EnumSet& set) {
  auto [it, inserted] = enums_.emplace(term, set);
  if (inserted) return;
  EnumSet& have = it->second;
  if (set.has_allowed) {
    if (have.has_allowed) {
      std::set<std::string> both;
      for (const std::string& a : have.allowed) {
        if (set.allowed.count(a) > 0) both.insert(a);
      }
      have.allowed = std::move(both);
    } else {
      have.has_allowed = true;
      have.allowed = set.allowed;
    }
  }
  have.excluded.insert(set.excluded.begin(), set.excluded.end());
}

void ConditionSummary::Check() {
  if (!contradiction_.empty()) return;
  for (const auto& [term, interval] : intervals_) {
    if (interval.lo > interval.hi) {
      contradiction_ = absl::StrCat("`", absl::StrJoin(texts_[term], "` and `"),
                                    "` cannot all hold: no value of `", term, "` satisfies them");
      return;
    }
  }
  for (const auto& [term, set] : enums_) {
    if (!set.has_allowed) continue;
    // A structured binding cannot be captured by a lambda in C++17 (clang rejects it).
    const auto& excluded = set.excluded;
    bool any = std::any_of(set.allowed.begin(), set.allowed.end(),
                           [&excluded](const std::string& a) { return excluded.count(a) == 0; });
    if (!any) {
      contradiction_ = absl::StrCat("`", absl::StrJoin(texts_[term], "` and `"),
                                    "` cannot all hold: no value of `", term, "` satisfies them");
      return;
    }
  }
}

bool ConditionSummary::Implies(const ConditionSummary& other) const {
  if (never_holds()) return true;
  if (other.never_holds()) return false;
  for (const std::string& atom : other.opaque_) {
    if (opaque_.count(atom) == 0) return false;
  }
  for (const auto& [term, want] : other.intervals_) {
    auto it = intervals_.find(term);
    if (it == intervals_.end()) return false;
    if (it->second.lo < want.lo || it->second.hi > want.hi) return false;
  }
  for (const auto& [term, want] : other.enums_) {
    auto it = enums_.find(term);
    if (it == enums_.end()) return false;
    const EnumSet& have = it->second;
    if (want.has_allowed) {
      if (!have.has_allowed) return false;
      for (const std::string& a : have.allowed) {
        if (have.excluded.count(a) == 0 && want.allowed.count(a) == 0) return false;
      }
    }
    for (const std::string& x : want.excluded) {
      bool ruled_out = have.excluded.count(x) > 0 || (have.has_allowed && have.allowed.count(x) == 0);
      if (!ruled_out) return false;
    }
  }
  return true;
}

std::string ConditionSummary::Describe() const {
  std::vector<std::string> atoms(opaque_.begin(), opaque_.end());
  for (const auto& [term, texts] : texts_) atoms.insert(atoms.end(), texts.begin(), texts.end());
  if (atoms.empty()) return "true";
  return absl::StrJoin(atoms, " && ");
}

}  // namespace povmon
