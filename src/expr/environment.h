// What a rule may name: the root messages, the pack's parameters and the
// as-of date. Built once per pack by the planner, read-only afterwards.
#ifndef POVMON_SRC_EXPR_ENVIRONMENT_H_
#define POVMON_SRC_EXPR_ENVIRONMENT_H_

#include <memory>
#include <string>
#include <vector>

#include "povmon/limits.h"
#include "src/expr/type.h"

namespace google::protobuf {
class Descriptor;
class DescriptorPool;
}  // namespace google::protobuf

namespace povmon::expr {

struct Limits {
  // The defaults are the public limits (include/povmon/limits.h).
  // Longest expression source, in bytes.
  int max_source_bytes = kMaxExpressionBytes;
  // Deepest nesting of the syntax tree (parentheses, operators, calls).
  int max_depth = kMaxExpressionDepth;
  // Most nodes in one expression.
  int max_nodes = kMaxExpressionNodes;
  // Deepest nesting of comprehensions (any/all/count/sum/filter).
  int max_comprehension_depth = kMaxComprehensionDepth;
};

struct RootBinding {
  std::string name;                                // e.g. "household"
  const google::protobuf::Descriptor* descriptor;  // e.g. povmon.v1.Household
  int slot;                                        // index into Activation::roots
};

struct ParameterBinding {
  std::string name;  // named in rules as param.<name>
  Type type;         // bool, int, money, date or basis points (int)
  int slot;          // index into Activation::parameters
};

// A pack's named definition: a name rules use like a value, standing for an
// expression checked once when the pack loads and inlined (planned again in
// place) into every expression that names it.
struct Definition {
  enum class State { kPending, kOk, kBroken };
  std::string name;
  std::string text;  // the expression
  Type type;         // its type, once checked
  // Load-time bookkeeping, filled by the loader and by Compile: whether the
  // definition checked (kBroken: a use is an error that points at the
  // definition's own problems) and how many expressions named it.
  mutable State state = State::kPending;
  mutable int uses = 0;
};

// How deep definitions may be built on definitions (a using b using c ...).
inline constexpr int kMaxDefinitionNesting = 8;
// An expression with its definitions inlined has at most this many times
// Limits::max_nodes nodes.
inline constexpr int kInlinedNodesFactor = 4;

struct Environment {
  std::vector<RootBinding> roots;
  std::vector<ParameterBinding> parameters;
  // Enum constants (e.g. LABOUR_CAPACITY_NONE) are looked up in this pool
  // under this package.
  const google::protobuf::DescriptorPool* pool = nullptr;
  std::string enum_package = "povmon.v1";
  Limits limits;
  // The pack's definitions (may be null), shared by every environment built
  // from the pack's.
  std::shared_ptr<const std::vector<Definition>> definitions;
};

}  // namespace povmon::expr

#endif  // POVMON_SRC_EXPR_ENVIRONMENT_H_
