// The notice redaction: any text through the shape rules, the name rules,
// the error-message rules and the terminal escaping; any household (JSON)
// through the Redactor. Invariants: no run of six ASCII digits survives
// RedactPatterns, a sanitised name is a prefix-cut of the name with no
// digit in it, error messages come out ASCII apart from the mark, and
// escaped text holds no control character but line feeds and tabs.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "google/protobuf/util/json_util.h"
#include "povmon/v1/household.pb.h"
#include "src/presentation/notice_redaction.h"
#include "povmon/terminal_text.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

int LongestAsciiDigitRun(std::string_view text) {
  int best = 0, run = 0;
  for (char c : text) {
    run = c >= '0' && c <= '9' ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string clean = povmon::RedactPatterns(text);
  POVMON_FUZZ_CHECK(LongestAsciiDigitRun(clean) < 6);
  std::string name = povmon::SanitiseName(text);
  POVMON_FUZZ_CHECK(name.size() <= text.size());
  for (char c : name) POVMON_FUZZ_CHECK(!(c >= '0' && c <= '9'));
  std::string escaped = povmon::EscapeControls(text);
  for (char c : escaped) {
    auto u = static_cast<unsigned char>(c);
    POVMON_FUZZ_CHECK(u >= 0x20 || c == '\n' || c == '\t');
    POVMON_FUZZ_CHECK(u != 0x7F);
  }
  povmon::v1::Household household;
  if (google::protobuf::util::JsonStringToMessage(std::string(text), &household).ok()) {
    povmon::Redactor redactor(household, nullptr);
    std::string cleaned = redactor.Clean(text);
    for (const std::string& v : redactor.values()) {
      POVMON_FUZZ_CHECK(cleaned.find(v) == std::string::npos || v.find("＊") != std::string::npos);
    }
  }
  std::string message = povmon::RedactErrorMessage(text, household);
  std::string_view rest = message;
  for (std::size_t at; (at = rest.find("＊＊＊")) != std::string_view::npos;) {
    for (char c : rest.substr(0, at)) POVMON_FUZZ_CHECK(static_cast<unsigned char>(c) < 0x80);
    rest.remove_prefix(at + std::string_view("＊＊＊").size());
  }
  for (char c : rest) POVMON_FUZZ_CHECK(static_cast<unsigned char>(c) < 0x80);
  return 0;
}
