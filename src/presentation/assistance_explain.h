// The assistance plan and the workshop award as `povmon eval --explain` and
// `povmon workshop --explain` print them: grouped by department, with totals
// per department, every measure with why it applies, and the related
// measures that do not apply with why not.
#ifndef POVMON_SRC_PRESENTATION_ASSISTANCE_EXPLAIN_H_
#define POVMON_SRC_PRESENTATION_ASSISTANCE_EXPLAIN_H_

#include <string>

#include "povmon/v1/assistance.pb.h"
#include "povmon/workshop.h"  // ExplainWorkshopAward

namespace povmon {

void AppendAssistancePlan(const v1::AssistancePlan& plan, std::string* out);

}  // namespace povmon

#endif  // POVMON_SRC_PRESENTATION_ASSISTANCE_EXPLAIN_H_
