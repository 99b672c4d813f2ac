// The lifecycle sections of an explanation: risk elimination, procedure and
// visits, in Chinese and English, every statement with its rule and
// citation (appended by Explain, src/presentation/explain.cc).
#ifndef POVMON_SRC_PRESENTATION_LIFECYCLE_EXPLAIN_H_
#define POVMON_SRC_PRESENTATION_LIFECYCLE_EXPLAIN_H_

#include <string>

#include "povmon/policy.h"
#include "povmon/v1/decision.pb.h"

namespace povmon {

// Appends nothing when the decision has no lifecycle results.
void AppendLifecycleExplanation(const v1::Decision& decision,
                                const Policy& policy, std::string* out);

// 村內公示 / 鄉鎮審核 ...: the step's name in Chinese.
const char* CaseStepZh(int step);
// "village notice", "township audit" ...
const char* CaseStepEn(int step);

}  // namespace povmon

#endif  // POVMON_SRC_PRESENTATION_LIFECYCLE_EXPLAIN_H_
