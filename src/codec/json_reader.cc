#include "src/codec/json_reader.h"

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "povmon/json.h"
#include "povmon/v1/household.pb.h"
#include "povmon/v1/options.pb.h"
#include "src/base/utf8.h"
#include "src/codec/json_field_kind.h"
#include "src/codec/json_fast_path.h"
#include "src/codec/json_reader_tables.h"

namespace povmon {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

using json_reader_internal::EnumTable;
using json_reader_internal::FieldSlot;
using json_reader_internal::Kind;  // what a field's JSON value becomes on the wire
using json_reader_internal::kMaxFieldsPerMessage;
using json_reader_internal::MessageTable;

// A key longer than this once unescaped names no field povmon has.
constexpr std::size_t kMaxKeyBytes = 256;
// Above this the per-thread wire buffer is released after the read, so one
// outsized record does not pin its memory for the life of the thread.
constexpr std::size_t kKeptWireBytes = std::size_t{4} << 20;
// A length-delimited field the parser accepts (protobuf refuses sizes this
// close to INT_MAX).
constexpr std::size_t kMaxLength = INT_MAX / 2;


int WireType(Kind kind) {
  switch (kind) {
    case Kind::kFixed64:
    case Kind::kSfixed64:
      return 1;
    case Kind::kString:
    case Kind::kMessage:
      return 2;
    case Kind::kFixed32:
    case Kind::kSfixed32:
      return 5;
    default:
      return 0;
  }
}

}  // namespace


namespace {

class TableBuilder {
 public:
  explicit TableBuilder(JsonReader::Tables* tables) : tables_(tables) {}

  // Registered before it is filled, so recursive message types terminate.
  const MessageTable* For(const Descriptor* d) {
    auto [it, inserted] = messages_.emplace(d, nullptr);
    if (!inserted) return it->second;
    MessageTable* table = &tables_->messages.emplace_back();
    it->second = table;
    table->slots.resize(static_cast<std::size_t>(d->field_count()));
    for (int i = 0; i < d->field_count(); ++i) Describe(d->field(i), &table->slots[i]);
    // Protobuf looks a key up among the JSON names first and only then
    // among the proto names (util::converter's TypeInfo::FindField), and
    // the first field to claim a JSON name keeps it.
    for (int i = 0; i < d->field_count(); ++i) table->keys.Insert(d->field(i)->json_name(), i);
    for (int i = 0; i < d->field_count(); ++i) table->keys.Insert(d->field(i)->name(), i);
    table->names_are_unique = true;
    for (int i = 0; i < d->field_count(); ++i) {
      if (table->keys.Find(d->field(i)->name()) != i ||
          table->keys.Find(d->field(i)->json_name()) != i) {
        table->names_are_unique = false;
      }
    }
    return table;
  }

 private:
  void Describe(const FieldDescriptor* f, FieldSlot* slot) {
    slot->descriptor = f;
    slot->name = f->name();
    slot->json_name = f->json_name();
    slot->setter = json_reader_internal::FindFieldSetter(f);
    slot->repeated = f->is_repeated();
    slot->kind = JsonFieldKindOf(f);
    // Maps are JSON objects keyed by strings; a real oneof has its own
    // rules for null. Neither occurs in a household.
    if (f->is_map() || f->real_containing_oneof() != nullptr) slot->kind = Kind::kUnsupported;
    if (slot->kind == Kind::kUnsupported) return;
    std::uint64_t tag = (static_cast<std::uint64_t>(f->number()) << 3) |
                        static_cast<std::uint64_t>(WireType(slot->kind));
    while (tag >= 0x80) {
      slot->tag[slot->tag_size++] = static_cast<char>(tag | 0x80);
      tag >>= 7;
    }
    slot->tag[slot->tag_size++] = static_cast<char>(tag);
    slot->reusable_string = slot->kind == Kind::kString && !slot->repeated && !f->has_presence() &&
                            f->options().ctype() == google::protobuf::FieldOptions::STRING;
    slot->date = slot->kind == Kind::kString && f->type() == FieldDescriptor::TYPE_STRING &&
                 f->options().GetExtension(v1::unit) == v1::FIELD_UNIT_DATE;
    if (slot->kind == Kind::kMessage) slot->message = For(f->message_type());
    if (slot->kind == Kind::kEnum) slot->enumeration = EnumFor(f->enum_type());
  }

  const EnumTable* EnumFor(const EnumDescriptor* e) {
    auto [it, inserted] = enums_.emplace(e, nullptr);
    if (!inserted) return it->second;
    EnumTable* table = &tables_->enums.emplace_back();
    it->second = table;
    for (int i = 0; i < e->value_count(); ++i) {
      table->names.Insert(e->value(i)->name(), i);
      table->numbers.push_back(e->value(i)->number());
    }
    return table;
  }

