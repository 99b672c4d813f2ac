#include "src/policy/text_source.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <vector>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "src/base/nearest_name.h"
#include "src/base/utf8.h"

namespace povmon {
namespace {

using google::protobuf::TextFormat;

// The field of `type` (a povmon.v1 message) nearest to `name`, or "".
std::string NearestFieldName(const std::string& type, const std::string& name) {
  const google::protobuf::Descriptor* d =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
  if (d == nullptr) return "";
  std::vector<std::string> names;
  for (int i = 0; i < d->field_count(); ++i) names.push_back(d->field(i)->name());
  return NearestName(name, names);
}

// The value of any povmon.v1 enum nearest to `value` ("RISK_TYPE_ILNESS" →
// RISK_TYPE_ILLNESS), or "".
std::string NearestEnumValue(const std::string& value) {
  static const std::vector<std::string>* const values = [] {
    auto* all = new std::vector<std::string>;
    const google::protobuf::FileDescriptor* files[] = {
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(
            "povmon/v1/policy.proto")};
    std::vector<const google::protobuf::FileDescriptor*> pending(std::begin(files),
                                                                 std::end(files));
    std::vector<const google::protobuf::FileDescriptor*> seen;
    while (!pending.empty()) {
      const google::protobuf::FileDescriptor* f = pending.back();
      pending.pop_back();
      if (f == nullptr || std::find(seen.begin(), seen.end(), f) != seen.end()) continue;
      seen.push_back(f);
      for (int i = 0; i < f->dependency_count(); ++i) pending.push_back(f->dependency(i));
      if (f->package() != "povmon.v1") continue;
      for (int e = 0; e < f->enum_type_count(); ++e) {
        for (int v = 0; v < f->enum_type(e)->value_count(); ++v) {
          all->push_back(f->enum_type(e)->value(v)->name());
        }
      }
      for (int m = 0; m < f->message_type_count(); ++m) {
        const google::protobuf::Descriptor* d = f->message_type(m);
        for (int e = 0; e < d->enum_type_count(); ++e) {
          for (int v = 0; v < d->enum_type(e)->value_count(); ++v) {
            all->push_back(d->enum_type(e)->value(v)->name());
          }
        }
      }
    }
    return all;
  }();
  return NearestName(value, *values);
}

class Collector : public google::protobuf::io::ErrorCollector {
 public:
  Collector(const TextSource* source, ProblemList* problems)
      : source_(source), problems_(problems) {}
  void AddError(int line, int column, const std::string& message) override {
    FilePosition p = source_->FromTokenizer(line, column);
    // The parser reports an unknown field after reading past its name; point
    // at the name itself.
    static constexpr char kUnknown[] = "has no field named \"";
    const std::size_t at = message.find(kUnknown);
    if (at != std::string::npos && p.line > 0) {
      std::size_t start = at + sizeof(kUnknown) - 1;
      std::size_t end = message.find('"', start);
      std::string name = message.substr(start, end - start);
      std::string_view text = source_->Line(p.line);
      std::size_t found = text.rfind(name, static_cast<std::size_t>(p.column - 1));
      if (!name.empty() && found != std::string_view::npos) {
        p.column = static_cast<int>(found) + 1;
      }
    }
    std::string text = message;
    // An unknown enum value is reported at the token after it, often on the
    // next line: point at the value itself, and suggest the nearest value.
    static constexpr char kEnum[] = "Unknown enumeration value of \"";
    std::size_t enum_at = message.find(kEnum);
    if (enum_at != std::string::npos) {
      std::size_t start = enum_at + sizeof(kEnum) - 1;
      std::size_t end = message.find('"', start);
      std::string value = message.substr(start, end - start);
      FilePosition found = source_->FindBackwards(value, p);
      if (found.line > 0) p = found;
      std::string suggestion = NearestEnumValue(value);
      if (!suggestion.empty()) absl::StrAppend(&text, " Did you mean ", suggestion, "?");
    }
    if (at != std::string::npos) {
      // 'Message type "povmon.v1.Rule" has no field named "whne".'
      static constexpr char kType[] = "Message type \"";
      std::size_t type_at = message.find(kType);
      std::size_t name_start = at + sizeof(kUnknown) - 1;
      std::string name = message.substr(name_start, message.find('"', name_start) - name_start);
      if (type_at != std::string::npos) {
        std::size_t t = type_at + sizeof(kType) - 1;
        std::string type = message.substr(t, message.find('"', t) - t);
        std::string suggestion = NearestFieldName(type, name);
        if (!suggestion.empty()) absl::StrAppend(&text, " Did you mean ", suggestion, "?");
      }
    }
    // Protobuf's parser quotes the token it did not expect as found: a stray
    // byte of the file (0xA2 where a quote belongs) is shown as \xA2.
    problems_->Add(source_->name(), p.line, p.column, EscapeInvalidUtf8(text));
  }
  void AddWarning(int line, int column, const std::string& message) override {
    AddError(line, column, message);
  }

