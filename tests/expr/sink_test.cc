// The ComparisonSink sees every comparison made outside comprehensions, with
// the operands' source text, the operator, both values and the type.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/expr/expr_test_util.h"

namespace povmon::expr::testing {
namespace {

struct Seen {
  std::string left_text, op, right_text;
  ValueTag left_tag, right_tag;
  std::int64_t left, right;
  std::string left_string, right_string;
  std::string type;
  bool result;
};

class RecordingSink : public ComparisonSink {
 public:
  void Compared(std::string_view left_text, std::string_view op,
                std::string_view right_text, const Value& left,
                const Value& right, const Type& operand_type,
                bool result) override {
    seen.push_back(Seen{std::string(left_text), std::string(op),
                        std::string(right_text), left.tag, right.tag, left.i,
                        right.i, std::string(left.s), std::string(right.s),
                        TypeName(operand_type), result});
  }
  std::vector<Seen> seen;
};

class SinkTest : public ExprTest {
 protected:
  void SetUp() override {
    SetHousehold(R"pb(
      id: "h1"
      lifted_out: true
      members { id: "m1" birth_date: "1960-03-01" }
      members { id: "m2" birth_date: "2010-03-02" }
    )pb");
    SetFacts("per_capita_net_income_fen: 516666 counted_members: 2");
  }
  RecordingSink sink_;
};

TEST_F(SinkTest, ReportsOperandsOperatorValuesAndType) {
  absl::StatusOr<Value> v =
      Run("facts.per_capita_net_income_fen < param.monitoring_line && "
          "household.lifted_out",
          &sink_);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->i);
  ASSERT_EQ(sink_.seen.size(), 1u);
  const Seen& s = sink_.seen[0];
  EXPECT_EQ(s.left_text, "facts.per_capita_net_income_fen");
  EXPECT_EQ(s.op, "<");
  EXPECT_EQ(s.right_text, "param.monitoring_line");
  EXPECT_EQ(s.left_tag, ValueTag::kMoney);
  EXPECT_EQ(s.right_tag, ValueTag::kMoney);
  EXPECT_EQ(s.left, 516666);
  EXPECT_EQ(s.right, 650000);
  EXPECT_EQ(s.type, "money");
  EXPECT_TRUE(s.result);
}

TEST_F(SinkTest, EveryOperatorInEvaluationOrder) {
  ASSERT_TRUE(
      Run("facts.counted_members == 2 && facts.counted_members != 3 && "
          "(facts.counted_members) <= 2 && facts.counted_members >= 2 && "
          "1 + 1 > 1 && as_of > param.window_start && "
          "household.id == \"h1\" && household.support == "
          "SUPPORT_STATUS_UNSPECIFIED && "
          "param.strict == true",
          &sink_)
          .ok());
  ASSERT_EQ(sink_.seen.size(), 9u);
  EXPECT_EQ(sink_.seen[0].op, "==");
  EXPECT_EQ(sink_.seen[1].op, "!=");
  EXPECT_EQ(sink_.seen[1].right, 3);
  EXPECT_EQ(sink_.seen[1].type, "int");
  // Parentheses belong to the operand's text.
  EXPECT_EQ(sink_.seen[2].left_text, "(facts.counted_members)");
  EXPECT_EQ(sink_.seen[2].op, "<=");
  EXPECT_EQ(sink_.seen[3].op, ">=");
  EXPECT_EQ(sink_.seen[4].left_text, "1 + 1");
  EXPECT_EQ(sink_.seen[4].left, 2);
  EXPECT_EQ(sink_.seen[4].op, ">");
  EXPECT_EQ(sink_.seen[5].type, "date");
  EXPECT_EQ(sink_.seen[5].left, Days("2024-03-01"));
  EXPECT_EQ(sink_.seen[5].right, Days("2023-06-01"));
  EXPECT_EQ(sink_.seen[6].type, "string");
  EXPECT_EQ(sink_.seen[6].left_string, "h1");
  EXPECT_EQ(sink_.seen[6].right_string, "h1");
  EXPECT_EQ(sink_.seen[6].right_text, "\"h1\"");
  EXPECT_EQ(sink_.seen[7].type, "povmon.v1.SupportStatus");
  EXPECT_EQ(sink_.seen[7].left_tag, ValueTag::kEnum);
  EXPECT_EQ(sink_.seen[8].type, "bool");
  EXPECT_EQ(sink_.seen[8].left, 1);
  for (const Seen& s : sink_.seen) EXPECT_TRUE(s.result) << s.left_text;
}

TEST_F(SinkTest, ComparisonsInsideComprehensionsAreNotReported) {
  ASSERT_TRUE(Run("count(household.members, m, years_between(m.birth_date, "
                  "as_of) >= 60) "
                  ">= 1 && any(household.members, m, m.id == \"m2\" && "
                  "any(household.members, n, n.id != m.id))",
                  &sink_)
                  .ok());
  ASSERT_EQ(sink_.seen.size(), 1u);
  EXPECT_EQ(
      sink_.seen[0].left_text,
      "count(household.members, m, years_between(m.birth_date, as_of) >= 60)");
  EXPECT_EQ(sink_.seen[0].right_text, "1");
  EXPECT_EQ(sink_.seen[0].left, 1);
  EXPECT_EQ(sink_.seen[0].left_tag, ValueTag::kInt);
  EXPECT_TRUE(sink_.seen[0].result);
}

TEST_F(SinkTest, ShortCircuitedComparisonsAreNotReported) {
  ASSERT_TRUE(
      Run("facts.counted_members > 5 && facts.counted_members < 9", &sink_)
          .ok());
  ASSERT_EQ(sink_.seen.size(), 1u);
  EXPECT_FALSE(sink_.seen[0].result);
  sink_.seen.clear();
  ASSERT_TRUE(Run("facts.counted_members < 5 ? 1 == 1 : 2 == 2", &sink_).ok());
  ASSERT_EQ(sink_.seen.size(), 2u);
  EXPECT_EQ(sink_.seen[1].left_text, "1");
}

TEST_F(SinkTest, MultiLineOperandText) {
  ASSERT_TRUE(
      Run("facts.per_capita_net_income_fen\n   <\n  yuan(6500)", &sink_).ok());
  ASSERT_EQ(sink_.seen.size(), 1u);
  EXPECT_EQ(sink_.seen[0].right_text, "yuan(6500)");
  EXPECT_EQ(sink_.seen[0].right, 650000);
}

TEST_F(SinkTest, OperandTextsOutliveTheSourceString) {
  std::string source = "facts.counted_members == 2";
  std::vector<Diagnostic> d;
  std::unique_ptr<Program> p = Compile(source, env_, Bool(), {}, &d);
  ASSERT_NE(p, nullptr);
  source.assign(source.size(), 'x');
  ASSERT_TRUE(p->Evaluate(activation_, &scratch_, &sink_).ok());
  ASSERT_EQ(sink_.seen.size(), 1u);
  EXPECT_EQ(sink_.seen[0].left_text, "facts.counted_members");
}

TEST_F(SinkTest, NullSinkChangesNothing) {
  absl::StatusOr<Value> v = Run("facts.counted_members == 2", nullptr);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->i);
}

}  // namespace
}  // namespace povmon::expr::testing
