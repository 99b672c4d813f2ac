#include "src/expr/evaluator.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "src/base/date.h"
#include "src/expr/field_access.h"
#include "src/expr/strings.h"

namespace povmon::expr::internal {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();

#define POVMON_RETURN_IF_ERROR(expr)   \
  do {                                 \
    absl::Status _status = (expr);     \
    if (!_status.ok()) return _status; \
  } while (0)

// The typed path reports failure by returning false, with the error in
// Frame::error (no absl::Status is built or returned per node).
#define POVMON_TYPED(expr) \
  do {                     \
    if (!(expr)) return false; \
  } while (0)
// From the typed path back to a function returning absl::Status.
#define POVMON_TYPED_STATUS(expr)               \
  do {                                          \
    if (!(expr)) return std::move(f.error);     \
  } while (0)

Value StringValue(std::string_view s) {
  Value v;
  v.tag = ValueTag::kString;
  v.s = s;
  return v;
}

Value MessageValue(const Message* m) {
  Value v;
  v.tag = ValueTag::kMessage;
  v.message = m;
  return v;
}

}  // namespace

std::string_view OperatorText(Operator op) {
  switch (op) {
    case Operator::kNone:
      return "";
    case Operator::kNot:
      return "!";
    case Operator::kNeg:
      return "-";
    case Operator::kOr:
      return "||";
    case Operator::kAnd:
      return "&&";
    case Operator::kEq:
      return "==";
    case Operator::kNe:
      return "!=";
    case Operator::kLt:
      return "<";
    case Operator::kLe:
      return "<=";
    case Operator::kGt:
      return ">";
    case Operator::kGe:
      return ">=";
    case Operator::kIn:
      return "in";
    case Operator::kAdd:
      return "+";
    case Operator::kSub:
      return "-";
    case Operator::kMul:
      return "*";
    case Operator::kDiv:
      return "/";
    case Operator::kMod:
      return "%";
  }
  return "?";
}

void CompiledProgram::Finish(std::vector<Node> nodes, int root, Type type,
                             int slot_count) {
  nodes_ = std::move(nodes);
  root_ = root;
  type_ = type;
  slot_count_ = slot_count;
  std::vector<bool> varies(nodes_.size(), false);
  if (root_ >= 0) {
    Varies(root_, &varies);
    AssignCacheSlots(root_, 0, varies);
  }
  PlanFastLeaves();
  PlanLoops(varies);
  slot_total_ = static_cast<std::size_t>(slot_count_ + cache_count_);
  switch (type_.kind) {
    case TypeKind::kBool:
    case TypeKind::kInt:
    case TypeKind::kMoney:
    case TypeKind::kDate:
    case TypeKind::kEnum:
      numeric_result_ = true;
      break;
    default:
      numeric_result_ = false;
      break;
  }
  for (const Node& n : nodes_) {
    if (n.eval != Eval::kRoot) continue;
    bool seen = false;
    for (int k = 0; k < root_check_count_; ++k) seen = seen || root_checks_[k].slot == n.slot;
    // Root slots are below kMaxRoots, so there is room for one check each.
    if (!seen) {
      root_checks_[root_check_count_++] = RootCheck{
          n.slot, n.reflection != nullptr && n.prototype != nullptr ? &typeid(*n.prototype)
                                                                    : nullptr};
    }
  }
}

void CompiledProgram::PlanFastLeaves() {
  const auto numeric = [](Read r) {
    return r == Read::kBool || r == Read::kInt32 || r == Read::kInt64 || r == Read::kUInt32 ||
           r == Read::kEnum;
  };
  for (Node& n : nodes_) {
    switch (n.eval) {
      case Eval::kConst:
        n.fast = Fast::kConst;
        break;
      case Eval::kVar:
        n.fast = Fast::kVar;
        n.fast_slot = n.slot;
        break;
      case Eval::kField: {
        // A number field (the accessors are only used on generated
        // messages, which Number checks per evaluation) ...
        if (!numeric(n.read) || n.access == nullptr || n.access->number == nullptr) break;
        const Node& from = nodes_[n.a];
        if (from.eval == Eval::kVar) {
          // ... of a comprehension variable,
          n.fast = Fast::kVarField;
          n.fast_slot = from.slot;
        } else if (from.eval == Eval::kRoot) {
          // ... of a root,
          n.fast = Fast::kRootField;
          n.fast_slot = from.slot;
        } else if (from.eval == Eval::kField && from.read == Read::kMessage &&
                   from.access != nullptr && from.access->message != nullptr &&
                   nodes_[from.a].eval == Eval::kVar) {
          // ... or of a message field of one (m.employment.public_body_...).
          n.fast = Fast::kVarChain;
          n.fast_slot = nodes_[from.a].slot;
          n.fast_via = from.access;
        }
        break;
      }
      default:
        break;
    }
  }
}

namespace {

bool IsComprehension(Eval e) {
  return e == Eval::kAny || e == Eval::kAll || e == Eval::kCount || e == Eval::kSum ||
         e == Eval::kFilter;
}

}  // namespace

bool CompiledProgram::Varies(int id, std::vector<bool>* varies) const {
  const Node& n = nodes_[id];
  // A comprehension (or size(), which may count a filtered list kept in the
  // Scratch) is never cached, nor is anything around it.
  bool v = n.eval == Eval::kVar || IsComprehension(n.eval) || n.eval == Eval::kSize;
  if (IsComprehension(n.eval)) {
    if (n.args.size() == 3) {
      Varies(n.args[0], varies);
      Varies(n.args[2], varies);
    }
  } else {
    for (const int c : {n.a, n.b, n.c}) {
      if (c >= 0 && Varies(c, varies)) v = true;
    }
    for (const int c : n.args) {
      if (c >= 0 && Varies(c, varies)) v = true;
    }
  }
  (*varies)[static_cast<std::size_t>(id)] = v;
  return v;
}

void CompiledProgram::AssignCacheSlots(int id, int depth, const std::vector<bool>& varies) {
  Node& n = nodes_[id];
  if (depth > 0 && !varies[static_cast<std::size_t>(id)] &&
      (n.eval == Eval::kField || n.eval == Eval::kArith)) {
    n.cache_slot = slot_count_ + cache_count_++;
    return;
  }
  if (IsComprehension(n.eval)) {
    if (n.args.size() == 3) {
      AssignCacheSlots(n.args[0], depth, varies);
      AssignCacheSlots(n.args[2], depth + 1, varies);
    }
    return;
  }
  for (const int c : {n.a, n.b, n.c}) {
    if (c >= 0) AssignCacheSlots(c, depth, varies);
  }
  for (const int c : n.args) {
    if (c >= 0) AssignCacheSlots(c, depth, varies);
  }
}

