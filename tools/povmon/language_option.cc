#include "tools/povmon/language_option.h"

#include <iostream>

#include "absl/status/statusor.h"

namespace povmon::cli {

std::optional<Language> LanguageOption(const char* command, const std::string& tag) {
  absl::StatusOr<Language> language = ParseLanguage(tag);
  if (!language.ok()) {
    std::cerr << "povmon " << command << ": --lang: " << language.status().message() << "\n";
    return std::nullopt;
  }
  // Load the converter now, so that a missing dictionary is one usage error.
  if (absl::StatusOr<std::string> probe = Localize("戶", *language); !probe.ok()) {
    std::cerr << "povmon " << command << ": " << probe.status().message() << "\n";
    return std::nullopt;
  }
  return *language;
}

std::string InLanguage(const std::string& text, Language language) {
  absl::StatusOr<std::string> localized = Localize(text, language);
  return localized.ok() ? *std::move(localized) : text;
}

std::string HtmlInLanguage(const std::string& html, Language language) {
  absl::StatusOr<std::string> localized = LocalizeHtml(html, language);
  return localized.ok() ? *std::move(localized) : html;
}

}  // namespace povmon::cli
