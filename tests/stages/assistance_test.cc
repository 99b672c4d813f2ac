// The assistance stage: matching, hit policies, principles as rules, amounts,
// the trace, and the workshop award (issue 3; docs/assistance.md).
#include <map>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/explain.h"
#include "povmon/policy.h"
#include "povmon/workshop.h"

namespace povmon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// ---------------------------------------------------------------- a small pack

constexpr char kPack[] = R"pb(id: "t"
title_en: "t"
description: "t"
source: "Plan 4"
valid_from: "2024-01-01"
valid_until: "2024-12-31"
income {
  window { kind: WINDOW_KIND_ROLLING_12_MONTHS }
  counted_kinds: [INCOME_KIND_WAGE]
  members: MEMBER_COUNTING_REGISTERED
  citation: "Plan 7 §3(一)"
}
parameter_files: "parameters.textproto"
rule_files: "rules.textproto"
measure_files: "measures.textproto"
)pb";

constexpr char kParameters[] = R"pb(parameter {
  name: "line"
  type: PARAMETER_TYPE_MONEY
  description: "line"
  citation: "Plan 4 §2(三)"
  value { from: "2024-01-01" yuan: "6500.00" }
}
)pb";

constexpr char kRules[] = R"pb(rule {
  id: "risk.housing"
  citation: "Plan 4 §2(三)" description_zh: "中" description_en: "en"
  when: "household.housing == HOUSING_SAFETY_UNSAFE"
  risk: RISK_TYPE_UNSAFE_HOUSING
}
rule {
  id: "risk.illness"
  citation: "Plan 4 §2(三)" description_zh: "中" description_en: "en"
  when: "any(household.members, m, m.health.serious_illness)"
  risk: RISK_TYPE_ILLNESS
}
rule {
  id: "category.marginal"
  citation: "Plan 4 §2(二)②" description_zh: "中" description_en: "en"
  when: "facts.per_capita_net_income_fen < param.line"
  category: CATEGORY_MARGINAL_AT_RISK
}
)pb";

// Housing: a PRIORITY family (rebuild before repair, one per household).
// Illness: a COLLECT family of two member-level measures. A lone service
// for every household. Principles: targeted, development first, helper.
constexpr char kMeasures[] = R"pb(
principle { id: "targeted" kind: PRINCIPLE_KIND_TARGETED text: "one risk, its measures" citation: "Plan 4 §3(一)" }
principle { id: "combined" kind: PRINCIPLE_KIND_COMBINED text: "several risks, combined" citation: "Plan 4 §3(一)" }
principle { id: "labour" kind: PRINCIPLE_KIND_DEVELOPMENT_FIRST
            when: "facts.members_full_labour > 0" text: "can work: development first"
            fails: "nobody can work" citation: "Plan 4 §3(一)" }
principle { id: "helper" kind: PRINCIPLE_KIND_ASSIGNED_HELPER measures: "helper"
            text: "every household has a helper" citation: "Plan 4 §3(二)" }
family { id: "housing" name_zh: "住房" name_en: "housing" hit_policy: HIT_POLICY_PRIORITY
         level: MEASURE_LEVEL_HOUSEHOLD citation: "Plan 1 §4(一)5" }
measure {
  id: "housing.rebuild" name_zh: "重建" name_en: "rebuild" department: "housing bureau"
  kind: MEASURE_KIND_GUARANTEE level: MEASURE_LEVEL_HOUSEHOLD family: "housing"
  risks: RISK_TYPE_UNSAFE_HOUSING citation: "Plan 1 §4(一)5"
  condition { when: "household.housing_renovation == HOUSING_RENOVATION_REBUILD"
              holds: "rebuild needed" fails: "no rebuild needed" citation: "Plan 1 §4(一)5" }
  amount { fen: "yuan(20000)" basis: AMOUNT_BASIS_ONE_OFF }
}
measure {
  id: "housing.repair" name_zh: "修繕" name_en: "repair" department: "housing bureau"
  kind: MEASURE_KIND_GUARANTEE level: MEASURE_LEVEL_HOUSEHOLD family: "housing"
  risks: RISK_TYPE_UNSAFE_HOUSING citation: "Plan 1 §4(一)5"
  amount { fen: "yuan(6000)" basis: AMOUNT_BASIS_ONE_OFF }
}
family { id: "illness" name_zh: "醫療" name_en: "illness" hit_policy: HIT_POLICY_COLLECT
         level: MEASURE_LEVEL_MEMBER citation: "Plan 1 §4(一)6" }
