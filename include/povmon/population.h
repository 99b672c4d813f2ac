// Population runs: count decided households by place, merge partial counts,
// and run the pack's population rules over them.
//
//   povmon::Aggregator aggregator(policy, /*sample_seed=*/20241130);
//   for (each household) {
//     evaluator.Evaluate(household, options, &decision);
//     aggregator.Add(household, decision);      // or AddFailed()
//   }
//   v1::PopulationSummary summary;
//   aggregator.Summarize(&summary);
//   auto report = povmon::RunPopulationRules(*policy, summary, {as_of});
//
// A summary is a mergeable partial (population.proto): shards summarised
// apart (threads, processes, Dask partitions) merge into exactly the summary
// of the whole, whatever the order. An Aggregator belongs to one thread at a
// time; give each shard its own and merge their summaries.
#ifndef POVMON_POPULATION_H_
#define POVMON_POPULATION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "povmon/policy.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"
#include "povmon/v1/population.pb.h"

namespace povmon {

class AggregatorState;

class Aggregator {
 public:
  // `policy` decides how many spot-check candidates each county keeps (twice
  // the largest share its spot-check rules draw); `sample_seed` seeds the
  // draw (the same seed draws the same households).
  Aggregator(std::shared_ptr<const Policy> policy, std::uint64_t sample_seed);
  // An aggregator for merging summaries made elsewhere, with their draw
  // settings (PopulationSummary.sample_seed and .sample_candidate_bp).
  Aggregator(std::uint64_t sample_seed, int sample_candidate_bp);
  ~Aggregator();
  Aggregator(const Aggregator&) = delete;
  Aggregator& operator=(const Aggregator&) = delete;

  // Count one decided household in its village, township, county and
  // province (decision.region, which Evaluate copies from the household).
  // OutOfRange when a sum would overflow: the summary is then no longer
  // exact, and every later Add, Merge returns the same error.
  absl::Status Add(const v1::Household& household, const v1::Decision& decision);
  // Count an input that could not be decided.
  void AddFailed();
  // Add a partial summary made elsewhere. InvalidArgument when its seed or
  // candidate share differ from this aggregator's (the draws would not
  // combine), OutOfRange on overflow.
  absl::Status Merge(const v1::PopulationSummary& partial);
  // The summary so far: places by level, then code; lists in a fixed order.
  void Summarize(v1::PopulationSummary* out) const;

  std::uint64_t sample_seed() const;

 private:
  std::unique_ptr<AggregatorState> state_;
};

// a + b into `out` (which may be neither). Same errors as Aggregator::Merge.
absl::Status MergeSummaries(const v1::PopulationSummary& a, const v1::PopulationSummary& b,
                            v1::PopulationSummary* out);

struct PopulationOptions {
  // The date whose parameter values the rules use; required.
  absl::CivilDay as_of;
  // RULES: the findings that fired; FULL: every place each rule looked at.
  v1::TraceLevel trace = v1::TRACE_LEVEL_RULES;
  // Places known to the caller (a county's own region file), added to the
  // pack's; an entry replaces the pack's entry of the same level and code.
  std::vector<v1::RegionInfo> regions;
};

// Run the pack's population rules over `summary`: each rule at every place
// of its level, with its citation and the compared values; spot checks draw
// their households. The report carries the summary and the places' names.
// Errors name the rule and the place (an overflow, a spot check whose
// candidates do not reach its sample size).
absl::StatusOr<v1::PopulationReport> RunPopulationRules(const Policy& policy,
                                                        const v1::PopulationSummary& summary,
                                                        const PopulationOptions& options);

// Read places in the RegionFile text format (the same as a pack's
// region_files). Errors are InvalidArgument, "NAME:line:col: message".
absl::Status ParseRegionFile(std::string_view text, const std::string& name,
                             std::vector<v1::RegionInfo>* regions);

// The report as one JSON object (proto3 JSON mapping, field names as in
// population.proto), and back. Parse errors are InvalidArgument.
absl::Status PopulationReportToJson(const v1::PopulationReport& report, std::string* out);
absl::Status ParsePopulationReportJson(std::string_view json, v1::PopulationReport* report);

// The spot-check key of a household (see SpotCheckSample in
// population.proto): the lower, the earlier it is drawn.
std::uint64_t SpotCheckKey(std::string_view household_id, std::uint64_t seed);

}  // namespace povmon

#endif  // POVMON_POPULATION_H_
