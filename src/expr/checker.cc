#include "src/expr/checker.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "povmon/v1/options.pb.h"
#include "src/base/date.h"
#include "src/base/nearest_name.h"
#include "src/expr/parser.h"
#include "src/expr/strings.h"

namespace povmon::expr::internal {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;

Type MessageType(const Descriptor* d) {
  Type t = Type::Of(TypeKind::kMessage);
  t.message_type = d;
  return t;
}

Type ListOf(const Type& element) {
  Type t = Type::Of(TypeKind::kList);
  t.element = element.kind;
  t.enum_type = element.enum_type;
  t.message_type = element.message_type;
  return t;
}

Type ElementOf(const Type& list) {
  Type t = Type::Of(list.element);
  t.enum_type = list.enum_type;
  t.message_type = list.message_type;
  return t;
}

bool Is(const Type& t, TypeKind k) { return t.kind == k; }

// The Reflection every message of `d` has when `d` is a generated type.
const google::protobuf::Reflection* GeneratedReflection(const Descriptor* d) {
  if (d == nullptr || d->file()->pool() != DescriptorPool::generated_pool()) {
    return nullptr;
  }
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(d);
  return prototype == nullptr ? nullptr : prototype->GetReflection();
}
// The generated class's default instance of `d`, or null (a dynamic type).
const google::protobuf::Message* GeneratedPrototype(const Descriptor* d) {
  if (d == nullptr || d->file()->pool() != DescriptorPool::generated_pool()) {
    return nullptr;
  }
  return google::protobuf::MessageFactory::generated_factory()->GetPrototype(d);
}
bool IsError(const Type& t) { return t.kind == TypeKind::kError; }

ValueTag TagOf(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBool:
      return ValueTag::kBool;
    case TypeKind::kInt:
      return ValueTag::kInt;
    case TypeKind::kMoney:
      return ValueTag::kMoney;
    case TypeKind::kDate:
      return ValueTag::kDate;
    case TypeKind::kString:
      return ValueTag::kString;
    case TypeKind::kEnum:
      return ValueTag::kEnum;
    case TypeKind::kMessage:
      return ValueTag::kMessage;
    case TypeKind::kList:
      return ValueTag::kList;
    case TypeKind::kError:
      return ValueTag::kNull;
  }
  return ValueTag::kNull;
}

// The rule-language type of a field, or false with the reason.
bool MapField(const FieldDescriptor* fd, Type* type, Read* read,
              std::string* problem) {
  const povmon::v1::FieldUnit unit =
      fd->options().GetExtension(povmon::v1::unit);
  Type scalar;
  Read r = Read::kBool;
  switch (fd->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      scalar = Type::Of(TypeKind::kBool);
      r = Read::kBool;
      break;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
      scalar = Type::Of(unit == povmon::v1::FIELD_UNIT_FEN ? TypeKind::kMoney
                                                           : TypeKind::kInt);
      r = fd->cpp_type() == FieldDescriptor::CPPTYPE_INT32   ? Read::kInt32
          : fd->cpp_type() == FieldDescriptor::CPPTYPE_INT64 ? Read::kInt64
                                                             : Read::kUInt32;
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      scalar = Type::Of(TypeKind::kEnum);
      scalar.enum_type = fd->enum_type();
      r = Read::kEnum;
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      if (fd->type() == FieldDescriptor::TYPE_BYTES) {
        *problem = "bytes";
        return false;
      }
      if (unit == povmon::v1::FIELD_UNIT_DATE) {
        scalar = Type::Of(TypeKind::kDate);
        r = Read::kDate;
      } else {
        scalar = Type::Of(TypeKind::kString);
        r = Read::kString;
      }
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      scalar = MessageType(fd->message_type());
      r = Read::kMessage;
      break;
    default:
      *problem = fd->type_name();
      return false;
  }
  if (fd->is_repeated()) {
    *type = ListOf(scalar);
    *read = Read::kList;
  } else {
    *type = scalar;
    *read = r;
  }
  return true;
}

struct Variable {
  std::string name;
  int slot;
  Type type;
  std::string path;
};

bool IsComprehension(std::string_view name) {
  return name == "any" || name == "all" || name == "count" || name == "sum" ||
         name == "filter";
}

// The calls with a fixed signature (the others, checked each in its own
// way: the comprehensions, has, yuan, fen, date).
struct Signature {
  const char* name;
  Eval eval;
  int arity;
};
constexpr Signature kFunctions[] = {
    {"size", Eval::kSize, 1},
    {"min", Eval::kMin, 2},
    {"max", Eval::kMax, 2},
    {"abs", Eval::kAbs, 1},
    {"years_between", Eval::kYearsBetween, 2},
    {"months_between", Eval::kMonthsBetween, 2},
    {"days_between", Eval::kDaysBetween, 2},
    {"add_months", Eval::kAddMonths, 2},
    {"year", Eval::kYear, 1},
    {"month", Eval::kMonth, 1},
    {"day", Eval::kDay, 1},
};
constexpr const char* kSpecialCalls[] = {"has", "yuan", "fen", "date"};
constexpr const char* kAsOf = "as_of";

