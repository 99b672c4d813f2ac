#include "src/presentation/notice_redaction.h"

#include <algorithm>
#include <cstdint>

#include "google/protobuf/descriptor.h"
#include "povmon/v1/options.pb.h"
#include "povmon/terminal_text.h"

namespace povmon {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// One decoded code point and the bytes it takes.
struct CodePoint {
  char32_t cp = 0;
  std::size_t size = 1;
};

// Decode the UTF-8 code point at `text[i]`; a malformed byte decodes as
// itself (one byte), so nothing is ever skipped.
CodePoint Decode(std::string_view text, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  auto cont = [&](std::size_t k) {
    return i + k < text.size() &&
           (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
  };
  auto at = [&](std::size_t k) {
    return static_cast<char32_t>(static_cast<unsigned char>(text[i + k]) &
                                 0x3F);
  };
  if (c < 0x80) return {c, 1};
  if ((c & 0xE0) == 0xC0 && cont(1))
    return {(static_cast<char32_t>(c & 0x1F) << 6) | at(1), 2};
  if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    return {(static_cast<char32_t>(c & 0x0F) << 12) | (at(1) << 6) | at(2), 3};
  }
  if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    return {(static_cast<char32_t>(c & 0x07) << 18) | (at(1) << 12) |
                (at(2) << 6) | at(3),
            4};
  }
  return {c, 1};
}

std::vector<CodePoint> DecodeAll(std::string_view text,
                                 std::vector<std::size_t>* offsets) {
  std::vector<CodePoint> out;
  for (std::size_t i = 0; i < text.size();) {
    CodePoint p = Decode(text, i);
    out.push_back(p);
    offsets->push_back(i);
    i += p.size;
  }
  offsets->push_back(text.size());
  return out;
}

