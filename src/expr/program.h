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

// Dates the caller has already turned into day numbers (the facts stage does
// it once per household), so that a rule reading one gets the number instead
// of parsing the text again. A read not found here parses the text.
struct KnownDates {
  // `field` of `message` (a singular date field, e.g. Facts.window_start).
  struct One {
    const google::protobuf::FieldDescriptor* field = nullptr;
    const google::protobuf::Message* message = nullptr;
    std::int64_t days = 0;
  };
  // `field` of each element of `owner`'s repeated `list` (e.g.
  // IncomeRecord.date of household.income), by element index.
  struct Column {
    const google::protobuf::FieldDescriptor* field = nullptr;
    const google::protobuf::Message* owner = nullptr;
    const google::protobuf::FieldDescriptor* list = nullptr;
    const std::int64_t* days = nullptr;
    std::int64_t size = 0;
  };
  static constexpr int kMaxOnes = 16;
  static constexpr int kMaxColumns = 8;
  One ones[kMaxOnes];
  int one_count = 0;
  Column columns[kMaxColumns];
  int column_count = 0;

  void Clear() { one_count = column_count = 0; }
  // False when full (the date is then parsed where it is read).
  bool Add(const One& one) {
    if (one_count == kMaxOnes) return false;
    ones[one_count++] = one;
    return true;
  }
  bool Add(const Column& column) {
    if (column_count == kMaxColumns) return false;
    columns[column_count++] = column;
    return true;
  }
};

struct Activation {
  const google::protobuf::Message* roots[kMaxRoots] = {};
  // Indexed by ParameterBinding::slot; the caller resolves dated parameters
  // for the as-of date before evaluating.
  const Value* parameters = nullptr;
  // Days since 1970-01-01.
  std::int64_t as_of_days = 0;
  // Optional: dates already in day numbers.
  const KnownDates* known_dates = nullptr;
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
  // Per slot, the evaluation that last filled it (for the values a
  // comprehension body reads that do not change from element to element,
  // worked out once per evaluation); `epoch` counts evaluations.
  std::vector<std::uint64_t> stamps;
  std::uint64_t epoch = 0;
  // The element fields a comprehension reads, read for every element at
  // once (one column per field), while that comprehension runs.
  std::vector<std::int64_t> columns;
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
  // The same evaluation for a program whose result is a bool, int, money,
  // date or enum, giving only its number (Value::i of Evaluate's result: 1
  // or 0 for a bool) and building no Value: the entry the stages take per
  // rule. Same results, same errors; a program of another result type is a
  // FailedPrecondition error.
  virtual absl::Status EvaluateNumber(const Activation& activation, Scratch* scratch,
                                      ComparisonSink* sink, std::int64_t* out) const = 0;
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

// A bare name an expression uses (not a field, a function or param.NAME),
// with its position; comprehension variables are included. Empty when the
// expression does not parse.
struct NameUse {
  std::string name;
  int line = 1;
  int column = 1;
};
std::vector<NameUse> NamesUsed(std::string_view source, const Limits& limits);

}  // namespace povmon::expr

#endif  // POVMON_SRC_EXPR_PROGRAM_H_
