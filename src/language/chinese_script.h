// Traditional to Simplified Chinese with OpenCC (t2s.json: phrases first,
// then characters), loaded once per process and shared by every thread.
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

}  // namespace povmon

#endif  // POVMON_SRC_LANGUAGE_CHINESE_SCRIPT_H_