bool IsDigit(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

bool IsHanNumeral(char32_t c) {
  static constexpr char32_t kNumerals[] = {U'〇', U'零', U'一', U'二', U'三',
                                           U'四', U'五', U'六', U'七', U'八',
                                           U'九', U'十', U'廿', U'卅'};
  return std::find(std::begin(kNumerals), std::end(kNumerals), c) !=
         std::end(kNumerals);
}

// Han characters written for digits, as a phone or ID number may be
// written out (一三八〇七三九一二四五, 幺 for 1, the financial forms).
bool IsHanDigit(char32_t c) {
  static constexpr char32_t kDigits[] = {
      U'〇', U'零', U'一', U'二', U'三', U'四', U'五', U'六', U'七', U'八', U'九',
      U'幺', U'两', U'兩', U'壹', U'贰', U'貳', U'叁', U'參', U'肆', U'伍', U'陆',
      U'陸', U'柒', U'捌', U'玖', U'○', U'Ｏ'};
  return std::find(std::begin(kDigits), std::end(kDigits), c) != std::end(kDigits);
}

bool IsAnyDigit(char32_t c) { return IsDigit(c) || IsHanDigit(c); }

// Characters that may sit between digit groups of one number.
bool IsDigitSeparator(char32_t c) {
  return c == ' ' || c == '-' || c == '.' || c == '/' || c == 0x3000 ||
         c == 0xFF0D || c == 0xFF0F || c == 0xFF0E || c == 0x2010 ||
         c == 0x2013 || c == 0x2014;
}

bool IsSpace(char32_t c) { return c == ' ' || c == 0x3000 || c == '\t'; }

// A date with 年 and 月 (and 日/號) from position i: its length in code points,
// or 0. Years are 2-4 digits or Han numerals, months and days 1-3.
std::size_t DateLength(const std::vector<CodePoint>& cps, std::size_t i) {
  std::size_t k = i;
  auto number = [&](std::size_t min, std::size_t max) {
    std::size_t start = k;
    bool han = k < cps.size() && IsHanNumeral(cps[k].cp);
    while (k < cps.size() &&
           (han ? IsHanNumeral(cps[k].cp) : IsDigit(cps[k].cp)) &&
           k - start < max)
      ++k;
    return k - start >= min;
  };
  auto spaces = [&] {
    while (k < cps.size() && IsSpace(cps[k].cp)) ++k;
  };
  auto mark = [&](std::initializer_list<char32_t> marks) {
    if (k < cps.size() &&
        std::find(marks.begin(), marks.end(), cps[k].cp) != marks.end()) {
      ++k;
      return true;
    }
    return false;
  };
  if (!number(2, 4)) return 0;
  spaces();
  if (!mark({U'年'})) return 0;
  spaces();
  if (!number(1, 3)) return 0;
  spaces();
  if (!mark({U'月'})) return 0;
  std::size_t month_end = k;
  spaces();
  if (number(1, 3)) {
    spaces();
    if (mark({U'日', U'號', U'号'})) return k - i;
  }
  return month_end - i;
}

// A run of digits (with single separators between groups, and an ID's final
// X) from position i: its length in code points and its digit count.
std::size_t DigitRunLength(const std::vector<CodePoint>& cps, std::size_t i,
                           int* digits) {
  std::size_t k = i;
  *digits = 0;
  while (k < cps.size()) {
    if (IsAnyDigit(cps[k].cp)) {
      ++*digits;
      ++k;
    } else if (IsDigitSeparator(cps[k].cp) && k + 1 < cps.size() &&
               IsAnyDigit(cps[k + 1].cp)) {
      ++k;
    } else {
      break;
    }
  }
  if (*digits >= 14 && k < cps.size() &&
      (cps[k].cp == 'X' || cps[k].cp == 'x' || cps[k].cp == 0xFF38 ||
       cps[k].cp == 0xFF58)) {
    ++k;
  }
  return k - i;
}

void Collect(const Message& m, const std::string* shown,
             std::vector<std::string>* out) {
  const google::protobuf::Descriptor* d = m.GetDescriptor();
  const Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int k = 0; k < r->FieldSize(m, f); ++k)
          Collect(r->GetRepeatedMessage(m, f, k), shown, out);
      } else if (r->HasField(m, f)) {
        Collect(r->GetMessage(m, f), shown, out);
      }
      continue;
    }
    if (f->type() != FieldDescriptor::TYPE_STRING ||
        !f->options().GetExtension(v1::personal_data)) {
      continue;
    }
    // Only the one value shown on purpose is skipped: another field that
    // holds the same text (an address written as the head's name too) is
    // still personal, and so the name is withheld.
    auto add = [&](const std::string& v) {
      if (!v.empty() && &v != shown) out->push_back(v);
    };
    // References to the stored values, so that `shown` is recognised by
    // address.
    std::string scratch;
    if (f->is_repeated()) {
      for (int k = 0; k < r->FieldSize(m, f); ++k)
        add(r->GetRepeatedStringReference(m, f, k, &scratch));
    } else {
      add(r->GetStringReference(m, f, &scratch));
    }
  }
}

std::size_t CodePointCount(std::string_view text) {
  std::vector<std::size_t> offsets;
  return DecodeAll(text, &offsets).size();
}

}  // namespace

Redactor::Redactor(const google::protobuf::Message& record,
                   const std::string* shown) {
  Collect(record, shown, &values_);
  // A value of one or two characters (a child's name "強") would cut words
  // out of everything: those are left to the shape rules.
  values_.erase(std::remove_if(
                    values_.begin(), values_.end(),
                    [](const std::string& v) { return CodePointCount(v) < 3; }),
                values_.end());
  std::sort(values_.begin(), values_.end(),
            [](const std::string& a, const std::string& b) {
              return a.size() != b.size() ? a.size() > b.size() : a < b;
            });
  values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
}

std::string Redactor::Clean(std::string_view text) const {
  std::string out(text);
  for (const std::string& v : values_) {
    for (std::size_t at = out.find(v); at != std::string::npos;
         at = out.find(v, at)) {
      out.replace(at, v.size(), kRedacted);
      at += sizeof(kRedacted) - 1;
    }
  }
  return RedactPatterns(out);
}

