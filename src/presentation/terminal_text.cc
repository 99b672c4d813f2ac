#include "povmon/terminal_text.h"

#include <cstdint>

#include "absl/strings/str_format.h"
#include "src/base/utf8.h"

namespace povmon {
namespace {

std::string Escape(std::string_view text, bool keep_tab, bool keep_newline) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    std::size_t n = Utf8Sequence(text.data() + i, text.data() + text.size(), &cp);
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
