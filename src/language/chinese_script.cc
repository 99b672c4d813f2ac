#include "src/language/chinese_script.h"

#include <exception>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "opencc/SimpleConverter.hpp"

namespace povmon {
namespace {

// OpenCC's t2s converter, or why it could not be loaded. Built on first use
// (thread-safe), kept for the life of the process: reading the dictionaries
// takes milliseconds, converting a text microseconds.
struct T2s {
  std::unique_ptr<opencc::SimpleConverter> converter;
  std::string error;
};

const T2s& Converter() {
  static const T2s* const t2s = [] {
    auto* loaded = new T2s;
    try {
      loaded->converter = std::make_unique<opencc::SimpleConverter>("t2s.json");
    } catch (const std::exception& e) {
      loaded->error = e.what();
    }
    return loaded;
  }();
  return *t2s;
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
  const T2s& t2s = Converter();
  if (t2s.converter == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot load OpenCC's t2s.json for Simplified Chinese (Debian: "
                     "libopencc-data): ",
                     t2s.error, "; use --lang zh-Hant or en"));
  }
  try {
    return t2s.converter->Convert(text.data(), text.size());
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("OpenCC t2s: ", e.what()));
  }
}

}  // namespace povmon
