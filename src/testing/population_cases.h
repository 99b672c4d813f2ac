// A pack test suite's population cases (TestSuite.population_case): the
// households are decided, counted by place, and the pack's population rules
// run over them; the findings and figures are checked.
#ifndef POVMON_SRC_TESTING_POPULATION_CASES_H_
#define POVMON_SRC_TESTING_POPULATION_CASES_H_

#include <memory>
#include <string>
#include <vector>

#include "povmon/policy.h"
#include "povmon/v1/policy.pb.h"
#include "src/policy/text_source.h"
#include "povmon/pack_tests.h"
#include "src/testing/pack_coverage.h"

namespace povmon {

// Appends one result per population case of `suite` (read from `source`);
// with `coverage`, notes the population rules that found something.
void RunPopulationCases(const v1::TestSuite& suite, const TextSource& source,
                        const std::shared_ptr<const Policy>& policy,
                        std::vector<PackCaseResult>* results,
                        CoverageCollector* coverage = nullptr);

}  // namespace povmon

#endif  // POVMON_SRC_TESTING_POPULATION_CASES_H_
