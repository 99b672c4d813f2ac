// Money is integer fen. Arithmetic that could overflow is checked, never
// wrapped; yuan text is parsed exactly.
#ifndef POVMON_SRC_BASE_MONEY_H_
#define POVMON_SRC_BASE_MONEY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace povmon {

// a + b, or false on overflow.
inline bool AddFen(std::int64_t a, std::int64_t b, std::int64_t* out) {
  return !__builtin_add_overflow(a, b, out);
}
inline bool SubFen(std::int64_t a, std::int64_t b, std::int64_t* out) {
  return !__builtin_sub_overflow(a, b, out);
}

// Division rounded toward negative infinity (rule facts.per_capita_rounding).
inline std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// "6500", "6500.5", "6500.00", "-12.30" → fen. At most two decimals.
std::optional<std::int64_t> ParseYuan(std::string_view text);

// 584000 → "5,840.00"; -5 → "-0.05".
std::string FormatYuan(std::int64_t fen);

}  // namespace povmon

#endif  // POVMON_SRC_BASE_MONEY_H_