class Checker {
 public:
  Checker(std::string* source, const Environment& env, const SourceMap& map,
          std::vector<Node>& nodes, std::vector<Diagnostic>* diagnostics)
      : source_(source),
        env_(env),
        map_(map),
        nodes_(nodes),
        diagnostics_(diagnostics) {
    pool_ = env.pool;
    if (pool_ == nullptr && !env.roots.empty() &&
        env.roots[0].descriptor != nullptr) {
      pool_ = env.roots[0].descriptor->file()->pool();
    }
  }

  Type Visit(int id) {
    Type t;
    switch (nodes_[id].syntax) {
      case Syntax::kBool:
        t = VisitBool(id);
        break;
      case Syntax::kInt:
        t = VisitInt(id);
        break;
      case Syntax::kString:
        t = VisitString(id);
        break;
      case Syntax::kList:
        Error(nodes_[id].begin,
              "type error: a list [...] can only follow in, as in "
              "x in [A, B]");
        break;
      case Syntax::kIdent:
        t = VisitIdent(id);
        break;
      case Syntax::kSelect:
        t = VisitSelect(id);
        break;
      case Syntax::kCall:
        t = VisitCall(id);
        break;
      case Syntax::kUnary:
        t = VisitUnary(id);
        break;
      case Syntax::kBinary:
        t = VisitBinary(id);
        break;
      case Syntax::kTernary:
        t = VisitTernary(id);
        break;
    }
    Node& n = nodes_[id];
    n.type = t;
    if (n.path.empty()) n.path = std::string(Text(id));
    return t;
  }

  int slot_count() const { return next_slot_; }

 private:
  std::string_view Text(int id) const {
    const Node& n = nodes_[id];
    return std::string_view(*source_).substr(n.begin, n.end - n.begin);
  }
  // The source text in double quotes, or in single quotes when it holds a
  // double quote itself.
  std::string Quoted(int id) const {
    const std::string_view text = Text(id);
    const std::string_view mark =
        text.find('"') == std::string_view::npos ? "\"" : "'";
    return Cat(mark, text, mark);
  }

  Type Error(int offset, std::string message) {
    if (inlining_ != nullptr) {
      // A problem inside an inlined definition: reported once, where the
      // definition is named (its offsets are not in this expression).
      if (inlining_->empty()) *inlining_ = std::move(message);
      return Type();
    }
    AddDiagnostic(map_, offset, std::move(message), diagnostics_);
    return Type();
  }

  Type Constant(int id, Value v, Type t) {
    Node& n = nodes_[id];
    n.eval = Eval::kConst;
    n.constant = v;
    return t;
  }

  // -------------------------------------------------------------- literals
  Type VisitBool(int id) {
    return Constant(id, Value::Bool(nodes_[id].number != 0),
                    Type::Of(TypeKind::kBool));
  }

  bool LiteralValue(int id, std::int64_t* out) {
    const Node& n = nodes_[id];
    constexpr std::uint64_t kMagnitudeMin = std::uint64_t{1} << 63;
    if (n.negative) {
      *out = n.number == kMagnitudeMin
                 ? std::numeric_limits<std::int64_t>::min()
                 : -static_cast<std::int64_t>(n.number);
      return true;
    }
    if (n.number >= kMagnitudeMin) {
      Error(n.pos, Cat("integer ", n.number, " is out of range"));
      return false;
    }
    *out = static_cast<std::int64_t>(n.number);
    return true;
  }

  Type VisitInt(int id) {
    std::int64_t v = 0;
    if (!LiteralValue(id, &v)) return Type();
    return Constant(id, Value::Int(v), Type::Of(TypeKind::kInt));
  }

  Type VisitString(int id) {
    nodes_[id].eval = Eval::kConstString;
    return Type::Of(TypeKind::kString);
  }

