// Households in, decisions out, as JSON Lines (the proto3 JSON mapping).
#include "povmon/json.h"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "povmon/json_protobuf.h"
#include "povmon/v1/options.pb.h"
#include "src/base/date.h"
#include "src/base/utf8.h"
#include "src/codec/json_reader.h"
#include "src/codec/json_writer.h"

namespace povmon {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// The path to a field, built only when there is something to report.
struct PathLink {
  const PathLink* parent;
  const FieldDescriptor* field;
  int index;  // -1 for a singular field
};

std::string PathText(const PathLink* link) {
  if (link == nullptr) return "";
  std::string prefix = PathText(link->parent);
  std::string out = prefix.empty() ? link->field->name() : absl::StrCat(prefix, ".", link->field->name());
  if (link->index >= 0) absl::StrAppend(&out, "[", link->index, "]");
  return out;
}

bool IsDateField(const FieldDescriptor* f) {
  return f->type() == FieldDescriptor::TYPE_STRING &&
         f->options().GetExtension(v1::unit) == v1::FIELD_UNIT_DATE;
}

absl::Status CheckDate(const std::string& text, const PathLink& link) {
  if (text.empty() || ParseDate(text)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      PathText(&link), ": \"", text, "\" is not a valid date (YYYY-MM-DD)"));
}

// The fields Validate visits in one message type: date strings, and the
// sub-messages that hold a date somewhere below, in declaration order (the
// order errors are found in). Built once for the household's types, so
// that checking a household reads no field options and skips the members'
// health, schooling and the like, which hold no dates.
struct DatePlan {
  struct Step {
    const FieldDescriptor* field;
    const DatePlan* message;  // null for a date string
  };
  std::vector<Step> steps;
};

class DatePlans {
 public:
  const DatePlan* For(const Descriptor* d) {
    auto [it, inserted] = plans_.emplace(d, nullptr);
    if (!inserted) return it->second.get();
    it->second = std::make_unique<DatePlan>();
    DatePlan* plan = it->second.get();
    building_.insert(d);
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
        const DatePlan* sub = For(f->message_type());
        // A type still being built (a recursive one) may yet hold dates.
        if (!sub->steps.empty() || building_.count(f->message_type()) != 0) {
          plan->steps.push_back({f, sub});
        }
      } else if (IsDateField(f)) {
        plan->steps.push_back({f, nullptr});
      }
    }
    building_.erase(d);
    return plan;
  }

 private:
  std::unordered_map<const Descriptor*, std::unique_ptr<DatePlan>> plans_;
  std::unordered_set<const Descriptor*> building_;
};

const DatePlan& HouseholdDatePlan() {
  // Never destroyed: readers on other threads may outlive static destruction.
  static DatePlans* const plans = new DatePlans();
  static const DatePlan* const plan = plans->For(v1::Household::descriptor());
  return *plan;
}