  JsonReader::Tables* tables_;
  std::unordered_map<const Descriptor*, MessageTable*> messages_;
  std::unordered_map<const EnumDescriptor*, EnumTable*> enums_;
};

// The wire-format bytes being written, in a buffer kept between reads
// (its size() is its usable length; `used_` is what is written).
class Wire {
 public:
  explicit Wire(std::string* buffer) : buffer_(buffer) {}

  std::size_t used() const { return used_; }

  // At least n writable bytes at the end of what is written.
  char* Room(std::size_t n) {
    if (buffer_->size() - used_ < n) {
      buffer_->resize(std::max(buffer_->size() * 2, used_ + n + 1024));
    }
    return buffer_->data() + used_;
  }
  void Commit(std::size_t n) { used_ += n; }

  void Bytes(const char* data, std::size_t n) {
    std::memcpy(Room(n), data, n);
    used_ += n;
  }

  void Varint(std::uint64_t v) {
    char* p = Room(10);
    std::size_t n = 0;
    while (v >= 0x80) {
      p[n++] = static_cast<char>(v | 0x80);
      v >>= 7;
    }
    p[n++] = static_cast<char>(v);
    used_ += n;
  }

  void Fixed(std::uint64_t v, std::size_t bytes) {
    char* p = Room(bytes);
    for (std::size_t i = 0; i < bytes; ++i) p[i] = static_cast<char>(v >> (8 * i));
    used_ += bytes;
  }

  // A length prefix whose value is known only once the contents are
  // written: five bytes now, a padded varint later. Protobuf's parser reads
  // a length of up to five bytes whether or not it is minimal.
  std::size_t OpenLength() {
    Room(5);
    std::size_t at = used_;
    used_ += 5;
    return at;
  }
  bool CloseLength(std::size_t at) {
    std::size_t n = used_ - at - 5;
    if (n > kMaxLength) return false;
    char* p = buffer_->data() + at;
    for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(((n >> (7 * i)) & 0x7f) | 0x80);
    p[4] = static_cast<char>(n >> 28);
    return true;
  }

 private:
  std::string* buffer_;
  std::size_t used_ = 0;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// absl's StrCat takes absl::string_view, which Debian's abseil keeps apart
// from std::string_view.
absl::string_view Abs(std::string_view s) { return absl::string_view(s.data(), s.size()); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// JSON's four whitespace bytes. Protobuf's parser also skipped \f and \v;
// povmon's dialect does not (issue 12).
bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The length of the valid UTF-8 sequence at p (below end), or 0.
std::size_t Utf8Length(const char* p, const char* end) {
  std::uint32_t code_point;
  return Utf8Sequence(p, end, &code_point);
}

// "line 3, column 7": 1-based, the column in characters (UTF-8 sequences),
// so a CJK name counts as the characters a reader sees.
std::string Position(std::string_view json, const char* at) {
  std::size_t line = 1, column = 1;
  for (const char* p = json.data(); p < at && p < json.data() + json.size(); ++p) {
    if (*p == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return absl::StrCat("line ", line, ", column ", column);
}

// What stands at `p`, for an error message.
std::string Found(const char* p, const char* end) {
  if (p >= end) return "the end of the input";
  const auto c = static_cast<unsigned char>(*p);
  switch (c) {
    case '\f': return "a form feed (\\f), which is not JSON whitespace";
    case '\v': return "a vertical tab (\\v), which is not JSON whitespace";
    case '\'': return "a single quote (JSON strings and keys take double quotes)";
    default: break;
  }
  if (c < 0x20 || c == 0x7f) return absl::StrFormat("the control character U+%04X", c);
  if (c >= 0x80) {
    if (c == 0xEF && end - p >= 3 && static_cast<unsigned char>(p[1]) == 0xBB &&
        static_cast<unsigned char>(p[2]) == 0xBF) {
      return "a byte order mark (U+FEFF)";
    }
    const std::size_t n = Utf8Length(p, end);
    if (n == 0) return "a byte that is not UTF-8";
    return absl::StrCat("'", Abs(std::string_view(p, n)), "'");
  }
  return absl::StrCat("'", std::string(1, static_cast<char>(c)), "'");
}

// Strict RFC 8259 over the whole input, schema-blind: the first place the
// input stops being JSON, described. Used only once a record is refused,
// so that a syntax error anywhere in it is reported as one, with its line
// and column, before anything the schema would say about an earlier value.
class SyntaxCheck {
 public:
  explicit SyntaxCheck(std::string_view json)
      : json_(json), p_(json.data()), end_(json.data() + json.size()) {}

  // Empty when the input is one JSON value (with JSON whitespace around it).
  std::string Error() {
    Space();
    if (!Value(1)) return message_;
    Space();
    if (p_ != end_) {
      Fail(absl::StrCat("expected the end of the input after the object, found ", Found(p_, end_)));
      return message_;
    }
    return "";
  }

 private:
  bool Fail(std::string what) {
    message_ = absl::StrCat("malformed JSON: ", Position(json_, p_), ": ", what);
    return false;
  }
  bool Expected(const char* what) {
    return Fail(absl::StrCat("expected ", what, ", found ", Found(p_, end_)));
  }
  void Space() {
    while (p_ < end_ && IsSpace(*p_)) ++p_;
  }

  bool Value(int depth) {
    if (p_ >= end_) return Expected("a value");
    switch (*p_) {
      case '{': return Object(depth);
      case '[': return Array(depth);
      case '"': return String();
      case 't': return Literal("true");
      case 'f': return Literal("false");
      case 'n': return Literal("null");
      default:
        if (*p_ == '-' || IsDigit(*p_)) return Number();
        return Expected("a value");
    }
  }

  bool Deeper(int depth) {
    if (depth <= kMaxJsonDepth) return true;
    return Fail(absl::StrCat("nested deeper than ", kMaxJsonDepth,
                             " levels of objects and arrays (the limit)"));
  }

  bool Object(int depth) {
    if (!Deeper(depth)) return false;
    ++p_;
    Space();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    for (;;) {
      if (p_ >= end_ || *p_ != '"') return Expected("a key in double quotes");
      if (!String()) return false;
      Space();
      if (p_ >= end_ || *p_ != ':') return Expected("':' after the key");
      ++p_;
      Space();
      if (!Value(depth + 1)) return false;
      Space();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        Space();
        continue;
      }
      if (p_ < end_ && *p_ == '}') {
        ++p_;
        return true;
      }
      return Expected("',' or '}' after a field");
    }
  }

  bool Array(int depth) {
    if (!Deeper(depth)) return false;
    ++p_;
    Space();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      if (!Value(depth + 1)) return false;
      Space();
      if (p_ < end_ && *p_ == ',') {
        ++p_;
        Space();
        continue;
      }
      if (p_ < end_ && *p_ == ']') {
        ++p_;
        return true;
      }
      return Expected("',' or ']' after an element");
    }
  }

  bool Literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return Expected("a value (true, false and null are written in lower case)");
    }
    p_ += word.size();
    if (p_ < end_ && ((*p_ >= 'a' && *p_ <= 'z') || (*p_ >= 'A' && *p_ <= 'Z') || IsDigit(*p_))) {
      return Expected(absl::StrCat("',' or the end of the value after ", Abs(word)).c_str());
    }
    return true;
  }

