// What a household record must satisfy before any figure is derived from it:
// every member reference names a member, member ids are unique, and no money
// amount is negative where a negative amount means nothing. Each error names
// the field path (e.g. "medical_claims[0].member_id").
#ifndef POVMON_SRC_FACTS_HOUSEHOLD_CHECKS_H_
#define POVMON_SRC_FACTS_HOUSEHOLD_CHECKS_H_

#include "absl/status/status.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

// Checks, in this order:
//  - members[i].id: a non-empty id appears once;
//  - income[i], expenditure[i], medical_claims[i] and monitoring.measures[i]:
//    a non-empty member_id names a member;
//  - amounts in fen: none negative, except business income (經營性收入 can be
//    a loss) and the declared previous-period income, which may be a loss too;
//  - employment.unstable_wage_share_bp within 0..10000, dibao.grade >= 0.
// Allocates nothing unless it reports an error.
absl::Status CheckHousehold(const v1::Household& household);

}  // namespace povmon

#endif  // POVMON_SRC_FACTS_HOUSEHOLD_CHECKS_H_
