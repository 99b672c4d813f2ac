// The rule language's public face for the rest of povmon: compile an
// expression once against an Environment, evaluate it many times.
//
//   std::vector<Diagnostic> problems;
//   std::unique_ptr<Program> p =
//       Compile(text, env, Type::Of(TypeKind::kBool), {line, column}, &problems);
//   ...
//   Activation act;  act.roots[0] = &household; ...
//   absl::StatusOr<Value> v = p->Evaluate(act, &scratch, &sink);
//
// A Program is immutable and may be shared across threads. Evaluation does no
// name lookups (every field is bound to its FieldDescriptor at compile time)
// and no heap allocation: comprehension variables live in the Scratch, whose
// size is fixed by the program.
#ifndef POVMON_SRC_EXPR_PROGRAM_H_
#define POVMON_SRC_EXPR_PROGRAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "src/expr/environment.h"
#include "src/expr/type.h"
#include "src/expr/value.h"

namespace povmon::expr {

// Where the expression text starts in its file (1-based line and column of
// its first character), so diagnostics carry file positions. A newline in
// the text advances the line.
struct SourcePosition {
  int line = 1;
  int column = 1;
};

struct Diagnostic {
  int line = 0;
  int column = 0;
  std::string message;
};

inline constexpr int kMaxRoots = 8;

struct Activation {
  const google::protobuf::Message* roots[kMaxRoots] = {};
  // Indexed by ParameterBinding::slot; the caller resolves dated parameters
  // for the as-of date before evaluating.
  const Value* parameters = nullptr;
  // Days since 1970-01-01.
  std::int64_t as_of_days = 0;
};

// Receives each comparison made outside comprehensions (the operands' source
// text, the operator and both values) when the caller asks for a full trace.
class ComparisonSink {
 public:
  virtual ~ComparisonSink() = default;
  virtual void Compared(std::string_view left_text, std::string_view op,
                        std::string_view right_text, const Value& left,
                        const Value& right, const Type& operand_type,
                        bool result) = 0;
};

// Per-thread working memory. Reuse one per thread; it grows to the largest
// program it has served and then never allocates again.
class Scratch {
 public:
  std::vector<Value> slots;
};

class Program {
 public:
  virtual ~Program() = default;
  virtual const Type& result_type() const = 0;
  // Evaluate. Errors: integer or money overflow, division by zero, an empty
  // or malformed date field read as a date. The message names the field
  // path or the operator and its source column.
  virtual absl::StatusOr<Value> Evaluate(const Activation& activation,
                                         Scratch* scratch,
                                         ComparisonSink* sink) const = 0;
};

// Compile `source`. `expected` is the type the caller needs (kBool for a
// condition, kMoney for an amount); a different result type is a
// diagnostic. Returns nullptr if any diagnostic was added; every problem
// found is reported, not only the first.
std::unique_ptr<Program> Compile(std::string_view source,
                                 const Environment& environment,
                                 const Type& expected,
                                 SourcePosition position,
                                 std::vector<Diagnostic>* diagnostics);

}  // namespace povmon::expr

#endif  // POVMON_SRC_EXPR_PROGRAM_H_
