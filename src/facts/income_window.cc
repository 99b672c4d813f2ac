#include "src/facts/income_window.h"

#include "src/base/date.h"

namespace povmon {

DateRange IncomeWindow(const v1::IncomeWindow& window, absl::CivilDay as_of) {
  if (window.kind() == v1::WINDOW_KIND_FIXED_ANNUAL) {
    for (int back = 0; back < 3; ++back) {
      absl::CivilDay start(as_of.year() - back, window.start_month(), window.start_day());
      absl::CivilDay last = AddMonthsClamped(start, 12) - 1;
      if (last <= as_of) return {start, last};
    }
  }
  return {AddMonthsClamped(as_of, -12), as_of - 1};
}

DateRange PreviousWindow(const DateRange& window) {
  return {AddMonthsClamped(window.first, -12), window.first - 1};
}

}  // namespace povmon
