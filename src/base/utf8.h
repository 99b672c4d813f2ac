// UTF-8 as RFC 3629 defines it, decoded one sequence at a time. Every place
// that checks or walks UTF-8 (the JSON reader and writer, IsValidUtf8, the
// pack text check, terminal escaping) reads it through this one decoder, so
// they all refuse the same bytes.
#ifndef POVMON_SRC_BASE_UTF8_H_
#define POVMON_SRC_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace povmon {

// The length (1 to 4) of the valid UTF-8 sequence that starts at `p`
// (p < end), with its code point in *code_point; 0 when the bytes there are
// not one: a stray continuation byte, a lead byte of 0xF8 or more, a
// sequence cut short by `end`, an overlong form, a UTF-16 surrogate or a
// value past U+10FFFF. Inline: the JSON reader and writer call it for each
// character outside ASCII.
inline std::size_t Utf8Sequence(const char* p, const char* end, std::uint32_t* code_point) {
  const auto c = static_cast<unsigned char>(*p);
  if (c < 0x80) {
    *code_point = c;
    return 1;
  }
  std::size_t extra;
  std::uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
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
  if (static_cast<std::size_t>(end - p) <= extra) return 0;
  for (std::size_t i = 1; i <= extra; ++i) {
    const auto b = static_cast<unsigned char>(p[i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr std::uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  *code_point = cp;
  return extra + 1;
}

// Writes code point `cp` (at most U+10FFFF, not a surrogate) as UTF-8 into
// `out` (room for 4 bytes); returns the number of bytes written.
inline std::size_t EncodeUtf8(std::uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// `text` with every byte that is not part of valid UTF-8 written as \xNN, so
// that a message quoting input (a parser's "found ..." with a stray byte,
// or a snippet cut inside a character) is text.
inline std::string EscapeInvalidUtf8(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  const char* p = text.data();
  const char* const end = p + text.size();
  std::uint32_t code_point;
  while (p < end) {
    const std::size_t n = Utf8Sequence(p, end, &code_point);
    if (n == 0) {
      const auto b = static_cast<unsigned char>(*p++);
      out += "\\x";
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xF]);
      continue;
    }
    out.append(p, n);
    p += n;
  }
  return out;
}

}  // namespace povmon

#endif  // POVMON_SRC_BASE_UTF8_H_
