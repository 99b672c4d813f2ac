// Aggregates are a monoid: shards summarised apart merge into exactly the
// summary of the whole (architecture.md, "Population runs").
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "benchmarks/population.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "povmon/population.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;

std::shared_ptr<const Policy> LoadPack(const std::string& name) {
  auto p = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/" + name);
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : nullptr;
}

struct Decided {
  v1::Household household;
  v1::Decision decision;
};

// `count` generated Hunan-like households decided under `policy`.
std::vector<Decided> DecidePopulation(const std::shared_ptr<const Policy>& policy, int count,
                                      absl::CivilDay as_of) {
  bench::PopulationOptions generate;
  generate.as_of = as_of;
  std::vector<v1::Household> households = bench::GeneratePopulation(generate, count);
  Evaluator evaluator(policy);
  EvaluateOptions options;
  options.as_of = as_of;
  options.trace = v1::TRACE_LEVEL_OFF;
  std::vector<Decided> out;
  for (v1::Household& h : households) {
    Decided d;
    d.household = std::move(h);
    if (evaluator.Evaluate(d.household, options, &d.decision).ok()) out.push_back(std::move(d));
  }
  return out;
}

const v1::RegionTally* FindTally(const v1::PopulationSummary& s, v1::RegionLevel level) {
  for (const v1::RegionTally& t : s.regions()) {
    if (t.level() == level) return &t;
  }
  return nullptr;
}

class AggregationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    policy_ = new std::shared_ptr<const Policy>(LoadPack("yingkou-2024"));
    decided_ = new std::vector<Decided>(
        DecidePopulation(*policy_, 3000, absl::CivilDay(2024, 11, 30)));
  }
  static void TearDownTestSuite() {
    delete decided_;
    delete policy_;
  }
  static std::shared_ptr<const Policy>* policy_;
  static std::vector<Decided>* decided_;
};
std::shared_ptr<const Policy>* AggregationTest::policy_ = nullptr;
std::vector<Decided>* AggregationTest::decided_ = nullptr;

TEST_F(AggregationTest, ThreeShardsMergedEqualTheWhole) {
  ASSERT_GT(decided_->size(), 2500u);
  const std::uint64_t seed = 20241130;
  Aggregator whole(*policy_, seed);
  for (const Decided& d : *decided_) ASSERT_TRUE(whole.Add(d.household, d.decision).ok());
  whole.AddFailed();
  v1::PopulationSummary expected;
  whole.Summarize(&expected);

  // Three shards, interleaved (household i goes to shard i % 3) and each in
  // reverse order, so neither order nor contiguity can make them agree.
  std::vector<v1::PopulationSummary> parts(3);
  for (int shard = 0; shard < 3; ++shard) {
    Aggregator part(*policy_, seed);
    for (std::size_t i = decided_->size(); i-- > 0;) {
      if (static_cast<int>(i % 3) != shard) continue;
      ASSERT_TRUE(part.Add((*decided_)[i].household, (*decided_)[i].decision).ok());
    }
    if (shard == 1) part.AddFailed();
    part.Summarize(&parts[shard]);
  }
  v1::PopulationSummary ab, merged;
  ASSERT_TRUE(MergeSummaries(parts[2], parts[0], &ab).ok());
  ASSERT_TRUE(MergeSummaries(ab, parts[1], &merged).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(expected, merged))
      << "merged summary differs from the whole";
  EXPECT_EQ(expected.SerializeAsString(), merged.SerializeAsString());

  // The other association, through one aggregator's Merge.
  Aggregator folded(expected.sample_seed(), expected.sample_candidate_bp());
  for (const v1::PopulationSummary& p : parts) ASSERT_TRUE(folded.Merge(p).ok());
  v1::PopulationSummary refolded;
  folded.Summarize(&refolded);
  EXPECT_EQ(expected.SerializeAsString(), refolded.SerializeAsString());

  // And the figures are real: every level counts every household once.
  EXPECT_EQ(expected.households_decided(), static_cast<std::int64_t>(decided_->size()));
  EXPECT_EQ(expected.households_failed(), 1);
  for (v1::RegionLevel level : {v1::REGION_LEVEL_PROVINCE, v1::REGION_LEVEL_COUNTY,
                                v1::REGION_LEVEL_TOWNSHIP, v1::REGION_LEVEL_VILLAGE}) {
    std::int64_t households = 0, people = 0, categories = 0;
    for (const v1::RegionTally& t : expected.regions()) {
      if (t.level() != level) continue;
      households += t.counts().households();
      people += t.counts().people();
      for (const auto& c : t.counts().categories()) categories += c.households();
    }
    EXPECT_EQ(households, static_cast<std::int64_t>(decided_->size()))
        << v1::RegionLevel_Name(level);
    EXPECT_EQ(categories, households) << v1::RegionLevel_Name(level);
    EXPECT_GT(people, households);
  }
}

