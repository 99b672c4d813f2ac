// What a pack's test cases exercised (povmon test --coverage): the ids of
// the rules, measures, elimination rules, duties, visit cadences, green
// channels and population rules that fired in at least one case.
#ifndef POVMON_SRC_TESTING_PACK_COVERAGE_H_
#define POVMON_SRC_TESTING_PACK_COVERAGE_H_

#include <set>
#include <string>
#include <utility>

#include "povmon/pack_tests.h"
#include "povmon/policy.h"
#include "povmon/v1/assistance.pb.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/population.pb.h"

namespace povmon {

class CoverageCollector {
 public:
  // The trace entries that fired (the case was decided at the full trace
  // level, so every evaluated item has an entry, fired or not).
  void AddDecision(const v1::Decision& decision);
  // The workshop-level measures applied.
  void AddWorkshopAward(const v1::WorkshopAward& award);
  // The population rules that found something.
  void AddPopulationReport(const v1::PopulationReport& report);

  // Every item of `policy`, each marked exercised when it fired.
  void Fill(const Policy& policy, PackCoverage* coverage) const;

 private:
  // (stage, id); population rules under STAGE_UNSPECIFIED.
  std::set<std::pair<int, std::string>> fired_;
};

}  // namespace povmon

#endif  // POVMON_SRC_TESTING_PACK_COVERAGE_H_