absl::Status CompiledProgram::EvalCached(const Node& n, Frame& f, Value* out) const {
  const std::size_t slot = static_cast<std::size_t>(n.cache_slot);
  if (f.stamps[slot] == f.epoch) {
    *out = f.slots[slot];
    return absl::OkStatus();
  }
  POVMON_RETURN_IF_ERROR(EvalNode(n, f, out));
  f.slots[slot] = *out;
  f.stamps[slot] = f.epoch;
  return absl::OkStatus();
}

bool CompiledProgram::Grow(Scratch* scratch, Frame& f) const {
  if (scratch == nullptr) {
    return Fail(f, absl::InvalidArgumentError(
                       "this expression needs a Scratch for its comprehension variables"));
  }
  if (scratch->slots.size() < slot_total_) scratch->slots.resize(slot_total_);
  if (scratch->stamps.size() < slot_total_) scratch->stamps.resize(slot_total_, 0);
  return true;
}

absl::StatusOr<Value> CompiledProgram::Evaluate(const Activation& activation,
                                                Scratch* scratch,
                                                ComparisonSink* sink) const {
  Frame frame(activation, sink);
  if (!Open(scratch, frame)) return std::move(frame.error);
  Value out;
  POVMON_RETURN_IF_ERROR(Eval(nodes_[root_], frame, &out));
  return out;
}

absl::Status CompiledProgram::EvaluateNumber(const Activation& activation, Scratch* scratch,
                                             ComparisonSink* sink, std::int64_t* out) const {
  if (!numeric_result_) {
    return absl::FailedPreconditionError(
        Cat("EvaluateNumber on an expression of type ", TypeName(type_)));
  }
  Frame frame(activation, sink);
  // The root is never cached (only subexpressions of comprehension bodies
  // are), so Number evaluates it as Eval would, giving Value::i.
  if (!Open(scratch, frame) || !Number(nodes_[root_], frame, out)) {
    return std::move(frame.error);
  }
  return absl::OkStatus();
}

absl::Status CompiledProgram::Overflow(const Node& n) const {
  std::string_view what = "integer overflow";
  if (n.tag == ValueTag::kMoney) what = "money overflow";
  if (n.tag == ValueTag::kDate || n.eval == Eval::kAddMonths) {
    what = "date out of range";
  }
  return absl::OutOfRangeError(Cat(what, " in \"", Text(n), "\" (line ", n.line,
                                   ", column ", n.column, ")"));
}

absl::Status CompiledProgram::Unset(const Node& n) const {
  return absl::FailedPreconditionError(Cat("\"", Text(nodes_[n.a]),
                                           "\" has no message to read \"",
                                           n.path, "\" from"));
}

absl::Status CompiledProgram::DateError(const Node& n, std::string_view path,
                                        std::string_view text) const {
  (void)n;
  if (text.empty()) {
    return absl::InvalidArgumentError(Cat(path, " is empty"));
  }
  return absl::InvalidArgumentError(
      Cat(path, " is not a date (\"", text, "\"); dates are YYYY-MM-DD"));
}

namespace {

// The day number of date field `field` of `message`, when the caller has it;
// `owner`, `list` and `index` say which element of which repeated field the
// message is (null when it is none).
bool Known(const KnownDates* known, const FieldDescriptor* field, const Message* message,
           const Message* owner, const FieldDescriptor* list, std::int64_t index,
           std::int64_t* days) {
  if (known == nullptr) return false;
  for (int k = 0; k < known->one_count; ++k) {
    const KnownDates::One& one = known->ones[k];
    if (one.field == field && one.message == message) {
      *days = one.days;
      return true;
    }
  }
  for (int k = 0; k < known->column_count; ++k) {
    const KnownDates::Column& c = known->columns[k];
    if (c.field == field && c.owner == owner && c.list == list && owner != nullptr &&
        index >= 0 && index < c.size) {
      *days = c.days[index];
      return true;
    }
  }
  return false;
}

bool Known(const KnownDates* known, const FieldDescriptor* field, const Value& from,
           std::int64_t* days) {
  return Known(known, field, from.message, from.list.owner, from.list.field, from.i, days);
}

}  // namespace

absl::Status CompiledProgram::Access(const Node& n, const Value& from, const Frame& f,
                                     Value* out) const {
  const FieldAccess& a = *n.access;
  switch (n.read) {
    case Read::kList: {
      Value v;
      v.tag = ValueTag::kList;
      v.list.owner = from.message;
      v.list.field = n.field;
      v.list.reflection = n.reflection;
      v.list.access = &a;
      *out = v;
      return absl::OkStatus();
    }
    case Read::kDate: {
      std::int64_t days = 0;
      if (Known(f.activation.known_dates, n.field, from, &days)) {
        *out = Value::Date(days);
        return absl::OkStatus();
      }
      const Value text = a.get(*from.message);
      if (!dates::ParseDate(text.s, &days)) return DateError(n, n.path, text.s);
      *out = Value::Date(days);
      return absl::OkStatus();
    }
    case Read::kInt32:
    case Read::kInt64:
    case Read::kUInt32:
      *out = a.get(*from.message);
      out->tag = n.tag;
      return absl::OkStatus();
    default:
      *out = a.get(*from.message);
      return absl::OkStatus();
  }
}

absl::Status CompiledProgram::ReadField(const Node& n, const Value& from,
                                        const Reflection& reflection, const Frame& f,
                                        Value* out) const {
  const Message& m = *from.message;
  const Reflection* r = &reflection;
  const FieldDescriptor* fd = n.field;
  switch (n.read) {
    case Read::kBool:
      *out = Value::Bool(r->GetBool(m, fd));
      return absl::OkStatus();
    case Read::kInt32:
      *out = Value::Int(r->GetInt32(m, fd));
      out->tag = n.tag;
      return absl::OkStatus();
    case Read::kInt64:
      *out = Value::Int(r->GetInt64(m, fd));
      out->tag = n.tag;
      return absl::OkStatus();
    case Read::kUInt32:
      *out = Value::Int(r->GetUInt32(m, fd));
      out->tag = n.tag;
      return absl::OkStatus();
    case Read::kEnum:
      *out = Value::Enum(r->GetEnumValue(m, fd));
      return absl::OkStatus();
    case Read::kString: {
      // Generated messages hand back their own string; the scratch copy is
      // only used by exotic representations (and stays empty here).
      std::string scratch;
      *out = StringValue(r->GetStringReference(m, fd, &scratch));
      return absl::OkStatus();
    }
    case Read::kDate: {
      std::int64_t known = 0;
      if (Known(f.activation.known_dates, fd, from, &known)) {
        *out = Value::Date(known);
        return absl::OkStatus();
      }
      std::string scratch;
      const std::string& text = r->GetStringReference(m, fd, &scratch);
      std::int64_t days = 0;
      if (!dates::ParseDate(text, &days)) return DateError(n, n.path, text);
      *out = Value::Date(days);
      return absl::OkStatus();
    }
    case Read::kMessage:
      *out = MessageValue(&r->GetMessage(m, fd));
      return absl::OkStatus();
    case Read::kList: {
      Value v;
      v.tag = ValueTag::kList;
      v.list.owner = &m;
      v.list.field = fd;
      v.list.reflection = r;
      *out = v;
      return absl::OkStatus();
    }
  }
  return absl::InternalError("unknown field read");
}

