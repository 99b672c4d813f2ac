// Dates as povmon's inputs and outputs write them: "YYYY-MM-DD".
#ifndef POVMON_DATE_H_
#define POVMON_DATE_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"

namespace povmon {

// Parse exactly "YYYY-MM-DD" (four-digit year 1900–2999, a real day):
// nullopt for anything else, "2024-02-30" included. This is how every date
// a front end takes (an --as-of flag, a test's date) is read.
std::optional<absl::CivilDay> ParseDate(std::string_view text);

// "2024-05-01".
std::string FormatDate(absl::CivilDay day);

}  // namespace povmon

#endif  // POVMON_DATE_H_
