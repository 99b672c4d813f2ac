#include "src/language/english_only.h"

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/strings/str_replace.h"

namespace povmon {
namespace {

// The code point starting at text[i] and its length in bytes; invalid UTF-8
// is taken one byte at a time (and is never Chinese).
char32_t Decode(std::string_view text, std::size_t i, std::size_t* length) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + n > text.size()) n = 1;
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(text[i + k]);
    if ((cc >> 6) != 0x2) {
      *length = 1;
      return c;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *length = static_cast<std::size_t>(n);
  return cp;
}

bool HasLetterOrDigit(std::string_view line) {
  for (char c : line) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  }
  return false;
}

// Whether `text` is a Chinese numeral, as in a citation's "(三)" or "(十二)".
bool IsChineseNumeral(std::string_view text) {
  static constexpr std::string_view kNumerals[] = {"一", "二", "三", "四", "五", "六",
                                                   "七", "八", "九", "十", "百"};
  std::size_t i = 0;
  while (i < text.size()) {
    bool numeral = false;
    for (std::string_view n : kNumerals) {
      if (text.substr(i, n.size()) == n) {
        i += n.size();
        numeral = true;
        break;
      }
    }
    if (!numeral) return false;
  }
  return !text.empty();
}

bool OnlySpaces(const std::string& text) {
  return text.find_first_not_of(' ') == std::string::npos;
}

// One line without its Chinese; *had_chinese tells whether anything went.
std::string LineWithoutChinese(std::string_view line, bool* had_chinese) {
  std::string out;
  out.reserve(line.size());
  std::size_t i = 0;
  *had_chinese = false;
  auto chinese_at = [&line](std::size_t at) {
    std::size_t l = 1;
    return at < line.size() && IsChineseCodePoint(Decode(line, at, &l));
  };
  while (i < line.size()) {
    std::size_t length = 1;
    char32_t cp = Decode(line, i, &length);
    if (!IsChineseCodePoint(cp)) {
      out.append(line.substr(i, length));
      i += length;
      continue;
    }
    // The run: Chinese, and the ASCII punctuation between Chinese words
    // ("缺什麼補什麼;對風險單一的,實施單項措施").
    std::size_t end = i;
    while (end < line.size()) {
      std::size_t l = 1;
      if (IsChineseCodePoint(Decode(line, end, &l))) {
        end += l;
      } else if ((line[end] == ',' || line[end] == ';' || line[end] == ':') &&
                 chinese_at(end + 1)) {
        end += 1;
      } else {
        break;
      }
    }
    // "(三)" in a citation stays.
    if (!out.empty() && out.back() == '(' && end < line.size() && line[end] == ')' &&
        IsChineseNumeral(line.substr(i, end - i))) {
      out.append(line.substr(i, end - i));
      i = end;
      continue;
    }
    *had_chinese = true;
    // Punctuation that belonged to the Chinese ("因病:", "措施,").
    while (end < line.size() && (line[end] == ':' || line[end] == ',' || line[end] == ';')) {
      ++end;
    }
    if (end < line.size() && line[end] == ' ') {
      ++end;
    } else if (!out.empty() && out.back() == ' ' && !OnlySpaces(out)) {
      out.pop_back();
    }
    i = end;
  }
  if (!*had_chinese) return out;
  // What a dropped Chinese half leaves behind.
  out = absl::StrReplaceAll(out, {{": — ", ": "}, {" ():", ":"}, {"()", ""}, {":  ", ": "}});
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

bool IsChineseCodePoint(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x2FFF) ||   // radicals
         (cp >= 0x3000 && cp <= 0x303F) ||   // CJK punctuation 、。「」
         (cp >= 0x3040 && cp <= 0x30FF) ||   // kana
         (cp >= 0x3400 && cp <= 0x4DBF) ||   // extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||   // unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||   // compatibility ideographs
         (cp >= 0xFF00 && cp <= 0xFFEF) ||   // full-width forms ，：（）
         (cp >= 0x20000 && cp <= 0x3FFFF);   // extensions B and later
}

std::string EnglishOnly(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t newline = text.find('\n', start);
    bool last = newline == std::string_view::npos;
    std::string_view line = text.substr(start, last ? std::string_view::npos : newline - start);
    bool had_chinese = false;
    std::string english = LineWithoutChinese(line, &had_chinese);
    if (!had_chinese || HasLetterOrDigit(english)) {
      out += english;
      if (!last) out += '\n';
    }
    if (last) break;
    start = newline + 1;
  }
  return out;
}

}  // namespace povmon
