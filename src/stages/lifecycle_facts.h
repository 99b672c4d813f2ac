// The figures lifecycle rules read as `lifecycle.<field>`: where the
// household stands in monitoring on the as-of date (monitored, marked
// eliminated, reverted), for how long, and what its measures and visits
// records say.
#ifndef POVMON_SRC_STAGES_LIFECYCLE_FACTS_H_
#define POVMON_SRC_STAGES_LIFECYCLE_FACTS_H_

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/v1/household.pb.h"
#include "povmon/v1/lifecycle.pb.h"
#include "src/expr/program.h"
#include "src/facts/household_dates.h"

namespace povmon {

// A household is monitored from monitoring.identified_on (a date after the
// as-of date means not yet); it is marked eliminated from
// risk_eliminated_on unless reverted_on (on or after it, and on or before
// the as-of date) reverted the marking, and then monitoring runs again from
// the revert. Errors (InvalidArgument, naming the field): a monitored
// category without identified_on; a marking before the identification.
//
// Reads the dates as the facts stage turned them into day numbers
// (`dates`), and adds the dates it writes to `known` (when not null), so
// that lifecycle rules read them without parsing the text back.
absl::Status ComputeLifecycleFacts(const v1::Household& household,
                                   const HouseholdDates& dates,
                                   absl::CivilDay as_of,
                                   v1::LifecycleFacts* facts,
                                   expr::KnownDates* known);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_LIFECYCLE_FACTS_H_