measure {
  id: "illness.aid" name_zh: "救助" name_en: "medical aid" department: "medical bureau"
  kind: MEASURE_KIND_GUARANTEE level: MEASURE_LEVEL_MEMBER family: "illness"
  risks: RISK_TYPE_ILLNESS citation: "Plan 1 §4(一)6"
  who: "member.health.serious_illness"
  amount { fen: "yuan(1000) * 3 / 7" basis: AMOUNT_BASIS_PER_YEAR rounding: "down" }
}
measure {
  id: "illness.doctor" name_zh: "醫生" name_en: "doctor" department: "health commission"
  kind: MEASURE_KIND_GUARANTEE level: MEASURE_LEVEL_MEMBER family: "illness"
  risks: RISK_TYPE_ILLNESS citation: "Plan 1 §4(一)6"
  who: "member.health.serious_illness"
  condition { when: "has(member.birth_date) && years_between(member.birth_date, as_of) >= 60"
              holds: "60 or older" fails: "under 60" citation: "Plan 1 §4(一)6" }
}
measure {
  id: "loan" name_zh: "貸款" name_en: "loan" department: "finance office"
  kind: MEASURE_KIND_DEVELOPMENT level: MEASURE_LEVEL_HOUSEHOLD
  risks: [RISK_TYPE_UNSAFE_HOUSING, RISK_TYPE_ILLNESS] citation: "Plan 1 §4(一)3"
  amount { max_fen: "yuan(50000)" basis: AMOUNT_BASIS_LOAN_CEILING }
}
measure {
  id: "helper" name_zh: "幫扶人" name_en: "helper" department: "township"
  kind: MEASURE_KIND_SERVICE level: MEASURE_LEVEL_HOUSEHOLD citation: "Plan 4 §3(二)"
}
rounding { id: "down" description: "rounded toward zero to the fen" citation: "Plan 1 §4(一)6" }
)pb";

std::shared_ptr<const Policy> SmallPack() {
  std::map<std::string, std::string> files = {{"pack.textproto", kPack},
                                              {"parameters.textproto", kParameters},
                                              {"rules.textproto", kRules},
                                              {"measures.textproto", kMeasures}};
  auto policy = Policy::LoadFromFiles(files, "t");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : nullptr;
}

std::shared_ptr<const Policy> ShippedPack(const std::string& name) {
  auto policy = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/" + name);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : nullptr;
}

v1::Decision Decide(std::shared_ptr<const Policy> policy, const std::string& household_text,
                    v1::TraceLevel trace = v1::TRACE_LEVEL_RULES,
                    absl::CivilDay as_of = absl::CivilDay(2024, 7, 1)) {
  v1::Household h;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(household_text, &h));
  Evaluator evaluator(policy);
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = as_of;
  options.trace = trace;
  absl::Status s = evaluator.Evaluate(h, options, &d);
  EXPECT_TRUE(s.ok()) << s;
  return d;
}

std::vector<std::string> Ids(const v1::AssistancePlan& plan) {
  std::vector<std::string> ids;
  for (const v1::PlanMeasure& m : plan.measures()) {
    ids.push_back(m.member_id().empty() ? m.measure_id() : m.measure_id() + "@" + m.member_id());
  }
  return ids;
}

const v1::MeasureNotApplied* NotApplied(const v1::AssistancePlan& plan, const std::string& id) {
  for (const v1::MeasureNotApplied& n : plan.not_applied()) {
    if (n.measure_id() == id) return &n;
  }
  return nullptr;
}

constexpr char kCouple[] = R"pb(
  id: "h"
  members { id: "a" registered: true labour_capacity: LABOUR_CAPACITY_FULL birth_date: "1960-01-01"
            health { serious_illness: true } }
  members { id: "b" registered: true labour_capacity: LABOUR_CAPACITY_NONE birth_date: "1970-01-01"
            health { serious_illness: true } }
  income { date: "2024-01-15" kind: INCOME_KIND_WAGE amount_fen: 1000000 }
)pb";

