// Human-readable explanations of decisions, in Chinese and English.
#ifndef POVMON_EXPLAIN_H_
#define POVMON_EXPLAIN_H_

#include <cstdint>
#include <string>

#include "povmon/policy.h"
#include "povmon/v1/decision.pb.h"

namespace povmon {

// A multi-line explanation: the figures, the category and why, the risk
// types, watch groups, negative-list hits and overrides, each with the rule
// and its citation and the values it compared.
std::string Explain(const v1::Decision& decision, const Policy& policy);

// "5,840.00": fen as yuan with thousands separators.
std::string FormatYuan(std::int64_t fen);

}  // namespace povmon

#endif  // POVMON_EXPLAIN_H_