  bool Number() {
    if (*p_ == '-') ++p_;
    if (p_ >= end_ || !IsDigit(*p_)) return Expected("a digit");
    if (*p_ == '0') {
      ++p_;
      if (p_ < end_ && IsDigit(*p_)) return Fail("a number has no leading zero");
    } else {
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    }
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (p_ >= end_ || !IsDigit(*p_)) return Expected("a digit after the decimal point");
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ >= end_ || !IsDigit(*p_)) return Expected("a digit in the exponent");
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    }
    return true;
  }

  bool Hex4(std::uint32_t* unit) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = p_ < end_ ? HexValue(*p_) : -1;
      if (h < 0) return Expected("four hex digits after \\u");
      v = (v << 4) | static_cast<std::uint32_t>(h);
      ++p_;
    }
    *unit = v;
    return true;
  }

  bool String() {
    ++p_;
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) {
        return Fail(absl::StrFormat(
            "the control character U+%04X inside a string must be written as an escape", c));
      }
      if (c >= 0x80) {
        const std::size_t n = Utf8Length(p_, end_);
        if (n == 0) return Fail("a string holds a byte that is not UTF-8");
        p_ += n;
        continue;
      }
      if (c != '\\') {
        ++p_;
        continue;
      }
      const char* escape = p_;
      ++p_;
      if (p_ >= end_) break;
      const char e = *p_;
      if (std::strchr("\"\\/bfnrt", e) != nullptr && e != '\0') {
        ++p_;
        continue;
      }
      if (e != 'u') {
        p_ = escape;
        const std::string shown =
            e > 0x20 && e < 0x7f ? std::string{'\\', e}
                                 : absl::StrCat("a backslash before ", Found(escape + 1, end_));
        return Fail(absl::StrCat(shown, " is not a JSON escape (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r "
                                 "\\t and \\uXXXX)"));
      }
      ++p_;
      std::uint32_t unit = 0;
      if (!Hex4(&unit)) return false;
      if (unit >= 0xDC00 && unit <= 0xDFFF) {
        p_ = escape;
        return Fail(absl::StrFormat("\\u%04X is a low surrogate without a high one before it", unit));
      }
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') {
          p_ = escape;
          return Fail(absl::StrFormat("\\u%04X is a high surrogate without a low one after it", unit));
        }
        p_ += 2;
        std::uint32_t low = 0;
        if (!Hex4(&low)) return false;
        if (low < 0xDC00 || low > 0xDFFF) {
          p_ = escape;
          return Fail(absl::StrFormat("\\u%04X is a high surrogate without a low one after it", unit));
        }
      }
    }
    return Fail("the input ends inside a string");
  }

  std::string_view json_;
  const char* p_;
  const char* end_;
  std::string message_;
};

