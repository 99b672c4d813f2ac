// Traditional to Simplified Chinese with OpenCC (t2s.json: phrases first,
// then characters) and back (s2t.json), each loaded once per process and
// shared by every thread.
#ifndef POVMON_SRC_LANGUAGE_CHINESE_SCRIPT_H_
#define POVMON_SRC_LANGUAGE_CHINESE_SCRIPT_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace povmon {

// `text` with every Traditional character and phrase in Simplified; ASCII
// and everything OpenCC does not map pass unchanged. FailedPrecondition when
// OpenCC's data (Debian: libopencc-data) cannot be loaded.
absl::StatusOr<std::string> TraditionalToSimplified(std::string_view text);

// The other way (OpenCC's s2t.json), for the few texts povmon writes in
// Simplified (the county report): FailedPrecondition when its data cannot be
// loaded.
absl::StatusOr<std::string> SimplifiedToTraditional(std::string_view text);

}  // namespace povmon

#endif  // POVMON_SRC_LANGUAGE_CHINESE_SCRIPT_H_
