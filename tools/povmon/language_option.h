// --lang zh-Hans|zh-Hant|en for the commands that write for people (eval
// --explain, notice, workshop --explain, whatif): Simplified Chinese by
// default (include/povmon/language.h).
#ifndef POVMON_TOOLS_POVMON_LANGUAGE_OPTION_H_
#define POVMON_TOOLS_POVMON_LANGUAGE_OPTION_H_

#include <optional>
#include <string>

#include "povmon/language.h"

namespace povmon::cli {

inline constexpr char kLanguageHelp[] =
    "zh-Hans (Simplified Chinese, the default), zh-Hant (Traditional) or en (English)";

// The language --lang names, its converter loaded; or nullopt after printing
// "povmon COMMAND: ..." to stderr.
std::optional<Language> LanguageOption(const char* command, const std::string& tag);

// `text` in `language` (Localize, whose converter LanguageOption loaded).
std::string InLanguage(const std::string& text, Language language);
std::string HtmlInLanguage(const std::string& html, Language language);

}  // namespace povmon::cli

#endif  // POVMON_TOOLS_POVMON_LANGUAGE_OPTION_H_
