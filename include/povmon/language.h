// The language of what povmon writes for people: explanations, notices and
// reports. povmon's texts and the packs' are written once, in the script of
// the source plans (Traditional Chinese) beside English; a reader gets
//
//   zh-Hans  Simplified Chinese (with the English beside it): the default,
//            the script the counties, their officers and their data use;
//   zh-Hant  Traditional Chinese, as the texts are written;
//   en       English only.
//
// Simplified is made with OpenCC's t2s conversion (Debian's libopencc, data
// in /usr/share/opencc), phrase by phrase, never by a second copy of a text.
#ifndef POVMON_LANGUAGE_H_
#define POVMON_LANGUAGE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace povmon {

enum class Language { kSimplifiedChinese, kTraditionalChinese, kEnglish };

inline constexpr Language kDefaultLanguage = Language::kSimplifiedChinese;

// "zh-Hans", "zh-Hant" or "en" (also "zh-CN", "zh-TW", "zh-HK", "zh", case
// insensitive); anything else is InvalidArgument naming the three.
absl::StatusOr<Language> ParseLanguage(std::string_view tag);

// The BCP 47 tag: "zh-Hans", "zh-Hant" or "en".
const char* LanguageTag(Language language);

// `text` as povmon writes it (Traditional Chinese beside English) in
// `language`: Simplified converts every Chinese character and phrase,
// Traditional returns it unchanged, English drops the Chinese words and lines
// but keeps citations ("Plan 4 §2(三)①"), values and identifiers.
// FailedPrecondition when OpenCC's t2s data cannot be loaded.
absl::StatusOr<std::string> Localize(std::string_view text, Language language);

// The same for a whole HTML page, whose root element's lang attribute is set
// to the language's tag.
absl::StatusOr<std::string> LocalizeHtml(std::string_view html, Language language);

}  // namespace povmon

#endif  // POVMON_LANGUAGE_H_
