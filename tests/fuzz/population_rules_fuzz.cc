// A pack's population files, from memory: the first byte picks a shipped
// pack with population rules (lingshou, xiangyin, yingkou) and which of its
// population files the rest replaces (population.textproto, the rules, or
// population_parameters.textproto, their parameters). Whatever the content,
// the pack loads or is refused with problems naming a file and a line; a
// pack that loads counts the example households by place (its spot checks
// set how many candidates are kept) and runs its population rules over them
// at every trace level, and the report names only its own rules, goes to
// JSON and back unchanged and renders.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "povmon/policy.h"
#include "povmon/population.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/population_support.h"

namespace {

using povmon::fuzz::Decided;

struct Pack {
  std::map<std::string, std::string> files;
  std::vector<Decided> households;  // decided by the pack as shipped
};

const std::vector<Pack>& Packs() {
  static const auto* packs = [] {
    auto* out = new std::vector<Pack>();
    for (const std::string& dir : povmon::fuzz::PopulationPacks()) {
      Pack p;
      p.files = povmon::fuzz::PackFiles(dir);
      // The pack as shipped loads from memory: otherwise every input would
      // only exercise the loader's refusal.
      auto policy = povmon::Policy::LoadFromFiles(p.files, dir);
      POVMON_FUZZ_CHECK(policy.ok());
      p.households = povmon::fuzz::DecideExamples(*policy);
      POVMON_FUZZ_CHECK(!p.households.empty());
      out->push_back(std::move(p));
    }
    return out;
  }();
  return *packs;
}

constexpr const char* kFiles[] = {"population.textproto", "population_parameters.textproto"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::vector<Pack>& packs = Packs();
  const Pack& pack = packs[data[0] % packs.size()];
  const char* name = kFiles[(data[0] / packs.size()) % 2];
  std::map<std::string, std::string> files = pack.files;
  files[name] = std::string(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<povmon::LoadProblem> problems;
  auto policy = povmon::Policy::LoadFromFiles(files, "fuzz", &problems);
  if (!policy.ok()) {
    POVMON_FUZZ_CHECK(!problems.empty());
    for (const povmon::LoadProblem& p : problems) {
      POVMON_FUZZ_CHECK(!p.message.empty());
      POVMON_FUZZ_CHECK(povmon::IsValidUtf8(p.message));
    }
    return 0;
  }
  povmon::Aggregator aggregator(*policy, /*sample_seed=*/20241130);
  for (const Decided& d : pack.households) {
    if (!aggregator.Add(d.household, d.decision).ok()) return 0;
  }
  povmon::v1::PopulationSummary summary;
  aggregator.Summarize(&summary);
  for (povmon::v1::TraceLevel trace :
       {povmon::v1::TRACE_LEVEL_RULES, povmon::v1::TRACE_LEVEL_FULL}) {
    povmon::PopulationOptions options;
    options.as_of = (*policy)->valid_from();
    options.trace = trace;
    options.regions = povmon::fuzz::TestRegions();
    auto report = povmon::RunPopulationRules(**policy, summary, options);
    if (!report.ok()) {
      povmon::fuzz::CheckRefusal(report.status());
      continue;
    }
    POVMON_FUZZ_CHECK(report->summary().households_decided() ==
                      static_cast<std::int64_t>(pack.households.size()));
    povmon::fuzz::CheckMadeReport(*report);
  }
  return 0;
}
