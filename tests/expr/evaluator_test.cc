#include <google/protobuf/dynamic_message.h>
#include <gtest/gtest.h>

#include <thread>

#include "tests/expr/expr_test_util.h"

namespace povmon::expr::testing {
namespace {

class EvaluatorTest : public ExprTest {
 protected:
  void SetUp() override {
    SetHousehold(R"pb(
      id: "h1"
      lifted_out: true
      members {
        id: "m1"
        birth_date: "1960-03-01"
        relation: RELATION_HEAD
        labour_capacity: LABOUR_CAPACITY_PARTIAL
        schooling { stage: SCHOOL_STAGE_NOT_IN_SCHOOL }
        health { serious_illness: true }
      }
      members {
        id: "m2"
        birth_date: "2005-07-15"
        relation: RELATION_CHILD
        schooling { stage: SCHOOL_STAGE_SENIOR_SECONDARY }
      }
      members {
        id: "m3"
        birth_date: "2008-01-31"
        relation: RELATION_CHILD
        schooling { stage: SCHOOL_STAGE_VOCATIONAL }
      }
      income {
        date: "2023-12-31"
        kind: INCOME_KIND_WAGE
        amount_fen: 1200000
        member_id: "m1"
      }
      income {
        date: "2023-08-31"
        kind: INCOME_KIND_BUSINESS
        amount_fen: 300000
        member_id: "m1"
      }
      income {
        date: "2023-05-31"
        kind: INCOME_KIND_DIBAO
        amount_fen: 50000
        member_id: "m2"
      }
      expenditure {
        date: "2023-09-01"
        kind: EXPENDITURE_KIND_EDUCATION
        amount_fen: 400000
      }
      expenditure {
        date: "2023-10-01"
        kind: EXPENDITURE_KIND_EDUCATION
        amount_fen: 200000
      }
      expenditure {
        date: "2023-10-02"
        kind: EXPENDITURE_KIND_MEDICAL_OTHER
        amount_fen: 900000
      }
      assets { kind: ASSET_KIND_CAR origin: ASSET_ORIGIN_INHERITED }
    )pb");
    SetFacts(R"pb(
      net_income_fen: 1550000
      per_capita_net_income_fen: 516666
      counted_members: 3
      rigid_expenditure_fen: 600000
    )pb");
    SetIdentification(R"pb(risk_types: RISK_TYPE_ILLNESS
                           risk_types: RISK_TYPE_SCHOOLING)pb");
  }
};

TEST_F(EvaluatorTest, SpecExamples) {
  EXPECT_TRUE(
      B("facts.per_capita_net_income_fen < param.monitoring_line && "
        "household.lifted_out"));
  EXPECT_FALSE(
      B("any(household.members, m, m.employment.public_body_stable_salary)"));
  EXPECT_TRUE(
      B("count(household.members, m, m.schooling.stage in "
        "[SCHOOL_STAGE_SENIOR_SECONDARY, SCHOOL_STAGE_VOCATIONAL, "
        "SCHOOL_STAGE_UNDERGRADUATE]) >= 2"));
  EXPECT_TRUE(
      B("sum(filter(household.expenditure, e, e.kind == "
        "EXPENDITURE_KIND_EDUCATION), e, e.amount_fen) > yuan(5000)"));
  EXPECT_EQ(I("sum(filter(household.expenditure, e, e.kind == "
              "EXPENDITURE_KIND_EDUCATION), e, e.amount_fen)"),
            600000);
  EXPECT_FALSE(
      B("any(household.assets, a, a.kind == ASSET_KIND_CAR && a.origin != "
        "ASSET_ORIGIN_INHERITED)"));
  EXPECT_TRUE(
      B("any(household.members, m, years_between(m.birth_date, as_of) >= 60)"));
  EXPECT_TRUE(B("RISK_TYPE_ILLNESS in identification.risk_types"));
  EXPECT_FALSE(B("RISK_TYPE_ACCIDENT in identification.risk_types"));
}

TEST_F(EvaluatorTest, IntegerArithmetic) {
  EXPECT_EQ(I("7 + 5"), 12);
  EXPECT_EQ(I("7 - 10"), -3);
  EXPECT_EQ(I("-7 * 6"), -42);
  EXPECT_EQ(I("7 / 2"), 3);
  EXPECT_EQ(I("-7 / 2"), -3);
  EXPECT_EQ(I("7 % 3"), 1);
  EXPECT_EQ(I("-7 % 3"), -1);
  EXPECT_EQ(I("-9223372036854775808 % -1"), 0);
  EXPECT_EQ(I("9223372036854775807 / -1"), -INT64_MAX);
  EXPECT_EQ(I("-(facts.counted_members)"), -3);
  EXPECT_EQ(Tag("7 + 5"), ValueTag::kInt);
}

TEST_F(EvaluatorTest, MoneyArithmetic) {
  EXPECT_EQ(I("yuan(6500)"), 650000);
  EXPECT_EQ(I("yuan(-3)"), -300);
  EXPECT_EQ(I("fen(650050)"), 650050);
  EXPECT_EQ(Tag("fen(1)"), ValueTag::kMoney);
  EXPECT_EQ(I("facts.net_income_fen + yuan(1)"), 1550100);
  EXPECT_EQ(I("facts.net_income_fen - yuan(20000)"), -450000);
  EXPECT_EQ(I("facts.net_income_fen * 2"), 3100000);
  EXPECT_EQ(I("3 * fen(7)"), 21);
  EXPECT_EQ(Tag("3 * fen(7)"), ValueTag::kMoney);
  // money / int rounds toward zero and stays money.
  EXPECT_EQ(I("fen(1550000) / 3"), 516666);
  EXPECT_EQ(I("fen(-7) / 2"), -3);
  EXPECT_EQ(Tag("fen(-7) / 2"), ValueTag::kMoney);
  // money / money is a ratio: int.
  EXPECT_EQ(I("yuan(10) / fen(300)"), 3);
  EXPECT_EQ(Tag("yuan(10) / fen(300)"), ValueTag::kInt);
  EXPECT_EQ(I("yuan(10) % fen(300)"), 100);
  EXPECT_EQ(I("fen(10) % 4"), 2);
  EXPECT_EQ(I("-facts.net_income_fen"), -1550000);
  EXPECT_EQ(Tag("-facts.net_income_fen"), ValueTag::kMoney);
  // Ratios in integer arithmetic (basis points).
  EXPECT_TRUE(
      B("facts.rigid_expenditure_fen * 10000 > facts.net_income_fen * "
        "param.clearly_exceeds_bp / 2"));
}

TEST_F(EvaluatorTest, OverflowIsAnErrorNamingTheOperatorAndColumn) {
  EXPECT_EQ(Fails("param.big + fen(1)"),
            "money overflow in \"param.big + fen(1)\" (line 1, column 11)");
  EXPECT_EQ(Code("param.big + fen(1)"), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(Fails("fen(2) - param.big - param.big"),
            "money overflow in \"fen(2) - param.big - param.big\" (line 1, "
            "column 20)");
  EXPECT_EQ(Fails("param.big * 2"),
            "money overflow in \"param.big * 2\" (line 1, column 11)");
  EXPECT_EQ(
      Fails("9223372036854775807 + 1"),
      "integer overflow in \"9223372036854775807 + 1\" (line 1, column 21)");
  EXPECT_EQ(
      Fails("-9223372036854775808 - 1"),
      "integer overflow in \"-9223372036854775808 - 1\" (line 1, column 22)");
  EXPECT_EQ(
      Fails("4611686018427387904 * 2"),
      "integer overflow in \"4611686018427387904 * 2\" (line 1, column 21)");
  EXPECT_EQ(
      Fails("-9223372036854775808 / -1"),
      "integer overflow in \"-9223372036854775808 / -1\" (line 1, column 22)");
  EXPECT_EQ(
      Fails("-(-9223372036854775808)"),
      "integer overflow in \"-(-9223372036854775808)\" (line 1, column 1)");
  EXPECT_EQ(
      Fails("abs(-9223372036854775808)"),
      "integer overflow in \"abs(-9223372036854775808)\" (line 1, column 1)");
  // Columns count characters, as an editor does: "收入" is two columns
  // (six bytes), so the `+` is column 45, not 49.
  EXPECT_EQ(Fails("household.id != \"收入\" && 9223372036854775807 + 1 > 0"),
            "integer overflow in \"9223372036854775807 + 1\" (line 1, column 45)");
  EXPECT_EQ(Fails("-param.big - fen(2)"),
            "money overflow in \"-param.big - fen(2)\" (line 1, column 12)");
  EXPECT_EQ(Fails("sum(household.members, m, param.big)"),
            "money overflow in \"sum(household.members, m, param.big)\" (line "
            "1, column 1)");
}

TEST_F(EvaluatorTest, OverflowPositionIsTheFilePosition) {
  std::vector<Diagnostic> d;
  std::unique_ptr<Program> p = Compile("facts.net_income_fen +\n  param.big",
                                       env_, Money(), {40, 7}, &d);
  ASSERT_NE(p, nullptr) << Format(d);
  absl::StatusOr<Value> v = p->Evaluate(activation_, &scratch_, nullptr);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(
      v.status().message(),
      "money overflow in \"facts.net_income_fen +\n  param.big\" (line 40, "
      "column 28)");
}

TEST_F(EvaluatorTest, DivisionByZero) {
  EXPECT_EQ(Fails("1 / (facts.counted_members - 3)"),
            "division by zero in \"1 / (facts.counted_members - 3)\" (line 1, "
            "column 3)");
  EXPECT_EQ(Code("1 / (facts.counted_members - 3)"),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fails("1 % 0"), "division by zero in \"1 % 0\" (line 1, column 3)");
  EXPECT_EQ(Fails("yuan(1) / 0"),
            "division by zero in \"yuan(1) / 0\" (line 1, column 9)");
  EXPECT_EQ(Fails("yuan(1) / fen(0)"),
            "division by zero in \"yuan(1) / fen(0)\" (line 1, column 9)");
}

TEST_F(EvaluatorTest, Comparisons) {
  EXPECT_TRUE(B("1 < 2"));
  EXPECT_FALSE(B("2 < 2"));
  EXPECT_TRUE(B("2 <= 2"));
  EXPECT_TRUE(B("3 > 2"));
  EXPECT_FALSE(B("2 > 2"));
  EXPECT_TRUE(B("2 >= 2"));
  EXPECT_TRUE(B("2 == 2"));
  EXPECT_TRUE(B("2 != 3"));
  EXPECT_TRUE(B("-9223372036854775808 < 9223372036854775807"));
  EXPECT_TRUE(B("yuan(1) == fen(100)"));
  EXPECT_TRUE(B("true == true"));
  EXPECT_TRUE(B("true != false"));
  EXPECT_TRUE(B("household.id == \"h1\""));
  EXPECT_FALSE(B("household.id == \"h2\""));
  EXPECT_TRUE(B("household.id != \"\""));
  EXPECT_TRUE(B("date(\"2024-02-29\") < date(\"2024-03-01\")"));
  EXPECT_TRUE(B("as_of == date(\"2024-03-01\")"));
  EXPECT_TRUE(B("household.support == SUPPORT_STATUS_UNSPECIFIED"));
  EXPECT_TRUE(B("param.strict == true"));
  EXPECT_TRUE(B("param.window_start < as_of"));
}

TEST_F(EvaluatorTest, LogicShortCircuits) {
  // The right operand would divide by zero; it is never evaluated.
  EXPECT_FALSE(B("false && 1 / 0 == 1"));
  EXPECT_TRUE(B("true || 1 / 0 == 1"));
  EXPECT_EQ(I("true ? 1 : 1 / 0"), 1);
  EXPECT_EQ(I("false ? 1 / 0 : 2"), 2);
  EXPECT_TRUE(B("!false"));
  EXPECT_FALSE(B("!!false"));
  EXPECT_EQ(Fails("true && 1 / 0 == 1"),
            "division by zero in \"1 / 0\" (line 1, column 11)");
}

TEST_F(EvaluatorTest, InLiteralList) {
  EXPECT_TRUE(B("facts.counted_members in [1, 2, 3]"));
  EXPECT_FALSE(B("facts.counted_members in [1, 2]"));
  EXPECT_FALSE(B("facts.counted_members in []"));
  EXPECT_TRUE(B("facts.net_income_fen in [yuan(1), fen(1550000)]"));
  EXPECT_TRUE(B("household.id in [\"h0\", \"h1\"]"));
  EXPECT_FALSE(B("household.id in [\"h0\", \"h2\"]"));
  EXPECT_TRUE(B("as_of in [date(\"2024-03-01\")]"));
  EXPECT_TRUE(B("-3 in [-3]"));
  EXPECT_TRUE(B("household.lifted_out in [true]"));
}

TEST_F(EvaluatorTest, InRepeatedField) {
  EXPECT_TRUE(B("RISK_TYPE_ILLNESS in identification.risk_types"));
  EXPECT_TRUE(B("RISK_TYPE_SCHOOLING in identification.risk_types"));
  EXPECT_FALSE(B("RISK_TYPE_OTHER in identification.risk_types"));
  EXPECT_FALSE(B("WATCH_GROUP_DIBAO in identification.watch_groups"));
  EXPECT_TRUE(
      B("RISK_TYPE_ILLNESS in filter(identification.risk_types, r, r != "
        "RISK_TYPE_SCHOOLING)"));
  EXPECT_FALSE(
      B("RISK_TYPE_SCHOOLING in filter(identification.risk_types, r, r != "
        "RISK_TYPE_SCHOOLING)"));
  // A comprehension variable on the left.
  EXPECT_EQ(I("count(household.members, m, m.relation in [RELATION_CHILD, "
              "RELATION_SPOUSE])"),
            2);
}

TEST_F(EvaluatorTest, Has) {
  EXPECT_TRUE(B("has(household.id)"));
  EXPECT_FALSE(B("has(household.support_since)"));
  EXPECT_TRUE(B("has(household.members)"));
  EXPECT_FALSE(B("has(household.visits)"));
  EXPECT_FALSE(B("has(household.region)"));
  EXPECT_FALSE(B("has(household.region.county)"));
  EXPECT_TRUE(B("has(household.lifted_out)"));
  EXPECT_FALSE(B("has(household.sudden_shock)"));
  EXPECT_FALSE(B("has(facts.counted_members) && false"));
  EXPECT_TRUE(B("has(facts.counted_members)"));
  EXPECT_FALSE(B("has(facts.previous_net_income_fen)"));
  EXPECT_FALSE(B("has(facts.household_labour)"));
  EXPECT_TRUE(
      B("all(household.members, m, has(m.birth_date) && has(m.schooling))"));
  EXPECT_EQ(I("count(household.members, m, has(m.health))"), 1);
  SetHousehold("region { county: \"c1\" }");
  EXPECT_TRUE(B("has(household.region)"));
  EXPECT_TRUE(B("has(household.region.county)"));
  EXPECT_FALSE(B("has(household.region.village)"));
}

TEST_F(EvaluatorTest, UnsetSubMessagesReadAsDefaults) {
  EXPECT_EQ(I("household.negative_list_facts.deposits_and_securities_fen"), 0);
  EXPECT_FALSE(B("household.negative_list_facts.misconduct"));
  EXPECT_TRUE(B("household.monitoring.category == CATEGORY_UNSPECIFIED"));
  EXPECT_EQ(I("size(household.monitoring.measures)"), 0);
  EXPECT_TRUE(B("household.region.county == \"\""));
  EXPECT_TRUE(
      B("any(household.members, m, m.employment.unstable_wage_share_bp == 0)"));
}

TEST_F(EvaluatorTest, EmptyDateFieldIsAnErrorNamingTheField) {
  EXPECT_EQ(Fails("household.support_since < as_of"),
            "household.support_since is empty");
  EXPECT_EQ(Code("household.support_since < as_of"),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fails("household.monitoring.identified_on < as_of"),
            "household.monitoring.identified_on is empty");
  EXPECT_EQ(Fails("any(household.expenditure, e, e.period_start < as_of)"),
            "household.expenditure[].period_start is empty");
  EXPECT_EQ(Fails("any(filter(household.members, m, true), p, "
                  "p.id == \"m2\" && years_between(household.sudden_shock_on, "
                  "as_of) > 1)"),
            "household.sudden_shock_on is empty");
  SetHousehold(
      "members { id: \"a\" birth_date: \"2000-01-01\" } members { id: \"b\" }");
  EXPECT_EQ(Fails("all(household.members, m, years_between(m.birth_date, "
                  "as_of) >= 18)"),
            "household.members[].birth_date is empty");
  // Guarded by has(), the empty field is never read.
  EXPECT_FALSE(
      B("all(household.members, m, has(m.birth_date) && "
        "years_between(m.birth_date, as_of) >= 18)"));
  EXPECT_TRUE(
      B("any(household.members, m, has(m.birth_date) && "
        "years_between(m.birth_date, as_of) >= 18)"));
  SetHousehold("members { id: \"a\" birth_date: \"2000-02-30\" }");
  EXPECT_EQ(
      Fails("any(household.members, m, m.birth_date < as_of)"),
      "household.members[].birth_date is not a date (\"2000-02-30\"); dates "
      "are YYYY-MM-DD");
}

TEST_F(EvaluatorTest, Comprehensions) {
  EXPECT_TRUE(B("any(household.members, m, m.relation == RELATION_HEAD)"));
  EXPECT_FALSE(B("all(household.members, m, m.relation == RELATION_HEAD)"));
  EXPECT_TRUE(B("all(household.members, m, m.id != \"\")"));
  EXPECT_EQ(I("count(household.members, m, m.relation == RELATION_CHILD)"), 2);
  EXPECT_EQ(I("sum(household.income, i, i.amount_fen)"), 1550000);
  EXPECT_EQ(I("sum(household.members, m, 1)"), 3);
  EXPECT_EQ(I("size(household.members)"), 3);
  EXPECT_EQ(
      I("size(filter(household.members, m, m.relation == RELATION_CHILD))"), 2);
  EXPECT_EQ(I("count(identification.risk_types, r, r != RISK_TYPE_OTHER)"), 2);
  // Empty lists.
  EXPECT_FALSE(B("any(household.visits, v, true)"));
  EXPECT_TRUE(B("all(household.visits, v, false)"));
  EXPECT_EQ(I("count(household.visits, v, true)"), 0);
  EXPECT_EQ(I("sum(household.visits, v, yuan(1))"), 0);
  EXPECT_EQ(Tag("sum(household.visits, v, yuan(1))"), ValueTag::kMoney);
  EXPECT_EQ(I("size(household.visits)"), 0);
}

TEST_F(EvaluatorTest, ComprehensionsStopEarly) {
  // any stops at the first match, all at the first failure: the income
  // record after the match has an empty date and is never read.
  SetHousehold(R"pb(income { date: "2024-01-01" amount_fen: 1 }
                    income { amount_fen: 2 })pb");
  EXPECT_TRUE(B("any(household.income, i, i.date < as_of)"));
  EXPECT_FALSE(B("all(household.income, i, i.date > as_of)"));
  EXPECT_EQ(Fails("count(household.income, i, i.date < as_of)"),
            "household.income[].date is empty");
}

TEST_F(EvaluatorTest, NestedComprehensionsSeeOuterVariables) {
  // Income per member: members who received more than 10,000 yuan.
  EXPECT_EQ(I("count(household.members, m, sum(filter(household.income, i, "
              "i.member_id == m.id), i, i.amount_fen) > yuan(10000))"),
            1);
  EXPECT_TRUE(
      B("any(household.members, m, any(household.income, i, "
        "i.member_id == m.id && i.kind == INCOME_KIND_DIBAO))"));
  EXPECT_EQ(I("sum(household.members, m, count(household.income, i, "
              "i.member_id == m.id))"),
            3);
  EXPECT_TRUE(
      B("all(household.members, m, all(household.members, n, "
        "m.id == n.id || m.birth_date != n.birth_date))"));
}

TEST_F(EvaluatorTest, FilterResultsNest) {
  EXPECT_EQ(
      I("size(filter(filter(household.income, i, i.kind != INCOME_KIND_DIBAO), "
        "j, j.amount_fen > yuan(5000)))"),
      1);
  EXPECT_EQ(
      I("sum(filter(filter(filter(household.income, i, i.member_id == \"m1\"), "
        "j, j.amount_fen > fen(0)), k, k.kind == INCOME_KIND_BUSINESS), x, "
        "x.amount_fen)"),
      300000);
  EXPECT_TRUE(
      B("any(filter(household.members, m, m.relation == RELATION_CHILD), c, "
        "c.schooling.stage == SCHOOL_STAGE_VOCATIONAL)"));
  EXPECT_FALSE(
      B("all(filter(household.members, m, m.relation == RELATION_CHILD), c, "
        "c.schooling.stage == SCHOOL_STAGE_VOCATIONAL)"));
  EXPECT_EQ(
      I("count(filter(household.members, m, m.relation == RELATION_CHILD), c, "
        "count(filter(household.income, i, i.member_id == c.id), j, true) > "
        "0)"),
      1);
  // A filter inside a comprehension body, re-made for each outer element.
  EXPECT_EQ(I("sum(household.members, m, size(filter(household.income, i, "
              "i.member_id == m.id)))"),
            3);
  EXPECT_EQ(I("size(true ? filter(household.members, m, m.registered) : "
              "household.members)"),
            0);
  EXPECT_EQ(I("size(false ? filter(household.members, m, m.registered) : "
              "household.members)"),
            3);
}

TEST_F(EvaluatorTest, MinMaxAbs) {
  EXPECT_EQ(I("min(3, -4)"), -4);
  EXPECT_EQ(I("max(3, -4)"), 3);
  EXPECT_EQ(I("min(facts.net_income_fen, yuan(100))"), 10000);
  EXPECT_EQ(Tag("max(facts.net_income_fen, yuan(100))"), ValueTag::kMoney);
  EXPECT_EQ(I("max(as_of, param.window_start)"), Days("2024-03-01"));
  EXPECT_EQ(I("abs(-5)"), 5);
  EXPECT_EQ(I("abs(fen(-5))"), 5);
  EXPECT_EQ(Tag("abs(fen(-5))"), ValueTag::kMoney);
  EXPECT_EQ(I("abs(9223372036854775807)"), INT64_MAX);
}

TEST_F(EvaluatorTest, DateFunctions) {
  EXPECT_EQ(I("year(as_of)"), 2024);
  EXPECT_EQ(I("month(as_of)"), 3);
  EXPECT_EQ(I("day(as_of)"), 1);
  EXPECT_EQ(I("as_of - 1"), Days("2024-02-29"));
  EXPECT_EQ(I("date(\"2023-03-01\") - 1"), Days("2023-02-28"));
  EXPECT_EQ(I("date(\"2023-12-31\") + 1"), Days("2024-01-01"));
  EXPECT_EQ(I("as_of - date(\"2024-01-01\")"), 60);
  EXPECT_EQ(I("days_between(date(\"2024-01-01\"), as_of)"), 60);
  EXPECT_EQ(I("days_between(as_of, date(\"2024-01-01\"))"), -60);
  EXPECT_EQ(I("add_months(date(\"2024-01-31\"), 1)"), Days("2024-02-29"));
  EXPECT_EQ(I("add_months(date(\"2023-01-31\"), 1)"), Days("2023-02-28"));
  EXPECT_EQ(I("add_months(date(\"2024-03-31\"), -1)"), Days("2024-02-29"));
  EXPECT_EQ(I("add_months(date(\"2024-05-31\"), 1)"), Days("2024-06-30"));
  EXPECT_EQ(I("add_months(date(\"2024-02-29\"), 12)"), Days("2025-02-28"));
  EXPECT_EQ(I("add_months(date(\"2024-02-29\"), 48)"), Days("2028-02-29"));
  EXPECT_EQ(I("add_months(date(\"2024-11-15\"), 2)"), Days("2025-01-15"));
  EXPECT_EQ(I("add_months(date(\"2024-01-15\"), -13)"), Days("2022-12-15"));
  EXPECT_EQ(I("add_months(date(\"2024-01-15\"), 0)"), Days("2024-01-15"));
  // An age counts whole years: 24 on the birthday, 23 the day before.
  EXPECT_EQ(I("years_between(date(\"2000-03-01\"), date(\"2024-03-01\"))"), 24);
  EXPECT_EQ(I("years_between(date(\"2000-03-01\"), date(\"2024-02-29\"))"), 23);
  EXPECT_EQ(I("years_between(date(\"2000-03-01\"), date(\"2000-03-01\"))"), 0);
  EXPECT_EQ(I("years_between(date(\"2024-03-01\"), date(\"2000-03-01\"))"),
            -24);
  // Born on 29 February: a year is complete on 28 February of a common year
  // (the day add_months lands on).
  EXPECT_EQ(I("years_between(date(\"2000-02-29\"), date(\"2001-02-27\"))"), 0);
  EXPECT_EQ(I("years_between(date(\"2000-02-29\"), date(\"2001-02-28\"))"), 1);
  EXPECT_EQ(I("years_between(date(\"2000-02-29\"), date(\"2004-02-28\"))"), 3);
  EXPECT_EQ(I("years_between(date(\"2000-02-29\"), date(\"2004-02-29\"))"), 4);
  EXPECT_EQ(I("months_between(date(\"2024-01-31\"), date(\"2024-02-29\"))"), 1);
  EXPECT_EQ(I("months_between(date(\"2024-01-31\"), date(\"2024-02-28\"))"), 0);
  EXPECT_EQ(I("months_between(date(\"2024-01-15\"), date(\"2024-03-14\"))"), 1);
  EXPECT_EQ(I("months_between(date(\"2024-01-15\"), date(\"2024-03-15\"))"), 2);
  EXPECT_EQ(I("months_between(date(\"2023-12-15\"), date(\"2024-01-14\"))"), 0);
  EXPECT_EQ(I("months_between(date(\"2024-03-15\"), date(\"2024-01-15\"))"),
            -2);
  EXPECT_EQ(I("years_between(param.window_start, as_of)"), 0);
  EXPECT_EQ(I("any(household.members, m, years_between(m.birth_date, as_of) == "
              "64) ? 1 : 0"),
            1);
}

TEST_F(EvaluatorTest, DateRangeErrors) {
  EXPECT_EQ(
      Fails("date(\"9999-12-31\") + 1"),
      "date out of range in \"date(\"9999-12-31\") + 1\" (line 1, column 20)");
  EXPECT_EQ(
      Fails("date(\"0001-01-01\") - 1"),
      "date out of range in \"date(\"0001-01-01\") - 1\" (line 1, column 20)");
  EXPECT_EQ(
      Fails("add_months(as_of, 100000)"),
      "date out of range in \"add_months(as_of, 100000)\" (line 1, column 1)");
  EXPECT_EQ(Fails("add_months(as_of, -9223372036854775808)"),
            "date out of range in \"add_months(as_of, -9223372036854775808)\" "
            "(line 1, "
            "column 1)");
  EXPECT_EQ(I("date(\"9999-12-30\") + 1"), Days("9999-12-31"));
  EXPECT_EQ(I("date(\"0001-01-01\") - date(\"9999-12-31\")"),
            Days("0001-01-01") - Days("9999-12-31"));
  activation_.as_of_days = INT64_MAX;
  EXPECT_EQ(Fails("year(as_of)"),
            "date out of range in \"year(as_of)\" (line 1, column 1)");
}

TEST_F(EvaluatorTest, StringsAreViewsIntoTheMessage) {
  absl::StatusOr<Value> v = Run("household.id");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->tag, ValueTag::kString);
  EXPECT_EQ(v->s, "h1");
  EXPECT_EQ(v->s.data(), household_.id().data());
  // String literals live in the program.
  std::unique_ptr<Program> p = MustCompile("\"a\\\"b\"");
  ASSERT_NE(p, nullptr);
  v = p->Evaluate(activation_, &scratch_, nullptr);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->s, "a\"b");
}

TEST_F(EvaluatorTest, ListAndMessageValues) {
  absl::StatusOr<Value> v = Run("household.members");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->tag, ValueTag::kList);
  EXPECT_EQ(v->list.owner, &household_);
  EXPECT_EQ(v->list.field,
            povmon::v1::Household::descriptor()->FindFieldByName("members"));
  EXPECT_EQ(v->list.filter, nullptr);
  v = Run("household.region");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->tag, ValueTag::kMessage);
  EXPECT_EQ(v->message, &povmon::v1::RegionCodes::default_instance());
}

