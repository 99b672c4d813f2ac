// Random expressions, well-formed and mangled: compiling never crashes,
// every diagnostic points inside the expression, and a compiled program
// evaluates to a value of its type or to an error status.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tests/expr/expr_test_util.h"

namespace povmon::expr::testing {
namespace {

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  std::string Expression(int depth) {
    if (depth <= 0) return Leaf();
    switch (Pick(12)) {
      case 0:
        return Leaf();
      case 1:
        return Expression(depth - 1) + " " + Op() + " " + Expression(depth - 1);
      case 2:
        return "(" + Expression(depth - 1) + ")";
      case 3:
        return (Pick(2) ? "!" : "-") + Expression(depth - 1);
      case 4:
        return Expression(depth - 1) + " ? " + Expression(depth - 1) + " : " +
               Expression(depth - 1);
      case 5: {
        static const char* kComprehensions[] = {"any", "all", "count", "sum",
                                                "filter"};
        const std::string var = Var();
        return std::string(kComprehensions[Pick(5)]) + "(" + List() + ", " +
               var + ", " + Expression(depth - 1) + ")";
      }
      case 6: {
        static const char* kFunctions[] = {
            "size",         "min",           "max",
            "abs",          "years_between", "months_between",
            "days_between", "add_months",    "year",
            "month",        "day",           "has",
            "yuan",         "fen",           "date"};
        std::string call =
            std::string(kFunctions[Pick(15)]) + "(" + Expression(depth - 1);
        if (Pick(2)) call += ", " + Expression(depth - 1);
        return call + ")";
      }
      case 7:
        return Expression(depth - 1) + " in [" + Leaf() + ", " + Leaf() + "]";
      case 8:
        return Leaf() + " in " + List();
      case 9:
        return "size(" + List() + ")";
      default:
        return Expression(depth - 1) + " " + Op() + " " + Leaf();
    }
  }

  std::string Mangle(std::string s) {
    const int edits = Pick(3);
    static const char kChars[] = "()[],.?:!+-*/%=<>&|\" \nabxyz019_";
    for (int i = 0; i < edits && !s.empty(); ++i) {
      const std::size_t at = Pick(static_cast<int>(s.size()));
      switch (Pick(3)) {
        case 0:
          s.erase(at, 1);
          break;
        case 1:
          s.insert(at, 1, kChars[Pick(sizeof kChars - 1)]);
          break;
        default:
          s[at] = kChars[Pick(sizeof kChars - 1)];
          break;
      }
    }
    return s;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string Var() {
    static const char* kVars[] = {"m", "i", "e", "x", "household", "r"};
    return kVars[Pick(6)];
  }
  std::string Op() {
    static const char* kOps[] = {"+", "-",  "*", "/",  "%",  "==", "!=",
                                 "<", "<=", ">", ">=", "&&", "||", "in"};
    return kOps[Pick(14)];
  }
  std::string List() {
    static const char* kLists[] = {
        "household.members",
        "household.income",
        "household.expenditure",
        "identification.risk_types",
        "household.assets",
        "m.x",
        "filter(household.income, q, q.amount_fen > fen(0))"};
    return kLists[Pick(7)];
  }
  std::string Leaf() {
    static const char* kLeaves[] = {"1",
                                    "0",
                                    "-1",
                                    "9223372036854775807",
                                    "-9223372036854775808",
                                    "true",
                                    "false",
                                    "\"m1\"",
                                    "yuan(3)",
                                    "fen(-7)",
                                    "date(\"2024-02-29\")",
                                    "as_of",
                                    "param.monitoring_line",
                                    "param.big",
                                    "param.strict",
                                    "param.window_start",
                                    "param.clearly_exceeds_bp",
                                    "facts.net_income_fen",
                                    "facts.counted_members",
                                    "facts.window_start",
                                    "household.lifted_out",
                                    "household.id",
                                    "household.support_since",
                                    "RISK_TYPE_ILLNESS",
                                    "LABOUR_CAPACITY_NONE",
                                    "m",
                                    "m.birth_date",
                                    "m.id",
                                    "i.amount_fen",
                                    "i.date",
                                    "e.kind",
                                    "x",
                                    "r",
                                    "household.region.county",
                                    "household.members"};
    return kLeaves[Pick(sizeof kLeaves / sizeof kLeaves[0])];
  }

  std::mt19937 rng_;
};

class FuzzTest : public ExprTest {
 protected:
  void SetUp() override {
    SetHousehold(R"pb(
      id: "h1"
      members { id: "m1" birth_date: "1960-03-01" }
      members { id: "m2" }
      income { date: "2023-12-31" amount_fen: 1200000 member_id: "m1" }
      income { amount_fen: 5 }
      expenditure { date: "2023-09-01" amount_fen: 400000 }
    )pb");
    SetFacts(
        "net_income_fen: 1550000 counted_members: 2 window_start: "
        "\"2023-03-01\"");
    SetIdentification("risk_types: RISK_TYPE_ILLNESS");
  }
};

TEST_F(FuzzTest, RandomExpressionsNeverCrash) {
  Generator gen(20240501);
  int compiled = 0, evaluated_ok = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string source = gen.Expression(round % 6);
    if (round % 3 == 0) source = gen.Mangle(source);
    std::vector<Diagnostic> diagnostics;
    const SourcePosition start{3, 7};
    std::unique_ptr<Program> p =
        Compile(source, env_, Any(), start, &diagnostics);
    ASSERT_EQ(p == nullptr, !diagnostics.empty()) << source;
    int lines = 1;
    for (char c : source) lines += c == '\n';
    for (const Diagnostic& d : diagnostics) {
      ASSERT_GE(d.line, start.line) << source;
      ASSERT_LT(d.line, start.line + lines) << source;
      ASSERT_GE(d.column, 1) << source;
      ASSERT_LE(d.column, start.column + static_cast<int>(source.size()))
          << source;
      ASSERT_FALSE(d.message.empty());
    }
    if (p == nullptr) continue;
    ++compiled;
    absl::StatusOr<Value> v = p->Evaluate(activation_, &scratch_, nullptr);
    if (!v.ok()) {
      ASSERT_NE(v.status().code(), absl::StatusCode::kInternal)
          << source << ": " << v.status();
      continue;
    }
    ++evaluated_ok;
    switch (p->result_type().kind) {
      case TypeKind::kBool:
        ASSERT_EQ(v->tag, ValueTag::kBool) << source;
        break;
      case TypeKind::kInt:
        ASSERT_EQ(v->tag, ValueTag::kInt) << source;
        break;
      case TypeKind::kMoney:
        ASSERT_EQ(v->tag, ValueTag::kMoney) << source;
        break;
      case TypeKind::kDate:
        ASSERT_EQ(v->tag, ValueTag::kDate) << source;
        break;
      case TypeKind::kString:
        ASSERT_EQ(v->tag, ValueTag::kString) << source;
        break;
      case TypeKind::kEnum:
        ASSERT_EQ(v->tag, ValueTag::kEnum) << source;
        break;
      case TypeKind::kMessage:
        ASSERT_EQ(v->tag, ValueTag::kMessage) << source;
        break;
      case TypeKind::kList:
        ASSERT_EQ(v->tag, ValueTag::kList) << source;
        break;
      case TypeKind::kError:
        FAIL() << "error-typed program: " << source;
    }
  }
  // The generator must exercise the evaluator, not only the error paths.
  EXPECT_GT(compiled, 3000);
  EXPECT_GT(evaluated_ok, 2000);
}

}  // namespace
}  // namespace povmon::expr::testing
