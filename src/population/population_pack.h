// What a pack's population files are once loaded: the population rules, each
// planned into a Program over `region`, `summary` and `param`, and the
// places its region files name.
#ifndef POVMON_SRC_POPULATION_POPULATION_PACK_H_
#define POVMON_SRC_POPULATION_POPULATION_PACK_H_

#include <memory>
#include <string>
#include <vector>

#include "povmon/v1/population.pb.h"
#include "src/expr/environment.h"
#include "src/expr/program.h"

namespace povmon {

// The names population rules read (expr::Environment roots).
inline constexpr int kRegionSlot = 0;
inline constexpr int kSummarySlot = 1;

struct CompiledPopulationRule {
  v1::PopulationRule rule;
  std::string file;  // where the rule is written
  int line = 0;
  // Null for a spot check without a condition (every place is drawn).
  std::unique_ptr<expr::Program> when;
  // Spot checks: the parameter slot of the share (basis points); -1 otherwise.
  int share_slot = -1;
};

struct PopulationPack {
  std::vector<CompiledPopulationRule> rules;  // in file order
  std::vector<v1::RegionInfo> regions;        // as the region files give them
  // Twice the largest share any spot check ever draws, at most 10000; 0
  // when the pack has no spot check (no candidates are kept then).
  int sample_candidate_bp = 0;
};

}  // namespace povmon

#endif  // POVMON_SRC_POPULATION_POPULATION_PACK_H_
