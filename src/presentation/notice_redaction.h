// Keeping personal data out of public notices (Plan 10 §3.2: 公示內容不允許出現
// 身份證號碼、家庭住址、電話號碼、出生日期、銀行卡號等個人敏感信息).
//
// A notice prints a few fields on purpose (the household head's name, the
// village) and text the engine writes itself. Every printed text goes
// through a Redactor, which removes
//   - every value of every field marked (personal_data) = true anywhere in
//     the household (found through the descriptors, so a field added later
//     is covered too), except the one value the notice exists to show; and
//   - anything shaped like the five kinds whatever field it came from: runs
//     of 6 or more digits (ID, phone, bank card numbers, dates written as
//     digits, also with spaces, hyphens, dots or slashes between groups, and
//     full-width digits, and digits written as Han characters: 一三八〇...,
//     幺, 壹貳參...), an ID's final X, and dates written with 年月日.
// The head's name is further cut down to what a name can be (see
// SanitiseName).
#ifndef POVMON_SRC_PRESENTATION_NOTICE_REDACTION_H_
#define POVMON_SRC_PRESENTATION_NOTICE_REDACTION_H_

#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/message.h"

namespace povmon {

// What replaces a redacted span.
inline constexpr char kRedacted[] = "＊＊＊";

class Redactor {
 public:
  // Collects the personal values of `record` (any message; for a household
  // this reaches every member). `shown` is the field value the notice
  // prints on purpose (the head's name, inside `record`; nullptr for none):
  // that one value is not collected. Any other field holding the same text
  // (the address copied into the name) is, so Clean(name) then differs
  // from the name and the notice withholds it.
  Redactor(const google::protobuf::Message& record, const std::string* shown);

  // `text` with personal values and personal-data shapes replaced by
  // kRedacted.
  std::string Clean(std::string_view text) const;

  const std::vector<std::string>& values() const { return values_; }

 private:
  std::vector<std::string> values_;  // longest first
};

// An error message about `record` (as much of it as was read) as the notice
// command prints it: every quoted span ("...", '...', “...”, 「...」), every
// run of text outside ASCII (field paths and the engine's messages are
// ASCII: such text came from the record, as a key or a value) and every
// personal value of the record replaced by kRedacted, then the shapes of the
// five kinds, and control characters escaped. The message still says where
// (line, field path, column) and what was wrong, never with which text.
std::string RedactErrorMessage(std::string_view message,
                               const google::protobuf::Message& record);

// Replace the shapes of the five kinds (digit runs, ID check letters, dates
// with 年月日) in `text`.
std::string RedactPatterns(std::string_view text);

// The part of a recorded name that can be a name: the leading Han
// characters, letters, middle dots and single spaces between letters, cut at
// the first anything else. Empty when the result cannot be a name: nothing
// left, longer than 15 characters, longer than 6 without a middle dot
// (minority names), or carrying address words (省, 縣, 區, 鄉, 村, 組, 號,
// 棟, 樓, 室, 巷, 弄; or two of 市, 鎮, 路, 街).
std::string SanitiseName(std::string_view name);

}  // namespace povmon

#endif  // POVMON_SRC_PRESENTATION_NOTICE_REDACTION_H_