absl::Status CompiledProgram::Element(const Message& owner, const Reflection& r,
                                      const FieldDescriptor* fd, int index,
                                      const Node& consumer, Value* out) const {
  const TypeKind kind = consumer.operand_type.kind;
  const ValueTag number_tag =
      kind == TypeKind::kMoney ? ValueTag::kMoney : ValueTag::kInt;
  switch (fd->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      *out = MessageValue(&r.GetRepeatedMessage(owner, fd, index));
      // Where it came from, for the dates known by element index.
      out->i = index;
      out->list.owner = &owner;
      out->list.field = fd;
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      *out = Value::Enum(r.GetRepeatedEnumValue(owner, fd, index));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      *out = Value::Bool(r.GetRepeatedBool(owner, fd, index));
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      *out = Value::Int(r.GetRepeatedInt32(owner, fd, index));
      out->tag = number_tag;
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      *out = Value::Int(r.GetRepeatedInt64(owner, fd, index));
      out->tag = number_tag;
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      *out = Value::Int(r.GetRepeatedUInt32(owner, fd, index));
      out->tag = number_tag;
      break;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text =
          r.GetRepeatedStringReference(owner, fd, index, &scratch);
      if (kind == TypeKind::kDate) {
        std::int64_t days = 0;
        if (!dates::ParseDate(text, &days)) {
          return DateError(consumer, consumer.path, text);
        }
        *out = Value::Date(days);
      } else {
        *out = StringValue(text);
      }
      break;
    }
    default:
      return absl::InternalError("unsupported repeated field");
  }
  return absl::OkStatus();
}

absl::Status CompiledProgram::Passes(const ListRef& list, const Value& element,
                                     Frame& f, bool* keep) const {
  if (list.inner != nullptr) {
    POVMON_RETURN_IF_ERROR(Passes(*list.inner, element, f, keep));
    if (!*keep) return absl::OkStatus();
  }
  const Node& filter = *static_cast<const Node*>(list.filter);
  f.slots[filter.slot] = element;
  std::int64_t cond = 0;
  POVMON_TYPED_STATUS(Number(nodes_[filter.args[2]], f, &cond));
  *keep = cond != 0;
  return absl::OkStatus();
}

template <typename Visit>
absl::Status CompiledProgram::ForEach(const ListRef& list, const Node& consumer,
                                      Frame& f, Visit&& visit) const {
  if (list.owner == nullptr || list.field == nullptr) return absl::OkStatus();
  const Message& owner = *list.owner;
  if (f.generated && list.access != nullptr) {
    const FieldAccess& a = *list.access;
    const int size = a.size(owner);
    const TypeKind kind = consumer.operand_type.kind;
    // Messages and numbers: the typed reads fill the same fields of one
    // Value for every element (the others stay as initialised here).
    Value element;
    if (a.element_message != nullptr) {
      element.tag = ValueTag::kMessage;
      element.list.owner = &owner;
      element.list.field = list.field;
    } else if (a.element_number != nullptr) {
      switch (list.field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_BOOL: element.tag = ValueTag::kBool; break;
        case FieldDescriptor::CPPTYPE_ENUM: element.tag = ValueTag::kEnum; break;
        default: element.tag = kind == TypeKind::kMoney ? ValueTag::kMoney : ValueTag::kInt;
      }
    }
    for (int i = 0; i < size; ++i) {
      if (a.element_message != nullptr) {
        element.message = a.element_message(owner, i);
        // Where it came from, for the dates known by element index.
        element.i = i;
      } else if (a.element_number != nullptr) {
        element.i = a.element_number(owner, i);
      } else {
        element = a.element(owner, i);
      }
      switch (element.tag) {
        case ValueTag::kString:
          if (kind == TypeKind::kDate) {
            std::int64_t days = 0;
            if (!dates::ParseDate(element.s, &days)) {
              return DateError(consumer, consumer.path, element.s);
            }
            element = Value::Date(days);
          }
          break;
        default:
          break;
      }
      if (list.filter != nullptr) {
        bool keep = false;
        POVMON_RETURN_IF_ERROR(Passes(list, element, f, &keep));
        if (!keep) continue;
      }
      bool stop = false;
      POVMON_RETURN_IF_ERROR(visit(element, &stop));
      if (stop) break;
    }
    return absl::OkStatus();
  }
  const Reflection& r =
      list.reflection != nullptr ? *list.reflection : *owner.GetReflection();
  const int size = r.FieldSize(owner, list.field);
  for (int i = 0; i < size; ++i) {
    Value element;
    POVMON_RETURN_IF_ERROR(
        Element(owner, r, list.field, i, consumer, &element));
    if (list.filter != nullptr) {
      bool keep = false;
      POVMON_RETURN_IF_ERROR(Passes(list, element, f, &keep));
      if (!keep) continue;
    }
    bool stop = false;
    POVMON_RETURN_IF_ERROR(visit(element, &stop));
    if (stop) break;
  }
  return absl::OkStatus();
}

absl::Status CompiledProgram::Arith(const Node& n, Frame& f, Value* out) const {
  std::int64_t z = 0;
  POVMON_TYPED_STATUS(ArithNumber(n, f, &z));
  out->tag = n.tag;
  out->i = z;
  return absl::OkStatus();
}

