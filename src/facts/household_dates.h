// The day numbers of one household's dates, worked out once by the facts
// stage: the as-of date, the income windows, the date of every income and
// expenditure record, the monitoring dates, each measure's start and each
// visit's date. Everything after the facts stage (the rules, the
// stages) reads these instead of parsing the text again.
#ifndef POVMON_SRC_FACTS_HOUSEHOLD_DATES_H_
#define POVMON_SRC_FACTS_HOUSEHOLD_DATES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "povmon/v1/facts.pb.h"
#include "povmon/v1/household.pb.h"
#include "src/base/date.h"
#include "src/expr/program.h"

namespace povmon {

struct HouseholdDates {
  // Days since 1970-01-01.
  std::int64_t as_of = 0;
  // The income window and the twelve months before it, both ends inclusive.
  std::int64_t window_first = 0;
  std::int64_t window_last = 0;
  std::int64_t previous_first = 0;
  std::int64_t previous_last = 0;
  // income(i).date and expenditure(i).date, by index. Reused from household
  // to household: they grow to the largest household seen, then never
  // allocate again.
  std::vector<std::int64_t> income;
  std::vector<std::int64_t> expenditure;
  // The record dates parsed so far (kept from household to household).
  DataDateMemo memo;

  // Where the text is empty or not a date (the lifecycle stages say which
  // field, and whether that is an error there).
  static constexpr std::int64_t kNone = INT64_MIN;
  // monitoring.identified_on, risk_eliminated_on, reverted_on.
  std::int64_t identified_on = kNone;
  std::int64_t risk_eliminated_on = kNone;
  std::int64_t reverted_on = kNone;
  // monitoring.measures(i).start_date and visits(i).date, by index.
  std::vector<std::int64_t> measure_starts;
  std::vector<std::int64_t> visits;
  // duty_records(i).date, by index.
  std::vector<std::int64_t> duty_records;
};

// The day number of `text` ("YYYY-MM-DD", years 1900-2999, as the data's
// dates are), or HouseholdDates::kNone.
std::int64_t DayOrNone(std::string_view text);

// The monitoring, measure, visit and duty-record dates of `household` into
// `dates`.
void ParseLifecycleDates(const v1::Household& household, HouseholdDates* dates);

// Tell the rules what the facts stage worked out: the dates of `facts`
// (as_of, the windows) and each record's date of `household`, as day
// numbers, so a rule reading one does not parse it again. Replaces what
// `known` held. The field descriptors are looked up once per process.
void KnowHouseholdDates(const HouseholdDates& dates, const v1::Household& household,
                        const v1::Facts& facts, expr::KnownDates* known);

}  // namespace povmon

#endif  // POVMON_SRC_FACTS_HOUSEHOLD_DATES_H_
