// The syntax tree shared by the parser, the checker (which also plans: it
// binds names, fields and slots in place) and the evaluator. Internal to
// src/expr.
#ifndef POVMON_SRC_EXPR_AST_H_
#define POVMON_SRC_EXPR_AST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/expr/field_access.h"
#include "src/expr/program.h"
#include "src/expr/type.h"
#include "src/expr/value.h"

namespace google::protobuf {
class FieldDescriptor;
class Message;
class Reflection;
}  // namespace google::protobuf

namespace povmon::expr::internal {

enum class Syntax : std::uint8_t {
  kBool,
  kInt,
  kString,
  kList,  // [a, b, ...], only after `in`
  kIdent,
  kSelect,  // a.name
  kCall,    // name(args...)
  kUnary,
  kBinary,
  kTernary,
};

enum class Operator : std::uint8_t {
  kNone,
  kNot,
  kNeg,
  kOr,
  kAnd,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
};

std::string_view OperatorText(Operator op);

// What the evaluator does with a checked node.
enum class Eval : std::uint8_t {
  kInvalid,
  kConst,        // constant (not a string)
  kConstString,  // the node's text
  kRoot,         // Activation::roots[slot]
  kParam,        // Activation::parameters[slot]
  kAsOf,
  kVar,  // Scratch::slots[slot]
  kAlias,  // a definition's name: the value of node `a`, its inlined root
  kField,
  kHas,
  kNot,
  kNeg,
  kAnd,
  kOr,
  kTernary,
  kArith,
  kCompare,
  kInList,      // x in [literal, ...]
  kInRepeated,  // x in list
  kAny,
  kAll,
  kCount,
  kSum,
  kFilter,
  kSize,
  kMin,
  kMax,
  kAbs,
  kYearsBetween,
  kMonthsBetween,
  kDaysBetween,
  kAddMonths,
  kYear,
  kMonth,
  kDay,
};

// Leaves the typed path reads in place (CompiledProgram::Number), planned
// once the tree is checked.
enum class Fast : std::uint8_t {
  kNone,
  kConst,      // constant.i
  kVar,        // Scratch::slots[fast_slot].i
  kVarField,   // access->number(variable fast_slot's message)
  kVarChain,   // access->number(fast_via->message(variable fast_slot's message))
  kRootField,  // access->number(Activation::roots[fast_slot])
};

// How a singular field is read.
enum class Read : std::uint8_t {
  kBool,
  kInt32,
  kInt64,
  kUInt32,
  kEnum,
  kString,
  kDate,
  kMessage,
  kList,
};

struct Node {
  Syntax syntax = Syntax::kBool;
  Operator op = Operator::kNone;
  // Source span [begin, end) and the offset diagnostics point at (the
  // operator, the name, the function name).
  int begin = 0;
  int end = 0;
  int pos = 0;
  // Height of the subtree, parentheses included.
  int depth = 1;
  // Children: operands (a, b, c) or call arguments and list elements (args).
  int a = -1;
  int b = -1;
  int c = -1;
  std::vector<int> args;
  // Identifier, field or function name; decoded string literal.
  std::string text;
  std::uint64_t number = 0;  // integer literal magnitude
  bool negative = false;     // integer literal preceded by unary minus

  // ---- filled by the checker
  Type type;
  Eval eval = Eval::kInvalid;
  Value constant;
  const google::protobuf::FieldDescriptor* field = nullptr;
  // Fields and roots: the Reflection of the generated class of the message
  // read from (null outside the generated pool). Used when the activation's
  // roots are generated messages, sparing a GetReflection() per read.
  const google::protobuf::Reflection* reflection = nullptr;
  // Roots: the generated class's default instance (null outside the
  // generated pool), whose dynamic type a root is checked against.
  const google::protobuf::Message* prototype = nullptr;
  // Fields of a generated message: its generated accessors, bound at plan
  // time (null when the field has none; Reflection reads it then).
  const FieldAccess* access = nullptr;
  Read read = Read::kBool;
  ValueTag tag = ValueTag::kNull;  // result tag of arithmetic / field reads
  int slot = -1;                   // root, parameter or variable slot
  int aux_slot = -1;               // filter: where the filtered list is kept
  // Inside a comprehension body, a subexpression that reads no
  // comprehension variable (facts.window_start, a + b of facts): the slot
  // where its value is kept after the first element, or -1.
  int cache_slot = -1;
  // The typed path's shortcut for this node, if any, the slot it reads and,
  // for kVarChain, the accessor of the message field in between.
  Fast fast = Fast::kNone;
  int fast_slot = -1;
  const FieldAccess* fast_via = nullptr;
  // any, all, count or sum over a root's repeated messages (or one filter()
  // of them): its index in the program's loop plans, or -1.
  int loop = -1;
  bool report = false;             // comparison to report to a ComparisonSink
  bool strings = false;            // comparison of strings
  Type operand_type;               // comparisons
  std::vector<std::int64_t> in_numbers;
  std::vector<std::string> in_strings;
  // Field path for date errors ("household.members[].birth_date").
  std::string path;
  // Line and column of `pos` in the expression's text, the column in
  // characters, for evaluation errors (in an inlined definition: in the
  // definition's text).
  int line = 0;
  int column = 0;
  // Spliced in from a definition.
  bool in_definition = false;
};

// Converts offsets in the expression to file positions.
class SourceMap {
 public:
  SourceMap(std::string_view text, SourcePosition start)
      : text_(text), start_(start) {}
  // Columns count bytes (as protobuf's text format does, so a caller can map
  // them back through its own byte offsets); a newline advances the line and
  // resets the column to 1.
  SourcePosition At(int offset) const;
  // The same position with the column in characters (a Chinese character is
  // one column, as editors count): for the evaluation errors, which quote
  // the expression's own line and column to the reader.
  SourcePosition CharacterAt(int offset) const;

 private:
  SourcePosition Position(int offset, bool characters) const;

  std::string_view text_;
  SourcePosition start_;
};

inline void AddDiagnostic(const SourceMap& map, int offset, std::string message,
                          std::vector<Diagnostic>* out) {
  const SourcePosition p = map.At(offset);
  out->push_back(Diagnostic{p.line, p.column, std::move(message)});
}

}  // namespace povmon::expr::internal

#endif  // POVMON_SRC_EXPR_AST_H_