bool CompiledProgram::ArithNumber(const Node& n, Frame& f, std::int64_t* out) const {
  std::int64_t x = 0;
  std::int64_t y = 0;
  POVMON_TYPED(Number(nodes_[n.a], f, &x));
  POVMON_TYPED(Number(nodes_[n.b], f, &y));
  std::int64_t z = 0;
  switch (n.op) {
    case Operator::kAdd:
      if (__builtin_add_overflow(x, y, &z)) return Fail(f, Overflow(n));
      break;
    case Operator::kSub:
      if (__builtin_sub_overflow(x, y, &z)) return Fail(f, Overflow(n));
      break;
    case Operator::kMul:
      if (__builtin_mul_overflow(x, y, &z)) return Fail(f, Overflow(n));
      break;
    case Operator::kDiv:
    case Operator::kMod:
      if (y == 0) {
        return Fail(f, absl::InvalidArgumentError(Cat("division by zero in \"", Text(n),
                                                       "\" (line ", n.line, ", column ",
                                                       n.column, ")")));
      }
      if (y == -1) {
        // x / -1 overflows for the smallest int64; x % -1 is 0.
        if (n.op == Operator::kMod) {
          z = 0;
        } else if (x == kInt64Min) {
          return Fail(f, Overflow(n));
        } else {
          z = -x;
        }
      } else {
        z = n.op == Operator::kDiv ? x / y : x % y;
      }
      break;
    default:
      return Fail(f, absl::InternalError("unknown arithmetic operator"));
  }
  if (n.tag == ValueTag::kDate && !dates::InRange(z)) return Fail(f, Overflow(n));
  *out = z;
  return true;
}

absl::Status CompiledProgram::Compare(const Node& n, Frame& f,
                                      Value* out) const {
  if (!n.strings && (f.sink == nullptr || !n.report)) {
    std::int64_t result = 0;
    POVMON_TYPED_STATUS(CompareNumber(n, f, &result));
    *out = Value::Bool(result != 0);
    return absl::OkStatus();
  }
  // Strings, and comparisons reported to the sink with both operands' values.
  Value l, r;
  POVMON_RETURN_IF_ERROR(Eval(nodes_[n.a], f, &l));
  POVMON_RETURN_IF_ERROR(Eval(nodes_[n.b], f, &r));
  int order;
  if (n.strings) {
    const int c = l.s.compare(r.s);
    order = c < 0 ? -1 : c > 0 ? 1 : 0;
  } else {
    order = l.i < r.i ? -1 : l.i > r.i ? 1 : 0;
  }
  bool result = false;
  switch (n.op) {
    case Operator::kEq:
      result = order == 0;
      break;
    case Operator::kNe:
      result = order != 0;
      break;
    case Operator::kLt:
      result = order < 0;
      break;
    case Operator::kLe:
      result = order <= 0;
      break;
    case Operator::kGt:
      result = order > 0;
      break;
    case Operator::kGe:
      result = order >= 0;
      break;
    default:
      break;
  }
  if (f.sink != nullptr && n.report) {
    f.sink->Compared(Text(nodes_[n.a]), OperatorText(n.op), Text(nodes_[n.b]),
                     l, r, n.operand_type, result);
  }
  *out = Value::Bool(result);
  return absl::OkStatus();
}

bool CompiledProgram::CompareNumber(const Node& n, Frame& f,
                                            std::int64_t* out) const {
  std::int64_t x = 0;
  std::int64_t y = 0;
  POVMON_TYPED(Number(nodes_[n.a], f, &x));
  POVMON_TYPED(Number(nodes_[n.b], f, &y));
  bool result = false;
  switch (n.op) {
    case Operator::kEq: result = x == y; break;
    case Operator::kNe: result = x != y; break;
    case Operator::kLt: result = x < y; break;
    case Operator::kLe: result = x <= y; break;
    case Operator::kGt: result = x > y; break;
    case Operator::kGe: result = x >= y; break;
    default: break;
  }
  *out = result;
  return true;
}

absl::Status CompiledProgram::InRepeated(const Node& n, Frame& f,
                                         Value* out) const {
  Value x, list;
  POVMON_RETURN_IF_ERROR(Eval(nodes_[n.a], f, &x));
  POVMON_RETURN_IF_ERROR(Eval(nodes_[n.b], f, &list));
  bool found = false;
  POVMON_RETURN_IF_ERROR(
      ForEach(list.list, n, f, [&](const Value& e, bool* stop) -> absl::Status {
        found = n.strings ? e.s == x.s : e.i == x.i;
        *stop = found;
        return absl::OkStatus();
      }));
  *out = Value::Bool(found);
  return absl::OkStatus();
}

absl::Status CompiledProgram::Comprehension(const Node& n, Frame& f,
                                            Value* out) const {
  Value list;
  const Node& source = nodes_[n.args[0]];
  const Message* root = source.eval == Eval::kField && source.read == Read::kList &&
                                source.cache_slot < 0 && f.generated &&
                                source.access != nullptr &&
                                nodes_[source.a].eval == Eval::kRoot
                            ? f.activation.roots[nodes_[source.a].slot]
                            : nullptr;
  if (root != nullptr) {
    // A repeated field of a root (household.members), as Access makes it.
    list.tag = ValueTag::kList;
    list.list.owner = root;
    list.list.field = source.field;
    list.list.reflection = source.reflection;
    list.list.access = source.access;
  } else {
    POVMON_RETURN_IF_ERROR(Eval(source, f, &list));
  }
  if (n.eval == Eval::kFilter) {
    f.slots[n.aux_slot] = list;
    Value result;
    result.tag = ValueTag::kList;
    result.list.owner = list.list.owner;
    result.list.field = list.list.field;
    result.list.reflection = list.list.reflection;
    result.list.access = list.list.access;
    result.list.filter = &n;
    result.list.inner =
        list.list.filter != nullptr ? &f.slots[n.aux_slot].list : nullptr;
    *out = result;
    return absl::OkStatus();
  }
  if (n.eval == Eval::kSize) {
    if (list.list.filter == nullptr && f.generated && list.list.access != nullptr &&
        list.list.owner != nullptr) {
      *out = Value::Int(list.list.access->size(*list.list.owner));
      return absl::OkStatus();
    }
    if (list.list.filter == nullptr) {
      const Message* owner = list.list.owner;
      const Reflection* r = list.list.reflection != nullptr
                                ? list.list.reflection
                            : owner == nullptr ? nullptr
                                               : owner->GetReflection();
      *out = Value::Int(
          owner == nullptr ? 0 : r->FieldSize(*owner, list.list.field));
      return absl::OkStatus();
    }
    std::int64_t count = 0;
    POVMON_RETURN_IF_ERROR(
        ForEach(list.list, n, f, [&](const Value&, bool*) -> absl::Status {
          ++count;
          return absl::OkStatus();
        }));
    *out = Value::Int(count);
    return absl::OkStatus();
  }
  const Node& body = nodes_[n.args[2]];
  Value* var = &f.slots[n.slot];
  switch (n.eval) {
    case Eval::kAny:
    case Eval::kAll: {
      const bool want = n.eval == Eval::kAny;
      bool result = !want;
      POVMON_RETURN_IF_ERROR(ForEach(
          list.list, n, f, [&](const Value& e, bool* stop) -> absl::Status {
            *var = e;
            std::int64_t v = 0;
            POVMON_TYPED_STATUS(Number(body, f, &v));
            if ((v != 0) == want) {
              result = want;
              *stop = true;
            }
            return absl::OkStatus();
          }));
      *out = Value::Bool(result);
      return absl::OkStatus();
    }
    case Eval::kCount: {
      std::int64_t count = 0;
      POVMON_RETURN_IF_ERROR(
          ForEach(list.list, n, f, [&](const Value& e, bool*) -> absl::Status {
            *var = e;
            std::int64_t v = 0;
            POVMON_TYPED_STATUS(Number(body, f, &v));
            count += v != 0;
            return absl::OkStatus();
          }));
      *out = Value::Int(count);
      return absl::OkStatus();
    }
    case Eval::kSum: {
      std::int64_t total = 0;
      POVMON_RETURN_IF_ERROR(
          ForEach(list.list, n, f, [&](const Value& e, bool*) -> absl::Status {
            *var = e;
            std::int64_t v = 0;
            POVMON_TYPED_STATUS(Number(body, f, &v));
            if (__builtin_add_overflow(total, v, &total)) return Overflow(n);
            return absl::OkStatus();
          }));
      out->tag = n.tag;
      out->i = total;
      return absl::OkStatus();
    }
    default:
      return absl::InternalError("unknown comprehension");
  }
}