  // -------------------------------------------------------------- names
  const Variable* FindVariable(std::string_view name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
      if (it->name == name) return &*it;
    }
    return nullptr;
  }
  const RootBinding* FindRoot(std::string_view name) const {
    for (const RootBinding& r : env_.roots) {
      if (r.name == name) return &r;
    }
    return nullptr;
  }
  const EnumValueDescriptor* FindEnumValue(std::string_view name) const {
    if (pool_ == nullptr) return nullptr;
    const std::string full = env_.enum_package.empty()
                                 ? std::string(name)
                                 : Cat(env_.enum_package, ".", name);
    return pool_->FindEnumValueByName(full);
  }
  // " Did you mean X?" for an unknown name (a variable, root or enum value of
  // the rules' package), or "".
  std::string DidYouMeanName(std::string_view name) const {
    std::vector<std::string> known = {kAsOf};
    for (const Variable& v : scope_) known.push_back(v.name);
    if (env_.definitions != nullptr) {
      for (const Definition& d : *env_.definitions) known.push_back(d.name);
    }
    std::vector<const google::protobuf::FileDescriptor*> files;
    for (const RootBinding& r : env_.roots) {
      known.push_back(r.name);
      if (r.descriptor != nullptr) files.push_back(r.descriptor->file());
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      for (int d = 0; d < files[i]->dependency_count(); ++d) {
        const google::protobuf::FileDescriptor* f = files[i]->dependency(d);
        bool seen = false;
        for (const auto* g : files) seen = seen || g == f;
        if (!seen) files.push_back(f);
      }
    }
    for (const google::protobuf::FileDescriptor* f : files) {
      if (f->package() != env_.enum_package) continue;
      for (int e = 0; e < f->enum_type_count(); ++e) {
        for (int v = 0; v < f->enum_type(e)->value_count(); ++v) {
          known.push_back(f->enum_type(e)->value(v)->name());
        }
      }
    }
    return DidYouMean(name, known);
  }
  static std::string DidYouMean(std::string_view name, const std::vector<std::string>& known) {
    std::string nearest = NearestName(name, known);
    return nearest.empty() ? "" : Cat("; did you mean \"", nearest, "\"?");
  }
  static std::string DidYouMeanField(std::string_view name, const Descriptor* message) {
    std::vector<std::string> known;
    for (int i = 0; i < message->field_count(); ++i) known.push_back(message->field(i)->name());
    return DidYouMean(name, known);
  }

  // Whether `name` already means something where a variable is declared.
  bool NameTaken(std::string_view name) const {
    return FindVariable(name) != nullptr || name == kAsOf ||
           name == "param" || FindRoot(name) != nullptr ||
           FindEnumValue(name) != nullptr || FindDefinition(name) != nullptr;
  }

  const Definition* FindDefinition(std::string_view name) const {
    if (env_.definitions == nullptr) return nullptr;
    for (const Definition& d : *env_.definitions) {
      if (d.name == name) return &d;
    }
    return nullptr;
  }

  // A definition named in the expression: its nodes are spliced in (once
  // per expression, however often it is named) and checked in place, with
  // no comprehension variable of the expression in scope, and the name
  // becomes an alias of the spliced root.
  Type VisitDefinition(int id, const Definition& d) {
    const std::string name = nodes_[id].text;
    const int at = nodes_[id].begin;
    // Comparisons in a definition are reported to a sink (with the
    // definition's text) where the expression's own would be: not inside a
    // comprehension. A definition named both inside and outside one is
    // spliced once for each.
    const bool reported = comprehension_depth_ == 0 && outer_comprehensions_ == 0;
    const std::string key = reported ? name : Cat(name, "#");
    auto done = inlined_.find(key);
    if (done == inlined_.end()) {
      if (d.state == Definition::State::kBroken) {
        return Error(at, Cat("definition \"", name, "\" has errors (reported where it is defined)"));
      }
      for (const std::string& open : open_definitions_) {
        if (open == name) {
          return Error(at, Cat("definition \"", name, "\" is defined in terms of itself"));
        }
      }
      if (static_cast<int>(open_definitions_.size()) >= kMaxDefinitionNesting) {
        return Error(at, Cat("definitions nest deeper than ", kMaxDefinitionNesting,
                             " levels (a definition naming one that names another ...)"));
      }
      std::vector<Node> parsed;
      std::vector<Diagnostic> parse_problems;
      const SourceMap def_map(d.text, SourcePosition{1, 1});
      const int def_root = Parse(d.text, env_.limits, def_map, &parsed, &parse_problems);
      if (def_root < 0) {
        return Error(at, Cat("definition \"", name, "\" does not parse: ",
                             parse_problems.empty() ? "" : parse_problems.front().message));
      }
      // However wide and deep the definitions, an expression with its
      // definitions inlined stays bounded (a few times one expression).
      const std::size_t most = static_cast<std::size_t>(env_.limits.max_nodes) * kInlinedNodesFactor;
      if (nodes_.size() + parsed.size() > most) {
        return Error(at, Cat("with the definitions it names written out, the expression has more "
                             "than ", most, " nodes; name fewer or smaller definitions"));
      }
      const int base = static_cast<int>(source_->size());
      const int first = static_cast<int>(nodes_.size());
      source_->append(d.text);
      for (Node& p : parsed) {
        p.begin += base;
        p.end += base;
        p.pos += base;
        for (int* c : {&p.a, &p.b, &p.c}) {
          if (*c >= 0) *c += first;
        }
        for (int& c : p.args) c += first;
        nodes_.push_back(std::move(p));
      }
      const int root = def_root + first;
      std::string problem;
      std::string* outer_problem = inlining_;
      inlining_ = &problem;
      std::vector<Variable> outer_scope;
      outer_scope.swap(scope_);
      const int outer_depth = comprehension_depth_;
      outer_comprehensions_ += outer_depth;
      comprehension_depth_ = 0;
      open_definitions_.push_back(name);
      const Type t = Visit(root);
      open_definitions_.pop_back();
      comprehension_depth_ = outer_depth;
      outer_comprehensions_ -= outer_depth;
      scope_.swap(outer_scope);
      inlining_ = outer_problem;
      // Evaluation errors inside the definition name its own line and
      // column (of the definition's text).
      for (int k = first; k < static_cast<int>(nodes_.size()) && k < first + static_cast<int>(parsed.size()); ++k) {
        Node& n = nodes_[k];
        const SourcePosition p = def_map.CharacterAt(n.pos - base);
        n.line = p.line;
        n.column = p.column;
        n.in_definition = true;
      }
      if (!problem.empty() || IsError(t)) {
        return Error(at, Cat("definition \"", name, "\" cannot be used here: ",
                             problem.empty() ? "it did not type-check" : problem));
      }
      done = inlined_.emplace(key, std::make_pair(root, t)).first;
      ++d.uses;
    }
    Node& n = nodes_[id];
    n.eval = Eval::kAlias;
    n.a = done->second.first;
    n.path = nodes_[n.a].path;
    return done->second.second;
  }

  Type VisitIdent(int id) {
    Node& n = nodes_[id];
    if (const Variable* v = FindVariable(n.text)) {
      n.eval = Eval::kVar;
      n.slot = v->slot;
      n.path = v->path;
      return v->type;
    }
    if (n.text == kAsOf) {
      n.eval = Eval::kAsOf;
      return Type::Of(TypeKind::kDate);
    }
    if (const RootBinding* r = FindRoot(n.text)) {
      if (r->slot < 0 || r->slot >= kMaxRoots || r->descriptor == nullptr) {
        return Error(n.begin,
                     Cat("root \"", n.text, "\" is bound to no message slot"));
      }
      n.eval = Eval::kRoot;
      n.slot = r->slot;
      n.reflection = GeneratedReflection(r->descriptor);
      n.prototype = n.reflection != nullptr ? GeneratedPrototype(r->descriptor) : nullptr;
      return MessageType(r->descriptor);
    }
    if (n.text == "param") {
      return Error(n.begin, "param names no value by itself: write param.NAME");
    }
    if (const EnumValueDescriptor* e = FindEnumValue(n.text)) {
      Type t = Type::Of(TypeKind::kEnum);
      t.enum_type = e->type();
      return Constant(id, Value::Enum(e->number()), t);
    }
    if (const Definition* d = FindDefinition(n.text)) return VisitDefinition(id, *d);
    if (IsComprehension(n.text) || n.text == "size" || n.text == "has") {
      return Error(n.begin, Cat("\"", n.text, "\" is a function: call it as ",
                                n.text, "(...)"));
    }
    return Error(n.begin, Cat("unknown name \"", n.text, "\"", DidYouMeanName(n.text)));
  }

  Type VisitSelect(int id) {
    const int operand = nodes_[id].a;
    const Node& o = nodes_[operand];
    if (o.syntax == Syntax::kIdent && o.text == "param" &&
        FindVariable("param") == nullptr) {
      Node& n = nodes_[id];
      for (const ParameterBinding& p : env_.parameters) {
        if (p.name == n.text) {
          if (p.type.kind == TypeKind::kError ||
              p.type.kind == TypeKind::kList ||
              p.type.kind == TypeKind::kMessage) {
            return Error(n.begin,
                         Cat("parameter \"param.", p.name, "\" has type ",
                             TypeName(p.type), ", which rules cannot read"));
          }
          n.eval = Eval::kParam;
          n.slot = p.slot;
          n.path = Cat("param.", p.name);
          return p.type;
        }
      }
      std::vector<std::string> names;
      for (const ParameterBinding& p : env_.parameters) names.push_back(p.name);
      return Error(n.begin, Cat("unknown parameter \"param.", n.text, "\"",
                                DidYouMean(n.text, names)));
    }
    const Type t = Visit(operand);
    if (IsError(t)) return t;
    Node& n = nodes_[id];
    if (!Is(t, TypeKind::kMessage)) {
      return Error(n.pos, Cat("type error: cannot read field \"", n.text,
                              "\" of ", TypeName(t), " ", Quoted(operand)));
    }
    const FieldDescriptor* fd = t.message_type->FindFieldByName(n.text);
    if (fd == nullptr) {
      return Error(n.pos, Cat("unknown field \"", n.text, "\" in ",
                              t.message_type->full_name(),
                              DidYouMeanField(n.text, t.message_type)));
    }
    Type field_type;
    std::string problem;
    if (!MapField(fd, &field_type, &n.read, &problem)) {
      return Error(
          n.pos, Cat("field \"", n.text, "\" of ", t.message_type->full_name(),
                     " is ", problem, ", which rules cannot read"));
    }
    n.eval = Eval::kField;
    n.field = fd;
    n.reflection = GeneratedReflection(t.message_type);
    n.access = n.reflection != nullptr ? FindFieldAccess(fd) : nullptr;
    n.tag = TagOf(field_type.kind);
    n.path = Cat(nodes_[operand].path, ".", n.text);
    return field_type;
  }

  // -------------------------------------------------------------- operators
  Type VisitUnary(int id) {
    const int operand = nodes_[id].a;
    const Type t = Visit(operand);
    if (IsError(t)) return t;
    Node& n = nodes_[id];
    if (n.op == Operator::kNot) {
      if (!Is(t, TypeKind::kBool)) {
        return Error(nodes_[operand].begin,
                     Cat("type error: ! expects bool, found ", TypeName(t),
                         " in ", Quoted(operand)));
      }
      n.eval = Eval::kNot;
      return t;
    }
    if (!Is(t, TypeKind::kInt) && !Is(t, TypeKind::kMoney)) {
      return Error(n.pos, Cat("type error: unary - expects int or "
                              "money, found ",
                              TypeName(t), " in ", Quoted(operand)));
    }
    n.eval = Eval::kNeg;
    n.tag = TagOf(t.kind);
    return t;
  }

  // "; write yuan(6500) or fen(6500)" when `other` is an integer literal
  // meeting money.
  std::string MoneyHint(int money_side, int other) const {
    if (!Is(nodes_[money_side].type, TypeKind::kMoney) ||
        !Is(nodes_[other].type, TypeKind::kInt) ||
        nodes_[other].syntax != Syntax::kInt) {
      return "";
    }
    const std::string_view literal = Text(other);
    return Cat("; write yuan(", literal, ") or fen(", literal, ")");
  }

  Type VisitBinary(int id) {
    const Operator op = nodes_[id].op;
    if (op == Operator::kIn) return VisitIn(id);
    const int a = nodes_[id].a;
    const int b = nodes_[id].b;
    const Type l = Visit(a);
    const Type r = Visit(b);
    switch (op) {
      case Operator::kAnd:
      case Operator::kOr: {
        bool ok = true;
        for (const int side : {a, b}) {
          const Type& t = nodes_[side].type;
          if (!IsError(t) && !Is(t, TypeKind::kBool)) {
            Error(nodes_[side].begin,
                  Cat("type error: ", OperatorText(op), " expects bool, found ",
                      TypeName(t), " in ", Quoted(side)));
            ok = false;
          }
        }
        if (!ok || IsError(l) || IsError(r)) return Type();
        nodes_[id].eval = op == Operator::kAnd ? Eval::kAnd : Eval::kOr;
        return Type::Of(TypeKind::kBool);
      }
      case Operator::kEq:
      case Operator::kNe:
      case Operator::kLt:
      case Operator::kLe:
      case Operator::kGt:
      case Operator::kGe:
        if (IsError(l) || IsError(r)) return Type();
        return Comparison(id, l, r);
      default:
        if (IsError(l) || IsError(r)) return Type();
        return Arithmetic(id, l, r);
    }
  }

  Type Comparison(int id, const Type& l, const Type& r) {
    Node& n = nodes_[id];
    const bool ordered = n.op == Operator::kLt || n.op == Operator::kLe ||
                         n.op == Operator::kGt || n.op == Operator::kGe;
    if (l != r) {
      return Error(n.pos, Cat("type error: cannot compare ", TypeName(l),
                              " with ", TypeName(r), " in ", Quoted(id),
                              MoneyHint(n.a, n.b), MoneyHint(n.b, n.a)));
    }
    bool allowed;
    switch (l.kind) {
      case TypeKind::kInt:
      case TypeKind::kMoney:
      case TypeKind::kDate:
        allowed = true;
        break;
      case TypeKind::kBool:
      case TypeKind::kString:
      case TypeKind::kEnum:
        allowed = !ordered;
        break;
      default:
        allowed = false;
    }
    if (!allowed) {
      return Error(n.pos,
                   Cat("type error: ", OperatorText(n.op), " cannot compare ",
                       TypeName(l), " values in ", Quoted(id)));
    }
    n.eval = Eval::kCompare;
    n.strings = Is(l, TypeKind::kString);
    n.operand_type = l;
    n.report = comprehension_depth_ == 0 && outer_comprehensions_ == 0;
    return Type::Of(TypeKind::kBool);
  }

  Type Arithmetic(int id, const Type& l, const Type& r) {
    Node& n = nodes_[id];
    const TypeKind lk = l.kind;
    const TypeKind rk = r.kind;
    using K = TypeKind;
    K result = K::kError;
    switch (n.op) {
      case Operator::kAdd:
        if (lk == K::kInt && rk == K::kInt)
          result = K::kInt;
        else if (lk == K::kMoney && rk == K::kMoney)
          result = K::kMoney;
        else if ((lk == K::kDate && rk == K::kInt) ||
                 (lk == K::kInt && rk == K::kDate))
          result = K::kDate;
        break;
      case Operator::kSub:
        if (lk == K::kInt && rk == K::kInt)
          result = K::kInt;
        else if (lk == K::kMoney && rk == K::kMoney)
          result = K::kMoney;
        else if (lk == K::kDate && rk == K::kInt)
          result = K::kDate;
        else if (lk == K::kDate && rk == K::kDate)
          result = K::kInt;
        break;
      case Operator::kMul:
        if (lk == K::kInt && rk == K::kInt)
          result = K::kInt;
        else if ((lk == K::kMoney && rk == K::kInt) ||
                 (lk == K::kInt && rk == K::kMoney))
          result = K::kMoney;
        break;
      case Operator::kDiv:
        if (lk == K::kInt && rk == K::kInt)
          result = K::kInt;
        else if (lk == K::kMoney && rk == K::kInt)
          result = K::kMoney;
        else if (lk == K::kMoney && rk == K::kMoney)
          result = K::kInt;
        break;
      case Operator::kMod:
        if (lk == K::kInt && rk == K::kInt)
          result = K::kInt;
        else if (lk == K::kMoney && (rk == K::kInt || rk == K::kMoney))
          result = K::kMoney;
        break;
      default:
        break;
    }
    if (result == K::kError) {
      return Error(n.pos,
                   Cat("type error: cannot apply ", OperatorText(n.op), " to ",
                       TypeName(l), " and ", TypeName(r), " in ", Quoted(id),
                       MoneyHint(n.a, n.b), MoneyHint(n.b, n.a)));
    }
    n.eval = Eval::kArith;
    n.tag = TagOf(result);
    return Type::Of(result);
  }

  Type VisitIn(int id) {
    const int a = nodes_[id].a;
    const int b = nodes_[id].b;
    const Type l = Visit(a);
    const bool scalar =
        !IsError(l) && !Is(l, TypeKind::kMessage) && !Is(l, TypeKind::kList);
    if (!IsError(l) && !scalar) {
      Error(nodes_[id].pos, Cat("type error: in cannot look for ", TypeName(l),
                                " values in ", Quoted(id)));
    }
    if (nodes_[b].syntax == Syntax::kList) {
      bool ok = scalar;
      std::vector<std::int64_t> numbers;
      std::vector<std::string> strings;
      for (const int e : nodes_[b].args) {
        const Type t = Visit(e);
        if (IsError(t)) {
          ok = false;
          continue;
        }
        const Node& en = nodes_[e];
        if (en.eval != Eval::kConst && en.eval != Eval::kConstString) {
          Error(en.begin, Cat("type error: the list after in holds "
                              "constants only; ",
                              Quoted(e), " is not one"));
          ok = false;
          continue;
        }
        if (scalar && t != l) {
          Error(en.begin,
                Cat("type error: cannot look for ", TypeName(l),
                    " in a list holding ", TypeName(t), " ", Text(e)));
          ok = false;
          continue;
        }
        if (en.eval == Eval::kConstString) {
          strings.push_back(en.text);
        } else {
          numbers.push_back(en.constant.i);
        }
      }
      nodes_[b].type = ListOf(l);
      if (!ok) return Type();
      Node& n = nodes_[id];
      n.eval = Eval::kInList;
      n.strings = Is(l, TypeKind::kString);
      n.in_numbers = std::move(numbers);
      n.in_strings = std::move(strings);
      n.operand_type = l;
      return Type::Of(TypeKind::kBool);
    }
    const Type r = Visit(b);
    if (IsError(r)) return Type();
    if (!Is(r, TypeKind::kList)) {
      return Error(nodes_[b].begin,
                   Cat("type error: in expects a list on its right, "
                       "found ",
                       TypeName(r), " in ", Quoted(b)));
    }
    if (!scalar) return Type();
    if (ElementOf(r) != l) {
      return Error(nodes_[id].pos,
                   Cat("type error: cannot look for ", TypeName(l), " in ",
                       TypeName(r), " in ", Quoted(id)));
    }
    Node& n = nodes_[id];
    n.eval = Eval::kInRepeated;
    n.strings = Is(l, TypeKind::kString);
    n.operand_type = l;
    n.path = Cat(nodes_[b].path, "[]");
    return Type::Of(TypeKind::kBool);
  }

  Type VisitTernary(int id) {
    const int a = nodes_[id].a;
    const int b = nodes_[id].b;
    const int c = nodes_[id].c;
    const Type cond = Visit(a);
    const Type then = Visit(b);
    const Type otherwise = Visit(c);
    bool ok = true;
    if (!IsError(cond) && !Is(cond, TypeKind::kBool)) {
      Error(nodes_[a].begin,
            Cat("type error: the condition of ?: must be bool, found ",
                TypeName(cond), " in ", Quoted(a)));
      ok = false;
    }
    if (IsError(cond) || IsError(then) || IsError(otherwise)) return Type();
    if (then != otherwise) {
      return Error(
          nodes_[id].pos,
          Cat("type error: the branches of ?: differ: ", TypeName(then),
              " and ", TypeName(otherwise), " in ", Quoted(id)));
    }
    if (!ok) return Type();
    Node& n = nodes_[id];
    n.eval = Eval::kTernary;
    if (nodes_[b].path == nodes_[c].path) n.path = nodes_[b].path;
    return then;
  }

  // -------------------------------------------------------------- calls
  bool Arity(int id, std::size_t count) {
    const Node& n = nodes_[id];
    if (n.args.size() == count) return true;
    Error(n.pos,
          Cat(n.text, " takes ", count, count == 1 ? " argument" : " arguments",
              ", found ", n.args.size()));
    return false;
  }

  // Checks argument `index` (0-based) against a set of allowed kinds.
  Type Argument(int id, std::size_t index,
                std::initializer_list<TypeKind> allowed) {
    const int arg = nodes_[id].args[index];
    const Type t = Visit(arg);
    if (IsError(t)) return t;
    for (const TypeKind k : allowed) {
      if (t.kind == k) return t;
    }
    std::string names;
    for (const TypeKind k : allowed) {
      if (!names.empty()) names += " or ";
      names += k == TypeKind::kList ? "list" : TypeName(Type::Of(k));
    }
    return Error(nodes_[arg].begin,
                 Cat("type error: ", nodes_[id].text, " expects ", names,
                     " as argument ", index + 1, ", found ", TypeName(t),
                     " in ", Quoted(arg)));
  }

  Type VisitCall(int id) {
    const std::string name = nodes_[id].text;
    if (IsComprehension(name)) return VisitComprehension(id);
    if (name == kSpecialCalls[0]) return VisitHas(id);
    if (name == kSpecialCalls[1] || name == kSpecialCalls[2]) return VisitMoneyLiteral(id);
    if (name == kSpecialCalls[3]) return VisitDateLiteral(id);
    const Signature* sig = nullptr;
    for (const Signature& s : kFunctions) {
      if (name == s.name) sig = &s;
    }
    if (sig == nullptr) {
      for (const int arg : nodes_[id].args) Visit(arg);
      return Error(nodes_[id].pos, Cat("unknown function \"", name, "\""));
    }
    if (!Arity(id, sig->arity)) {
      for (const int arg : nodes_[id].args) Visit(arg);
      return Type();
    }
    using K = TypeKind;
    Type result;
    switch (sig->eval) {
      case Eval::kSize: {
        const Type t = Argument(id, 0, {K::kList});
        if (IsError(t)) return t;
        nodes_[id].operand_type = ElementOf(t);
        nodes_[id].path = Cat(nodes_[nodes_[id].args[0]].path, "[]");
        result = Type::Of(K::kInt);
        break;
      }
      case Eval::kMin:
      case Eval::kMax: {
        const Type a = Argument(id, 0, {K::kInt, K::kMoney, K::kDate});
        const Type b = Argument(id, 1, {K::kInt, K::kMoney, K::kDate});
        if (IsError(a) || IsError(b)) return Type();
        if (a != b) {
          const Node& n = nodes_[id];
          return Error(n.pos, Cat("type error: ", name,
                                  " needs two values of one type, "
                                  "found ",
                                  TypeName(a), " and ", TypeName(b), " in ",
                                  Quoted(id), MoneyHint(n.args[0], n.args[1]),
                                  MoneyHint(n.args[1], n.args[0])));
        }
        result = a;
        break;
      }
      case Eval::kAbs: {
        result = Argument(id, 0, {K::kInt, K::kMoney});
        if (IsError(result)) return result;
        nodes_[id].tag = TagOf(result.kind);
        break;
      }
      case Eval::kYearsBetween:
      case Eval::kMonthsBetween:
      case Eval::kDaysBetween: {
        const Type a = Argument(id, 0, {K::kDate});
        const Type b = Argument(id, 1, {K::kDate});
        if (IsError(a) || IsError(b)) return Type();
        result = Type::Of(K::kInt);
        break;
      }
      case Eval::kAddMonths: {
        const Type a = Argument(id, 0, {K::kDate});
        const Type b = Argument(id, 1, {K::kInt});
        if (IsError(a) || IsError(b)) return Type();
        result = a;
        break;
      }
      default: {  // year, month, day
        const Type a = Argument(id, 0, {K::kDate});
        if (IsError(a)) return a;
        result = Type::Of(K::kInt);
        break;
      }
    }
    nodes_[id].eval = sig->eval;
    return result;
  }

  Type VisitMoneyLiteral(int id) {
    if (!Arity(id, 1)) return Type();
    const Node& n = nodes_[id];
    const int arg = n.args[0];
    if (nodes_[arg].syntax != Syntax::kInt) {
      Visit(arg);
      return Error(nodes_[arg].begin,
                   Cat("type error: ", n.text,
                       " takes an integer literal, like ", n.text,
                       "(6500); to turn an int n into money write "
                       "n * fen(1)"));
    }
    std::int64_t v = 0;
    if (!LiteralValue(arg, &v)) return Type();
    if (n.text == "yuan" && __builtin_mul_overflow(v, 100, &v)) {
      return Error(n.pos, Cat(Text(id), " is out of range for money"));
    }
    return Constant(id, Value::Money(v), Type::Of(TypeKind::kMoney));
  }

  Type VisitDateLiteral(int id) {
    if (!Arity(id, 1)) return Type();
    const int arg = nodes_[id].args[0];
    if (nodes_[arg].syntax != Syntax::kString) {
      Visit(arg);
      return Error(nodes_[arg].begin,
                   "type error: date takes a string literal, like "
                   "date(\"2024-05-01\")");
    }
    std::int64_t days = 0;
    if (!dates::ParseDate(nodes_[arg].text, &days)) {
      return Error(
          nodes_[arg].begin,
          Cat(Text(arg), " is not a valid date; write date(\"YYYY-MM-DD\")"));
    }
    return Constant(id, Value::Date(days), Type::Of(TypeKind::kDate));
  }

  Type VisitHas(int id) {
    if (!Arity(id, 1)) return Type();
    const int arg = nodes_[id].args[0];
    const Node& an = nodes_[arg];
    if (an.syntax != Syntax::kSelect ||
        (nodes_[an.a].syntax == Syntax::kIdent &&
         nodes_[an.a].text == "param")) {
      if (an.syntax != Syntax::kSelect) Visit(arg);
      return Error(an.begin,
                   Cat("type error: has expects a message field, like "
                       "has(m.birth_date), found ",
                       Quoted(arg)));
    }
    const int operand = an.a;
    const Type t = Visit(operand);
    if (IsError(t)) return t;
    const std::string field_name = nodes_[arg].text;
    if (!Is(t, TypeKind::kMessage)) {
      return Error(nodes_[arg].pos,
                   Cat("type error: cannot read field \"", field_name, "\" of ",
                       TypeName(t), " ", Quoted(operand)));
    }
    const FieldDescriptor* fd = t.message_type->FindFieldByName(field_name);
    if (fd == nullptr) {
      return Error(nodes_[arg].pos, Cat("unknown field \"", field_name,
                                        "\" in ", t.message_type->full_name(),
                                        DidYouMeanField(field_name, t.message_type)));
    }
    Node& n = nodes_[id];
    n.eval = Eval::kHas;
    n.field = fd;
    n.reflection = GeneratedReflection(t.message_type);
    n.a = operand;
    return Type::Of(TypeKind::kBool);
  }

  Type VisitComprehension(int id) {
    const std::string name = nodes_[id].text;
    if (!Arity(id, 3)) {
      for (const int arg : nodes_[id].args) {
        if (nodes_[arg].syntax != Syntax::kIdent) Visit(arg);
      }
      return Type();
    }
    const int list_arg = nodes_[id].args[0];
    const int var_arg = nodes_[id].args[1];
    const int body_arg = nodes_[id].args[2];
    const Type list = Argument(id, 0, {TypeKind::kList});
    bool ok = !IsError(list);
    std::string var_name;
    if (nodes_[var_arg].syntax != Syntax::kIdent) {
      Error(nodes_[var_arg].begin,
            Cat("type error: ", name,
                " expects a variable name as argument 2, like ", name,
                "(household.members, m, ...)"));
      ok = false;
    } else {
      var_name = nodes_[var_arg].text;
      if (NameTaken(var_name)) {
        Error(nodes_[var_arg].begin, Cat("type error: variable \"", var_name,
                                         "\" shadows a name already in scope"));
        ok = false;
      }
    }
    if (comprehension_depth_ + 1 > env_.limits.max_comprehension_depth) {
      return Error(nodes_[id].pos,
                   Cat("comprehensions nest deeper than ",
                       env_.limits.max_comprehension_depth, " levels"));
    }
    const int slot = next_slot_++;
    const std::string list_path = nodes_[list_arg].path;
    const Type element = IsError(list) ? Type() : ElementOf(list);
    // The variable is declared even when the list is wrong, so that the
    // body reports its own problems rather than "unknown name".
    scope_.push_back(Variable{var_name, slot, element, Cat(list_path, "[]")});
    ++comprehension_depth_;
    const Type body = Visit(body_arg);
    --comprehension_depth_;
    scope_.pop_back();
    Node& n = nodes_[id];
    n.slot = slot;
    n.operand_type = element;
    n.path = Cat(list_path, "[]");
    Type result;
    if (name == "sum") {
      if (!IsError(body) && !Is(body, TypeKind::kInt) &&
          !Is(body, TypeKind::kMoney)) {
        Error(nodes_[body_arg].begin,
              Cat("type error: sum adds int or money, found ", TypeName(body),
                  " in ", Quoted(body_arg)));
        ok = false;
      }
      result = body;
      n.eval = Eval::kSum;
      n.tag = TagOf(body.kind);
    } else {
      if (!IsError(body) && !Is(body, TypeKind::kBool)) {
        Error(
            nodes_[body_arg].begin,
            Cat("type error: the condition of ", name, " must be bool, found ",
                TypeName(body), " in ", Quoted(body_arg)));
        ok = false;
      }
      if (name == "any") {
        n.eval = Eval::kAny;
        result = Type::Of(TypeKind::kBool);
      } else if (name == "all") {
        n.eval = Eval::kAll;
        result = Type::Of(TypeKind::kBool);
      } else if (name == "count") {
        n.eval = Eval::kCount;
        result = Type::Of(TypeKind::kInt);
      } else {
        n.eval = Eval::kFilter;
        n.aux_slot = next_slot_++;
        n.path = list_path;
        result = list;
      }
    }
    if (!ok || IsError(body)) return Type();
    return result;
  }

  std::string* source_;
  const Environment& env_;
  const SourceMap& map_;
  std::vector<Node>& nodes_;
  std::vector<Diagnostic>* diagnostics_;
  const DescriptorPool* pool_ = nullptr;
  std::vector<Variable> scope_;
  int comprehension_depth_ = 0;
  // Comprehensions around the definitions being inlined.
  int outer_comprehensions_ = 0;
  int next_slot_ = 0;
  // While a definition is inlined: where its first problem goes.
  std::string* inlining_ = nullptr;
  // The definitions being inlined, outermost first.
  std::vector<std::string> open_definitions_;
  // Definitions already spliced into this expression: root node and type.
  std::map<std::string, std::pair<int, Type>, std::less<>> inlined_;
};

}  // namespace