// ---------------------------------------------------------------- hit policies

TEST(AssistanceHitPolicy, PriorityGivesTheFirstApplicableAndReportsTheRestAsSuperseded) {
  v1::Decision d = Decide(SmallPack(), std::string(kCouple) +
                                           "housing: HOUSING_SAFETY_UNSAFE "
                                           "housing_renovation: HOUSING_RENOVATION_REBUILD");
  const v1::AssistancePlan& plan = d.assistance();
  EXPECT_THAT(Ids(plan), testing::Contains("housing.rebuild"));
  EXPECT_THAT(Ids(plan), testing::Not(testing::Contains("housing.repair")));
  const v1::MeasureNotApplied* repair = NotApplied(plan, "housing.repair");
  ASSERT_NE(repair, nullptr);
  EXPECT_EQ(repair->cause(), v1::NOT_APPLIED_CAUSE_SUPERSEDED);
  EXPECT_EQ(repair->superseded_by(), "housing.rebuild");
  EXPECT_THAT(repair->reason(), HasSubstr("family housing gives only its first applicable measure"));
  EXPECT_EQ(repair->citation(), "Plan 1 §4(一)5");
}

TEST(AssistanceHitPolicy, PriorityFallsThroughToTheNextWhenTheFirstFails) {
  v1::Decision d = Decide(SmallPack(), std::string(kCouple) +
                                           "housing: HOUSING_SAFETY_UNSAFE "
                                           "housing_renovation: HOUSING_RENOVATION_REPAIR");
  const v1::AssistancePlan& plan = d.assistance();
  EXPECT_THAT(Ids(plan), testing::Contains("housing.repair"));
  const v1::MeasureNotApplied* rebuild = NotApplied(plan, "housing.rebuild");
  ASSERT_NE(rebuild, nullptr);
  EXPECT_EQ(rebuild->cause(), v1::NOT_APPLIED_CAUSE_CONDITION);
  EXPECT_EQ(rebuild->reason(), "no rebuild needed");
}

TEST(AssistanceHitPolicy, CollectGivesEveryApplicableMeasurePerMember) {
  v1::Decision d = Decide(SmallPack(), kCouple);
  const v1::AssistancePlan& plan = d.assistance();
  // a is 64 (doctor and aid), b is 54 (aid only; doctor reported for b).
  EXPECT_THAT(Ids(plan), testing::IsSupersetOf({"illness.aid@a", "illness.doctor@a", "illness.aid@b"}));
  EXPECT_THAT(Ids(plan), testing::Not(testing::Contains("illness.doctor@b")));
  const v1::MeasureNotApplied* doctor = NotApplied(plan, "illness.doctor");
  ASSERT_NE(doctor, nullptr);
  EXPECT_EQ(doctor->member_id(), "b");
  EXPECT_EQ(doctor->reason(), "under 60");
}

TEST(AssistanceHitPolicy, AmountsAreExactWithTheNamedRoundingRule) {
  v1::Decision d = Decide(SmallPack(), kCouple);
  for (const v1::PlanMeasure& m : d.assistance().measures()) {
    if (m.measure_id() != "illness.aid") continue;
    EXPECT_TRUE(m.has_amount());
    EXPECT_EQ(m.amount_fen(), 42857);  // 1,000.00 × 3 / 7 = 428.5714..., toward zero
    EXPECT_EQ(m.rounding(), "down");
    EXPECT_EQ(m.basis(), v1::AMOUNT_BASIS_PER_YEAR);
  }
  bool found = false;
  for (const v1::DepartmentTotal& t : d.assistance().totals()) {
    if (t.department() == "medical bureau") {
      found = true;
      EXPECT_EQ(t.total_fen(), 2 * 42857);
      EXPECT_EQ(t.measures(), 2);
    }
  }
  EXPECT_TRUE(found);
}

// ---------------------------------------------------------------- principles

