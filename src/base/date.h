// Calendar dates as the data carries them: "YYYY-MM-DD" strings.
#ifndef POVMON_SRC_BASE_DATE_H_
#define POVMON_SRC_BASE_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"

namespace povmon {

// Parse exactly "YYYY-MM-DD" (four-digit year 1900–2999, a real day).
// No allocation; nullopt for anything else, "2024-02-30" included.
std::optional<absl::CivilDay> ParseDate(std::string_view text);

// Days since 1970-01-01, the representation the rule language uses.
std::int64_t DaysSinceEpoch(absl::CivilDay day);
absl::CivilDay DayFromEpochDays(std::int64_t days);

// "2024-05-01".
std::string FormatDate(absl::CivilDay day);
// Write "YYYY-MM-DD" into `out` without allocating when `out` already has
// the capacity (decisions are reused across households).
void AssignDate(absl::CivilDay day, std::string* out);

// The same day `months` months later, clamped to the end of the month
// (2024-02-29 − 12 months is 2023-02-28).
absl::CivilDay AddMonthsClamped(absl::CivilDay day, int months);

}  // namespace povmon

#endif  // POVMON_SRC_BASE_DATE_H_
