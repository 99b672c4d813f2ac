// Argument checks shared by the entry points, and the buffers handed to
// callers (allocated with malloc, released with povmon_free).
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "internal.h"

namespace povmon::capi {

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* end = p + text.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra;
    std::uint32_t code_point;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code_point = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code_point = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code_point = c & 0x07;
    } else {
      return false;  // a continuation byte or 0xF8..0xFF where a lead belongs
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (p[i] & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF.
    static constexpr std::uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[extra]) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
    if (code_point > 0x10FFFF) return false;
    p += extra + 1;
  }
  return true;
}

std::string Argument::Text() const {
  if (function.empty()) return std::string(argument);
  std::string text(function);
  text += ": ";
  text += argument;
  return text;
}

absl::Status CheckNotNull(const void* pointer, const Argument& what) {
  if (pointer == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(what.Text(), " is NULL"));
  }
  return absl::OkStatus();
}

absl::Status CheckBytes(const void* data, std::size_t size,
                        const Argument& what) {
  if (data == nullptr && size != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(what.Text(), " is NULL but its length is ", size));
  }
  return absl::OkStatus();
}

absl::Status CheckText(const char* data, std::size_t size, const Argument& what,
                       bool allow_empty) {
  absl::Status bytes = CheckBytes(data, size, what);
  if (!bytes.ok()) return bytes;
  if (size == 0) {
    if (allow_empty) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat(what.Text(), " is empty"));
  }
  std::string_view text(data, size);
  if (text.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        what.Text(), " contains a NUL byte (is the length right?)"));
  }
  if (!IsValidUtf8(text)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what.Text(), " is not valid UTF-8"));
  }
  return absl::OkStatus();
}

absl::Status CheckFormat(int format, const Argument& what) {
  if (format == POVMON_FORMAT_PROTO || format == POVMON_FORMAT_JSON) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      what.Text(), " is ", format,
      "; expected POVMON_FORMAT_PROTO (1) or POVMON_FORMAT_JSON (2)"));
}

char* CopyOut(std::string_view bytes) {
  auto* buffer = static_cast<char*>(std::malloc(bytes.size() + 1));
  if (buffer == nullptr) return nullptr;
  if (!bytes.empty()) std::memcpy(buffer, bytes.data(), bytes.size());
  buffer[bytes.size()] = '\0';
  return buffer;
}

}  // namespace povmon::capi

extern "C" {

POVMON_API void povmon_free(void* buffer) { std::free(buffer); }

}  // extern "C"
