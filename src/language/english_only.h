// The English half of povmon's bilingual texts: what --lang en prints.
#ifndef POVMON_SRC_LANGUAGE_ENGLISH_ONLY_H_
#define POVMON_SRC_LANGUAGE_ENGLISH_ONLY_H_

#include <string>
#include <string_view>

namespace povmon {

// `text` (lines of Chinese beside English, as povmon writes them) without
// its Chinese: every run of Chinese characters and full-width punctuation is
// dropped with one space beside it, and a line left with no letter or digit
// is dropped whole. A run between ASCII parentheses is part of a citation
// ("§2(三)") and stays. Text that had no Chinese is returned unchanged.
std::string EnglishOnly(std::string_view text);

// Whether `code_point` is a Chinese character or CJK / full-width
// punctuation (what EnglishOnly drops).
bool IsChineseCodePoint(char32_t code_point);

}  // namespace povmon

#endif  // POVMON_SRC_LANGUAGE_ENGLISH_ONLY_H_