TEST(AssistancePrinciples, Plan4SingleRiskGetsOnlyItsMeasuresAndTheHelper) {
  v1::Decision d = Decide(SmallPack(), R"pb(
    id: "h"
    members { id: "a" registered: true labour_capacity: LABOUR_CAPACITY_FULL }
    income { date: "2024-01-15" kind: INCOME_KIND_WAGE amount_fen: 500000 }
    housing: HOUSING_SAFETY_UNSAFE
    housing_renovation: HOUSING_RENOVATION_REPAIR
  )pb");
  const v1::AssistancePlan& plan = d.assistance();
  EXPECT_TRUE(plan.monitored());
  // The loan answers housing too, so it is a candidate; development first
  // puts it ahead; illness measures are not candidates (no illness risk).
  EXPECT_THAT(Ids(plan), ElementsAre("loan", "housing.repair", "helper"));
  ASSERT_GE(plan.measures(1).why_size(), 1);
  EXPECT_EQ(plan.measures(1).why(0).text(), "answers the household's risk RISK_TYPE_UNSAFE_HOUSING");
  EXPECT_EQ(plan.measures(1).why(0).citation(), "Plan 4 §3(一)");
  EXPECT_EQ(plan.measures(2).why(0).text(), "every household has a helper");
  std::vector<std::string> principles;
  for (const v1::PrincipleApplied& p : plan.principles()) principles.push_back(p.principle_id());
  EXPECT_THAT(principles, ElementsAre("targeted", "labour", "helper"));
  ASSERT_EQ(plan.coverage_size(), 1);
  EXPECT_THAT(plan.coverage(0).measure_ids(), ElementsAre("loan", "housing.repair"));
}

TEST(AssistancePrinciples, Plan4NoLabourMeansNoDevelopmentMeasureAndSaysWhy) {
  v1::Decision d = Decide(SmallPack(), R"pb(
    id: "h"
    members { id: "a" registered: true labour_capacity: LABOUR_CAPACITY_NONE }
    income { date: "2024-01-15" kind: INCOME_KIND_WAGE amount_fen: 500000 }
    housing: HOUSING_SAFETY_UNSAFE
  )pb");
  const v1::AssistancePlan& plan = d.assistance();
  EXPECT_THAT(Ids(plan), ElementsAre("housing.repair", "helper"));
  const v1::MeasureNotApplied* loan = NotApplied(plan, "loan");
  ASSERT_NE(loan, nullptr);
  EXPECT_EQ(loan->cause(), v1::NOT_APPLIED_CAUSE_PRINCIPLE);
  EXPECT_EQ(loan->reason(), "nobody can work");
  EXPECT_EQ(loan->citation(), "Plan 4 §3(一)");
}

TEST(AssistancePrinciples, NotMonitoredMeansNoPlan) {
  v1::Decision d = Decide(SmallPack(), R"pb(
    id: "h"
    members { id: "a" registered: true labour_capacity: LABOUR_CAPACITY_FULL }
    income { date: "2024-01-15" kind: INCOME_KIND_WAGE amount_fen: 900000 }
    housing: HOUSING_SAFETY_UNSAFE
  )pb");
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_NONE);
  EXPECT_TRUE(d.has_assistance());
  EXPECT_FALSE(d.assistance().monitored());
  EXPECT_THAT(d.assistance().measures(), IsEmpty());
}

TEST(AssistancePrinciples, Plan1EarlierIdentificationStandsUntilRiskEliminated) {
  const std::string above_line = R"pb(
    id: "h"
    members { id: "a" registered: true labour_capacity: LABOUR_CAPACITY_FULL }
    income { date: "2024-01-15" kind: INCOME_KIND_WAGE amount_fen: 900000 }
  )pb";
  v1::Decision d = Decide(SmallPack(), above_line + R"pb(
    monitoring { category: CATEGORY_MARGINAL_AT_RISK identified_on: "2023-05-01" })pb");
  EXPECT_TRUE(d.assistance().monitored());
  EXPECT_TRUE(d.assistance().continuing());
  EXPECT_THAT(Ids(d.assistance()), ElementsAre("helper"));
  v1::Decision eliminated = Decide(SmallPack(), above_line + R"pb(
    monitoring { category: CATEGORY_MARGINAL_AT_RISK identified_on: "2023-05-01"
                 risk_eliminated_on: "2024-03-01" })pb");
  EXPECT_FALSE(eliminated.assistance().monitored());
}

TEST(AssistancePrinciples, PackWithoutCatalogueHasNoPlan) {
  auto policy = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/tests/testdata/packs/mini");
  ASSERT_TRUE(policy.ok());
  v1::Decision d = Decide(*policy, kCouple);
  EXPECT_FALSE(d.has_assistance());
}