absl::Status CompiledProgram::Dates(const Node& n, Frame& f, Value* out) const {
  Value a, b;
  POVMON_RETURN_IF_ERROR(Eval(nodes_[n.args[0]], f, &a));
  if (n.args.size() > 1) POVMON_RETURN_IF_ERROR(Eval(nodes_[n.args[1]], f, &b));
  if (!dates::InRange(a.i) || (n.eval != Eval::kAddMonths &&
                               n.args.size() > 1 && !dates::InRange(b.i))) {
    return absl::OutOfRangeError(Cat("date out of range in \"", Text(n),
                                     "\" (line ", n.line, ", column ", n.column,
                                     ")"));
  }
  switch (n.eval) {
    case Eval::kYearsBetween:
      *out = Value::Int(dates::YearsBetween(a.i, b.i));
      break;
    case Eval::kMonthsBetween:
      *out = Value::Int(dates::MonthsBetween(a.i, b.i));
      break;
    case Eval::kDaysBetween:
      *out = Value::Int(b.i - a.i);
      break;
    case Eval::kAddMonths: {
      std::int64_t days = 0;
      if (!dates::AddMonths(a.i, b.i, &days)) return Overflow(n);
      *out = Value::Date(days);
      break;
    }
    case Eval::kYear:
      *out = Value::Int(dates::CivilFromDays(a.i).year);
      break;
    case Eval::kMonth:
      *out = Value::Int(dates::CivilFromDays(a.i).month);
      break;
    case Eval::kDay:
      *out = Value::Int(dates::CivilFromDays(a.i).day);
      break;
    default:
      return absl::InternalError("unknown date function");
  }
  return absl::OkStatus();
}

bool CompiledProgram::NumberCached(const Node& n, Frame& f,
                                           std::int64_t* out) const {
  const std::size_t slot = static_cast<std::size_t>(n.cache_slot);
  if (f.stamps[slot] == f.epoch) {
    *out = f.slots[slot].i;
    return true;
  }
  POVMON_TYPED(NumberNode(n, f, out));
  // Kept as EvalNode would have made it (only field reads and arithmetic
  // are cached, and both carry their tag in the node).
  Value v;
  v.tag = n.tag;
  v.i = *out;
  f.slots[slot] = v;
  f.stamps[slot] = f.epoch;
  return true;
}

bool CompiledProgram::NumberNode(const Node& n, Frame& f, std::int64_t* out) const {
  switch (n.eval) {
    case Eval::kConst:
      *out = n.constant.i;
      return true;
    case Eval::kParam:
      if (f.activation.parameters == nullptr) break;  // EvalNode says why
      *out = f.activation.parameters[n.slot].i;
      return true;
    case Eval::kAsOf:
      *out = f.activation.as_of_days;
      return true;
    case Eval::kVar:
      *out = f.slots[n.slot].i;
      return true;
    case Eval::kAlias:
      return Number(nodes_[n.a], f, out);
    case Eval::kField:
      return NumberField(n, f, out);
    case Eval::kNot:
      POVMON_TYPED(Number(nodes_[n.a], f, out));
      *out = *out == 0;
      return true;
    case Eval::kAnd:
      POVMON_TYPED(Number(nodes_[n.a], f, out));
      if (*out == 0) return true;
      return Number(nodes_[n.b], f, out);
    case Eval::kOr:
      POVMON_TYPED(Number(nodes_[n.a], f, out));
      if (*out != 0) return true;
      return Number(nodes_[n.b], f, out);
    case Eval::kTernary: {
      std::int64_t cond = 0;
      POVMON_TYPED(Number(nodes_[n.a], f, &cond));
      return Number(nodes_[cond != 0 ? n.b : n.c], f, out);
    }
    case Eval::kArith:
      return ArithNumber(n, f, out);
    case Eval::kCompare:
      // Strings, and a comparison the sink is told about, take EvalNode.
      if (n.strings || (f.sink != nullptr && n.report)) break;
      return CompareNumber(n, f, out);
    case Eval::kAny:
    case Eval::kAll:
    case Eval::kCount:
    case Eval::kSum: {
      bool handled = false;
      const bool ok = LoopNumber(n, f, out, &handled);
      if (handled) return ok;
      break;
    }
    case Eval::kInList: {
      if (n.strings) break;
      std::int64_t x = 0;
      POVMON_TYPED(Number(nodes_[n.a], f, &x));
      bool found = false;
      for (const std::int64_t v : n.in_numbers) found = found || x == v;
      *out = found;
      return true;
    }
    default:
      break;
  }
  Value v;
  if (absl::Status s = EvalNode(n, f, &v); !s.ok()) return Fail(f, std::move(s));
  *out = v.i;
  return true;
}