absl::Status Validate(const Message& m, const DatePlan& plan, const PathLink* parent) {
  const Reflection* r = m.GetReflection();
  for (const DatePlan::Step& step : plan.steps) {
    const FieldDescriptor* f = step.field;
    if (f->is_repeated()) {
      int n = r->FieldSize(m, f);
      for (int k = 0; k < n; ++k) {
        PathLink link{parent, f, k};
        if (step.message != nullptr) {
          if (absl::Status s = Validate(r->GetRepeatedMessage(m, f, k), *step.message, &link);
              !s.ok()) {
            return s;
          }
        } else {
          std::string scratch;
          if (absl::Status s = CheckDate(r->GetRepeatedStringReference(m, f, k, &scratch), link);
              !s.ok()) {
            return s;
          }
        }
      }
    } else if (step.message != nullptr) {
      if (r->HasField(m, f)) {
        PathLink link{parent, f, -1};
        if (absl::Status s = Validate(r->GetMessage(m, f), *step.message, &link); !s.ok()) {
          return s;
        }
      }
    } else {
      PathLink link{parent, f, -1};
      std::string scratch;
      if (absl::Status s = CheckDate(r->GetStringReference(m, f, &scratch), link); !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

// Protobuf 3.21's JSON parser also takes a string for a bool ("yes", "t",
// "1", "no", ...), which the proto3 JSON mapping does not allow. A household
// record whose flags arrive as strings is almost always a system exporting
// the wrong type, and a flag is decisive (registered, lifted_out, ...), so
// povmon refuses it and names the field. This walks JSON the parser has
// already accepted (so it is well formed), following the descriptors.
class BoolStrictness {
 public:
  explicit BoolStrictness(std::string_view json) : json_(json) {}

  absl::Status Check(const Descriptor* d) {
    SkipSpace();
    return Object(d, nullptr);
  }

 private:
  // What protobuf's parser skips: JSON's four, and also \f and \v. Had
  // this skipped less than the parser, a "\f" before a value would stop
  // every loop below on a byte it cannot consume (issue 12: the 19-byte
  // record {"members":[\f{}]} looped for ever).
  static bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  }
  void SkipSpace() {
    while (at_ < json_.size() && IsSpace(json_[at_])) ++at_;
  }

  // A string token at at_; returns its raw text (escapes left as written).
  std::string_view String() {
    std::size_t start = ++at_;
    while (at_ < json_.size() && json_[at_] != '"') at_ += json_[at_] == '\\' ? 2 : 1;
    std::string_view text = json_.substr(start, at_ - start);
    ++at_;
    return text;
  }

  // Any value, unchecked (numbers, literals, and what no field describes).
  void Skip() {
    SkipSpace();
    if (at_ >= json_.size()) return;
    char c = json_[at_];
    if (c == '"') {
      String();
    } else if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      ++at_;
      SkipSpace();
      while (at_ < json_.size() && json_[at_] != close) {
        const std::size_t before = at_;
        if (c == '{') {
          String();
          SkipSpace();
          ++at_;  // ':'
        }
        Skip();
        SkipSpace();
        if (at_ < json_.size() && json_[at_] == ',') ++at_;
        SkipSpace();
        if (at_ == before) ++at_;  // never stand still, whatever the byte
      }
      ++at_;
    } else {
      while (at_ < json_.size() && json_[at_] != ',' && json_[at_] != '}' &&
             json_[at_] != ']' && !IsSpace(json_[at_])) {
        ++at_;
      }
    }
  }

  // By proto name ("birth_date") or JSON name ("birthDate"), as the parser.
  static const FieldDescriptor* FieldNamed(const Descriptor* d, const std::string& key) {
    if (const FieldDescriptor* f = d->FindFieldByName(key)) return f;
    for (int i = 0; i < d->field_count(); ++i) {
      if (d->field(i)->json_name() == key) return d->field(i);
    }
    return nullptr;
  }

  absl::Status Object(const Descriptor* d, const PathLink* parent) {
    if (at_ >= json_.size() || json_[at_] != '{') {
      Skip();
      return absl::OkStatus();
    }
    ++at_;
    SkipSpace();
    while (at_ < json_.size() && json_[at_] != '}') {
      const std::size_t before = at_;
      std::string key(String());
      SkipSpace();
      ++at_;  // ':'
      SkipSpace();
      const FieldDescriptor* f = FieldNamed(d, key);
      if (f == nullptr || f->is_map()) {
        Skip();
      } else if (f->is_repeated() && at_ < json_.size() && json_[at_] == '[') {
        ++at_;
        SkipSpace();
        for (int index = 0; at_ < json_.size() && json_[at_] != ']'; ++index) {
          const std::size_t before = at_;
          PathLink link{parent, f, index};
          if (absl::Status s = Value(f, link); !s.ok()) return s;
          SkipSpace();
          if (at_ < json_.size() && json_[at_] == ',') ++at_;
          SkipSpace();
          if (at_ == before) ++at_;
        }
        ++at_;
      } else {
        PathLink link{parent, f, -1};
        if (absl::Status s = Value(f, link); !s.ok()) return s;
      }
      SkipSpace();
      if (at_ < json_.size() && json_[at_] == ',') ++at_;
      SkipSpace();
      if (at_ == before) ++at_;
    }
    ++at_;
    return absl::OkStatus();
  }

  absl::Status Value(const FieldDescriptor* f, const PathLink& link) {
    SkipSpace();
    if (f->type() == FieldDescriptor::TYPE_MESSAGE &&
        f->message_type()->file()->package() != "google.protobuf") {
      return Object(f->message_type(), &link);
    }
    if (f->type() == FieldDescriptor::TYPE_BOOL && at_ < json_.size() && json_[at_] == '"') {
      std::string_view text = String();
      return absl::InvalidArgumentError(absl::StrCat(
          PathText(&link), ": a bool must be true or false, not the string \"",
          std::string(text), "\""));
    }
    Skip();
    return absl::OkStatus();
  }

  std::string_view json_;
  std::size_t at_ = 0;
};

// Protobuf's JSON parser writes "(members[0]) registred: Cannot find field."
// or "(members[0].labour_capacity): invalid value ..."; povmon's errors read
// "path: message" everywhere, so callers can pick out the field.
std::string JsonErrorMessage(std::string message) {
  std::size_t newline = message.find('\n');
  if (newline != std::string::npos) message.resize(newline);
  std::string path, rest;
  if (!message.empty() && message[0] == '(' && message.find(')') != std::string::npos) {
    std::size_t close = message.find(')');
    path = message.substr(1, close - 1);
    rest = message.substr(close + 1);
  } else {
    rest = message;  // a top-level field has no "(path)"
  }
  if (!rest.empty() && rest[0] == ':') rest.erase(0, 1);
  while (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
  static constexpr char kUnknown[] = ": Cannot find field.";
  std::size_t unknown = rest.find(kUnknown);
  if (unknown != std::string::npos && unknown + sizeof(kUnknown) - 1 == rest.size()) {
    std::string name = rest.substr(0, unknown);
    std::string field = path.empty() ? name : absl::StrCat(path, ".", name);
    return absl::StrCat(field, ": unknown field \"", name, "\"");
  }
  if (path.empty()) return absl::StrCat("malformed JSON: ", rest);
  return absl::StrCat(path, ": ", rest);
}

}  // namespace

absl::Status ValidateHousehold(const v1::Household& household) {
  return Validate(household, HouseholdDatePlan(), nullptr);
}

absl::Status ParseHouseholdJsonWithProtobuf(std::string_view json, v1::Household* household) {
  household->Clear();
  if (!IsValidUtf8(json)) return absl::InvalidArgumentError("input is not valid UTF-8");
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), household, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(JsonErrorMessage(std::string(parsed.message())));
  }
  if (absl::Status s = BoolStrictness(json).Check(v1::Household::descriptor()); !s.ok()) {
    return s;
  }
  return ValidateHousehold(*household);
}

