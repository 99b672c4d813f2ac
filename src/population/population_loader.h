// Loading a pack's population_files and region_files: every population rule
// checked and planned, every problem reported at its file position with the
// rest of the pack's problems.
#ifndef POVMON_SRC_POPULATION_POPULATION_LOADER_H_
#define POVMON_SRC_POPULATION_POPULATION_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "povmon/v1/policy.pb.h"
#include "src/expr/environment.h"
#include "src/policy/pack_files.h"
#include "src/policy/parameter_series.h"
#include "src/policy/text_source.h"
#include "src/population/population_pack.h"

namespace povmon {

struct PopulationLoadContext {
  const v1::PolicyPack* pack = nullptr;
  // The pack's files; pack.textproto is open.
  PackFiles* files = nullptr;
  // The household rules' environment: its parameters and enum pool are the
  // population rules' too.
  const expr::Environment* environment = nullptr;
  const std::vector<ParameterSeries>* parameters = nullptr;
  // Ids already taken by the pack's household rules.
  const absl::flat_hash_map<std::string, int>* rule_ids = nullptr;
  ProblemList* problems = nullptr;
};

// Leaves `population` null when the pack names no population or region files.
void LoadPopulation(const PopulationLoadContext& context,
                    std::shared_ptr<const PopulationPack>* population);

// The environment population rules are compiled in: `region` (RegionInfo),
// `summary` (RegionCounts) and the pack's parameters.
expr::Environment PopulationEnvironment(const expr::Environment& household_environment);

// Check places read from `source` (a RegionFile) into `regions`: a level, a
// code, and no place given twice. Problems at their file positions.
void CheckRegions(const TextSource& source, const v1::RegionFile& file,
                  std::vector<v1::RegionInfo>* regions, ProblemList* problems);

}  // namespace povmon

#endif  // POVMON_SRC_POPULATION_POPULATION_LOADER_H_
