// The facts stage: figures derived once per household, before any rule.
#ifndef POVMON_SRC_FACTS_FACTS_BUILDER_H_
#define POVMON_SRC_FACTS_FACTS_BUILDER_H_

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/v1/facts.pb.h"
#include "povmon/v1/household.pb.h"
#include "povmon/v1/policy.pb.h"
#include "src/facts/household_dates.h"

namespace povmon {

// Fill `facts` for `household` as of `as_of` under the pack's income measure:
// income in the window by kind (Plan 6 §2(二), §3.8), insurance claims added
// and compliant out-of-pocket subtracted where the pack says so (Plan 5
// §2(一)3①), counted members (the registered ones, as Plan 4 §2(二) counts
// hukou members; or, where the pack says so, those actually living together,
// which is Plan 7 §3(二)'s rule only), per-capita net income, rigid
// expenditure, the previous period and the change, and labour capacity. Errors: a record without a valid date
// (naming it, e.g. "income[3].date"), money overflow (never wrapped), zero
// counted members. Allocates nothing once `facts` and `dates` have held a
// household at least as large before.
//
// One pass over the records: each record's date is parsed once, into
// `dates` (which the later stages and the rules read), and its amount goes
// to this window's or the previous window's totals.
absl::Status ComputeFacts(const v1::IncomeMeasure& measure, const v1::Household& household,
                          absl::CivilDay as_of, v1::Facts* facts, HouseholdDates* dates);
// The same, for a caller that does not keep the day numbers.
absl::Status ComputeFacts(const v1::IncomeMeasure& measure, const v1::Household& household,
                          absl::CivilDay as_of, v1::Facts* facts);

}  // namespace povmon

#endif  // POVMON_SRC_FACTS_FACTS_BUILDER_H_