// A reason the reader refused a record, before the caller words it.
struct Refusal {
  JsonReadError::Kind kind = JsonReadError::kSyntax;
  const char* at = nullptr;
  std::string message;
};

// Strict JSON (RFC 8259) of the message's shape, straight to wire format.
// Every `return false` leaves the reason in `refusal_`: kSyntax where the
// input is not JSON (SyntaxCheck words those), otherwise a message naming
// the field path.
class Parser {
 public:
  Parser(std::string_view json, Wire* wire, Refusal* refusal)
      : json_(json), p_(json.data()), end_(json.data() + json.size()), wire_(wire),
        refusal_(refusal) {}

  bool Document(const MessageTable& root) {
    SkipSpace();
    if (!Peek('{')) {
      if (p_ < end_ && (*p_ == '[' || *p_ == '"' || *p_ == '-' || IsDigit(*p_) || *p_ == 't' ||
                        *p_ == 'f' || *p_ == 'n')) {
        return Refuse(JsonReadError::kValue, "",
                      absl::StrCat("a record must be a JSON object {...}, not ", Abs(KindAt())));
      }
      return Syntax();
    }
    if (!Object(root, 1)) return false;
    SkipSpace();
    return p_ == end_ || Syntax();
  }

 private:
  struct PathEntry {
    const FieldDescriptor* field;
    int index;  // -1 for a singular field
  };

  bool Peek(char c) const { return p_ < end_ && *p_ == c; }

  void SkipSpace() {
    while (p_ < end_ && IsSpace(*p_)) ++p_;
  }

  bool Literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  // The path of the field being read: "members[1].health".
  std::string PathText() const {
    std::string out;
    for (int i = 0; i < path_size_; ++i) {
      if (i > 0) out += '.';
      out += path_[i].field->name();
      if (path_[i].index >= 0) absl::StrAppend(&out, "[", path_[i].index, "]");
    }
    return out;
  }

  bool Syntax() {
    refusal_->kind = JsonReadError::kSyntax;
    refusal_->at = p_;
    return false;
  }

  // "path: what (line L, column C)" with the path of the field being read
  // and `suffix` after it (".key" for a key).
  bool Refuse(JsonReadError::Kind kind, std::string_view suffix, std::string_view what,
              bool with_position = true) {
    refusal_->kind = kind;
    refusal_->at = p_;
    std::string path = PathText();
    if (!suffix.empty()) path = path.empty() ? std::string(suffix) : absl::StrCat(path, ".", Abs(suffix));
    refusal_->message = path.empty() ? std::string(what) : absl::StrCat(path, ": ", Abs(what));
    if (with_position) absl::StrAppend(&refusal_->message, " (", Position(json_, p_), ")");
    return false;
  }

  // A JSON value's kind, for "expected a string, found an object".
  std::string_view KindAt() const {
    if (p_ >= end_) return "nothing";
    switch (*p_) {
      case '{': return "an object";
      case '[': return "an array";
      case '"': return "a string";
      case 't':
      case 'f': return "a bool";
      case 'n': return "null";
      default: return *p_ == '-' || IsDigit(*p_) ? "a number" : "something else";
    }
  }

  bool WrongKind(std::string_view expected) {
    // What is not JSON at all is a syntax error, whatever the field.
    if (KindAt() == "something else") return Syntax();
    return Refuse(JsonReadError::kValue, "", absl::StrCat("expected ", Abs(expected), ", found ", Abs(KindAt())));
  }

  // At '{'; `depth` counts the objects and arrays around and including it.
  bool Object(const MessageTable& table, int depth) {
    if (depth > kMaxJsonDepth) return Syntax();  // SyntaxCheck words it
    ++p_;
    SkipSpace();
    if (Peek('}')) {
      ++p_;
      return true;
    }
    // The fields given so far, by index, and whether by their JSON name.
    std::uint64_t given[kMaxFieldsPerMessage / 64] = {};
    std::uint64_t given_as_json_name[kMaxFieldsPerMessage / 64] = {};
    char scratch[kMaxKeyBytes];
    for (;;) {
      const char* key_at = p_;
      std::string_view key;
      if (!Key(scratch, &key)) return false;
      SkipSpace();
      if (!Peek(':')) return Syntax();
      ++p_;
      SkipSpace();
      const int index = table.keys.Find(key);
      if (index >= kMaxFieldsPerMessage) {
        return Refuse(JsonReadError::kFinal, key, "povmon's reader reads no field past the 512th");
      }
      if (index < 0) {
        // Worded as protobuf's parser worded it ("Cannot find field.").
        p_ = key_at;
        return Refuse(JsonReadError::kFinal, key, absl::StrCat("unknown field \"", Abs(key), "\""),
                      false);
      }
      const FieldSlot& field = table.slots[static_cast<std::size_t>(index)];
      const std::uint64_t bit = std::uint64_t{1} << (index % 64);
      const bool as_json_name = key == field.descriptor->json_name();
      if (given[index / 64] & bit) {
        p_ = key_at;
        const bool before_as_json_name = (given_as_json_name[index / 64] & bit) != 0;
        const std::string& name = field.descriptor->name();
        const std::string& json_name = field.descriptor->json_name();
        std::string what = "the field is given twice";
        if (as_json_name != before_as_json_name && name != json_name) {
          what = absl::StrCat("the field is given twice, as \"", json_name, "\" and as \"", name,
                              "\" (two names of one field)");
        }
        return Refuse(JsonReadError::kFinal, field.descriptor->name(),
                      absl::StrCat(what, "; give each field once"));
      }
      given[index / 64] |= bit;
      if (as_json_name) given_as_json_name[index / 64] |= bit;
      if (field.kind == Kind::kUnsupported) {
        return Refuse(JsonReadError::kFinal, field.descriptor->name(),
                      "povmon's reader does not read this field's type");
      }
      path_[path_size_++] = PathEntry{field.descriptor, -1};
      if (Peek('n')) {
        // null leaves the field as it is: protobuf writes nothing for it.
        if (!Literal("null")) return Syntax();
      } else if (field.repeated ? !Array(field, depth) : !Value(field, depth)) {
        return false;
      }
      --path_size_;
      SkipSpace();
      if (Peek(',')) {
        ++p_;
        SkipSpace();
        continue;
      }
      if (Peek('}')) {
        ++p_;
        return true;
      }
      return Syntax();
    }
  }

