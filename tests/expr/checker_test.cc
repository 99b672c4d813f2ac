// Type checking: every problem of an expression is reported, each at its
// file position, naming the thing that is wrong.
#include <gtest/gtest.h>

#include "tests/expr/expr_test_util.h"

namespace povmon::expr::testing {
namespace {

using CheckerTest = ExprTest;

TEST_F(CheckerTest, MoneyComparedWithIntSuggestsYuanOrFen) {
  EXPECT_EQ(Errors("facts.per_capita_net_income_fen < 6500", Bool(), {12, 18}),
            "12:50: type error: cannot compare money with int in "
            "\"facts.per_capita_net_income_fen < 6500\"; write yuan(6500) or "
            "fen(6500)\n");
  EXPECT_EQ(Errors("-5 == facts.net_income_fen"),
            "1:4: type error: cannot compare int with money in "
            "\"-5 == facts.net_income_fen\"; write yuan(-5) or fen(-5)\n");
  // No hint when the int is not a literal.
  EXPECT_EQ(Errors("facts.net_income_fen >= facts.counted_members"),
            "1:22: type error: cannot compare money with int in "
            "\"facts.net_income_fen >= facts.counted_members\"\n");
}

TEST_F(CheckerTest, BothOperandsOfAndAreReported) {
  EXPECT_EQ(
      Errors("facts.net_income_fen && facts.counted_members", Bool(), {3, 10}),
      "3:10: type error: && expects bool, found money in "
      "\"facts.net_income_fen\"\n"
      "3:34: type error: && expects bool, found int in "
      "\"facts.counted_members\"\n");
}

TEST_F(CheckerTest, IndependentErrorsAcrossLinesAreAllReported) {
  EXPECT_EQ(Errors("facts.net_income_fen < param.monitoring_line &&\n"
                   "  household.nope ||\n"
                   "   zzz || param.nothing || facts.net_income_fen > 5",
                   Bool(), {3, 10}),
            "4:13: unknown field \"nope\" in povmon.v1.Household\n"
            "5:4: unknown name \"zzz\"\n"
            "5:11: unknown parameter \"param.nothing\"\n"
            "5:49: type error: cannot compare money with int in "
            "\"facts.net_income_fen > 5\"; write yuan(5) or fen(5)\n");
}

TEST_F(CheckerTest, UnknownNames) {
  EXPECT_EQ(Errors("household.foo"),
            "1:11: unknown field \"foo\" in povmon.v1.Household\n");
  EXPECT_EQ(Errors("household.members[0]"),
            "1:18: unexpected '[' after the end of the expression\n");
  EXPECT_EQ(Errors("any(household.members, m, m.health.nope)"),
            "1:36: unknown field \"nope\" in povmon.v1.Health\n");
  EXPECT_EQ(Errors("param.x"), "1:1: unknown parameter \"param.x\"\n");
  EXPECT_EQ(Errors("y"), "1:1: unknown name \"y\"\n");
  EXPECT_EQ(Errors("LABOUR_CAPACITY_NOPE == household.members_x"),
            "1:1: unknown name \"LABOUR_CAPACITY_NOPE\"; did you mean \"LABOUR_CAPACITY_NONE\"?\n"
            "1:35: unknown field \"members_x\" in povmon.v1.Household; did you mean \"members\"?\n");
  EXPECT_EQ(Errors("param"),
            "1:1: param names no value by itself: write param.NAME\n");
  EXPECT_EQ(Errors("any"), "1:1: \"any\" is a function: call it as any(...)\n");
  EXPECT_EQ(Errors("foo(1)"), "1:1: unknown function \"foo\"\n");
  EXPECT_EQ(Errors("foo(zz)"),
            "1:1: unknown function \"foo\"\n1:5: unknown name \"zz\"\n");
}

TEST_F(CheckerTest, EnumConstantsResolveInTheEnumPackage) {
  EXPECT_TRUE(B("LABOUR_CAPACITY_NONE != LABOUR_CAPACITY_FULL"));
  Environment other = env_;
  other.enum_package = "some.other";
  std::vector<Diagnostic> d;
  EXPECT_EQ(Compile("LABOUR_CAPACITY_NONE == LABOUR_CAPACITY_NONE", other,
                    Bool(), {}, &d),
            nullptr);
  EXPECT_EQ(Format(d),
            "1:1: unknown name \"LABOUR_CAPACITY_NONE\"\n"
            "1:25: unknown name \"LABOUR_CAPACITY_NONE\"\n");
}

TEST_F(CheckerTest, FieldTypesFollowTheUnitAnnotations) {
  std::vector<Diagnostic> d;
  auto type_of = [&](std::string_view source) {
    std::unique_ptr<Program> p = MustCompile(source);
    return p == nullptr ? std::string("?") : TypeName(p->result_type());
  };
  EXPECT_EQ(type_of("facts.net_income_fen"), "money");
  EXPECT_EQ(type_of("facts.counted_members"), "int");
  EXPECT_EQ(type_of("facts.income_change_bp"), "int");
  EXPECT_EQ(type_of("facts.window_start"), "date");
  EXPECT_EQ(type_of("household.id"), "string");
  EXPECT_EQ(type_of("household.lifted_out"), "bool");
  EXPECT_EQ(type_of("household.support"), "povmon.v1.SupportStatus");
  EXPECT_EQ(type_of("household.region"), "povmon.v1.RegionCodes");
  EXPECT_EQ(type_of("household.members"), "list<povmon.v1.Member>");
  EXPECT_EQ(type_of("identification.risk_types"), "list<povmon.v1.RiskType>");
  EXPECT_EQ(type_of("filter(household.income, i, true)"),
            "list<povmon.v1.IncomeRecord>");
  EXPECT_EQ(type_of("param.monitoring_line"), "money");
  EXPECT_EQ(type_of("as_of"), "date");
  EXPECT_EQ(type_of("sum(household.income, i, i.amount_fen)"), "money");
  EXPECT_EQ(type_of("sum(household.members, m, 1)"), "int");
  EXPECT_EQ(type_of("facts.net_income_fen / facts.net_income_fen"), "int");
  EXPECT_EQ(type_of("facts.net_income_fen / 3"), "money");
  EXPECT_EQ(type_of("facts.net_income_fen % facts.net_income_fen"), "money");
  EXPECT_EQ(type_of("as_of - facts.window_start"), "int");
  EXPECT_EQ(type_of("as_of - 3"), "date");
  EXPECT_EQ(type_of("3 + as_of"), "date");
}

TEST_F(CheckerTest, ExpectedResultType) {
  EXPECT_EQ(Errors("facts.net_income_fen", Bool(), {2, 5}),
            "2:5: expected bool, found money\n");
  EXPECT_EQ(Errors("  1 + 2", Money()), "1:3: expected money, found int\n");
  EXPECT_EQ(Errors("facts.net_income_fen", Money()), "");
}

TEST_F(CheckerTest, OperatorTypeErrors) {
  EXPECT_EQ(Errors("facts.net_income_fen * facts.net_income_fen", Any()),
            "1:22: type error: cannot apply * to money and money in "
            "\"facts.net_income_fen * facts.net_income_fen\"\n");
  EXPECT_EQ(Errors("facts.net_income_fen + 5", Any()),
            "1:22: type error: cannot apply + to money and int in "
            "\"facts.net_income_fen + 5\"; write yuan(5) or fen(5)\n");
  EXPECT_EQ(Errors("as_of + as_of", Any()),
            "1:7: type error: cannot apply + to date and date in \"as_of + "
            "as_of\"\n");
  EXPECT_EQ(
      Errors("3 - as_of", Any()),
      "1:3: type error: cannot apply - to int and date in \"3 - as_of\"\n");
  EXPECT_EQ(
      Errors("3 / yuan(1)", Any()),
      "1:3: type error: cannot apply / to int and money in \"3 / yuan(1)\"; "
      "write yuan(3) or fen(3)\n");
  EXPECT_EQ(Errors("as_of > 5"),
            "1:7: type error: cannot compare date with int in \"as_of > 5\"\n");
  EXPECT_EQ(
      Errors("\"a\" < \"b\""),
      "1:5: type error: < cannot compare string values in '\"a\" < \"b\"'\n");
  EXPECT_EQ(
      Errors("true < false"),
      "1:6: type error: < cannot compare bool values in \"true < false\"\n");
  EXPECT_EQ(
      Errors("household.members == household.members"),
      "1:19: type error: == cannot compare list<povmon.v1.Member> values in "
      "\"household.members == household.members\"\n");
  EXPECT_EQ(
      Errors("household.region == household.region"),
      "1:18: type error: == cannot compare povmon.v1.RegionCodes values in "
      "\"household.region == household.region\"\n");
  EXPECT_EQ(
      Errors("LABOUR_CAPACITY_NONE == RELATION_HEAD"),
      "1:22: type error: cannot compare povmon.v1.LabourCapacity with "
      "povmon.v1.Relation in \"LABOUR_CAPACITY_NONE == RELATION_HEAD\"\n");
  EXPECT_EQ(Errors("!5"),
            "1:2: type error: ! expects bool, found int in \"5\"\n");
  EXPECT_EQ(Errors("-true", Any()),
            "1:1: type error: unary - expects int or money, found bool in "
            "\"true\"\n");
  EXPECT_EQ(Errors("-as_of", Any()),
            "1:1: type error: unary - expects int or money, found date in "
            "\"as_of\"\n");
  EXPECT_EQ(
      Errors("household.id.x", Any()),
      "1:14: type error: cannot read field \"x\" of string \"household.id\"\n");
}

TEST_F(CheckerTest, ConditionalTypeErrors) {
  EXPECT_EQ(Errors("true ? 1 : yuan(1)", Any()),
            "1:6: type error: the branches of ?: differ: int and money in "
            "\"true ? 1 : yuan(1)\"\n");
  EXPECT_EQ(Errors("1 ? 2 : 3", Any()),
            "1:1: type error: the condition of ?: must be bool, found int in "
            "\"1\"\n");
  EXPECT_EQ(
      Errors("1 ? nope : 3", Any()),
      "1:1: type error: the condition of ?: must be bool, found int in \"1\"\n"
      "1:5: unknown name \"nope\"\n");
}

TEST_F(CheckerTest, InTypeErrors) {
  EXPECT_EQ(
      Errors("facts.counted_members in [1, \"a\", facts.counted_members]"),
      "1:30: type error: cannot look for int in a list holding string \"a\"\n"
      "1:35: type error: the list after in holds constants only; "
      "\"facts.counted_members\" is not one\n");
  EXPECT_EQ(Errors("RISK_TYPE_ILLNESS in identification.watch_groups"),
            "1:19: type error: cannot look for povmon.v1.RiskType in "
            "list<povmon.v1.WatchGroup> in \"RISK_TYPE_ILLNESS in "
            "identification.watch_groups\"\n");
  EXPECT_EQ(
      Errors("household.support in [RELATION_HEAD]"),
      "1:23: type error: cannot look for povmon.v1.SupportStatus in a list "
      "holding povmon.v1.Relation RELATION_HEAD\n");
  EXPECT_EQ(
      Errors("1 in 2"),
      "1:6: type error: in expects a list on its right, found int in \"2\"\n");
  EXPECT_EQ(
      Errors("household.region in household.members"),
      "1:18: type error: in cannot look for povmon.v1.RegionCodes values in "
      "\"household.region in household.members\"\n");
  EXPECT_EQ(
      Errors("[1, 2]", Any()),
      "1:1: type error: a list [...] can only follow in, as in x in [A, B]\n");
  EXPECT_EQ(
      Errors("size([1])", Any()),
      "1:6: type error: a list [...] can only follow in, as in x in [A, B]\n");
}

TEST_F(CheckerTest, FunctionTypeErrors) {
  EXPECT_EQ(
      Errors("years_between(1, as_of)", Any()),
      "1:15: type error: years_between expects date as argument 1, found int "
      "in \"1\"\n");
  EXPECT_EQ(
      Errors("add_months(as_of, as_of)", Any()),
      "1:19: type error: add_months expects int as argument 2, found date in "
      "\"as_of\"\n");
  EXPECT_EQ(
      Errors("min(yuan(1), 2)", Any()),
      "1:1: type error: min needs two values of one type, found money and int "
      "in \"min(yuan(1), 2)\"; write yuan(2) or fen(2)\n");
  EXPECT_EQ(
      Errors("max(true, false)", Any()),
      "1:5: type error: max expects int or money or date as argument 1, found "
      "bool in \"true\"\n"
      "1:11: type error: max expects int or money or date as argument 2, found "
      "bool in \"false\"\n");
  EXPECT_EQ(
      Errors("abs(as_of)", Any()),
      "1:5: type error: abs expects int or money as argument 1, found date in "
      "\"as_of\"\n");
  EXPECT_EQ(Errors("size(household.members, 1)", Any()),
            "1:1: size takes 1 argument, found 2\n");
  EXPECT_EQ(Errors("size(household.id)", Any()),
            "1:6: type error: size expects list as argument 1, found string in "
            "\"household.id\"\n");
  EXPECT_EQ(Errors("year()", Any()), "1:1: year takes 1 argument, found 0\n");
  EXPECT_EQ(Errors("days_between(as_of)", Any()),
            "1:1: days_between takes 2 arguments, found 1\n");
}

TEST_F(CheckerTest, LiteralFunctions) {
  EXPECT_EQ(
      Errors("yuan(1.5)", Any()),
      "1:6: numbers are whole: the language has no decimals; write money as "
      "fen(n) or yuan(n)\n");
  EXPECT_EQ(Errors("yuan(92233720368547759)", Any()),
            "1:1: yuan(92233720368547759) is out of range for money\n");
  EXPECT_EQ(
      Errors("yuan(facts.counted_members)", Any()),
      "1:6: type error: yuan takes an integer literal, like yuan(6500); to "
      "turn an int n into money write n * fen(1)\n");
  EXPECT_EQ(Errors("fen(\"1\")", Any()),
            "1:5: type error: fen takes an integer literal, like fen(6500); to "
            "turn an int n into money write n * fen(1)\n");
  EXPECT_EQ(
      Errors("date(\"2024-02-30\")", Any()),
      "1:6: \"2024-02-30\" is not a valid date; write date(\"YYYY-MM-DD\")\n");
  EXPECT_EQ(
      Errors("date(\"2024-2-3\")", Any()),
      "1:6: \"2024-2-3\" is not a valid date; write date(\"YYYY-MM-DD\")\n");
  EXPECT_EQ(Errors("date(20240203)", Any()),
            "1:6: type error: date takes a string literal, like "
            "date(\"2024-05-01\")\n");
  EXPECT_EQ(Errors("yuan()", Any()), "1:1: yuan takes 1 argument, found 0\n");
}

TEST_F(CheckerTest, HasNeedsAMessageField) {
  EXPECT_EQ(
      Errors("has(household)"),
      "1:5: type error: has expects a message field, like has(m.birth_date), "
      "found \"household\"\n");
  EXPECT_EQ(
      Errors("has(param.strict)"),
      "1:5: type error: has expects a message field, like has(m.birth_date), "
      "found \"param.strict\"\n");
  EXPECT_EQ(Errors("has(household.nope)"),
            "1:15: unknown field \"nope\" in povmon.v1.Household\n");
  EXPECT_EQ(
      Errors("has(household.id.x)"),
      "1:18: type error: cannot read field \"x\" of string \"household.id\"\n");
  EXPECT_EQ(Errors("has(household.region.county)"), "");
}

TEST_F(CheckerTest, ComprehensionErrors) {
  EXPECT_EQ(
      Errors("any(household.members, household, true)"),
      "1:24: type error: variable \"household\" shadows a name already in "
      "scope\n");
  EXPECT_EQ(
      Errors("any(household.members, m, any(m.x, m, true))"),
      "1:33: unknown field \"x\" in povmon.v1.Member\n"
      "1:36: type error: variable \"m\" shadows a name already in scope\n");
  EXPECT_EQ(
      Errors("any(household.members, as_of, true)"),
      "1:24: type error: variable \"as_of\" shadows a name already in scope\n");
  EXPECT_EQ(
      Errors("any(household.members, param, true)"),
      "1:24: type error: variable \"param\" shadows a name already in scope\n");
  EXPECT_EQ(
      Errors("any(household.members, RELATION_HEAD, true)"),
      "1:24: type error: variable \"RELATION_HEAD\" shadows a name already "
      "in scope\n");
  EXPECT_EQ(Errors("any(household.members, 1, true)"),
            "1:24: type error: any expects a variable name as argument 2, like "
            "any(household.members, m, ...)\n");
  EXPECT_EQ(Errors("any(household.members, m)"),
            "1:1: any takes 3 arguments, found 2\n");
  EXPECT_EQ(Errors("any(household.id, m, m)"),
            "1:5: type error: any expects list as argument 1, found string in "
            "\"household.id\"\n");
  EXPECT_EQ(
      Errors("sum(household.members, m, m.id)", Any()),
      "1:27: type error: sum adds int or money, found string in \"m.id\"\n");
  EXPECT_EQ(
      Errors("count(household.members, m, m.id)", Any()),
      "1:29: type error: the condition of count must be bool, found string in "
      "\"m.id\"\n");
  EXPECT_EQ(
      Errors("filter(household.members, m, 1)", Any()),
      "1:30: type error: the condition of filter must be bool, found int in "
      "\"1\"\n");
  // The variable is out of scope after its comprehension.
  EXPECT_EQ(Errors("any(household.members, m, true) && m.registered"),
            "1:36: unknown name \"m\"\n");
  // The same name may be reused by a sibling comprehension.
  EXPECT_EQ(Errors("any(household.members, m, m.registered) && "
                   "all(household.members, m, m.co_resident)"),
            "");
}

TEST_F(CheckerTest, ComprehensionVariablesAreTypedByTheirList) {
  EXPECT_EQ(Errors("any(identification.risk_types, r, r == RISK_TYPE_ILLNESS)"),
            "");
  EXPECT_EQ(Errors("any(identification.risk_types, r, r == WATCH_GROUP_DIBAO)"),
            "1:37: type error: cannot compare povmon.v1.RiskType with "
            "povmon.v1.WatchGroup in \"r == WATCH_GROUP_DIBAO\"\n");
  EXPECT_EQ(Errors("any(household.income, i, i.amount_fen > 0)"),
            "1:39: type error: cannot compare money with int in "
            "\"i.amount_fen > 0\"; write yuan(0) or fen(0)\n");
}

TEST_F(CheckerTest, TypeNames) {
  Type t = Type::Of(TypeKind::kList);
  t.element = TypeKind::kInt;
  EXPECT_EQ(TypeName(t), "list<int>");
  EXPECT_EQ(TypeName(Type()), "error");
  EXPECT_EQ(TypeName(Type::Of(TypeKind::kDate)), "date");
  EXPECT_EQ(TypeName(Type::Of(TypeKind::kString)), "string");
  Type e = Type::Of(TypeKind::kEnum);
  e.enum_type = povmon::v1::LabourCapacity_descriptor();
  EXPECT_EQ(TypeName(e), "povmon.v1.LabourCapacity");
}

TEST_F(CheckerTest, NullDiagnosticsVectorIsAllowed) {
  EXPECT_EQ(Compile("nope", env_, Bool(), {}, nullptr), nullptr);
  EXPECT_NE(Compile("true", env_, Bool(), {}, nullptr), nullptr);
}

TEST_F(CheckerTest, DiagnosticsAreAppended) {
  std::vector<Diagnostic> d = {{9, 9, "earlier"}};
  EXPECT_EQ(Compile("true", env_, Bool(), {}, &d) != nullptr, true);
  EXPECT_EQ(d.size(), 1u);
  EXPECT_EQ(Compile("nope", env_, Bool(), {}, &d), nullptr);
  EXPECT_EQ(Format(d), "9:9: earlier\n1:1: unknown name \"nope\"\n");
}

}  // namespace
}  // namespace povmon::expr::testing
