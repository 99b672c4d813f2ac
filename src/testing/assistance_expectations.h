// What a pack test case expects of the assistance plan or the workshop
// award (Expectation fields 30-49), checked for `povmon test`.
#ifndef POVMON_SRC_TESTING_ASSISTANCE_EXPECTATIONS_H_
#define POVMON_SRC_TESTING_ASSISTANCE_EXPECTATIONS_H_

#include <string>
#include <vector>

#include "povmon/v1/assistance.pb.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/policy.pb.h"

namespace povmon {

// One line per unmet expectation, e.g. "measure p1.housing.rebuild: expected
// amount 20,000.00 (2000000 fen), got 6,000.00 (600000 fen)".
void CheckAssistanceExpectation(const v1::Expectation& expect, const v1::Decision& decision,
                                std::vector<std::string>* failures);
void CheckWorkshopExpectation(const v1::Expectation& expect, const v1::WorkshopAward& award,
                              std::vector<std::string>* failures);

}  // namespace povmon

#endif  // POVMON_SRC_TESTING_ASSISTANCE_EXPECTATIONS_H_