// ---------------------------------------------------------------- trace

TEST(AssistanceTrace, RulesLevelTracesAppliedMeasuresOnly) {
  v1::Decision d = Decide(SmallPack(), kCouple, v1::TRACE_LEVEL_RULES);
  int assistance = 0;
  for (const v1::TraceEntry& e : d.trace()) {
    if (e.stage() != v1::STAGE_ASSISTANCE) continue;
    ++assistance;
    EXPECT_TRUE(e.fired());
  }
  EXPECT_EQ(assistance, d.assistance().measures_size());
  for (const v1::PlanMeasure& m : d.assistance().measures()) EXPECT_THAT(m.compared(), IsEmpty());
}

TEST(AssistanceTrace, FullLevelRecordsTheComparedValuesOnEachEntry) {
  v1::Decision d = Decide(SmallPack(), kCouple, v1::TRACE_LEVEL_FULL);
  const v1::MeasureNotApplied* doctor = NotApplied(d.assistance(), "illness.doctor");
  ASSERT_NE(doctor, nullptr);
  ASSERT_FALSE(doctor->compared().empty());
  const v1::Comparison& age = doctor->compared(doctor->compared_size() - 1);
  EXPECT_EQ(age.left_text(), "years_between(member.birth_date, as_of)");
  EXPECT_EQ(age.left(), 54);
  EXPECT_FALSE(age.result());
  bool traced = false;
  for (const v1::TraceEntry& e : d.trace()) {
    traced = traced || (e.rule_id() == "illness.doctor" && !e.fired() &&
                        e.outcome() == "NOT_APPLIED member b");
  }
  EXPECT_TRUE(traced);
}

TEST(AssistanceTrace, OffLevelWritesNoTrace) {
  v1::Decision d = Decide(SmallPack(), kCouple, v1::TRACE_LEVEL_OFF);
  EXPECT_THAT(d.trace(), IsEmpty());
  EXPECT_FALSE(d.assistance().measures().empty());
}

TEST(AssistanceTrace, EvaluationErrorsNameTheMeasureAndMember) {
  std::map<std::string, std::string> files = {
      {"pack.textproto", kPack},
      {"parameters.textproto", kParameters},
      {"rules.textproto", kRules},
      {"measures.textproto", R"pb(measure {
  id: "age" name_zh: "中" name_en: "en" department: "d" kind: MEASURE_KIND_SERVICE
  level: MEASURE_LEVEL_MEMBER citation: "Plan 1 §4(一)3"
  who: "years_between(member.birth_date, as_of) >= 18"
})pb"}};
  auto policy = Policy::LoadFromFiles(files, "t");
  ASSERT_TRUE(policy.ok()) << policy.status();
  v1::Household h;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    id: "h"
    members { id: "nobirth" registered: true }
    income { date: "2024-01-15" kind: INCOME_KIND_WAGE amount_fen: 100000 }
  )pb", &h));
  Evaluator evaluator(*policy);
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 7, 1);
  absl::Status s = evaluator.Evaluate(h, options, &d);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("measure \"age\" (t/measures.textproto:1) for member nobirth"));
  EXPECT_THAT(s.message(), HasSubstr("birth_date is empty"));
}

TEST(AssistanceExplain, PlanIsPrintedByDepartmentWithTotals) {
  auto policy = SmallPack();
  v1::Decision d = Decide(policy, std::string(kCouple) + "housing: HOUSING_SAFETY_UNSAFE",
                          v1::TRACE_LEVEL_FULL);
  std::string text = Explain(d, *policy);
  EXPECT_THAT(text, HasSubstr("幫扶方案 Assistance plan"));
  EXPECT_THAT(text, HasSubstr("▸ medical bureau"));
  EXPECT_THAT(text, HasSubstr("小計 subtotal, 每年 per year: 857.14 (2 measures)"));
  EXPECT_THAT(text, HasSubstr("6,000.00 一次性 one-off"));
  EXPECT_THAT(text, HasSubstr("up to 50,000.00 貸款額度 loan ceiling"));
  EXPECT_THAT(text, HasSubstr("✗ 醫生 doctor [illness.doctor] — 成員 member b"));
  EXPECT_THAT(text, HasSubstr("不適用 not given: under 60 (Plan 1 §4(一)6)"));
}

