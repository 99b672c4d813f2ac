#include "src/language/chinese_script.h"

#include <exception>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "opencc/SimpleConverter.hpp"

namespace povmon {
namespace {

// An OpenCC converter, or why it could not be loaded. Built on first use
// (thread-safe), kept for the life of the process: reading the dictionaries
// takes milliseconds, converting a text microseconds.
struct Loaded {
  std::unique_ptr<opencc::SimpleConverter> converter;
  std::string error;
};

Loaded* Load(const char* config) {
  auto* loaded = new Loaded;
  try {
    loaded->converter = std::make_unique<opencc::SimpleConverter>(config);
  } catch (const std::exception& e) {
    loaded->error = e.what();
  }
  return loaded;
}

const Loaded& T2s() {
  static const Loaded* const t2s = Load("t2s.json");
  return *t2s;
}

const Loaded& S2t() {
  static const Loaded* const s2t = Load("s2t.json");
  return *s2t;
}

absl::StatusOr<std::string> Convert(const Loaded& with, const char* config, const char* what,
                                    const char* instead, std::string_view text) {
  if (with.converter == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot load OpenCC's ", config, " for ", what,
                     " (Debian: libopencc-data): ", with.error, "; ", instead));
  }
  try {
    return with.converter->Convert(text.data(), text.size());
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("OpenCC ", config, ": ", e.what()));
  }
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> TraditionalToSimplified(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  return Convert(T2s(), "t2s.json", "Simplified Chinese", "use --lang zh-Hant or en", text);
}

absl::StatusOr<std::string> SimplifiedToTraditional(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  return Convert(S2t(), "s2t.json", "Traditional Chinese", "use --lang zh-Hans", text);
}

}  // namespace povmon