  // Elements are written one by one, each with its tag: the parser
  // accepts a packed field unpacked.
  bool Array(const FieldSlot& field, int depth) {
    if (!Peek('[')) return WrongKind("an array");  // protobuf took a lone value as one element
    if (depth + 1 > kMaxJsonDepth) return Syntax();
    ++p_;
    SkipSpace();
    if (Peek(']')) {
      ++p_;
      return true;
    }
    for (int index = 0;; ++index) {
      path_[path_size_ - 1].index = index;
      if (Peek('n')) {
        if (!Literal("null")) return Syntax();
        p_ -= 4;
        return Refuse(JsonReadError::kValue, "", "null is not an element; leave it out");
      }
      if (!Value(field, depth + 1)) return false;
      SkipSpace();
      if (Peek(',')) {
        ++p_;
        SkipSpace();
        continue;
      }
      if (Peek(']')) {
        ++p_;
        path_[path_size_ - 1].index = -1;
        return true;
      }
      return Syntax();
    }
  }

  bool Value(const FieldSlot& field, int depth) {
    if (p_ >= end_) return Syntax();
    switch (field.kind) {
      case Kind::kMessage: {
        if (*p_ != '{') return WrongKind("an object");
        wire_->Bytes(field.tag, field.tag_size);
        const std::size_t at = wire_->OpenLength();
        if (!Object(*field.message, depth + 1)) return false;
        if (!wire_->CloseLength(at)) return Refuse(JsonReadError::kFinal, "", "too long");
        return true;
      }
      case Kind::kString:
        if (*p_ != '"') return WrongKind("a string");
        wire_->Bytes(field.tag, field.tag_size);
        return String();
      case Kind::kBool: {
        std::uint64_t v;
        if (Literal("true")) {
          v = 1;
        } else if (Literal("false")) {
          v = 0;
        } else if (*p_ == '"') {
          // The proto3 JSON mapping writes a bool as true or false;
          // protobuf 3.21 also read "yes", "t" or "1". Worded as povmon
          // always worded it (the text as written, escapes and all).
          const char* start = p_ + 1;
          const char* close = start;
          while (close < end_ && *close != '"') close += *close == '\\' ? 2 : 1;
          if (close >= end_) return Syntax();
          return Refuse(JsonReadError::kFinal, "",
                        absl::StrCat("a bool must be true or false, not the string \"",
                                     Abs(std::string_view(start, static_cast<std::size_t>(close - start))),
                                     "\""),
                        false);
        } else {
          return WrongKind("true or false");
        }
        wire_->Bytes(field.tag, field.tag_size);
        wire_->Varint(v);
        return true;
      }
      case Kind::kEnum: {
        std::int64_t number = 0;
        if (*p_ == '"') {
          if (!EnumName(*field.enumeration, &number)) return false;
        } else if (*p_ == '-' || IsDigit(*p_)) {
          const char* start = p_;
          if (!Integer(&number) || number < INT32_MIN || number > INT32_MAX) {
            p_ = start;
            return NotAnInteger("an enum's number", "a whole number in 32 bits");
          }
        } else {
          return WrongKind("a name in double quotes or a number");
        }
        wire_->Bytes(field.tag, field.tag_size);
        wire_->Varint(static_cast<std::uint64_t>(number));  // negative: ten bytes, as protobuf
        return true;
      }
      default:
        return Number(field);
    }
  }