// ---------------------------------------------------------------- shipped packs

TEST(AssistanceShippedPacks, Plan1HousingForMarginalHouseholdOnlyInDibao) {
  auto funan = ShippedPack("funan-2024");
  const std::string household = R"pb(
    id: "h"
    members { id: "a" registered: true labour_capacity: LABOUR_CAPACITY_FULL birth_date: "1980-01-01" }
    income { date: "2024-01-15" kind: INCOME_KIND_WAGE amount_fen: 500000 }
    housing: HOUSING_SAFETY_UNSAFE
    housing_renovation: HOUSING_RENOVATION_REBUILD
  )pb";
  v1::Decision d = Decide(funan, household);
  const v1::MeasureNotApplied* rebuild = NotApplied(d.assistance(), "p1.housing.rebuild");
  ASSERT_NE(rebuild, nullptr);
  EXPECT_EQ(rebuild->reason(), "marginal household not in dibao or dispersed extreme-poverty support");
  EXPECT_EQ(rebuild->citation(), "Plan 1 §4(一)5");
  v1::Decision in_dibao = Decide(funan, household + "support: SUPPORT_STATUS_DIBAO");
  bool rebuilt = false;
  for (const v1::PlanMeasure& m : in_dibao.assistance().measures()) {
    if (m.measure_id() == "p1.housing.rebuild") {
      rebuilt = true;
      EXPECT_EQ(m.amount_fen(), 2000000);
    }
  }
  EXPECT_TRUE(rebuilt);
}

TEST(WorkshopAward, Plan6TiersAtTheirEdges) {
  auto xiangyin = ShippedPack("xiangyin-2024");
  WorkshopAwarder awarder(xiangyin);
  v1::WorkshopAward award;
  const std::map<int, std::int64_t> expected = {{4, 0},        {5, 1000000},  {9, 1000000},
                                                {10, 2000000}, {19, 2000000}, {20, 3000000}};
  for (const auto& [people, fen] : expected) {
    v1::Workshop w;
    w.set_id("w");
    w.set_recognised(true);
    for (int i = 0; i < people; ++i) {
      v1::WorkshopEmployee* e = w.add_employees();
      e->set_lifted_out(true);
      e->set_months_employed(6);
      e->set_average_monthly_wage_fen(100000);
    }
    ASSERT_TRUE(awarder.Award(w, absl::CivilDay(2024, 7, 1), v1::TRACE_LEVEL_RULES, &award).ok());
    EXPECT_EQ(award.total_fen(), fen) << people << " people";
    EXPECT_LE(award.measures_size(), 1) << people << " people: one tier at most";
  }
}

TEST(WorkshopAward, Plan6TwelveMonthsEarnTheJobSubsidy) {
  auto xiangyin = ShippedPack("xiangyin-2024");
  WorkshopAwarder awarder(xiangyin);
  v1::WorkshopAward award;
  v1::Workshop w;
  w.set_recognised(true);
  for (int months : {12, 12, 11, 6, 6}) {
    v1::WorkshopEmployee* e = w.add_employees();
    e->set_lifted_out(true);
    e->set_months_employed(months);
    e->set_average_monthly_wage_fen(100000);
  }
  ASSERT_TRUE(awarder.Award(w, absl::CivilDay(2024, 7, 1), v1::TRACE_LEVEL_FULL, &award).ok());
  EXPECT_EQ(award.total_fen(), 1000000 + 2 * 100000);
}

TEST(WorkshopAward, PackWithoutWorkshopMeasuresAndDatesOutsideThePackAreErrors) {
  WorkshopAwarder funan(ShippedPack("funan-2024"));
  v1::WorkshopAward award;
  EXPECT_EQ(funan.Award(v1::Workshop(), absl::CivilDay(2024, 7, 1), v1::TRACE_LEVEL_RULES, &award).code(),
            absl::StatusCode::kFailedPrecondition);
  WorkshopAwarder xiangyin(ShippedPack("xiangyin-2024"));
  EXPECT_EQ(xiangyin.Award(v1::Workshop(), absl::CivilDay(2025, 7, 1), v1::TRACE_LEVEL_RULES, &award).code(),
            absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace povmon
