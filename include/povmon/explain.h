// Human-readable explanations of decisions, in Chinese and English.
#ifndef POVMON_EXPLAIN_H_
#define POVMON_EXPLAIN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "povmon/language.h"
#include "povmon/place_names.h"
#include "povmon/policy.h"
#include "povmon/v1/decision.pb.h"

namespace povmon {

// A multi-line explanation: the figures, the category and why, the risk
// types, watch groups, negative-list hits and overrides, each with the rule
// and its citation and the values it compared.
// Written as the source plans are (Traditional Chinese) beside English. The
// household's village shows by the name the pack's region files give it,
// "村 Village 东山村（990101101201）", or by its code.
std::string Explain(const v1::Decision& decision, const Policy& policy);
// The same with the village named from `places` (the pack's names and a
// county's own region file: include/povmon/place_names.h).
std::string Explain(const v1::Decision& decision, const Policy& policy,
                    const PlaceNames& places);

// The same in `language` (Simplified Chinese, the default, Traditional or
// English only: include/povmon/language.h). What the CLI, the C ABI and the
// bindings print. FailedPrecondition when OpenCC's data cannot be loaded.
absl::StatusOr<std::string> ExplainIn(const v1::Decision& decision, const Policy& policy,
                                      Language language = kDefaultLanguage);
absl::StatusOr<std::string> ExplainIn(const v1::Decision& decision, const Policy& policy,
                                      const PlaceNames& places,
                                      Language language = kDefaultLanguage);

// "5,840.00": fen as yuan with thousands separators.
std::string FormatYuan(std::int64_t fen);

}  // namespace povmon

#endif  // POVMON_EXPLAIN_H_