 private:
  const TextSource* source_;
  ProblemList* problems_;
};

// The offset of the first byte of `text` that is not part of valid UTF-8
// (overlong forms, surrogates and values past U+10FFFF are invalid), or
// npos.
std::size_t FirstInvalidUtf8(std::string_view text) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  std::uint32_t code_point;
  for (const char* p = begin; p < end;) {
    const std::size_t n = Utf8Sequence(p, end, &code_point);
    if (n == 0) return static_cast<std::size_t>(p - begin);
    p += n;
  }
  return std::string_view::npos;
}

// The tokenizer counts a tab as advancing to the next multiple of 8.
int TabColumnToByte(std::string_view line, int tab_column) {
  int col = 0;
  std::size_t i = 0;
  while (i < line.size() && col < tab_column) {
    col = line[i] == '\t' ? col + 8 - col % 8 : col + 1;
    ++i;
  }
  return static_cast<int>(i);
}

}  // namespace

void ProblemList::Remember(const std::string& file, const std::string& content) {
  contents_.emplace(file, content);
}

void ProblemList::Add(const std::string& file, int line, int column, std::string message) {
  LoadProblem p;
  p.file = file;
  p.line = line;
  p.column = column;
  // Bytes to characters: count the UTF-8 lead bytes before the column.
  auto text = contents_.find(file);
  if (text != contents_.end() && line > 0 && column > 1) {
    std::size_t start = 0;
    for (int l = 1; l < line && start != std::string::npos; ++l) {
      start = text->second.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    if (start != std::string::npos) {
      int characters = 0;
      for (std::size_t i = start; i < text->second.size() && i < start + column - 1 &&
                                  text->second[i] != '\n';
           ++i) {
        if ((static_cast<unsigned char>(text->second[i]) & 0xC0) != 0x80) ++characters;
      }
      p.column = characters + 1;
    }
  }
  p.message = std::move(message);
  problems_.push_back(std::move(p));
}

std::string LoadProblem::ToString() const {
  if (line <= 0) return absl::StrCat(file, ": ", message);
  return absl::StrCat(file, ":", line, ":", column, ": ", message);
}

TextSource::TextSource(std::string name, std::string content)
    : name_(std::move(name)), content_(std::move(content)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < content_.size(); ++i) {
    if (content_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

FilePosition TextSource::FindBackwards(const std::string& token, FilePosition from) const {
  if (token.empty() || from.line <= 0) return {0, 0};
  std::size_t end = std::min(content_.size(),
                             line_starts_[std::min<std::size_t>(from.line, line_starts_.size()) - 1] +
                                 static_cast<std::size_t>(std::max(from.column, 1)));
  std::size_t at = content_.rfind(token, end);
  if (at == std::string::npos) return {0, 0};
  auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), at) - 1;
  return {static_cast<int>(line - line_starts_.begin()) + 1,
          static_cast<int>(at - *line) + 1};
}

std::string_view TextSource::Line(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return {};
  std::size_t start = line_starts_[line - 1];
  std::size_t end = static_cast<std::size_t>(line) < line_starts_.size()
                        ? line_starts_[line] - 1
                        : content_.size();
  return std::string_view(content_.data() + start, end - start);
}

FilePosition TextSource::FromTokenizer(int line, int column) const {
  if (line < 0) return {0, 0};
  std::size_t l = static_cast<std::size_t>(line);
  if (l >= line_starts_.size()) return {line + 1, column + 1};
  std::size_t start = line_starts_[l];
  std::size_t end = l + 1 < line_starts_.size() ? line_starts_[l + 1] - 1 : content_.size();
  std::string_view text(content_.data() + start, end - start);
  return {line + 1, TabColumnToByte(text, column) + 1};
}

bool TextSource::Parse(google::protobuf::Message* message, ProblemList* problems) {
  problems->Remember(name_, content_);
  Collector collector(this, problems);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree_);
  parser.SetRecursionLimit(kRecursionLimit);
  if (!parser.ParseFromString(content_, message)) return false;
  // The text format's escapes (\377, \xff) write any byte into a string;
  // every string of a pack is text, so each must be valid UTF-8.
  return CheckUtf8(*message, &tree_, problems);
}

