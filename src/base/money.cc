#include "src/base/money.h"

#include <cstdlib>

namespace povmon {

std::optional<std::int64_t> ParseYuan(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  std::int64_t yuan = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(yuan, 10, &yuan) ||
        __builtin_add_overflow(yuan, c - '0', &yuan)) {
      return std::nullopt;
    }
  }
  if (i == 0) return std::nullopt;
  std::int64_t cents = 0;
  if (i < text.size()) {
    std::string_view decimals = text.substr(i + 1);
    if (decimals.empty() || decimals.size() > 2) return std::nullopt;
    for (char c : decimals) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    cents = (decimals[0] - '0') * 10 + (decimals.size() == 2 ? decimals[1] - '0' : 0);
  }
  std::int64_t fen;
  if (__builtin_mul_overflow(yuan, 100, &fen) || __builtin_add_overflow(fen, cents, &fen)) {
    return std::nullopt;
  }
  return negative ? -fen : fen;
}

std::string FormatYuan(std::int64_t fen) {
  bool negative = fen < 0;
  // Work in unsigned so INT64_MIN formats too.
  unsigned long long magnitude =
      negative ? 0ULL - static_cast<unsigned long long>(fen) : static_cast<unsigned long long>(fen);
  unsigned long long yuan = magnitude / 100, cents = magnitude % 100;
  std::string digits = std::to_string(yuan);
  std::string grouped;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    grouped.push_back(digits[i]);
    int left = n - 1 - i;
    if (left > 0 && left % 3 == 0) grouped.push_back(',');
  }
  std::string out = negative ? "-" : "";
  out += grouped;
  out.push_back('.');
  out.push_back(static_cast<char>('0' + cents / 10));
  out.push_back(static_cast<char>('0' + cents % 10));
  return out;
}

}  // namespace povmon
