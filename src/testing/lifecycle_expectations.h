// Checks a pack test case's lifecycle expectations (Expectation fields
// 50-69: elimination, procedure, visits) against a decision.
#ifndef POVMON_SRC_TESTING_LIFECYCLE_EXPECTATIONS_H_
#define POVMON_SRC_TESTING_LIFECYCLE_EXPECTATIONS_H_

#include <string>
#include <vector>

#include "povmon/v1/decision.pb.h"
#include "povmon/v1/policy.pb.h"

namespace povmon {

// Adds one line per unmet expectation to `failures`.
void CheckLifecycleExpectation(const v1::Expectation& expect,
                               const v1::Decision& decision,
                               std::vector<std::string>* failures);

}  // namespace povmon

#endif  // POVMON_SRC_TESTING_LIFECYCLE_EXPECTATIONS_H_
