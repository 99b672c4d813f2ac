// Pack files in protobuf text format, with positions for every problem.
//
// The text-format parser reports where each field starts (line and a
// tab-expanded column); rule expressions are string literals inside those
// files, so a column inside an expression has to be mapped back through the
// literal's quotes, escapes and adjacent-literal concatenation to a file
// position. This file does both.
#ifndef POVMON_SRC_POLICY_TEXT_SOURCE_H_
#define POVMON_SRC_POLICY_TEXT_SOURCE_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "povmon/policy.h"

namespace povmon {

// Problems collected while loading, in the order found.
// Problems are reported with columns in characters (a Chinese character is
// one column, as editors count), though positions are found in bytes: Add
// converts a byte column on a line of a file it knows the text of (every
// file parsed with TextSource::Parse into this list).
class ProblemList {
 public:
  // `column` is 1-based, in bytes.
  void Add(const std::string& file, int line, int column, std::string message);
  const std::vector<LoadProblem>& problems() const { return problems_; }
  bool empty() const { return problems_.empty(); }
  // The text of `file`, so that its byte columns can be counted in characters.
  void Remember(const std::string& file, const std::string& content);

 private:
  std::vector<LoadProblem> problems_;
  std::map<std::string, std::string> contents_;
};

struct FilePosition {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes (ProblemList::Add reports characters)
};

class TextSource {
 public:
  TextSource(std::string name, std::string content);

  const std::string& name() const { return name_; }
  const std::string& content() const { return content_; }

  // The last occurrence of `token` that starts before `from`, or {0, 0}.
  FilePosition FindBackwards(const std::string& token, FilePosition from) const;

  // Parse into `message`. Syntax errors and unknown fields are added to
  // `problems` (the parser stops at the first), then every string value
  // that is not valid UTF-8, at the position of its first bad byte; returns
  // whether it parsed with valid text. Messages nest at most
  // kRecursionLimit deep.
  bool Parse(google::protobuf::Message* message, ProblemList* problems);
  static constexpr int kRecursionLimit = 64;

  // Where field `field` (element `index` of a repeated field, -1 otherwise)
  // of the message described by `tree` starts. `tree` is nullptr for the
  // top-level message.
  // Line 0 when the field does not appear in the text.
  FilePosition FieldPosition(const google::protobuf::TextFormat::ParseInfoTree* tree,
                             const google::protobuf::FieldDescriptor* field,
                             int index = -1) const;

  // The parse tree of element `index` of message field `field`.
  const google::protobuf::TextFormat::ParseInfoTree* Nested(
      const google::protobuf::TextFormat::ParseInfoTree* tree,
      const google::protobuf::FieldDescriptor* field, int index) const;

  // The text of 1-based line `line`, without its newline.
  std::string_view Line(int line) const;

  // A tokenizer position (0-based line, tab-expanded column) as a file position.
  FilePosition FromTokenizer(int line, int column) const;

  const google::protobuf::TextFormat::ParseInfoTree* root() const { return &tree_; }

  // The file position of each byte of the (unescaped) string value of the
  // field that starts at `field_start`; entry i is the position of byte i,
  // plus one entry for the position just past the last byte.
  std::vector<FilePosition> MapStringValue(FilePosition field_start) const;

 private:
  bool CheckUtf8(const google::protobuf::Message& message,
                 const google::protobuf::TextFormat::ParseInfoTree* tree,
                 ProblemList* problems) const;

  std::string name_;
  std::string content_;
  std::vector<std::size_t> line_starts_;
  google::protobuf::TextFormat::ParseInfoTree tree_;
};

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_TEXT_SOURCE_H_
