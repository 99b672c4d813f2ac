// Static analysis of measure conditions, for the load-time checks of the
// hit policies (docs/assistance.md, "What the loader rejects").
//
// A measure applies when the conjunction of its `who` and its conditions
// holds. The analysis reads that conjunction as a set of atoms:
//   - a comparison of a term with a literal (`years_between(...) <= 65`,
//     `facts.x < yuan(6000)`, `household.support == SUPPORT_STATUS_DIBAO`,
//     `m.stage in [A, B]`): a constraint on the term, an integer interval or
//     a set of enum names;
//   - anything else, by its text (whitespace outside string literals and
//     enclosing parentheses removed), possibly negated with `!`.
// Two atoms with the same text denote the same value (expressions are pure),
// so the analysis is sound: it reports a measure as never firing, or as
// shadowed, only when that is certain. It is not complete: conditions it
// cannot read (parameters, arithmetic, disjunctions) are opaque atoms, equal
// only to themselves.
#ifndef POVMON_SRC_POLICY_MEASURE_ANALYSIS_H_
#define POVMON_SRC_POLICY_MEASURE_ANALYSIS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace povmon {

class ConditionSummary {
 public:
  // Add the conjuncts of one expression (which must parse).
  void AddExpression(std::string_view text);

  // The conjunction can never hold; `why` says which atoms contradict.
  bool never_holds() const { return !contradiction_.empty(); }
  const std::string& contradiction() const { return contradiction_; }

  // Whenever this conjunction holds, `other` holds too (sound, not
  // complete: false when the analysis cannot tell).
  bool Implies(const ConditionSummary& other) const;

  // The atoms as text, for messages.
  std::string Describe() const;

 private:
  struct Interval {
    std::int64_t lo = INT64_MIN;
    std::int64_t hi = INT64_MAX;
  };
  struct EnumSet {
    bool has_allowed = false;
    std::set<std::string> allowed;   // the term is one of these
    std::set<std::string> excluded;  // the term is none of these
  };
  struct Parsed;  // the expression's text and syntax tree
  void AddAtom(const Parsed& parsed, int node);
  void AddOpaque(const std::string& text, bool negated);
  void Narrow(const std::string& term, Interval interval);
  void Restrict(const std::string& term, const EnumSet& set);
  void Check();

  std::set<std::string> opaque_;          // "text" or "!text"
  std::map<std::string, Interval> intervals_;
  std::map<std::string, EnumSet> enums_;
  // The atoms written about each constrained term, for messages.
  std::map<std::string, std::vector<std::string>> texts_;
  std::string contradiction_;
};

// `text` without whitespace outside string literals and without parentheses
// that enclose all of it.
std::string NormalizeExpression(std::string_view text);

// Whether `text` divides (`/` or `%`): an amount that does must name its
// rounding rule. `text` must parse.
bool ExpressionDivides(std::string_view text);

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_MEASURE_ANALYSIS_H_
