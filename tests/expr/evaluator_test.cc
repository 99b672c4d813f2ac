#include <gtest/gtest.h>

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
      income { date: "2023-12-31" kind: INCOME_KIND_WAGE amount_fen: 1200000 member_id: "m1" }
      income { date: "2023-08-31" kind: INCOME_KIND_BUSINESS amount_fen: 300000 member_id: "m1" }
      income { date: "2023-05-31" kind: INCOME_KIND_DIBAO amount_fen: 50000 member_id: "m2" }
      expenditure { date: "2023-09-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 400000 }
      expenditure { date: "2023-10-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 200000 }
      expenditure { date: "2023-10-02" kind: EXPENDITURE_KIND_MEDICAL_OTHER amount_fen: 900000 }
      assets { kind: ASSET_KIND_CAR origin: ASSET_ORIGIN_INHERITED }
    )pb");
    SetFacts(R"pb(
      net_income_fen: 1550000
      per_capita_net_income_fen: 516666
      counted_members: 3
      rigid_expenditure_fen: 600000
    )pb");
    SetIdentification(R"pb(risk_types: RISK_TYPE_ILLNESS risk_types: RISK_TYPE_SCHOOLING)pb");
  }
};

TEST_F(EvaluatorTest, SpecExamples) {
  EXPECT_TRUE(B("facts.per_capita_net_income_fen < param.monitoring_line && household.lifted_out"));
  EXPECT_FALSE(B("any(household.members, m, m.employment.public_body_stable_salary)"));
  EXPECT_TRUE(B("count(household.members, m, m.schooling.stage in [SCHOOL_STAGE_SENIOR_SECONDARY, SCHOOL_STAGE_VOCATIONAL, SCHOOL_STAGE_UNDERGRADUATE]) >= 2"));
  EXPECT_TRUE(B("sum(filter(household.expenditure, e, e.kind == EXPENDITURE_KIND_EDUCATION), e, e.amount_fen) > yuan(5000)"));
  EXPECT_EQ(I("sum(filter(household.expenditure, e, e.kind == EXPENDITURE_KIND_EDUCATION), e, e.amount_fen)"), 600000);
  EXPECT_FALSE(B("any(household.assets, a, a.kind == ASSET_KIND_CAR && a.origin != ASSET_ORIGIN_INHERITED)"));
  EXPECT_TRUE(B("any(household.members, m, years_between(m.birth_date, as_of) >= 60)"));
  EXPECT_TRUE(B("RISK_TYPE_ILLNESS in identification.risk_types"));
  EXPECT_FALSE(B("RISK_TYPE_ACCIDENT in identification.risk_types"));
}

}  // namespace
}  // namespace povmon::expr::testing
