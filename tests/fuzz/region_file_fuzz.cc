// A region file (povmon::ParseRegionFile: the RegionFile text format of a
// pack's region_files and of `povmon eval --summary --regions FILE` and
// `povmon report --regions FILE`). Whatever the content, it reads or is
// refused with every problem as "regions.textproto:LINE:COL: message"; what
// it reads holds only places with a level and a code, each once, with no
// negative figure and 出列村 only at village level; and the places it reads
// name and size the places of a population run (the yingkou pack, whose
// rules read region.rural_registered_people and region.delisted_village)
// without breaking the report.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "povmon/policy.h"
#include "povmon/population.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/population_support.h"

namespace {

using povmon::fuzz::Decided;

struct World {
  std::shared_ptr<const povmon::Policy> policy;
  povmon::v1::PopulationSummary summary;
};

const World& TheWorld() {
  static const World* world = [] {
    auto* w = new World();
    auto policy = povmon::Policy::Load(povmon::fuzz::SourceDir() + "/policies/yingkou-2024");
    POVMON_FUZZ_CHECK(policy.ok());
    w->policy = *policy;
    povmon::Aggregator aggregator(w->policy, /*sample_seed=*/20241130);
    for (const Decided& d : povmon::fuzz::DecideExamples(w->policy)) {
      POVMON_FUZZ_CHECK(aggregator.Add(d.household, d.decision).ok());
    }
    aggregator.Summarize(&w->summary);
    return w;
  }();
  return *world;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const World& world = TheWorld();
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<povmon::v1::RegionInfo> regions;
  absl::Status status = povmon::ParseRegionFile(text, "regions.textproto", &regions);
  if (!status.ok()) {
    povmon::fuzz::CheckRefusal(status);
    POVMON_FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument);
    for (absl::string_view line : absl::StrSplit(status.message(), '\n')) {
      POVMON_FUZZ_CHECK(absl::StartsWith(line, "regions.textproto:"));
    }
    return 0;
  }
  std::set<std::pair<int, std::string>> seen;
  for (const povmon::v1::RegionInfo& r : regions) {
    POVMON_FUZZ_CHECK(r.level() != povmon::v1::REGION_LEVEL_UNSPECIFIED);
    POVMON_FUZZ_CHECK(povmon::v1::RegionLevel_IsValid(r.level()));
    POVMON_FUZZ_CHECK(!r.code().empty());
    POVMON_FUZZ_CHECK(seen.emplace(r.level(), r.code()).second);
    POVMON_FUZZ_CHECK(r.rural_registered_people() >= 0 && r.rural_registered_households() >= 0 &&
                      r.registered_poor_people() >= 0 && r.total_households() >= 0);
    POVMON_FUZZ_CHECK(!r.delisted_village() || r.level() == povmon::v1::REGION_LEVEL_VILLAGE);
  }
  povmon::PopulationOptions options;
  options.as_of = world.policy->valid_from();
  options.trace = povmon::v1::TRACE_LEVEL_FULL;
  options.regions = regions;
  auto report = povmon::RunPopulationRules(*world.policy, world.summary, options);
  if (!report.ok()) {
    povmon::fuzz::CheckRefusal(report.status());
    return 0;
  }
  // Every place read is in the report, once.
  POVMON_FUZZ_CHECK(report->regions_size() >= static_cast<int>(regions.size()));
  povmon::fuzz::CheckMadeReport(*report);
  return 0;
}
