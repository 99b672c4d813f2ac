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

// Punctuation that belongs to the Chinese beside it: the ellipsis and the
// curly quotes ("……", "“缺什麼補什麼”").
bool IsQuotePunctuation(char32_t cp) {
  return cp == 0x2026 || cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019;
}

constexpr std::string_view kOpeningQuote = "\u201C";

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Whether `out` (the line so far) ends with an English word and a space
// ("is ", "Village "): a word of two letters or more (hyphens and
// apostrophes within it), not an identifier (clearly_exceeds_bp) or a figure.
bool EndsWithEnglishWord(const std::string& out) {
  if (out.size() < 3 || out.back() != ' ') return false;
  std::size_t k = out.size() - 1;
  std::size_t letters = 0;
  while (k > 0) {
    char c = out[k - 1];
    if (IsAsciiLetter(c)) {
      ++letters;
    } else if (c != '-' && c != '\'') {
      break;
    }
    --k;
  }
  return letters >= 2 && (k == 0 || out[k - 1] == ' ');
}

// One line without its Chinese; *had_chinese tells whether anything went.
//
// A run of Chinese is povmon's bilingual half, dropped, when its English
// follows ("結論 Decision", "脫貧不穩定戶 — unstable", "(戶籍 registered)"),
// when it starts the line's text, and when it is a gloss in parentheses after
// the English it glosses ("a marginal household (邊緣戶)"). A run an English
// sentence is written around ("§4(一) is 邊緣戶幫扶 (marginal households
// only)", "Village 东山村（990101101201）", a quote in “”) has no English of
// its own: it is kept whole, so that the sentence still reads.
std::string LineWithoutChinese(std::string_view line, bool* had_chinese) {
  std::string out;
  out.reserve(line.size());
  std::size_t i = 0;
  *had_chinese = false;
  bool open_kept = false;  // a kept run opened a full-width bracket
  auto chinese_at = [&line](std::size_t at) {
    std::size_t l = 1;
    if (at >= line.size()) return false;
    char32_t cp = Decode(line, at, &l);
    return IsChineseCodePoint(cp) || IsQuotePunctuation(cp);
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
    // ("缺什麼補什麼;對風險單一的,實施單項措施"), the ellipses and quotes.
    std::size_t end = i;
    while (end < line.size()) {
      std::size_t l = 1;
      char32_t c = Decode(line, end, &l);
      if (IsChineseCodePoint(c) || IsQuotePunctuation(c)) {
        end += l;
      } else if ((line[end] == ',' || line[end] == ';' || line[end] == ':') &&
                 chinese_at(end + 1)) {
        end += 1;
      } else if (line[end] == '(' && chinese_at(end + 1)) {
        // "縣(市)級審定": a bracketed word inside a Chinese phrase.
        std::size_t close = line.find(')', end);
        if (close == std::string_view::npos || !chinese_at(close + 1)) break;
        end = close + 1;
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
    // An opening quote just before the run is the run's.
    bool quoted = out.size() >= kOpeningQuote.size() &&
                  out.compare(out.size() - kOpeningQuote.size(), kOpeningQuote.size(),
                              kOpeningQuote) == 0;
    if (quoted) out.resize(out.size() - kOpeningQuote.size());
    // Whether its English follows: (":" "," ";") a space, then a letter, a
    // figure, "(" or a dash.
    std::size_t after = end;
    while (after < line.size() && (line[after] == ':' || line[after] == ',' || line[after] == ';')) {
      ++after;
    }
    // (A quote is the plan's words, never a label.)
    bool translated = !quoted && after + 1 < line.size() && line[after] == ' ' &&
                      (IsAsciiLetter(line[after + 1]) ||
                       (line[after + 1] >= '0' && line[after + 1] <= '9') ||
                       line.substr(after + 1, 3) == "\u2014");
    bool gloss = !out.empty() && out.back() == '(' && end < line.size() && line[end] == ')';
    std::string_view run = line.substr(i, end - i);
    bool closes = open_kept && (run == "\uFF09" || run == "\u201D");
    // A measure's refusal ("不適用 not given: ...") is the pack's English
    // sentence: a run that starts it is its subject ("三免一助 is for
    // students..."), not a label with its translation.
    constexpr std::string_view kRefusal = "not given: ";
    bool subject = !gloss && out.size() >= kRefusal.size() &&
                   out.compare(out.size() - kRefusal.size(), kRefusal.size(), kRefusal) == 0;
    if (subject || (!translated && !gloss && (closes || EndsWithEnglishWord(out)))) {
      if (quoted) out.append(kOpeningQuote);
      out.append(run);
      open_kept = run.size() >= 3 && (run.substr(run.size() - 3) == "\uFF08");
      i = end;
      continue;
    }
    *had_chinese = true;
    if (gloss) {
      // "household (邊緣戶) (Plan" → "household (Plan".
      out.pop_back();
      while (!out.empty() && out.back() == ' ' && !OnlySpaces(out)) out.pop_back();
      i = end + 1;
      continue;
    }
    // Punctuation that belonged to the Chinese ("因病:", "措施,").
    while (end < line.size() && (line[end] == ':' || line[end] == ',' || line[end] == ';')) {
      ++end;
    }
    if (end < line.size() && line[end] == ' ') {
      ++end;
      // "20個工作日 20 working days": the figure written before the
      // Chinese is the English half's too; it is not printed twice.
      std::size_t digits = 0;
      while (digits < out.size() && out[out.size() - 1 - digits] >= '0' &&
             out[out.size() - 1 - digits] <= '9') {
        ++digits;
      }
      if (digits > 0 && out.size() > digits && out[out.size() - 1 - digits] == ' ' &&
          line.substr(end, digits) == std::string_view(out).substr(out.size() - digits)) {
        out.resize(out.size() - digits);
        while (!out.empty() && out.back() == ' ' && !OnlySpaces(out)) out.pop_back();
        out.push_back(' ');
      }
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
