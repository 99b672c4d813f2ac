// Program::EvaluateNumber, the stages' entry per rule, and the loop it takes
// for any/all/count/sum over a root's repeated messages, with or without one
// filter() in between (CompiledProgram::LoopNumber): each expression gives
// the number Evaluate gives (whose comprehension at the root still walks the
// list element by element through ForEach) and the same error, on generated
// messages and on dynamic ones (which take the general path).
#include <google/protobuf/dynamic_message.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/expr/expr_test_util.h"

namespace povmon::expr::testing {
namespace {

class EvaluateNumberTest : public ExprTest {
 protected:
  void SetUp() override {
    SetHousehold(R"pb(
      members {
        id: "m1"
        birth_date: "1960-03-01"
        labour_capacity: LABOUR_CAPACITY_NONE
        employment { village_secretary_or_director: true }
        health { disability_grade: DISABILITY_GRADE_3 }
      }
      members {
        id: "m2"
        birth_date: "2005-07-15"
        labour_capacity: LABOUR_CAPACITY_PARTIAL
        health { serious_illness: true disability_grade: DISABILITY_GRADE_2 }
      }
      members { id: "m3" birth_date: "2008-01-31" }
      expenditure { date: "2023-09-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 400000 }
      expenditure { date: "2024-10-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 200000 }
      expenditure { date: "2024-10-02" kind: EXPENDITURE_KIND_MEDICAL_OTHER amount_fen: 900000 }
      expenditure { date: "2024-11-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 50000 }
      assets { kind: ASSET_KIND_CAR }
    )pb");
    SetFacts(R"pb(window_start: "2024-01-01" window_end: "2024-12-31" counted_income_fen: 7)pb");
  }

  // EvaluateNumber's number, or its error as "code: message".
  std::string Number(std::string_view source) {
    std::unique_ptr<Program> p = MustCompile(source);
    if (p == nullptr) return "did not compile";
    std::int64_t n = -1;
    absl::Status s = p->EvaluateNumber(activation_, &scratch_, nullptr, &n);
    if (!s.ok()) return std::string(absl::StatusCodeToString(s.code())) + ": " +
                       std::string(s.message());
    return std::to_string(n);
  }
  // Evaluate's Value::i, or its error, in the same form.
  std::string Reference(std::string_view source) {
    absl::StatusOr<Value> v = Run(source);
    if (!v.ok()) return std::string(absl::StatusCodeToString(v.status().code())) + ": " +
                        std::string(v.status().message());
    return std::to_string(v->i);
  }
  // Both, for each expression: equal, and equal to `expected`.
  void Same(std::string_view source, const std::string& expected) {
    EXPECT_EQ(Reference(source), expected) << source;
    EXPECT_EQ(Number(source), expected) << source;
  }
};

TEST_F(EvaluateNumberTest, ComprehensionsOverRootListsGiveWhatEvaluateGives) {
  Same("any(household.members, m, m.employment.village_secretary_or_director)", "1");
  Same("any(household.members, m, m.employment.public_body_stable_salary)", "0");
  Same("any(household.members, m, m.health.disability_grade in "
       "[DISABILITY_GRADE_1, DISABILITY_GRADE_2])",
       "1");
  Same("!any(household.members, m, m.labour_capacity in "
       "[LABOUR_CAPACITY_FULL, LABOUR_CAPACITY_PARTIAL])",
       "0");
  Same("all(household.members, m, m.id != \"\")", "1");
  Same("all(household.members, m, m.health.serious_illness)", "0");
  Same("count(household.members, m, m.health.disability_grade != DISABILITY_GRADE_UNSPECIFIED)",
       "2");
  Same("sum(household.expenditure, e, e.amount_fen)", "1550000");
  Same("any(household.assets, a, a.kind == ASSET_KIND_CAR)", "1");
  // Empty lists.
  Same("any(household.visits, v, true)", "0");
  Same("all(household.visits, v, false)", "1");
  Same("count(household.visits, v, true)", "0");
  Same("sum(household.visits, v, fen(1))", "0");
}

TEST_F(EvaluateNumberTest, OneFilterIsFusedIntoTheLoop) {
  // The peer pack's education rule: the filter reads each element's date
  // and the facts' window, the sum each kept element's amount.
  Same("sum(filter(household.expenditure, e, e.kind == EXPENDITURE_KIND_EDUCATION && "
       "e.date >= facts.window_start && e.date <= facts.window_end), e, e.amount_fen)",
       "250000");
  Same("count(filter(household.expenditure, e, e.kind == EXPENDITURE_KIND_EDUCATION), x, "
       "x.amount_fen > fen(100000))",
       "2");
  Same("any(filter(household.members, m, m.labour_capacity == LABOUR_CAPACITY_PARTIAL), c, "
       "c.health.serious_illness)",
       "1");
  Same("all(filter(household.members, m, m.id != \"m2\"), c, c.health.serious_illness)", "0");
  // The kept element's variable, not the filter's, is the one the body
  // reads (different names, different slots).
  Same("sum(filter(household.expenditure, e, e.amount_fen < fen(500000)), x, x.amount_fen * 2)",
       "1300000");
  // Two filters: the general path.
  Same("sum(filter(filter(household.expenditure, e, e.kind == EXPENDITURE_KIND_EDUCATION), f, "
       "f.date >= facts.window_start), x, x.amount_fen)",
       "250000");
  // In a comparison, as the rules use them (the typed path around it).
  Same("sum(filter(household.expenditure, e, e.kind == EXPENDITURE_KIND_EDUCATION), e, "
       "e.amount_fen) * 10000 > facts.counted_income_fen * 2000",
       "1");
}

TEST_F(EvaluateNumberTest, DatesKnownByElementIndexAreReadInTheLoop) {
  // Day numbers deliberately unlike the text: the loop must read them by
  // the element's index, as ForEach does.
  KnownDates known;
  const std::int64_t days[] = {Days("2024-02-01"), Days("2020-01-01"), Days("2024-10-02"),
                               Days("2024-11-01")};
  known.Add(KnownDates::Column{v1::ExpenditureRecord::descriptor()->FindFieldByName("date"),
                               &household_,
                               v1::Household::descriptor()->FindFieldByName("expenditure"), days,
                               4});
  activation_.known_dates = &known;
  Same("sum(filter(household.expenditure, e, e.kind == EXPENDITURE_KIND_EDUCATION && "
       "e.date >= facts.window_start), e, e.amount_fen)",
       "450000");
  Same("count(household.expenditure, e, e.date < facts.window_start)", "1");
}

TEST_F(EvaluateNumberTest, ErrorsAreTheSameAndStopWhereTheyStopped) {
  // any stops at the first match: the record after it, with no date, is
  // never read; count reads it and fails.
  SetHousehold(R"pb(expenditure { date: "2024-01-01" amount_fen: 1 }
                    expenditure { amount_fen: 2 })pb");
  Same("any(household.expenditure, e, e.date < as_of)", "1");
  Same("all(household.expenditure, e, e.date > as_of)", "0");
  Same("count(household.expenditure, e, e.date < as_of)",
       "INVALID_ARGUMENT: household.expenditure[].date is empty");
  // In the filter's condition.
  Same("sum(filter(household.expenditure, e, e.date < as_of), e, e.amount_fen)",
       "INVALID_ARGUMENT: household.expenditure[].date is empty");
  // A sum that overflows names the sum.
  SetHousehold(R"pb(expenditure { amount_fen: 9223372036854775000 }
                    expenditure { amount_fen: 9223372036854775000 })pb");
  Same("sum(filter(household.expenditure, e, true), e, e.amount_fen) > fen(0)",
       "OUT_OF_RANGE: money overflow in \"sum(filter(household.expenditure, e, true), e, "
       "e.amount_fen)\" (line 1, column 1)");
  Same("sum(household.expenditure, e, e.amount_fen)",
       "OUT_OF_RANGE: money overflow in \"sum(household.expenditure, e, e.amount_fen)\" "
       "(line 1, column 1)");
}

// The entry (CompiledProgram::Open, once per rule): a program with
// comprehension variables needs a Scratch, a new Scratch is grown to the
// program it serves, and every evaluation starts a new epoch, so that a
// subexpression cached in one evaluation is not read in the next.
TEST_F(EvaluateNumberTest, EachEvaluationOpensItsOwnFrame) {
  std::unique_ptr<Program> loop = MustCompile("count(household.members, m, true) == 3");
  ASSERT_NE(loop, nullptr);
  std::int64_t n = -1;
  absl::Status s = loop->EvaluateNumber(activation_, nullptr, nullptr, &n);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "this expression needs a Scratch for its comprehension variables");
  EXPECT_EQ(loop->Evaluate(activation_, nullptr, nullptr).status(), s);
  // No variables, no Scratch needed.
  std::unique_ptr<Program> plain = MustCompile("facts.counted_income_fen == fen(7)");
  ASSERT_NE(plain, nullptr);
  ASSERT_TRUE(plain->EvaluateNumber(activation_, nullptr, nullptr, &n).ok());
  EXPECT_EQ(n, 1);
  // A fresh Scratch grows on first use.
  Scratch fresh;
  ASSERT_TRUE(loop->EvaluateNumber(activation_, &fresh, nullptr, &n).ok());
  EXPECT_EQ(n, 1);
  EXPECT_FALSE(fresh.slots.empty());
  EXPECT_EQ(fresh.slots.size(), fresh.stamps.size());
  // facts.counted_income_fen + fen(1) is the same for every element, so it
  // is worked out once per evaluation; the next evaluation sees new facts.
  std::unique_ptr<Program> cached = MustCompile(
      "sum(household.expenditure, e, facts.counted_income_fen + fen(1))");
  ASSERT_NE(cached, nullptr);
  ASSERT_TRUE(cached->EvaluateNumber(activation_, &fresh, nullptr, &n).ok());
  EXPECT_EQ(n, 4 * 8);
  SetFacts(R"pb(window_start: "2024-01-01" window_end: "2024-12-31" counted_income_fen: 99)pb");
  ASSERT_TRUE(cached->EvaluateNumber(activation_, &fresh, nullptr, &n).ok());
  EXPECT_EQ(n, 4 * 100);
  EXPECT_EQ(Reference("sum(household.expenditure, e, facts.counted_income_fen + fen(1))"),
            "400");
}

// Whether the roots are generated messages is decided per evaluation, not
// kept from the last one: the same program on a generated, a dynamic and a
// generated household again, and with only one of two roots dynamic.
TEST_F(EvaluateNumberTest, RootsAreCheckedAtEveryEvaluation) {
  const std::string source =
      "sum(filter(household.expenditure, e, e.date >= facts.window_start), e, e.amount_fen) + "
      "facts.counted_income_fen";
  Same(source, "1150007");
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> dynamic(
      factory.GetPrototype(v1::Household::descriptor())->New());
  dynamic->ParseFromString(household_.SerializeAsString());
  activation_.roots[0] = dynamic.get();
  Same(source, "1150007");
  activation_.roots[0] = &household_;
  std::unique_ptr<google::protobuf::Message> dynamic_facts(
      factory.GetPrototype(v1::Facts::descriptor())->New());
  dynamic_facts->ParseFromString(facts_.SerializeAsString());
  activation_.roots[1] = dynamic_facts.get();
  Same(source, "1150007");
  activation_.roots[1] = &facts_;
  Same(source, "1150007");
}

// Loops planned in Finish (CompiledProgram::PlanLoops): several in one
// program, one inside another's body, all four kinds, each with its own
// variables, list and filter.
TEST_F(EvaluateNumberTest, EveryLoopOfAProgramKeepsItsOwnPlan) {
  Same("count(household.members, m, m.labour_capacity == LABOUR_CAPACITY_PARTIAL) + "
       "count(filter(household.expenditure, e, e.kind == EXPENDITURE_KIND_EDUCATION), x, "
       "x.amount_fen > fen(1000)) + count(household.assets, a, true)",
       "5");
  Same("any(household.members, m, count(filter(household.expenditure, e, "
       "e.amount_fen > fen(1000)), x, x.kind == EXPENDITURE_KIND_EDUCATION) == 3 && "
       "m.health.serious_illness)",
       "1");
  Same("all(household.members, m, any(household.assets, a, a.kind == ASSET_KIND_CAR))", "1");
  Same("all(household.members, m, sum(household.expenditure, e, e.amount_fen) > "
       "fen(1550000) || m.id == \"m1\")",
       "0");
  Same("sum(household.members, m, count(household.expenditure, e, e.amount_fen >= fen(4000)))",
       "12");
}

// Columnar loops (CompiledProgram::ColumnLoop): a condition and body that
// read the element only through number and known date fields, compared with
// constants or with values the same for every element, are tested on
// columns read once per loop into the Scratch.
TEST_F(EvaluateNumberTest, ColumnarLoopsReadEachFieldOnceIntoTheScratch) {
  const auto columns_after = [&](std::string_view source, std::int64_t* n) {
    std::unique_ptr<Program> p = MustCompile(source);
    Scratch fresh;
    EXPECT_TRUE(p != nullptr && p->EvaluateNumber(activation_, &fresh, nullptr, n).ok())
        << source;
    return fresh.columns.size();
  };
  std::int64_t n = -1;
  // Two number columns of three members; a member's employment, unset for
  // two of them, reads as its default.
  EXPECT_EQ(columns_after("count(household.members, m, m.employment.village_secretary_or_director"
                          " || m.labour_capacity == LABOUR_CAPACITY_NONE)", &n),
            0u);  // || is not a conjunction: the nodes are walked
  EXPECT_EQ(columns_after("count(household.members, m, !m.employment.public_body_stable_salary &&"
                          " m.labour_capacity in [LABOUR_CAPACITY_UNSPECIFIED, "
                          "LABOUR_CAPACITY_PARTIAL])", &n),
            0u);  // ! is not a test either
  EXPECT_EQ(columns_after("count(household.members, m, m.health.disability_grade != "
                          "DISABILITY_GRADE_UNSPECIFIED && m.labour_capacity in "
                          "[LABOUR_CAPACITY_UNSPECIFIED, LABOUR_CAPACITY_PARTIAL])", &n),
            6u);
  EXPECT_EQ(n, 1);
  // Constants on either side, parameters and facts on the right.
  Same("count(household.expenditure, e, fen(100000) < e.amount_fen)", "3");
  Same("count(household.expenditure, e, fen(400000) >= e.amount_fen)", "3");
  Same("count(household.expenditure, e, e.amount_fen <= param.monitoring_line)", "3");
  Same("sum(filter(household.expenditure, e, e.amount_fen > facts.counted_income_fen && "
       "e.kind != EXPENDITURE_KIND_MEDICAL_OTHER), x, x.amount_fen)",
       "650000");
  Same("all(household.members, m, m.health.disability_grade in [DISABILITY_GRADE_2, "
       "DISABILITY_GRADE_3, DISABILITY_GRADE_UNSPECIFIED])",
       "1");
}

TEST_F(EvaluateNumberTest, ColumnarLoopsReadKnownDatesAndWorkOutTheRightSideWhereNeeded) {
  SetFacts(R"pb(window_start: "2024-01-01" counted_income_fen: 7)pb");
  KnownDates known;
  const std::int64_t days[] = {Days("2023-09-01"), Days("2024-10-01"), Days("2024-10-02"),
                               Days("2024-11-01")};
  const auto* date = v1::ExpenditureRecord::descriptor()->FindFieldByName("date");
  const auto* list = v1::Household::descriptor()->FindFieldByName("expenditure");
  known.Add(KnownDates::Column{date, &household_, list, days, 4});
  activation_.known_dates = &known;
  // facts.window_end is empty: an error where a test needs it, and only
  // there (any stops at its first match, all at its first miss; the first
  // element is education, the third is not).
  const std::string empty = "INVALID_ARGUMENT: facts.window_end is empty";
  Same("any(household.expenditure, e, e.kind == EXPENDITURE_KIND_DISASTER_REPAIR && "
       "e.date <= facts.window_end)",
       "0");
  Same("any(household.expenditure, e, e.kind == EXPENDITURE_KIND_EDUCATION && "
       "e.date <= facts.window_end)",
       empty);
  Same("all(household.expenditure, e, e.kind == EXPENDITURE_KIND_MEDICAL_OTHER && "
       "e.date <= facts.window_end)",
       "0");
  Same("count(filter(household.expenditure, e, e.date >= facts.window_start), x, "
       "x.date <= facts.window_end)",
       empty);
  Same("sum(filter(household.expenditure, e, e.date >= facts.window_start), x, x.amount_fen)",
       "1150000");
  // A date column the caller does not know in full: parsed element by
  // element from the text, as before.
  known.columns[0].size = 3;
  Same("sum(filter(household.expenditure, e, e.date >= facts.window_start), x, x.amount_fen)",
       "1150000");
  known.columns[0].size = 4;
  known.columns[0].owner = &facts_;
  Same("count(household.expenditure, e, e.date < facts.window_start)", "1");
}

TEST_F(EvaluateNumberTest, DynamicMessagesTakeTheGeneralPath) {
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> dynamic(
      factory.GetPrototype(v1::Household::descriptor())->New());
  dynamic->ParseFromString(household_.SerializeAsString());
  activation_.roots[0] = dynamic.get();
  Same("sum(filter(household.expenditure, e, e.kind == EXPENDITURE_KIND_EDUCATION && "
       "e.date >= facts.window_start), e, e.amount_fen)",
       "250000");
  Same("any(household.members, m, m.employment.village_secretary_or_director)", "1");
}

TEST_F(EvaluateNumberTest, UnboundRootsAndNonNumbersAreErrors) {
  activation_.roots[0] = nullptr;
  Same("any(household.members, m, true)",
       "FAILED_PRECONDITION: \"household\" is not bound in this evaluation");
  std::unique_ptr<Program> p = MustCompile("household.id");
  ASSERT_NE(p, nullptr);
  std::int64_t n = 0;
  absl::Status s = p->EvaluateNumber(activation_, &scratch_, nullptr, &n);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "EvaluateNumber on an expression of type string");
}

}  // namespace
}  // namespace povmon::expr::testing