TEST_F(EvaluatorTest, UnboundRootsAndParametersAreErrors) {
  activation_.roots[2] = nullptr;
  EXPECT_EQ(Fails("RISK_TYPE_ILLNESS in identification.risk_types"),
            "\"identification\" is not bound in this evaluation");
  activation_.parameters = nullptr;
  EXPECT_EQ(Fails("param.strict"),
            "param.strict has no value: no parameters were given");
}

TEST_F(EvaluatorTest, ProgramsAreReusableAcrossHouseholds) {
  std::unique_ptr<Program> p = MustCompile(
      "count(household.members, m, years_between(m.birth_date, as_of) >= 60)");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->Evaluate(activation_, &scratch_, nullptr)->i, 1);
  SetHousehold(R"pb(members { birth_date: "1950-01-01" }
                    members { birth_date: "1940-01-01" })pb");
  EXPECT_EQ(p->Evaluate(activation_, &scratch_, nullptr)->i, 2);
  EXPECT_EQ(p->result_type(), Int());
}

TEST_F(EvaluatorTest, ScratchIsRequiredOnlyForComprehensions) {
  std::unique_ptr<Program> p = MustCompile("1 + 1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->Evaluate(activation_, nullptr, nullptr)->i, 2);
  p = MustCompile("any(household.members, m, true)");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->Evaluate(activation_, nullptr, nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(EvaluatorTest, DynamicMessagesOfTheSameTypeWork) {
  // Not the generated class: every read goes through the message's own
  // Reflection.
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> dynamic(
      factory.GetPrototype(povmon::v1::Household::descriptor())->New());
  dynamic->ParseFromString(household_.SerializeAsString());
  activation_.roots[0] = dynamic.get();
  EXPECT_EQ(I("sum(filter(household.income, i, i.kind != INCOME_KIND_DIBAO), "
              "i, i.amount_fen)"),
            1500000);
  EXPECT_EQ(
      I("count(household.members, m, years_between(m.birth_date, as_of) < 18)"),
      1);
  EXPECT_TRUE(B("has(household.members) && household.id == \"h1\""));
  EXPECT_EQ(I("size(household.expenditure)"), 3);
}

TEST_F(EvaluatorTest, OneProgramManyThreads) {
  std::unique_ptr<Program> p = MustCompile(
      "count(filter(household.members, m, m.relation == RELATION_CHILD), c, "
      "years_between(c.birth_date, as_of) >= 16)");
  ASSERT_NE(p, nullptr);
  std::vector<std::int64_t> results(4, -1);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Scratch scratch;
      for (int i = 0; i < 2000; ++i) {
        absl::StatusOr<Value> v = p->Evaluate(activation_, &scratch, nullptr);
        if (!v.ok() || (results[t] != -1 && results[t] != v->i)) {
          results[t] = -2;
          return;
        }
        results[t] = v->i;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(results, (std::vector<std::int64_t>{2, 2, 2, 2}));
}

TEST_F(EvaluatorTest, ParametersOfUnusableTypeAreDiagnosed) {
  env_.parameters.push_back({"broken", Type(), 5});
  EXPECT_EQ(Errors("param.broken == 1"),
            "1:1: parameter \"param.broken\" has type error, which rules "
            "cannot read\n");
}

}  // namespace
}  // namespace povmon::expr::testing
