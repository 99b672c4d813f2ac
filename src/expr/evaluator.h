// The compiled form of an expression: the checked, planned syntax tree and
// the source text it came from. Evaluation walks the tree with protobuf
// Reflection through FieldDescriptors bound at compile time.
#ifndef POVMON_SRC_EXPR_EVALUATOR_H_
#define POVMON_SRC_EXPR_EVALUATOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "src/expr/ast.h"
#include "src/expr/field_access.h"
#include "src/expr/program.h"

namespace google::protobuf {
class Reflection;
}  // namespace google::protobuf

namespace povmon::expr::internal {

class CompiledProgram final : public Program {
 public:
  explicit CompiledProgram(std::string source) : source_(std::move(source)) {}

  // The source text the nodes' spans point into.
  std::string_view source() const { return source_; }
  void Finish(std::vector<Node> nodes, int root, Type type, int slot_count);

  const Type& result_type() const override { return type_; }
  absl::StatusOr<Value> Evaluate(const Activation& activation, Scratch* scratch,
                                 ComparisonSink* sink) const override;
  absl::Status EvaluateNumber(const Activation& activation, Scratch* scratch,
                              ComparisonSink* sink, std::int64_t* out) const override;

 private:
  struct Frame {
    Frame(const Activation& a, ComparisonSink* s) : activation(a), sink(s) {}
    const Activation& activation;
    Value* slots = nullptr;
    ComparisonSink* sink;
    // The roots are generated messages: every message reached from them has
    // its generated class's Reflection (Node::reflection). Set by Open.
    bool generated = true;
    // Scratch::stamps and Scratch::epoch (cached subexpressions).
    std::uint64_t* stamps = nullptr;
    std::uint64_t epoch = 0;
    // The Scratch itself (its columns), when the program has slots.
    Scratch* scratch = nullptr;
    // The typed path's error (it returns false and leaves the error here).
    absl::Status error;
  };
  // A root is a generated message when its dynamic type is the generated
  // class's (a typeid comparison: GetReflection() would cost a call_once
  // and a thread-local lookup per rule).
  struct RootCheck {
    int slot = 0;
    const std::type_info* type = nullptr;  // null: the root's type is not generated
  };

  absl::Status Eval(const Node& n, Frame& f, Value* out) const {
    if (n.cache_slot < 0) return EvalNode(n, f, out);
    return EvalCached(n, f, out);
  }
  absl::Status EvalCached(const Node& n, Frame& f, Value* out) const;
  absl::Status EvalNode(const Node& n, Frame& f, Value* out) const;