// povmon's reader decides every record (src/codec/json_reader.h: strict RFC
// 8259, one name per field). Protobuf's parser runs only once a record is
// refused for a value a field does not take, and only to word the error:
// where it refuses the record too, its message (as povmon always printed
// it) is kept; where it would have accepted it, the reader's own stands.
namespace {

absl::Status ParseWith(bool fast_path, std::string_view json, std::size_t readable_after,
                       v1::Household* household) {
  if (json.size() > kMaxHouseholdJsonBytes) {
    household->Clear();
    return absl::InvalidArgumentError(absl::StrCat(
        "the household's JSON is ", json.size(), " bytes, over the limit of ",
        kMaxHouseholdJsonBytes, " bytes (4 MiB)"));
  }
  JsonReadError error;
  const JsonReader& reader = HouseholdJsonReader();
  bool dates_valid = false;
  if (fast_path ? reader.Read(json, household, &error, &dates_valid, readable_after)
                : reader.ReadWithoutFastPath(json, household, &error)) {
    // The fast path checked every date as ValidateHousehold does (the dates
    // are all it checks); a record with one it refuses went to the full
    // reader, and ValidateHousehold words the error.
    if (dates_valid) return absl::OkStatus();
    return ValidateHousehold(*household);
  }
  household->Clear();
  if (!IsValidUtf8(json)) return absl::InvalidArgumentError("input is not valid UTF-8");
  if (error.kind == JsonReadError::kValue) {
    v1::Household scratch;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    auto parsed = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(json.data(), json.size()), &scratch, options);
    if (!parsed.ok()) {
      std::string message = JsonErrorMessage(std::string(parsed.message()));
      if (message.rfind("malformed JSON", 0) != 0) return absl::InvalidArgumentError(message);
    }
  }
  return absl::InvalidArgumentError(error.message);
}

}  // namespace

absl::Status ParseHouseholdJson(std::string_view json, v1::Household* household) {
  return ParseWith(true, json, 0, household);
}