TEST_F(AggregationTest, ProvinceFiguresMatchTheDecisions) {
  Aggregator aggregator(*policy_, 1);
  std::int64_t lifted_out = 0, monitored = 0, declined = 0, plan_fen = 0;
  for (const Decided& d : *decided_) {
    ASSERT_TRUE(aggregator.Add(d.household, d.decision).ok());
    if (d.household.lifted_out()) ++lifted_out;
    if (d.decision.assistance().monitored()) ++monitored;
    bool eligible = d.household.lifted_out() || d.decision.assistance().monitored();
    if (eligible && d.decision.facts().previous_known() &&
        d.decision.facts().income_change_fen() < 0) {
      ++declined;
    }
    for (const auto& m : d.decision.assistance().measures()) {
      if (m.has_amount()) plan_fen += m.amount_fen();
    }
  }
  v1::PopulationSummary s;
  aggregator.Summarize(&s);
  const v1::RegionTally* province = FindTally(s, v1::REGION_LEVEL_PROVINCE);
  ASSERT_NE(province, nullptr);
  EXPECT_EQ(province->codes().province(), "430000");
  const v1::RegionCounts& c = province->counts();
  EXPECT_EQ(c.lifted_out_households(), lifted_out);
  EXPECT_EQ(c.monitored_households(), monitored);
  EXPECT_GT(monitored, 0);
  EXPECT_EQ(c.income_declined_households(), declined);
  std::int64_t measure_fen = 0;
  for (const auto& m : c.measures()) measure_fen += m.amount_fen();
  EXPECT_EQ(measure_fen, plan_fen);
  std::int64_t department_fen = 0;
  for (const auto& d : c.departments()) department_fen += d.total_fen();
  EXPECT_EQ(department_fen, plan_fen);
}

TEST_F(AggregationTest, SummariesWithDifferentSeedsDoNotMerge) {
  Aggregator a(*policy_, 1), b(*policy_, 2);
  ASSERT_TRUE(a.Add((*decided_)[0].household, (*decided_)[0].decision).ok());
  v1::PopulationSummary sa, sb, out;
  a.Summarize(&sa);
  b.Summarize(&sb);
  absl::Status s = MergeSummaries(sa, sb, &out);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("seed 1 and 2"));
}

TEST_F(AggregationTest, FenOverflowIsAnErrorNotAWrongSum) {
  Aggregator a(*policy_, 1);
  v1::PopulationSummary big;
  big.set_sample_seed(1);
  big.set_sample_candidate_bp(1000);
  v1::RegionTally* t = big.add_regions();
  t->set_level(v1::REGION_LEVEL_PROVINCE);
  t->mutable_codes()->set_province("430000");
  t->mutable_counts()->set_income_decline_fen(INT64_MAX - 1);
  ASSERT_TRUE(a.Merge(big).ok());
  absl::Status s = a.Merge(big);
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(a.Merge(big).code(), absl::StatusCode::kOutOfRange) << "the error is sticky";
}

// A county's summary with one figure, for the merge checks below.
v1::PopulationSummary CountySummary(std::int64_t households) {
  v1::PopulationSummary s;
  s.set_sample_seed(1);
  s.set_sample_candidate_bp(1000);
  s.set_households_decided(households < 0 ? 0 : households);
  v1::RegionTally* t = s.add_regions();
  t->set_level(v1::REGION_LEVEL_COUNTY);
  t->mutable_codes()->set_province("210000");
  t->mutable_codes()->set_county("210881");
  t->mutable_counts()->set_households(households);
  return s;
}

// A summary file counts and sums: a negative figure (a file written by
// something else, or edited) would make whether a merge overflows depend on
// the order the files are given in (MAX then 1 overflows, -1 first does
// not; the merge-order check of the fuzz target population_summary fails
// on such a file). Refused with the figure's path, before anything counts.
TEST(SummaryMerge, RefusesANegativeFigureBeforeCountingAnything) {
  Aggregator a(1, 1000);
  ASSERT_TRUE(a.Merge(CountySummary(5)).ok());
  absl::Status s = a.Merge(CountySummary(-1));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("regions[0].counts.households is -1; a summary counts and sums"));
  v1::PopulationSummary bad = CountySummary(1);
  v1::MeasureTally* m = bad.mutable_regions(0)->mutable_counts()->add_measures();
  m->set_measure_id("m");
  m->set_amount_fen(-100);
  s = a.Merge(bad);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("regions[0].counts.measures[0].amount_fen is -100"));
  bad = CountySummary(1);
  bad.mutable_regions(0)->mutable_counts()->add_risks()->set_people(-2);
  EXPECT_THAT(std::string(a.Merge(bad).message()), HasSubstr("counts.risks[0].people is -2"));
  bad = CountySummary(1);
  bad.set_households_failed(-3);
  EXPECT_THAT(std::string(a.Merge(bad).message()), HasSubstr("households_failed -3"));
  // Nothing of the refused summaries was counted, and the aggregator goes on.
  ASSERT_TRUE(a.Merge(CountySummary(2)).ok());
  v1::PopulationSummary out;
  a.Summarize(&out);
  ASSERT_EQ(out.regions_size(), 1);
  EXPECT_EQ(out.regions(0).counts().households(), 7);
  EXPECT_EQ(out.households_decided(), 7);
}