Type Check(std::string* source, const Environment& environment,
           const SourceMap& map, int root, std::vector<Node>* nodes,
           int* slot_count, std::vector<Diagnostic>* diagnostics) {
  Checker checker(source, environment, map, *nodes, diagnostics);
  const Type t = checker.Visit(root);
  *slot_count = checker.slot_count();
  // File positions for the evaluation errors that name a column (inlined
  // definitions have theirs already).
  for (Node& n : *nodes) {
    if (n.in_definition) continue;
    switch (n.eval) {
      case Eval::kArith:
      case Eval::kNeg:
      case Eval::kSum:
      case Eval::kAbs:
      case Eval::kAddMonths:
      case Eval::kYearsBetween:
      case Eval::kMonthsBetween:
      case Eval::kDaysBetween:
      case Eval::kYear:
      case Eval::kMonth:
      case Eval::kDay: {
        const SourcePosition p = map.CharacterAt(n.pos);
        n.line = p.line;
        n.column = p.column;
        break;
      }
      default:
        break;
    }
  }
  return t;
}

}  // namespace povmon::expr::internal

namespace povmon::expr {

bool IsLanguageWord(std::string_view name) {
  if (internal::IsComprehension(name) || name == internal::kAsOf) return true;
  for (const internal::Signature& s : internal::kFunctions) {
    if (name == s.name) return true;
  }
  for (const char* s : internal::kSpecialCalls) {
    if (name == s) return true;
  }
  // The lexer's words (lexer.cc): never an identifier.
  return name == "true" || name == "false" || name == "in";
}

}  // namespace povmon::expr