  // At a value that is not an integer povmon reads: the syntax check words
  // what is not JSON; otherwise the field is named with the text given.
  bool NotAnInteger(std::string_view what, std::string_view range) {
    const char* start = p_;
    const char* stop = p_;
    if (*p_ == '"') {
      ++stop;
      while (stop < end_ && *stop != '"') stop += *stop == '\\' ? 2 : 1;
      if (stop >= end_) return Syntax();
      ++stop;
    } else {
      while (stop < end_ && (IsDigit(*stop) || *stop == '-' || *stop == '+' || *stop == '.' ||
                             *stop == 'e' || *stop == 'E')) {
        ++stop;
      }
    }
    const std::string_view text(start, static_cast<std::size_t>(std::min<std::ptrdiff_t>(stop - start, 64)));
    return Refuse(JsonReadError::kValue, "",
                  absl::StrCat(Abs(what), " must be ", Abs(range),
                               ", written as JSON digits (no fraction, exponent, '+' or leading "
                               "zero; quotes allowed), not ",
                               Abs(text)));
  }

  // An integer field, as a JSON number or a JSON string holding one.
  bool Number(const FieldSlot& field) {
    if (*p_ != '"' && *p_ != '-' && !IsDigit(*p_)) return WrongKind("an integer");
    const char* start = p_;
    const bool quoted = *p_ == '"';
    if (quoted) ++p_;
    bool negative;
    std::uint64_t magnitude;
    bool in_range = true;
    bool written = Digits(&negative, &magnitude);
    if (written && quoted) {
      written = Peek('"');  // "1.0", "1e2", "5 ", ...
      if (written) ++p_;
    } else if (written && p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) {
      written = false;
    }
    // Protobuf reads "-0" as 0 for signed fields; unsigned ones take no '-'.
    const bool below_zero = negative && magnitude != 0;
    const std::uint64_t value = below_zero ? 0 - magnitude : magnitude;
    constexpr std::uint64_t kInt32Max = INT32_MAX;
    constexpr std::uint64_t kInt64Max = INT64_MAX;
    const char* range = "";
    switch (field.kind) {
      case Kind::kInt32:
      case Kind::kSint32:
      case Kind::kSfixed32:
        range = "a whole number from -2147483648 to 2147483647";
        in_range = magnitude <= kInt32Max + (negative ? 1 : 0);
        break;
      case Kind::kInt64:
      case Kind::kSint64:
      case Kind::kSfixed64:
        range = "a whole number from -9223372036854775808 to 9223372036854775807";
        in_range = magnitude <= kInt64Max + (negative ? 1 : 0);
        break;
      case Kind::kUint32:
      case Kind::kFixed32:
        range = "a whole number from 0 to 4294967295";
        in_range = !negative && magnitude <= UINT32_MAX;
        break;
      default:  // kUint64, kFixed64
        range = "a whole number from 0 to 18446744073709551615";
        in_range = !negative;
        break;
    }
    if (!written || !in_range) {
      p_ = start;
      return NotAnInteger("the value", range);
    }
    wire_->Bytes(field.tag, field.tag_size);
    const auto v32 = static_cast<std::uint32_t>(value);
    switch (field.kind) {
      case Kind::kSint32:
        wire_->Varint((v32 << 1) ^ (below_zero ? ~std::uint32_t{0} : 0));
        break;
      case Kind::kSint64:
        wire_->Varint((value << 1) ^ (below_zero ? ~std::uint64_t{0} : 0));
        break;
      case Kind::kFixed32:
      case Kind::kSfixed32:
        wire_->Fixed(v32, 4);
        break;
      case Kind::kFixed64:
      case Kind::kSfixed64:
        wire_->Fixed(value, 8);
        break;
      default:  // int32 is sign-extended to 64 bits on the wire
        wire_->Varint(value);
        break;
    }
    return true;
  }

  // An integer as JSON writes one: -?(0|[1-9][0-9]*), at most 2^64 - 1.
  // The caller looks at what follows.
  bool Digits(bool* negative, std::uint64_t* magnitude) {
    *negative = Peek('-');
    if (*negative) ++p_;
    if (p_ >= end_ || !IsDigit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
      *magnitude = 0;
      return p_ >= end_ || !IsDigit(*p_);
    }
    std::uint64_t v = 0;
    while (p_ < end_ && IsDigit(*p_)) {
      const auto d = static_cast<std::uint64_t>(*p_ - '0');
      if (v > (UINT64_MAX - d) / 10) return false;
      v = v * 10 + d;
      ++p_;
    }
    *magnitude = v;
    return true;
  }

  // An enum's number: -?digits in int64, checked by the caller.
  bool Integer(std::int64_t* out) {
    bool negative;
    std::uint64_t magnitude;
    if (!Digits(&negative, &magnitude)) return false;
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    constexpr std::uint64_t kInt64Max = INT64_MAX;
    if (magnitude > kInt64Max) return false;
    *out = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
    return true;
  }

