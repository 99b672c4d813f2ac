// Which days' income counts: the pack's window for an as-of date.
#ifndef POVMON_SRC_FACTS_INCOME_WINDOW_H_
#define POVMON_SRC_FACTS_INCOME_WINDOW_H_

#include "absl/time/civil_time.h"
#include "povmon/v1/policy.pb.h"

namespace povmon {

struct DateRange {
  absl::CivilDay first;  // inclusive
  absl::CivilDay last;   // inclusive
  bool Contains(absl::CivilDay d) const { return first <= d && d <= last; }
};

// Rolling: the twelve months before the as-of date, [as_of − 12 months,
// as_of − 1 day] (Plan 7 §3(一)). Fixed annual: the last complete window
// starting on start_month/start_day that ends on or before the as-of date
// (1 May – 30 April, Plan 5 §2(一)3①).
DateRange IncomeWindow(const v1::IncomeWindow& window, absl::CivilDay as_of);

// The twelve months just before `window`.
DateRange PreviousWindow(const DateRange& window);

}  // namespace povmon

#endif  // POVMON_SRC_FACTS_INCOME_WINDOW_H_