// A measure (by id and amount basis) has one department in a pack; two
// summaries giving it two departments merged to whichever came first, so
// a + b and b + a differed (the merge-order check of the fuzz target
// population_summary fails on it).
TEST(SummaryMerge, RefusesAMeasureGivenTwoDepartmentsWhicheverComesFirst) {
  auto with_measure = [](const std::string& department) {
    v1::PopulationSummary s = CountySummary(1);
    v1::MeasureTally* m = s.mutable_regions(0)->mutable_counts()->add_measures();
    m->set_measure_id("p5.medical");
    m->set_department(department);
    m->set_basis(v1::AMOUNT_BASIS_ONE_OFF);
    m->set_households(1);
    return s;
  };
  v1::PopulationSummary out;
  for (bool health_first : {true, false}) {
    absl::Status s = health_first
                         ? MergeSummaries(with_measure("衛健局"), with_measure("醫保局"), &out)
                         : MergeSummaries(with_measure("醫保局"), with_measure("衛健局"), &out);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(s.message()),
                HasSubstr("measure \"p5.medical\" (AMOUNT_BASIS_ONE_OFF) of region \"210881\" "
                          "is given department"));
    EXPECT_THAT(std::string(s.message()), HasSubstr("a measure has one department"));
  }
  // Within one summary too (two entries of one place).
  v1::PopulationSummary both = with_measure("衛健局");
  *both.add_regions() = with_measure("醫保局").regions(0);
  Aggregator a(1, 1000);
  EXPECT_EQ(a.Merge(both).code(), absl::StatusCode::kInvalidArgument);
  // The same department merges, whichever comes first.
  ASSERT_TRUE(MergeSummaries(with_measure("衛健局"), with_measure("衛健局"), &out).ok());
  EXPECT_EQ(out.regions(0).counts().measures(0).households(), 2);
}

TEST_F(AggregationTest, DecisionsCarryTheirHouseholdsRegion) {
  const Decided& d = (*decided_)[0];
  EXPECT_EQ(d.decision.region().village(), d.household.region().village());
  EXPECT_FALSE(d.decision.region().village().empty());
}

// Plan 5 §3(二)2: "按照不低於各縣(市)區脫貧戶和監測對象總戶數5%的比例進行抽查"
// (不低於: at least, inclusive). The draw depends only on the seed and the ids.
TEST_F(AggregationTest, SpotCheckIsReproducibleAndCoversFivePercentOfEachCounty) {
  auto run = [&](std::uint64_t seed, bool reversed) {
    Aggregator a(*policy_, seed);
    std::vector<const Decided*> order;
    for (const Decided& d : *decided_) order.push_back(&d);
    if (reversed) std::reverse(order.begin(), order.end());
    for (const Decided* d : order) EXPECT_TRUE(a.Add(d->household, d->decision).ok());
    v1::PopulationSummary s;
    a.Summarize(&s);
    PopulationOptions options;
    options.as_of = absl::CivilDay(2024, 11, 30);
    auto report = RunPopulationRules(**policy_, s, options);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : v1::PopulationReport();
  };
  v1::PopulationReport first = run(7, false), again = run(7, true), other = run(8, false);
  std::set<std::string> eligible_ids;
  for (const Decided& d : *decided_) {
    if (d.household.lifted_out() || d.decision.assistance().monitored()) {
      eligible_ids.insert(d.household.id());
    }
  }
  int counties = 0;
  std::vector<std::string> first_ids, other_ids;
  for (int i = 0; i < first.findings_size(); ++i) {
    const v1::PopulationFinding& f = first.findings(i);
    if (f.outcome() != v1::POPULATION_OUTCOME_SPOT_CHECK) continue;
    ++counties;
    const v1::SpotCheckSample& sample = f.sample();
    EXPECT_EQ(sample.seed(), 7u);
    EXPECT_EQ(sample.share_bp(), 500);
    // At least 5% of the county's lifted-out and monitored households.
    EXPECT_GE(sample.sample_size() * 10000, sample.eligible_households() * 500);
    EXPECT_LT((sample.sample_size() - 1) * 10000, sample.eligible_households() * 500);
    EXPECT_EQ(sample.household_ids_size(), sample.sample_size());
    for (const std::string& id : sample.household_ids()) {
      EXPECT_TRUE(eligible_ids.count(id)) << id << " is neither lifted out nor monitored";
      first_ids.push_back(id);
    }
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(f, again.findings(i)))
        << "the same seed in another order draws other households";
  }
  for (const auto& f : other.findings()) {
    for (const std::string& id : f.sample().household_ids()) other_ids.push_back(id);
  }
  EXPECT_GE(counties, 2);
  EXPECT_NE(first_ids, other_ids) << "another seed draws the same households";
}

}  // namespace
}  // namespace povmon