absl::Status ParseHouseholdJsonInBuffer(std::string_view json, std::size_t readable_after,
                                        v1::Household* household) {
  return ParseWith(true, json, readable_after, household);
}

absl::Status ParseHouseholdJsonWithoutFastPath(std::string_view json, v1::Household* household) {
  return ParseWith(false, json, 0, household);
}

absl::Status DecisionToJsonWithProtobuf(const v1::Decision& decision, std::string* out) {
  out->clear();
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  auto printed = google::protobuf::util::MessageToJsonString(decision, out, options);
  if (!printed.ok()) return absl::InternalError(std::string(printed.message()));
  return absl::OkStatus();
}

// What the fast writer does not print (see json_writer.h), protobuf does.
absl::Status DecisionToJson(const v1::Decision& decision, std::string* out) {
  out->clear();
  if (DecisionJsonWriter().Append(decision, out)) return absl::OkStatus();
  return DecisionToJsonWithProtobuf(decision, out);
}

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at text[*i], advancing past them.
bool Hex4At(std::string_view text, std::size_t* i, std::uint32_t* unit) {
  if (text.size() - *i < 4) return false;
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int h = HexDigit(text[*i + k]);
    if (h < 0) return false;
    v = (v << 4) | static_cast<std::uint32_t>(h);
  }
  *i += 4;
  *unit = v;
  return true;
}

// The text between a string's quotes (escapes still in it) decoded as the
// reader decodes a string: JSON's escapes, \u with surrogate pairs. False
// for what the reader refuses in any string: an escape JSON does not define,
// a bad or lone surrogate \u, a NUL (raw or \u0000) or bytes that are not
// UTF-8. A raw control character (which the reader refuses as a syntax
// error, but whose meaning is plain) is kept.
bool DecodeJsonString(std::string_view text, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\0') return false;
    if (c != '\\') {
      std::uint32_t code_point;
      const std::size_t n = Utf8Sequence(text.data() + i, text.data() + text.size(), &code_point);
      if (n == 0) return false;
      out->append(text.data() + i, n);
      i += n;
      continue;
    }
    if (i + 1 >= text.size()) return false;
    const char e = text[i + 1];
    i += 2;
    switch (e) {
      case '"': out->push_back('"'); continue;
      case '\\': out->push_back('\\'); continue;
      case '/': out->push_back('/'); continue;
      case 'b': out->push_back('\b'); continue;
      case 'f': out->push_back('\f'); continue;
      case 'n': out->push_back('\n'); continue;
      case 'r': out->push_back('\r'); continue;
      case 't': out->push_back('\t'); continue;
      case 'u': break;
      default: return false;
    }
    std::uint32_t unit;
    if (!Hex4At(text, &i, &unit)) return false;
    // A NUL, or a low surrogate with no high one before it.
    if (unit == 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) return false;
    std::uint32_t code_point = unit;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      std::uint32_t low;
      if (text.size() - i < 2 || text[i] != '\\' || text[i + 1] != 'u') return false;
      i += 2;
      if (!Hex4At(text, &i, &low) || low < 0xDC00 || low > 0xDFFF) return false;
      code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    char utf8[4];
    out->append(utf8, EncodeUtf8(code_point, utf8));
  }
  return true;
}

}  // namespace

std::string HouseholdIdOf(std::string_view json) {
  int depth = 0;
  bool expect_key = false;
  std::string last_key;
  std::string text;
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '{' || c == '[') {
      ++depth;
      expect_key = c == '{';
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',') {
      expect_key = true;
    } else if (c == '"') {
      // The string's end: the next quote not escaped by a backslash.
      const std::size_t start = i + 1;
      for (++i; i < json.size() && json[i] != '"'; ++i) {
        if (json[i] == '\\' && i + 1 < json.size()) ++i;
      }
      const bool closed = i < json.size();
      const std::string_view raw = json.substr(start, i - start);
      if (depth == 1 && expect_key) {
        // A key the reader would read as "id" ("\u0069d" too).
        if (!closed || !DecodeJsonString(raw, &last_key)) last_key.clear();
        expect_key = false;
      } else if (depth == 1 && last_key == "id") {
        // A cut-off or undecodable id names no household.
        if (!closed || !DecodeJsonString(raw, &text)) return "";
        return text;
      }
    } else if (c == ':') {
      expect_key = false;
    }
  }
  return "";
}

std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace povmon
