#include "povmon/json.h"

#include <cstdint>

#include "src/base/utf8.h"

namespace povmon {

bool IsValidUtf8(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  std::uint32_t code_point;
  while (p < end) {
    const std::size_t n = Utf8Sequence(p, end, &code_point);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

}  // namespace povmon
