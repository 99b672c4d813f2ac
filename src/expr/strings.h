// String concatenation for messages. (Debian's Abseil is built with its own
// absl::string_view, so absl::StrCat does not take std::string_view.)
#ifndef POVMON_SRC_EXPR_STRINGS_H_
#define POVMON_SRC_EXPR_STRINGS_H_

#include <string>
#include <string_view>
#include <type_traits>

namespace povmon::expr::internal {

inline void AppendPiece(std::string* out, std::string_view piece) {
  out->append(piece.data(), piece.size());
}

template <typename T,
          std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                               !std::is_same_v<T, char>,
                           int> = 0>
void AppendPiece(std::string* out, T number) {
  out->append(std::to_string(number));
}

template <typename... Pieces>
std::string Cat(const Pieces&... pieces) {
  std::string out;
  (AppendPiece(&out, pieces), ...);
  return out;
}

}  // namespace povmon::expr::internal

#endif  // POVMON_SRC_EXPR_STRINGS_H_