void CompiledProgram::PlanLoops(const std::vector<bool>& varies) {
  for (Node& n : nodes_) {
    if ((n.eval != Eval::kAny && n.eval != Eval::kAll && n.eval != Eval::kCount &&
         n.eval != Eval::kSum) ||
        n.args.size() != 3) {
      continue;
    }
    // The list: a repeated message field of a root, possibly through one
    // filter() (sum(filter(household.expenditure, e, ...), e, e.amount_fen)).
    const Node* filter = nullptr;
    const Node* source = &nodes_[n.args[0]];
    if (source->eval == Eval::kFilter && source->args.size() == 3) {
      filter = source;
      source = &nodes_[source->args[0]];
    }
    if (source->eval != Eval::kField || source->read != Read::kList ||
        source->cache_slot >= 0 || source->access == nullptr ||
        source->access->element_message == nullptr || nodes_[source->a].eval != Eval::kRoot) {
      continue;
    }
    LoopPlan p;
    p.root_slot = nodes_[source->a].slot;
    p.access = source->access;
    p.field = source->field;
    p.var_slot = n.slot;
    if (filter != nullptr) {
      p.filter_var_slot = filter->slot;
      p.condition = filter->args[2];
    }
    p.body = n.args[2];
    PlanColumns(n.eval, &p, varies);
    n.loop = static_cast<int>(loops_.size());
    loops_.push_back(std::move(p));
  }
}

int CompiledProgram::ColumnOf(int id, int var_slot, LoopPlan* p) const {
  const Node& n = nodes_[static_cast<std::size_t>(id)];
  if (n.eval != Eval::kField || n.cache_slot >= 0) return -1;
  Column c;
  if (n.read == Read::kDate) {
    // A date field of the element itself, known by element index.
    const Node& from = nodes_[static_cast<std::size_t>(n.a)];
    if (from.eval != Eval::kVar || from.slot != var_slot) return -1;
    c.date = n.field;
  } else if ((n.fast == Fast::kVarField || n.fast == Fast::kVarChain) &&
             n.fast_slot == var_slot) {
    // A number field of the element, or of its singular message field.
    const google::protobuf::FieldDescriptor* via =
        n.fast == Fast::kVarChain ? nodes_[static_cast<std::size_t>(n.a)].field : nullptr;
    c.read = FindColumnRead(p->field, via, n.field);
    if (c.read == nullptr) return -1;
  } else {
    return -1;
  }
  for (std::size_t k = 0; k < p->columns.size(); ++k) {
    if (p->columns[k].read == c.read && p->columns[k].date == c.date) return static_cast<int>(k);
  }
  if (p->columns.size() == kMaxColumns) return -1;
  p->columns.push_back(c);
  return static_cast<int>(p->columns.size() - 1);
}

bool CompiledProgram::PlanTests(int id, int var_slot, const std::vector<bool>& varies,
                                LoopPlan* p) const {
  const Node& n = nodes_[static_cast<std::size_t>(id)];
  if (p->tests.size() == kMaxTests) return false;
  Test t;
  switch (n.eval) {
    case Eval::kAlias:
      return PlanTests(n.a, var_slot, varies, p);
    case Eval::kAnd:
      // In order, each stopping the conjunction as && does.
      return PlanTests(n.a, var_slot, varies, p) && PlanTests(n.b, var_slot, varies, p);
    case Eval::kField:
      // A bool (or number) field, true when not 0.
      if (n.read == Read::kDate) return false;
      t.op = Operator::kNone;
      t.column = ColumnOf(id, var_slot, p);
      break;
    case Eval::kInList:
      if (n.strings) return false;
      t.op = Operator::kIn;
      t.column = ColumnOf(n.a, var_slot, p);
      t.in = &n.in_numbers;
      break;
    case Eval::kCompare: {
      // Not a string comparison, nor one a ComparisonSink is told about.
      if (n.strings || n.report) return false;
      t.op = n.op;
      int right = n.b;
      t.column = ColumnOf(n.a, var_slot, p);
      if (t.column < 0) {
        // constant op column: the same test with the operands swapped.
        t.column = ColumnOf(n.b, var_slot, p);
        right = n.a;
        switch (n.op) {
          case Operator::kLt: t.op = Operator::kGt; break;
          case Operator::kLe: t.op = Operator::kGe; break;
          case Operator::kGt: t.op = Operator::kLt; break;
          case Operator::kGe: t.op = Operator::kLe; break;
          default: break;
        }
      }
      const Node& r = nodes_[static_cast<std::size_t>(right)];
      if (r.fast == Fast::kConst) {
        t.constant = r.constant.i;
      } else if (!varies[static_cast<std::size_t>(right)]) {
        t.right = right;
      } else {
        return false;
      }
      break;
    }
    default:
      return false;
  }
  if (t.column < 0) return false;
  p->tests.push_back(t);
  return true;
}

void CompiledProgram::PlanColumns(internal::Eval kind, LoopPlan* p, const std::vector<bool>& varies) const {
  LoopPlan c = *p;
  if (c.condition >= 0) {
    if (!PlanTests(c.condition, c.filter_var_slot, varies, &c)) return;
    c.filter_tests = static_cast<int>(c.tests.size());
  }
  if (kind == Eval::kSum) {
    // sum(..., e, e.amount_fen): a number column.
    c.sum_column = ColumnOf(c.body, c.var_slot, &c);
    if (c.sum_column < 0 || c.columns[static_cast<std::size_t>(c.sum_column)].read == nullptr) {
      return;
    }
  } else if (!PlanTests(c.body, c.var_slot, varies, &c)) {
    return;
  }
  c.columnar = true;
  *p = std::move(c);
}

bool CompiledProgram::LoopNumber(const Node& n, Frame& f, std::int64_t* out,
                                 bool* handled) const {
  *handled = false;
  if (n.loop < 0 || !f.generated) return true;
  const LoopPlan& p = loops_[static_cast<std::size_t>(n.loop)];
  const Message* owner = f.activation.roots[p.root_slot];
  if (owner == nullptr) return true;  // the slow path says why
  *handled = true;
  switch (n.eval) {
    case Eval::kAny:
      return Loop<Eval::kAny>(p, *owner, n, f, out);
    case Eval::kAll:
      return Loop<Eval::kAll>(p, *owner, n, f, out);
    case Eval::kCount:
      return Loop<Eval::kCount>(p, *owner, n, f, out);
    default:
      return Loop<Eval::kSum>(p, *owner, n, f, out);
  }
}

