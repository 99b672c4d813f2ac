// The identification stage against the engine's test pack (tests/testdata/
// packs/mini: Plan 4's line of 6,500, then 7,000 from 2025).
#include <memory>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"

namespace povmon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class IdentificationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto p = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/tests/testdata/packs/mini");
    ASSERT_TRUE(p.ok()) << p.status();
    policy_ = new std::shared_ptr<const Policy>(*p);
  }
  static void TearDownTestSuite() { delete policy_; }

  v1::Decision Decide(const std::string& household_text, absl::CivilDay as_of = absl::CivilDay(2024, 11, 30),
                      v1::TraceLevel trace = v1::TRACE_LEVEL_FULL) {
    v1::Household h;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(household_text, &h));
    Evaluator evaluator(*policy_);
    v1::Decision d;
    EvaluateOptions options;
    options.as_of = as_of;
    options.trace = trace;
    absl::Status s = evaluator.Evaluate(h, options, &d);
    EXPECT_TRUE(s.ok()) << s;
    return d;
  }

  static std::shared_ptr<const Policy>* policy_;
};

std::shared_ptr<const Policy>* IdentificationTest::policy_ = nullptr;

constexpr char kBelowLine[] = R"pb(
  id: "h"
  lifted_out: true
  members { id: "a" registered: true labour_capacity: LABOUR_CAPACITY_FULL }
  members { id: "b" registered: true labour_capacity: LABOUR_CAPACITY_NONE health { serious_illness: true } }
  income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 1168000 }
)pb";

TEST_F(IdentificationTest, Plan4UnstableLiftedOutBelowTheLineWithTrace) {
  v1::Decision d = Decide(kBelowLine);
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_UNSTABLE_LIFTED_OUT);
  EXPECT_EQ(d.identification().category_rule_id(), "category.unstable");
  EXPECT_THAT(d.identification().risk_types(), ElementsAre(v1::RISK_TYPE_ILLNESS));
  EXPECT_EQ(d.facts().per_capita_net_income_fen(), 584000);
  EXPECT_EQ(d.pack_id(), "mini");
  EXPECT_EQ(d.pack_revision(), (*policy_)->revision());
  EXPECT_EQ(d.as_of(), "2024-11-30");
  EXPECT_EQ(d.trace_version(), "1");
  // The category rule's trace names the citation and the compared values.
  const v1::TraceEntry* category = nullptr;
  for (const v1::TraceEntry& e : d.trace()) {
    if (e.rule_id() == "category.unstable") category = &e;
  }
  ASSERT_NE(category, nullptr);
  EXPECT_TRUE(category->fired());
  EXPECT_EQ(category->citation(), "Plan 4 §2(二)");
  ASSERT_EQ(category->compared_size(), 1);
  const v1::Comparison& c = category->compared(0);
  EXPECT_EQ(c.left_text(), "facts.per_capita_net_income_fen");
  EXPECT_EQ(c.op(), "<");
  EXPECT_EQ(c.right_text(), "param.monitoring_line");
  EXPECT_EQ(c.kind(), v1::VALUE_KIND_MONEY);
  EXPECT_EQ(c.left(), 584000);
  EXPECT_EQ(c.right(), 650000);
  EXPECT_TRUE(c.result());
}

TEST_F(IdentificationTest, Plan4BelowTheLineIsStrict) {
  v1::Decision d = Decide(R"pb(
    id: "h"
    members { registered: true }
    income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 650000 }
  )pb");
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_NONE);
  d = Decide(R"pb(
    id: "h"
    members { registered: true }
    income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 649999 }
  )pb");
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_MARGINAL_AT_RISK);
}

TEST_F(IdentificationTest, DatedParameterUsesTheValueInForceOnTheAsOfDate) {
  // 6,800 per person: above 2024's 6,500 line, below 2025's 7,000.
  const char* house = R"pb(
    id: "h"
    members { registered: true }
    income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 680000 }
  )pb";
  EXPECT_EQ(Decide(house, absl::CivilDay(2024, 12, 31)).identification().category(), v1::CATEGORY_NONE);
  EXPECT_EQ(Decide(house, absl::CivilDay(2025, 1, 1)).identification().category(),
            v1::CATEGORY_MARGINAL_AT_RISK);
}

TEST_F(IdentificationTest, Plan2SuddenHardshipWhenRigidExpenditureClearlyExceedsIncome) {
  v1::Decision d = Decide(R"pb(
    id: "h"
    members { registered: true }
    income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 3000000 }
    expenditure { date: "2024-07-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 1500001 }
  )pb");
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP);
  EXPECT_THAT(d.identification().risk_types(), ElementsAre(v1::RISK_TYPE_LARGE_RIGID_EXPENDITURE));
}