  // An enum value by its name (escapes allowed).
  bool EnumName(const EnumTable& table, std::int64_t* number) {
    const char* start = p_;
    char scratch[kMaxKeyBytes];
    std::string_view name;
    if (!Key(scratch, &name)) return false;
    const int value = table.names.Find(name);
    if (value < 0) {
      p_ = start;
      return Refuse(JsonReadError::kValue, "",
                    absl::StrCat("\"", Abs(name.substr(0, 64)), "\" is not a value of the enum"));
    }
    *number = table.numbers[static_cast<std::size_t>(value)];
    return true;
  }

  // At '"': a key (or an enum name), unescaped into `scratch` only when it
  // has escapes. One longer than kMaxKeyBytes names nothing povmon has.
  bool Key(char* scratch, std::string_view* key) {
    if (!Peek('"')) return Syntax();
    const char* start = ++p_;
    SkipPlain();
    if (p_ >= end_) return Syntax();
    if (*p_ == '"') {
      *key = std::string_view(start, static_cast<std::size_t>(p_ - start));
      ++p_;
      return true;
    }
    p_ = start;
    std::size_t n;
    if (!Unescape(scratch, kMaxKeyBytes, &n)) {
      if (refusal_->kind != JsonReadError::kSyntax) return false;
      // Too long for the scratch: find its end, and name no field.
      p_ = start;
      while (p_ < end_ && *p_ != '"') p_ += *p_ == '\\' ? 2 : 1;
      if (p_ >= end_) return Syntax();
      ++p_;
      *key = std::string_view(start, static_cast<std::size_t>(p_ - 1 - start));
      return true;
    }
    *key = std::string_view(scratch, n);
    return true;
  }

  // At '"': a string value, written as its length and bytes.
  bool String() {
    const char* start = ++p_;
    for (;;) {
      SkipPlain();
      if (p_ >= end_) return Syntax();
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c == '\\') return EscapedString(start);
      if (c < 0x20) return Syntax();  // a raw control character
      const std::size_t n = Utf8Length(p_, end_);
      if (n == 0) return Syntax();
      p_ += n;
    }
    const auto n = static_cast<std::size_t>(p_ - start);
    if (n > kMaxLength) return Refuse(JsonReadError::kFinal, "", "the string is too long");
    wire_->Varint(n);
    wire_->Bytes(start, n);
    ++p_;
    return true;
  }

  // A string value with escapes, from just after its opening quote: find
  // the closing quote, then unescape into the wire buffer (unescaped text
  // is never longer than the escaped).
  bool EscapedString(const char* start) {
    const char* close = p_;
    while (close < end_ && *close != '"') close += *close == '\\' ? 2 : 1;
    if (close >= end_) return Syntax();
    const std::size_t at = wire_->OpenLength();
    const auto escaped = static_cast<std::size_t>(close - start);
    char* out = wire_->Room(escaped);
    p_ = start;
    std::size_t n;
    if (!Unescape(out, escaped, &n)) return false;
    wire_->Commit(n);
    if (!wire_->CloseLength(at)) return Refuse(JsonReadError::kFinal, "", "the string is too long");
    return true;
  }

  // Skips string bytes that need no attention: printable ASCII but the
  // quote and the backslash. Eight at a time where it can: a byte needs
  // attention when it is '"' or '\\' (zero after the xor), below 0x20 or
  // at or above 0x80; the test may also flag bytes after a real hit, which
  // only sends those to the byte loop.
  void SkipPlain() {
    constexpr std::uint64_t kOnes = 0x0101010101010101u;
    constexpr std::uint64_t kHighs = 0x8080808080808080u;
    while (end_ - p_ >= 8) {
      std::uint64_t x;
      std::memcpy(&x, p_, 8);
      const std::uint64_t quote = x ^ (kOnes * '"');
      const std::uint64_t backslash = x ^ (kOnes * '\\');
      const std::uint64_t flagged = ((quote - kOnes) & ~quote) |
                                    ((backslash - kOnes) & ~backslash) |
                                    ((x - kOnes * 0x20) & ~x) | x;
      if (flagged & kHighs) break;
      p_ += 8;
    }
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return;
      ++p_;
    }
  }

  // From just after an opening quote to just after the closing one, into
  // `out`. JSON's escapes only; a \u escape of a surrogate must be a high
  // one followed by a low one. A NUL, raw or escaped, is refused: no
  // household text holds one, and C callers would cut the text there.
  // Returns false with a kSyntax refusal also when `capacity` is too small.
  bool Unescape(char* out, std::size_t capacity, std::size_t* size) {
    std::size_t n = 0;
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        *size = n;
        return true;
      }
      if (c < 0x20) return Syntax();
      if (c >= 0x80) {
        const std::size_t len = Utf8Length(p_, end_);
        if (len == 0 || capacity - n < len) return Syntax();
        std::memcpy(out + n, p_, len);
        n += len;
        p_ += len;
        continue;
      }
      if (c != '\\') {
        if (n >= capacity) return Syntax();
        out[n++] = static_cast<char>(c);
        ++p_;
        continue;
      }
      if (end_ - p_ < 2) return Syntax();
      const char e = p_[1];
      const char* escape = p_;
      p_ += 2;
      char plain;
      switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
          std::uint32_t code_point;
          if (!UnicodeEscape(&code_point)) return Syntax();
          if (code_point == 0) {
            p_ = escape;
            return Refuse(JsonReadError::kFinal, "",
                          "a NUL character (\\u0000) is not allowed in a string");
          }
          char utf8[4];
          std::size_t len = EncodeUtf8(code_point, utf8);
          if (capacity - n < len) return Syntax();
          std::memcpy(out + n, utf8, len);
          n += len;
          continue;
        }
        default:
          p_ = escape;
          return Syntax();
      }
      if (n >= capacity) return Syntax();
      out[n++] = plain;
    }
    return Syntax();
  }

  // Just after "\u".
  bool Hex4(std::uint32_t* unit) {
    if (end_ - p_ < 4) return false;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = HexValue(p_[i]);
      if (h < 0) return false;
      v = (v << 4) | static_cast<std::uint32_t>(h);
    }
    p_ += 4;
    *unit = v;
    return true;
  }

  bool UnicodeEscape(std::uint32_t* code_point) {
    std::uint32_t unit;
    if (!Hex4(&unit)) return false;
    if (unit >= 0xDC00 && unit <= 0xDFFF) return false;  // a low surrogate first
    if (unit < 0xD800 || unit > 0xDBFF) {
      *code_point = unit;
      return true;
    }
    std::uint32_t low;
    if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
    p_ += 2;
    if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
    *code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    return true;
  }

  std::string_view json_;
  const char* p_;
  const char* end_;
  Wire* wire_;
  Refusal* refusal_;
  PathEntry path_[kMaxJsonDepth + 2];
  int path_size_ = 0;
};

}  // namespace