template <Eval kKind>
bool CompiledProgram::Loop(const LoopPlan& p, const Message& owner, const Node& n, Frame& f,
                           std::int64_t* out) const {
  const FieldAccess& a = *p.access;
  const int size = a.size(owner);
  if (p.columnar) {
    bool handled = true;
    const bool ok = ColumnLoop<kKind>(p, owner, size, n, f, out, &handled);
    if (handled) return ok;
  }
  // Each variable holds what ForEach would give it: the element's message,
  // its index and where it came from (for the dates known by element index).
  Value element;
  element.tag = ValueTag::kMessage;
  element.list.owner = &owner;
  element.list.field = p.field;
  Value* filter_var = nullptr;
  const Node* condition = nullptr;
  if (p.filter_var_slot >= 0) {
    filter_var = &f.slots[p.filter_var_slot];
    *filter_var = element;
    condition = &nodes_[static_cast<std::size_t>(p.condition)];
  }
  Value* var = &f.slots[p.var_slot];
  *var = element;
  const Node& body = nodes_[static_cast<std::size_t>(p.body)];
  // any: false until an element holds; all: true until one fails.
  std::int64_t result = kKind == Eval::kAll ? 1 : 0;
  for (int i = 0; i < size; ++i) {
    const Message* m = a.element_message(owner, i);
    if (filter_var != nullptr) {
      filter_var->message = m;
      filter_var->i = i;
      std::int64_t keep = 0;
      POVMON_TYPED(Number(*condition, f, &keep));
      if (keep == 0) continue;
    }
    var->message = m;
    var->i = i;
    std::int64_t v = 0;
    POVMON_TYPED(Number(body, f, &v));
    if constexpr (kKind == Eval::kAny) {
      if (v != 0) {
        *out = 1;
        return true;
      }
    } else if constexpr (kKind == Eval::kAll) {
      if (v == 0) {
        *out = 0;
        return true;
      }
    } else if constexpr (kKind == Eval::kCount) {
      result += v != 0;
    } else {
      if (__builtin_add_overflow(result, v, &result)) return Fail(f, Overflow(n));
    }
  }
  *out = result;
  return true;
}

bool CompiledProgram::Right(const Test& t, Frame& f, std::int64_t* out) const {
  return Number(nodes_[static_cast<std::size_t>(t.right)], f, out);
}

template <Eval kKind>
bool CompiledProgram::ColumnLoop(const LoopPlan& p, const Message& owner, int size,
                                 const Node& n, Frame& f, std::int64_t* out,
                                 bool* handled) const {
  const std::size_t count = p.columns.size();
  const std::int64_t* columns[kMaxColumns];
  // The date columns, from the caller's day numbers of this list's records.
  std::size_t numbers = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const Column& c = p.columns[k];
    if (c.read != nullptr) {
      ++numbers;
      continue;
    }
    const KnownDates* known = f.activation.known_dates;
    columns[k] = nullptr;
    for (int j = 0; known != nullptr && j < known->column_count; ++j) {
      const KnownDates::Column& kc = known->columns[j];
      if (kc.field == c.date && kc.owner == &owner && kc.list == p.field && kc.size >= size) {
        columns[k] = kc.days;
        break;
      }
    }
    if (columns[k] == nullptr && size > 0) {
      *handled = false;  // parsed element by element, as the nodes say
      return true;
    }
  }
  // The number columns, each read for every element in one call.
  std::vector<std::int64_t>& room = f.scratch->columns;
  const std::size_t need = numbers * static_cast<std::size_t>(size);
  if (room.size() < need) room.resize(need);
  std::int64_t* next = room.data();
  for (std::size_t k = 0; k < count; ++k) {
    if (p.columns[k].read == nullptr) continue;
    p.columns[k].read(owner, next);
    columns[k] = next;
    next += size;
  }
  // The right sides that are the same for every element, worked out where
  // the first test needs them (as the nodes' cached values would be).
  std::int64_t right[kMaxTests];
  bool have[kMaxTests] = {};
  const int tests = static_cast<int>(p.tests.size());
  // Whether tests [begin, end) all hold for element i.
  const auto all_hold = [&](int begin, int end, int i, bool* holds) __attribute__((always_inline)) {
    for (int k = begin; k < end; ++k) {
      const Test& t = p.tests[static_cast<std::size_t>(k)];
      const std::int64_t x = columns[t.column][i];
      std::int64_t y = t.constant;
      if (t.right >= 0) {
        if (!have[k]) {
          POVMON_TYPED(Right(t, f, &right[k]));
          have[k] = true;
        }
        y = right[k];
      }
      bool ok = false;
      switch (t.op) {
        case Operator::kNone: ok = x != 0; break;  // a truth test
        case Operator::kIn:
          for (const std::int64_t v : *t.in) ok = ok || x == v;
          break;
        case Operator::kEq: ok = x == y; break;
        case Operator::kNe: ok = x != y; break;
        case Operator::kLt: ok = x < y; break;
        case Operator::kLe: ok = x <= y; break;
        case Operator::kGt: ok = x > y; break;
        case Operator::kGe: ok = x >= y; break;
        default: break;
      }
      if (!ok) {
        *holds = false;
        return true;
      }
    }
    *holds = true;
    return true;
  };
  std::int64_t result = kKind == Eval::kAll ? 1 : 0;
  for (int i = 0; i < size; ++i) {
    bool holds = true;
    if (p.filter_tests > 0) {
      POVMON_TYPED(all_hold(0, p.filter_tests, i, &holds));
      if (!holds) continue;
    }
    if constexpr (kKind == Eval::kSum) {
      if (__builtin_add_overflow(result, columns[p.sum_column][i], &result)) {
        return Fail(f, Overflow(n));
      }
    } else {
      POVMON_TYPED(all_hold(p.filter_tests, tests, i, &holds));
      if constexpr (kKind == Eval::kAny) {
        if (holds) {
          *out = 1;
          return true;
        }
      } else if constexpr (kKind == Eval::kAll) {
        if (!holds) {
          *out = 0;
          return true;
        }
      } else {
        result += holds;
      }
    }
  }
  *out = result;
  return true;
}

bool CompiledProgram::OriginOf(const Node& n, Frame& f, Origin* from) const {
  const Node& operand = nodes_[n.a];
  switch (operand.eval) {
    case Eval::kVar: {
      // The comprehension variable, read in place.
      const Value& var = f.slots[operand.slot];
      *from = Origin{var.message, var.list.owner, var.list.field, var.i};
      break;
    }
    case Eval::kRoot: {
      const Message* m = f.activation.roots[operand.slot];
      if (m == nullptr) {
        return Fail(f, absl::FailedPreconditionError(
                           Cat("\"", operand.text, "\" is not bound in this evaluation")));
      }
      *from = Origin{m, nullptr, nullptr, 0};
      break;
    }
    case Eval::kField:
      if (operand.cache_slot < 0 && operand.read == Read::kMessage && f.generated &&
          operand.access != nullptr && operand.access->message != nullptr) {
        // A singular message field (m.employment): generated messages hand
        // back their default instance when it is unset, never null.
        Origin inner;
        POVMON_TYPED(OriginOf(operand, f, &inner));
        *from = Origin{operand.access->message(*inner.message), nullptr, nullptr, 0};
        break;
      }
      [[fallthrough]];
    default: {
      Value m;
      if (absl::Status s = Eval(operand, f, &m); !s.ok()) return Fail(f, std::move(s));
      *from = Origin{m.message, m.list.owner, m.list.field, m.i};
      break;
    }
  }
  if (from->message == nullptr) return Fail(f, Unset(n));
  return true;
}

