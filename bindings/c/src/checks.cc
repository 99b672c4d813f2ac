// Argument checks shared by the entry points, and the buffers handed to
// callers (allocated with malloc, released with povmon_free).
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "internal.h"

namespace povmon::capi {

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