TEST_F(IdentificationTest, Plan2NegativeListExcludesTheHousehold) {
  v1::Decision d = Decide(std::string(kBelowLine) + R"pb(
    assets { kind: ASSET_KIND_CAR origin: ASSET_ORIGIN_PURCHASED }
  )pb");
  EXPECT_TRUE(d.identification().excluded());
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_NONE);
  ASSERT_EQ(d.identification().negative_list_hits_size(), 1);
  const v1::NegativeListHit& hit = d.identification().negative_list_hits(0);
  EXPECT_EQ(hit.rule_id(), "neg.car");
  EXPECT_EQ(hit.item(), v1::NEGATIVE_LIST_ITEM_VEHICLE_OR_MACHINERY);
  EXPECT_EQ(hit.citation(), "Plan 2 §3(三)");
  EXPECT_FALSE(hit.overridden());
}

TEST_F(IdentificationTest, Plan2VillageReviewOverrideSetsTheItemAside) {
  v1::Decision d = Decide(std::string(kBelowLine) + R"pb(
    assets { kind: ASSET_KIND_CAR }
    overrides { item: NEGATIVE_LIST_ITEM_VEHICLE_OR_MACHINERY decided_on: "2024-10-08" minute_reference: "村評〔2024〕7號" }
  )pb");
  EXPECT_FALSE(d.identification().excluded());
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_UNSTABLE_LIFTED_OUT);
  ASSERT_EQ(d.identification().negative_list_hits_size(), 1);
  EXPECT_TRUE(d.identification().negative_list_hits(0).overridden());
  EXPECT_EQ(d.identification().negative_list_hits(0).override_minute_reference(), "村評〔2024〕7號");
}

TEST_F(IdentificationTest, OverrideDecidedAfterTheAsOfDateDoesNotApplyYet) {
  v1::Decision d = Decide(std::string(kBelowLine) + R"pb(
    assets { kind: ASSET_KIND_CAR }
    overrides { rule_id: "neg.car" decided_on: "2024-12-01" }
  )pb");
  EXPECT_TRUE(d.identification().excluded());
}

TEST_F(IdentificationTest, OverrideForAnotherItemDoesNotApply) {
  v1::Decision d = Decide(std::string(kBelowLine) + R"pb(
    assets { kind: ASSET_KIND_CAR }
    overrides { item: NEGATIVE_LIST_ITEM_PUBLIC_BODY_SALARY decided_on: "2024-01-01" }
  )pb");
  EXPECT_TRUE(d.identification().excluded());
}

TEST_F(IdentificationTest, RuleLevelTraceHoldsOnlyFiredRulesWithoutValues) {
  v1::Decision d = Decide(kBelowLine, absl::CivilDay(2024, 11, 30), v1::TRACE_LEVEL_RULES);
  ASSERT_EQ(d.trace_size(), 2);
  EXPECT_EQ(d.trace(0).rule_id(), "risk.illness");
  EXPECT_EQ(d.trace(1).rule_id(), "category.unstable");
  EXPECT_EQ(d.trace(1).compared_size(), 0);
  EXPECT_EQ(Decide(kBelowLine, absl::CivilDay(2024, 11, 30), v1::TRACE_LEVEL_OFF).trace_size(), 0);
}

TEST_F(IdentificationTest, AsOfOutsideThePackDatesIsAnError) {
  v1::Household h;
  h.add_members()->set_registered(true);
  Evaluator evaluator(*policy_);
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2026, 1, 1);
  absl::Status s = evaluator.Evaluate(h, options, &d);
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("as-of date 2026-01-01 is outside the dates of pack mini (2024-01-01 to 2025-12-31)"));
}

// Architecture non-negotiable 2: evaluation is always "as of" a date the
// caller gives. Forgetting it is an error, never a decision as of 1970.
TEST_F(IdentificationTest, AsOfLeftUnsetIsAnError) {
  v1::Household h;
  h.add_members()->set_registered(true);
  Evaluator evaluator(*policy_);
  v1::Decision d;
  absl::Status s = evaluator.Evaluate(h, EvaluateOptions(), &d);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(s.message()),
            "no as-of date: EvaluateOptions.as_of was left at 1970-01-01; give the date to "
            "decide as of (pack mini covers 2024-01-01 to 2025-12-31)");
}

TEST_F(IdentificationTest, EvaluatorIsReusableAcrossHouseholds) {
  Evaluator evaluator(*policy_);
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 11, 30);
  v1::Household a, b;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kBelowLine, &a));
  b.set_id("b");
  b.add_members()->set_registered(true);
  ASSERT_TRUE(evaluator.Evaluate(a, options, &d).ok());
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_UNSTABLE_LIFTED_OUT);
  ASSERT_TRUE(evaluator.Evaluate(b, options, &d).ok());
  EXPECT_EQ(d.household_id(), "b");
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_MARGINAL_AT_RISK);
  EXPECT_EQ(d.identification().risk_types_size(), 0);
}

}  // namespace
}  // namespace povmon