  // The typed path, for a node the checker typed bool, int, money, date or
  // enum: its value as a number (Value::i), without building a Value, and
  // false with the error in Frame::error when evaluation fails. The
  // operands of comparisons, arithmetic and the logical operators, and the
  // bodies of comprehensions and filters, are evaluated this way; a node it
  // has no shortcut for goes through EvalNode. Same results, same errors.
  bool Number(const Node& n, Frame& f, std::int64_t* out) const {
    // The leaves planned in Finish (Node::fast), read in place.
    switch (n.fast) {
      case Fast::kNone:
        break;
      case Fast::kConst:
        *out = n.constant.i;
        return true;
      case Fast::kVar:
        *out = f.slots[n.fast_slot].i;
        return true;
      case Fast::kVarField:
      case Fast::kVarChain:
      case Fast::kRootField: {
        if (!f.generated) break;
        const google::protobuf::Message* m = n.fast == Fast::kRootField
                                                 ? f.activation.roots[n.fast_slot]
                                                 : f.slots[n.fast_slot].message;
        if (m == nullptr) break;  // the slow path says why
        if (n.fast == Fast::kVarChain) m = n.fast_via->message(*m);
        *out = n.access->number(*m);
        return true;
      }
    }
    if (n.cache_slot < 0) return NumberNode(n, f, out);
    return NumberCached(n, f, out);
  }
  bool Fail(Frame& f, absl::Status status) const {
    f.error = std::move(status);
    return false;
  }
  // The per-evaluation part of Frame: the Scratch's slots (a new epoch for
  // the cached subexpressions) and whether the roots are generated
  // messages. Inline, since the stages enter once per rule: with a Scratch
  // already large enough it is a size check, an epoch and one typeid
  // comparison per root the program reads. False with the error in
  // Frame::error when the program needs a Scratch and has none.
  bool Open(Scratch* scratch, Frame& f) const {
    if (slot_total_ > 0) {
      if (scratch == nullptr || scratch->slots.size() < slot_total_ ||
          scratch->stamps.size() < slot_total_) {
        if (!Grow(scratch, f)) return false;
      }
      f.scratch = scratch;
      f.slots = scratch->slots.data();
      f.stamps = scratch->stamps.data();
      f.epoch = ++scratch->epoch;
    }
    for (int k = 0; k < root_check_count_; ++k) {
      const RootCheck& c = root_checks_[k];
      const google::protobuf::Message* m = f.activation.roots[c.slot];
      if (m != nullptr && (c.type == nullptr || typeid(*m) != *c.type)) f.generated = false;
    }
    return true;
  }
  // Open's first use of a Scratch: sizes it for this program (or fails).
  bool Grow(Scratch* scratch, Frame& f) const;
  bool NumberCached(const Node& n, Frame& f, std::int64_t* out) const;
  // any, all, count and sum over the messages of a root's repeated field
  // (household.members), or over filter() of one, on generated messages:
  // one loop that writes each element's message and index into the
  // variables' slots, with the filter's condition and the body evaluated
  // per element on the typed path. False in *handled when the comprehension
  // is not of that shape (it then goes through Comprehension).
  bool LoopNumber(const Node& n, Frame& f, std::int64_t* out, bool* handled) const;
  // What LoopNumber needs of a comprehension of that shape, worked out in
  // Finish (PlanLoops) instead of at every evaluation: the root and the
  // accessor of its list, the variables' slots, the filter's condition and
  // the body.
  //
  // When the filter's condition and the body read the element only through
  // bool, integer, enum and date fields of the element or of its singular
  // message fields (m.labour_capacity, m.employment.public_body_...,
  // e.date), each compared with a constant or with a value that is the same
  // for every element (facts.window_start), or tested for truth or against
  // a literal list, and joined by &&: the plan is columnar. Each number
  // field is then read for every element in one call (a generated
  // ColumnRead), the dates are taken from the caller's KnownDates by
  // element index, and the condition and body are tests on those columns
  // instead of walks of their nodes (ColumnLoop).
  struct Column {
    ColumnRead read = nullptr;  // a number field, or
    const google::protobuf::FieldDescriptor* date = nullptr;  // a date field
  };
  struct Test {
    // kNone: the column is not 0; kIn: it is one of *in; a comparison:
    // column op right side.
    Operator op = Operator::kNone;
    int column = 0;
    // Comparisons: the right side, a node worked out at the first test that
    // needs it in each loop, or (right < 0) the constant.
    int right = -1;
    std::int64_t constant = 0;
    const std::vector<std::int64_t>* in = nullptr;  // kIn
  };
  // A test's right side (out of line: the loop's tests stay small).
  __attribute__((noinline)) bool Right(const Test& t, Frame& f, std::int64_t* out) const;
  static constexpr int kMaxColumns = 8;
  static constexpr int kMaxTests = 8;
  struct LoopPlan {
    int root_slot = 0;
    const FieldAccess* access = nullptr;
    const google::protobuf::FieldDescriptor* field = nullptr;
    int var_slot = 0;
    int filter_var_slot = -1;  // -1: no filter
    int condition = -1;        // the filter's condition node
    int body = 0;
    // Columnar plans only (columnar true): the columns, the filter's tests
    // (the first filter_tests of tests) and the body's (the rest), or for a
    // sum the column summed.
    bool columnar = false;
    std::vector<Column> columns;
    std::vector<Test> tests;
    int filter_tests = 0;
    int sum_column = -1;
  };
  void PlanLoops(const std::vector<bool>& varies);
  // Makes `p` columnar if its condition and body allow it.
  void PlanColumns(internal::Eval kind, LoopPlan* p, const std::vector<bool>& varies) const;
  // The column of field node `id` read from the variable in `var_slot` (an
  // index into p->columns, added if new), or -1.
  int ColumnOf(int id, int var_slot, LoopPlan* p) const;
  // The tests of a condition or body `id` (a conjunction of tests), or
  // false when it is not of that shape.
  bool PlanTests(int id, int var_slot, const std::vector<bool>& varies, LoopPlan* p) const;
  // A columnar plan's loop. False in *handled when a date column is not
  // among the caller's KnownDates (the loop then walks the nodes).
  template <internal::Eval kKind>
  bool ColumnLoop(const LoopPlan& p, const google::protobuf::Message& owner, int size,
                  const Node& n, Frame& f, std::int64_t* out, bool* handled) const;
  // The loop of one comprehension kind (one instantiation each, so that the
  // kind is not switched on per element).
  // (Eval qualified: inside the class the name is the member function.)
  template <internal::Eval kKind>
  bool Loop(const LoopPlan& p, const google::protobuf::Message& owner, const Node& n, Frame& f,
            std::int64_t* out) const;
  bool NumberNode(const Node& n, Frame& f, std::int64_t* out) const;
  bool NumberField(const Node& n, Frame& f, std::int64_t* out) const;
  // The message a field node `n` reads from, and where it came from (for
  // the dates known by element index): a comprehension variable, a root or
  // a chain of singular message fields from one are followed without
  // building a Value.
  struct Origin {
    const google::protobuf::Message* message = nullptr;
    const google::protobuf::Message* owner = nullptr;
    const google::protobuf::FieldDescriptor* list = nullptr;
    std::int64_t index = 0;
  };
  bool OriginOf(const Node& n, Frame& f, Origin* from) const;
  bool ArithNumber(const Node& n, Frame& f, std::int64_t* out) const;
  bool CompareNumber(const Node& n, Frame& f, std::int64_t* out) const;
  // Plans Node::fast for every node (the typed path's leaves).
  void PlanFastLeaves();
  // Which subexpressions of comprehension bodies are the same for every
  // element (Node::cache_slot); returns whether `id` reads a comprehension
  // variable.
  bool Varies(int id, std::vector<bool>* varies) const;
  void AssignCacheSlots(int id, int depth, const std::vector<bool>& varies);
  // A field read through its generated accessor (Node::access).
  absl::Status Access(const Node& n, const Value& from, const Frame& f, Value* out) const;
  absl::Status ReadField(const Node& n, const Value& from,
                         const google::protobuf::Reflection& r, const Frame& f,
                         Value* out) const;
  absl::Status Arith(const Node& n, Frame& f, Value* out) const;
  absl::Status Compare(const Node& n, Frame& f, Value* out) const;
  absl::Status InRepeated(const Node& n, Frame& f, Value* out) const;
  absl::Status Comprehension(const Node& n, Frame& f, Value* out) const;
  absl::Status Dates(const Node& n, Frame& f, Value* out) const;
  absl::Status Element(const google::protobuf::Message& owner,
                       const google::protobuf::Reflection& reflection,
                       const google::protobuf::FieldDescriptor* field,
                       int index, const Node& consumer, Value* out) const;
  absl::Status Passes(const ListRef& list, const Value& element, Frame& f,
                      bool* keep) const;
  // Calls visit(element, &stop) for each element of `list` (after its
  // filters), until visit sets stop.
  template <typename Visit>
  absl::Status ForEach(const ListRef& list, const Node& consumer, Frame& f,
                       Visit&& visit) const;

  std::string_view Text(const Node& n) const {
    return std::string_view(source_).substr(n.begin, n.end - n.begin);
  }
  absl::Status Overflow(const Node& n) const;
  absl::Status Unset(const Node& n) const;
  absl::Status DateError(const Node& n, std::string_view path,
                         std::string_view text) const;

  std::string source_;
  std::vector<Node> nodes_;
  int root_ = -1;
  Type type_;
  int slot_count_ = 0;
  // Slots slot_count_ .. slot_count_ + cache_count_ - 1 keep cached values.
  int cache_count_ = 0;
  // slot_count_ + cache_count_: what the Scratch must hold.
  std::size_t slot_total_ = 0;
  // The result is a bool, int, money, date or enum (EvaluateNumber's kinds).
  bool numeric_result_ = false;
  // The roots the program reads (at most one check per slot).
  RootCheck root_checks_[kMaxRoots] = {};
  int root_check_count_ = 0;
  std::vector<LoopPlan> loops_;
};

}  // namespace povmon::expr::internal

#endif  // POVMON_SRC_EXPR_EVALUATOR_H_
