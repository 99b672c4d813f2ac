// Plan 6's income screening (湘陰縣): household income since the screening
// period began (上年10月以來) against the same period a year earlier, by the
// four components of §2(二) and the items its causes of decline name.
#ifndef POVMON_SRC_FACTS_INCOME_SCREENING_H_
#define POVMON_SRC_FACTS_INCOME_SCREENING_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/v1/facts.pb.h"
#include "povmon/v1/household.pb.h"
#include "povmon/v1/policy.pb.h"

namespace povmon {

// The current period runs from the last start_month/start_day on or before
// `as_of` to `as_of`, both inclusive (as of 2024-07-28 with 1 October:
// 2023-10-01..2024-07-28); the previous period is the same days a year
// earlier, 12 months back and clamped to the month's end (2022-10-01..
// 2023-07-28). Every income record counts, whoever received it: the plan
// screens household income (家庭收入). The facts stage has checked and parsed
// the record dates before this runs: `income_days[i]` is the day number
// (days since 1970-01-01) of household.income(i).date.
absl::Status ComputeIncomeScreening(const v1::IncomeScreeningPeriod& period,
                                    const v1::Household& household, absl::CivilDay as_of,
                                    const std::vector<std::int64_t>& income_days,
                                    v1::IncomeScreening* out);
// The same, parsing the record dates itself (a record whose date does not
// parse counts in neither period), for a caller without the day numbers.
absl::Status ComputeIncomeScreening(const v1::IncomeScreeningPeriod& period,
                                    const v1::Household& household, absl::CivilDay as_of,
                                    v1::IncomeScreening* out);

}  // namespace povmon

#endif  // POVMON_SRC_FACTS_INCOME_SCREENING_H_