std::string RedactErrorMessage(std::string_view message,
                               const google::protobuf::Message& record) {
  std::vector<std::size_t> offsets;
  std::vector<CodePoint> cps = DecodeAll(message, &offsets);
  std::string unquoted;
  for (std::size_t i = 0; i < cps.size();) {
    char32_t open = cps[i].cp;
    char32_t close = open == U'“' ? U'”' : open == U'「' ? U'」' : open;
    if (open != '"' && open != '\'' && open != U'“' && open != U'「') {
      unquoted.append(message.substr(offsets[i], offsets[i + 1] - offsets[i]));
      ++i;
      continue;
    }
    // Up to the closing quote (escaped quotes do not close), or the end.
    std::size_t k = i + 1;
    while (k < cps.size() && cps[k].cp != close) k += cps[k].cp == '\\' ? 2 : 1;
    unquoted.append(message.substr(offsets[i], offsets[i + 1] - offsets[i]));
    unquoted += kRedacted;
    if (k < cps.size()) {
      unquoted.append(message.substr(offsets[k], offsets[k + 1] - offsets[k]));
    }
    i = k + 1;
  }
  // Field paths and the engine's messages are ASCII; text outside ASCII
  // came from the record (a key, a value): none of it is repeated. Each run
  // of it (a mark from above included) becomes one mark.
  std::string ascii;
  bool in_run = false;
  for (char c : unquoted) {
    if (static_cast<unsigned char>(c) < 0x80) {
      ascii.push_back(c);
      in_run = false;
    } else if (!in_run) {
      ascii += kRedacted;
      in_run = true;
    }
  }
  Redactor redactor(record, nullptr);
  return EscapeControlsInLine(redactor.Clean(ascii));
}

std::string RedactPatterns(std::string_view text) {
  std::vector<std::size_t> offsets;
  std::vector<CodePoint> cps = DecodeAll(text, &offsets);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < cps.size();) {
    std::size_t date = DateLength(cps, i);
    if (date > 0) {
      out += kRedacted;
      i += date;
      continue;
    }
    if (IsAnyDigit(cps[i].cp)) {
      int digits = 0;
      std::size_t run = DigitRunLength(cps, i, &digits);
      if (digits >= 6) {
        out += kRedacted;
      } else {
        out.append(text.substr(offsets[i], offsets[i + run] - offsets[i]));
      }
      i += run;
      continue;
    }
    out.append(text.substr(offsets[i], offsets[i + 1] - offsets[i]));
    ++i;
  }
  return out;
}

std::string SanitiseName(std::string_view name) {
  std::vector<std::size_t> offsets;
  std::vector<CodePoint> cps = DecodeAll(name, &offsets);
  auto is_han = [](char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2A6DF);
  };
  auto is_latin = [](char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  auto is_dot = [](char32_t c) {
    return c == 0x00B7 || c == 0x30FB || c == 0x2022 || c == 0xFF65 ||
           c == 0x2027;
  };
  std::size_t start = 0;
  while (start < cps.size() && IsSpace(cps[start].cp)) ++start;
  std::size_t end = start;
  int letters = 0;
  bool dotted = false;
  while (end < cps.size()) {
    char32_t c = cps[end].cp;
    if (IsHanDigit(c)) {
      // A number written in Han digits (a phone number after the name) ends
      // the name, as digits do.
      int digits = 0;
      DigitRunLength(cps, end, &digits);
      if (digits >= 6) break;
    }
    if (is_han(c) || is_latin(c)) {
      ++letters;
    } else if (is_dot(c)) {
      dotted = true;
    } else if (c == ' ' && end > start && is_latin(cps[end - 1].cp) &&
               end + 1 < cps.size() && is_latin(cps[end + 1].cp)) {
      // a space inside a name written in Latin letters
    } else {
      break;
    }
    ++end;
  }
  while (end > start && is_dot(cps[end - 1].cp)) --end;
  if (letters == 0 || letters > 15 || (!dotted && letters > 6)) return "";
  static constexpr char32_t kStrong[] = {
      U'省', U'縣', U'县', U'區', U'区', U'鄉', U'乡', U'村', U'組', U'组',
      U'號', U'号', U'棟', U'栋', U'樓', U'楼', U'室', U'巷', U'弄'};
  static constexpr char32_t kWeak[] = {U'市', U'鎮', U'镇', U'路', U'街'};
  int weak = 0;
  for (std::size_t i = start; i < end; ++i) {
    char32_t c = cps[i].cp;
    if (std::find(std::begin(kStrong), std::end(kStrong), c) !=
        std::end(kStrong))
      return "";
    if (std::find(std::begin(kWeak), std::end(kWeak), c) != std::end(kWeak))
      ++weak;
  }
  if (weak >= 2) return "";
  return std::string(
      name.substr(offsets[start], offsets[end] - offsets[start]));
}

}  // namespace povmon