bool CompiledProgram::NumberField(const Node& n, Frame& f, std::int64_t* out) const {
  const FieldAccess* a = n.access;
  if (!f.generated || a == nullptr ||
      (n.read != Read::kDate && a->number == nullptr)) {
    Value v;
    if (absl::Status s = EvalNode(n, f, &v); !s.ok()) return Fail(f, std::move(s));
    *out = v.i;
    return true;
  }
  Origin from;
  POVMON_TYPED(OriginOf(n, f, &from));
  if (n.read == Read::kDate) {
    if (Known(f.activation.known_dates, n.field, from.message, from.owner, from.list,
              from.index, out)) {
      return true;
    }
    const Value text = a->get(*from.message);
    if (!dates::ParseDate(text.s, out)) return Fail(f, DateError(n, n.path, text.s));
    return true;
  }
  *out = a->number(*from.message);
  return true;
}

absl::Status CompiledProgram::EvalNode(const Node& n, Frame& f, Value* out) const {
  switch (n.eval) {
    case Eval::kConst:
      *out = n.constant;
      return absl::OkStatus();
    case Eval::kConstString:
      *out = StringValue(n.text);
      return absl::OkStatus();
    case Eval::kRoot: {
      const Message* m = f.activation.roots[n.slot];
      if (m == nullptr) {
        return absl::FailedPreconditionError(
            Cat("\"", n.text, "\" is not bound in this evaluation"));
      }
      *out = MessageValue(m);
      return absl::OkStatus();
    }
    case Eval::kParam:
      if (f.activation.parameters == nullptr) {
        return absl::FailedPreconditionError(
            Cat(n.path, " has no value: no parameters were given"));
      }
      *out = f.activation.parameters[n.slot];
      return absl::OkStatus();
    case Eval::kAsOf:
      *out = Value::Date(f.activation.as_of_days);
      return absl::OkStatus();
    case Eval::kVar:
      *out = f.slots[n.slot];
      return absl::OkStatus();
    case Eval::kAlias:
      return Eval(nodes_[n.a], f, out);
    case Eval::kField: {
      const Node& operand = nodes_[n.a];
      Value m;
      if (operand.eval == Eval::kVar) {
        // The comprehension variable, read in place.
        const Value& var = f.slots[operand.slot];
        if (var.message == nullptr) return Unset(n);
        if (f.generated && n.access != nullptr) return Access(n, var, f, out);
        m = var;
      } else {
        POVMON_RETURN_IF_ERROR(Eval(operand, f, &m));
      }
      if (m.message == nullptr) return Unset(n);
      if (f.generated && n.access != nullptr) return Access(n, m, f, out);
      const Reflection* r = f.generated && n.reflection != nullptr
                                ? n.reflection
                                : m.message->GetReflection();
      return ReadField(n, m, *r, f, out);
    }
    case Eval::kHas: {
      Value m;
      POVMON_RETURN_IF_ERROR(Eval(nodes_[n.a], f, &m));
      if (m.message == nullptr) return Unset(n);
      const Reflection* r = f.generated && n.reflection != nullptr
                                ? n.reflection
                                : m.message->GetReflection();
      *out = Value::Bool(n.field->is_repeated()
                             ? r->FieldSize(*m.message, n.field) > 0
                             : r->HasField(*m.message, n.field));
      return absl::OkStatus();
    }
    case Eval::kNot: {
      std::int64_t x = 0;
      POVMON_TYPED_STATUS(Number(nodes_[n.a], f, &x));
      *out = Value::Bool(x == 0);
      return absl::OkStatus();
    }
    case Eval::kNeg:
      POVMON_RETURN_IF_ERROR(Eval(nodes_[n.a], f, out));
      if (out->i == kInt64Min) return Overflow(n);
      out->i = -out->i;
      return absl::OkStatus();
    case Eval::kAnd:
    case Eval::kOr: {
      std::int64_t x = 0;
      POVMON_TYPED_STATUS(NumberNode(n, f, &x));
      *out = Value::Bool(x != 0);
      return absl::OkStatus();
    }
    case Eval::kTernary: {
      std::int64_t cond = 0;
      POVMON_TYPED_STATUS(Number(nodes_[n.a], f, &cond));
      return Eval(nodes_[cond != 0 ? n.b : n.c], f, out);
    }
    case Eval::kArith:
      return Arith(n, f, out);
    case Eval::kCompare:
      return Compare(n, f, out);
    case Eval::kInList: {
      Value x;
      POVMON_RETURN_IF_ERROR(Eval(nodes_[n.a], f, &x));
      bool found = false;
      if (n.strings) {
        for (const std::string& s : n.in_strings) found = found || x.s == s;
      } else {
        for (const std::int64_t v : n.in_numbers) found = found || x.i == v;
      }
      *out = Value::Bool(found);
      return absl::OkStatus();
    }
    case Eval::kInRepeated:
      return InRepeated(n, f, out);
    case Eval::kAny:
    case Eval::kAll:
    case Eval::kCount:
    case Eval::kSum:
    case Eval::kFilter:
    case Eval::kSize:
      return Comprehension(n, f, out);
    case Eval::kMin:
    case Eval::kMax: {
      Value a, b;
      POVMON_RETURN_IF_ERROR(Eval(nodes_[n.args[0]], f, &a));
      POVMON_RETURN_IF_ERROR(Eval(nodes_[n.args[1]], f, &b));
      const bool take_a = n.eval == Eval::kMin ? a.i <= b.i : a.i >= b.i;
      *out = take_a ? a : b;
      return absl::OkStatus();
    }
    case Eval::kAbs:
      POVMON_RETURN_IF_ERROR(Eval(nodes_[n.args[0]], f, out));
      if (out->i == kInt64Min) return Overflow(n);
      if (out->i < 0) out->i = -out->i;
      return absl::OkStatus();
    case Eval::kYearsBetween:
    case Eval::kMonthsBetween:
    case Eval::kDaysBetween:
    case Eval::kAddMonths:
    case Eval::kYear:
    case Eval::kMonth:
    case Eval::kDay:
      return Dates(n, f, out);
    case Eval::kInvalid:
      break;
  }
  return absl::InternalError("expression node was not planned");
}

}  // namespace povmon::expr::internal
