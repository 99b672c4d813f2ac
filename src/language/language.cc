// --lang: Simplified Chinese (the default), Traditional, English.
#include "povmon/language.h"

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "src/language/chinese_script.h"
#include "src/language/english_only.h"

namespace povmon {

absl::StatusOr<Language> ParseLanguage(std::string_view tag) {
  std::string t(tag);
  absl::AsciiStrToLower(&t);
  if (t == "zh-hans" || t == "zh-cn" || t == "zh-sg" || t == "zh") {
    return Language::kSimplifiedChinese;
  }
  if (t == "zh-hant" || t == "zh-tw" || t == "zh-hk" || t == "zh-mo") {
    return Language::kTraditionalChinese;
  }
  if (t == "en" || t == "en-us" || t == "en-gb") return Language::kEnglish;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown language \"", std::string(tag),
                   "\": use zh-Hans (Simplified Chinese, the default), zh-Hant (Traditional "
                   "Chinese) or en (English)"));
}

const char* LanguageTag(Language language) {
  switch (language) {
    case Language::kSimplifiedChinese: return "zh-Hans";
    case Language::kTraditionalChinese: return "zh-Hant";
    case Language::kEnglish: return "en";
  }
  return "zh-Hans";
}

absl::StatusOr<std::string> Localize(std::string_view text, Language language) {
  switch (language) {
    case Language::kSimplifiedChinese: return TraditionalToSimplified(text);
    case Language::kTraditionalChinese: return std::string(text);
    case Language::kEnglish: return EnglishOnly(text);
  }
  return std::string(text);
}

absl::StatusOr<std::string> LocalizeHtml(std::string_view html, Language language) {
  absl::StatusOr<std::string> page = Localize(html, language);
  if (!page.ok()) return page;
  // The root element's lang attribute: <html lang="...">.
  std::string::size_type root = page->find("<html");
  if (root != std::string::npos) {
    std::string::size_type close = page->find('>', root);
    std::string::size_type attribute = page->find("lang=\"", root);
    if (attribute != std::string::npos && attribute < close) {
      std::string::size_type value = attribute + 6;
      std::string::size_type end = page->find('"', value);
      if (end != std::string::npos && end < close) {
        page->replace(value, end - value, LanguageTag(language));
      }
    } else if (close != std::string::npos) {
      page->insert(root + 5, absl::StrCat(" lang=\"", LanguageTag(language), "\""));
    }
  }
  return page;
}

}  // namespace povmon