JsonReader::JsonReader(const Descriptor* root) {
  auto tables = std::make_unique<Tables>();
  tables->root_type = root;
  tables->root = TableBuilder(tables.get()).For(root);
  if (const Message* prototype = json_reader_internal::GeneratedPrototype(root)) {
    tables->generated_reflection = prototype->GetReflection();
  }
  tables_ = std::move(tables);
}

JsonReader::~JsonReader() = default;

bool JsonReader::Read(std::string_view json, Message* message, JsonReadError* error) const {
  bool dates_valid;
  return Read(json, message, error, &dates_valid);
}

bool JsonReader::Read(std::string_view json, Message* message, JsonReadError* error,
                      bool* dates_valid, std::size_t readable_after) const {
  *dates_valid = message->GetDescriptor() == tables_->root_type &&
                 json_reader_internal::ReadWithSimdjson(*tables_, json, readable_after, message);
  return *dates_valid || ReadWithoutFastPath(json, message, error);
}

bool JsonReader::ReadFastPathOnly(std::string_view json, Message* message,
                                  std::size_t readable_after) const {
  return message->GetDescriptor() == tables_->root_type &&
         json_reader_internal::ReadWithSimdjson(*tables_, json, readable_after, message);
}

bool JsonReader::ReadWithoutFastPath(std::string_view json, Message* message,
                                     JsonReadError* error) const {
  if (message->GetDescriptor() != tables_->root_type) {
    if (error != nullptr) {
      *error = JsonReadError{JsonReadError::kFinal, "the reader reads another message type"};
    }
    return false;
  }
  thread_local std::string buffer;
  Wire wire(&buffer);
  Refusal refusal;
  bool ok = Parser(json, &wire, &refusal).Document(*tables_->root);
  if (ok && !(wire.used() <= static_cast<std::size_t>(INT_MAX) &&
              message->ParseFromArray(buffer.data(), static_cast<int>(wire.used())))) {
    ok = false;
    refusal = Refusal{JsonReadError::kFinal, json.data(), "the record is too large to read"};
  }
  if (buffer.size() > kKeptWireBytes) std::string().swap(buffer);
  if (ok || error == nullptr) return ok;
  // Refused: a syntax error anywhere in the record comes first, with its
  // line and column.
  std::string syntax = SyntaxCheck(json).Error();
  if (!syntax.empty()) {
    *error = JsonReadError{JsonReadError::kSyntax, std::move(syntax)};
  } else if (refusal.kind == JsonReadError::kSyntax) {
    // The schema-blind check found nothing the reader stopped at: should
    // not happen, but say where.
    *error = JsonReadError{JsonReadError::kSyntax,
                           absl::StrCat("malformed JSON: ", Position(json, refusal.at),
                                        ": found ", Found(refusal.at, json.data() + json.size()))};
  } else {
    *error = JsonReadError{refusal.kind, std::move(refusal.message)};
  }
  return false;
}

const JsonReader& HouseholdJsonReader() {
  // Never destroyed: readers on other threads may outlive static destruction.
  static const JsonReader* const reader = new JsonReader(v1::Household::descriptor());
  return *reader;
}

}  // namespace povmon