bool TextSource::CheckUtf8(const google::protobuf::Message& message,
                           const TextFormat::ParseInfoTree* tree, ProblemList* problems) const {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* r = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(message, &fields);
  bool ok = true;
  for (const FieldDescriptor* f : fields) {
    int count = f->is_repeated() ? r->FieldSize(message, f) : 1;
    for (int k = 0; k < count; ++k) {
      int index = f->is_repeated() ? k : -1;
      if (f->type() == FieldDescriptor::TYPE_MESSAGE || f->type() == FieldDescriptor::TYPE_GROUP) {
        const google::protobuf::Message& nested =
            f->is_repeated() ? r->GetRepeatedMessage(message, f, k) : r->GetMessage(message, f);
        const TextFormat::ParseInfoTree* nested_tree =
            tree == nullptr ? nullptr : tree->GetTreeForNested(f, index);
        ok = CheckUtf8(nested, nested_tree, problems) && ok;
        continue;
      }
      if (f->type() != FieldDescriptor::TYPE_STRING) continue;
      std::string scratch;
      const std::string& value = f->is_repeated()
                                     ? r->GetRepeatedStringReference(message, f, k, &scratch)
                                     : r->GetStringReference(message, f, &scratch);
      std::size_t bad = FirstInvalidUtf8(value);
      if (bad == std::string::npos) continue;
      ok = false;
      FilePosition at;
      if (tree != nullptr) {
        at = FromTokenizer(tree->GetLocation(f, index).line, tree->GetLocation(f, index).column);
        std::vector<FilePosition> bytes = MapStringValue(at);
        if (bad < bytes.size()) at = bytes[bad];
      }
      problems->Add(name_, at.line, at.column,
                    absl::StrCat("field \"", f->name(), "\" is not valid UTF-8 (byte ",
                                 absl::StrFormat("0x%02X", static_cast<unsigned char>(value[bad])),
                                 " at byte ", bad + 1,
                                 " of its value); every text in a pack is UTF-8"));
    }
  }
  return ok;
}

const TextFormat::ParseInfoTree* TextSource::Nested(
    const TextFormat::ParseInfoTree* tree, const google::protobuf::FieldDescriptor* field,
    int index) const {
  if (tree == nullptr) tree = &tree_;
  return tree->GetTreeForNested(field, index);
}

FilePosition TextSource::FieldPosition(const TextFormat::ParseInfoTree* tree,
                                       const google::protobuf::FieldDescriptor* field,
                                       int index) const {
  if (tree == nullptr) tree = &tree_;
  TextFormat::ParseLocation loc = tree->GetLocation(field, index);
  return FromTokenizer(loc.line, loc.column);
}

std::vector<FilePosition> TextSource::MapStringValue(FilePosition field_start) const {
  std::vector<FilePosition> map;
  if (field_start.line <= 0) return map;
  std::size_t pos = line_starts_[field_start.line - 1] + field_start.column - 1;
  auto position_of = [&](std::size_t offset) {
    // Binary search the line containing `offset`.
    std::size_t lo = 0, hi = line_starts_.size();
    while (hi - lo > 1) {
      std::size_t mid = (lo + hi) / 2;
      if (line_starts_[mid] <= offset) lo = mid; else hi = mid;
    }
    return FilePosition{static_cast<int>(lo) + 1, static_cast<int>(offset - line_starts_[lo]) + 1};
  };
  // Skip the field name and the colon, then read adjacent string literals.
  while (pos < content_.size() && content_[pos] != '"' && content_[pos] != '\'') {
    if (content_[pos] == '#') {  // a comment between name and value
      while (pos < content_.size() && content_[pos] != '\n') ++pos;
    } else {
      ++pos;
    }
  }
  std::size_t last_end = pos;
  while (pos < content_.size() && (content_[pos] == '"' || content_[pos] == '\'')) {
    char quote = content_[pos++];
    while (pos < content_.size() && content_[pos] != quote && content_[pos] != '\n') {
      FilePosition at = position_of(pos);
      if (content_[pos] == '\\' && pos + 1 < content_.size()) {
        char c = content_[pos + 1];
        if (c == 'x' || c == 'X') {
          pos += 2;
          for (int k = 0; k < 2 && pos < content_.size() && std::isxdigit(static_cast<unsigned char>(content_[pos])); ++k) ++pos;
        } else if (c >= '0' && c <= '7') {
          pos += 1;
          for (int k = 0; k < 3 && pos < content_.size() && content_[pos] >= '0' && content_[pos] <= '7'; ++k) ++pos;
        } else {
          pos += 2;
        }
        map.push_back(at);
      } else {
        map.push_back(at);
        ++pos;
      }
    }
    if (pos < content_.size()) ++pos;  // closing quote
    last_end = pos;
    // Whitespace and comments may separate adjacent literals.
    std::size_t next = pos;
    while (next < content_.size()) {
      char c = content_[next];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++next;
      } else if (c == '#') {
        while (next < content_.size() && content_[next] != '\n') ++next;
      } else {
        break;
      }
    }
    if (next < content_.size() && (content_[next] == '"' || content_[next] == '\'')) {
      pos = next;
    } else {
      break;
    }
  }
  map.push_back(position_of(last_end > 0 ? last_end - 1 : 0));
  return map;
}

}  // namespace povmon
