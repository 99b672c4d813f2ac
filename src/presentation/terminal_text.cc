#include "src/presentation/terminal_text.h"

#include <cstdint>

#include "absl/strings/str_format.h"

namespace povmon {
namespace {

// The length of the valid UTF-8 sequence at text[i], or 0.
std::size_t Utf8Length(std::string_view text, std::size_t i, std::uint32_t* code_point) {
  auto c = static_cast<unsigned char>(text[i]);
  std::size_t extra;
  std::uint32_t cp;
  if (c < 0x80) {
    *code_point = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    extra = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (text.size() - i <= extra) return 0;
  for (std::size_t k = 1; k <= extra; ++k) {
    auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr std::uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  *code_point = cp;
  return extra + 1;
}

std::string Escape(std::string_view text, bool keep_tab, bool keep_newline) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    std::size_t n = Utf8Length(text, i, &cp);
    if (n == 0) {
      absl::StrAppendFormat(&out, "\\x%02X", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    bool control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
    if ((cp == '\n' && keep_newline) || (cp == '\t' && keep_tab)) control = false;
    if (!control) {
      out.append(text.substr(i, n));
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp < 0x80) {
      absl::StrAppendFormat(&out, "\\x%02X", cp);
    } else {
      absl::StrAppendFormat(&out, "\\u{%02X}", cp);
    }
    i += n;
  }
  return out;
}

}  // namespace

std::string EscapeControls(std::string_view text, bool keep_tab) {
  return Escape(text, keep_tab, true);
}

std::string EscapeControlsInLine(std::string_view text) { return Escape(text, false, false); }

}  // namespace povmon
