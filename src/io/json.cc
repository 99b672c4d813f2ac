// Households in, decisions out, as JSON Lines (the proto3 JSON mapping).
#include "povmon/json.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "povmon/v1/options.pb.h"
#include "src/base/date.h"

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

absl::Status Validate(const Message& m, const PathLink* parent) {
  const Descriptor* d = m.GetDescriptor();
  const Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_repeated()) {
      int n = r->FieldSize(m, f);
      for (int k = 0; k < n; ++k) {
        PathLink link{parent, f, k};
        if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
          if (absl::Status s = Validate(r->GetRepeatedMessage(m, f, k), &link); !s.ok()) return s;
        } else if (IsDateField(f)) {
          if (absl::Status s = CheckDate(r->GetRepeatedString(m, f, k), link); !s.ok()) return s;
        }
      }
    } else if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (r->HasField(m, f)) {
        PathLink link{parent, f, -1};
        if (absl::Status s = Validate(r->GetMessage(m, f), &link); !s.ok()) return s;
      }
    } else if (IsDateField(f)) {
      PathLink link{parent, f, -1};
      std::string scratch;
      if (absl::Status s = CheckDate(r->GetStringReference(m, f, &scratch), link); !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

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
  return Validate(household, nullptr);
}

absl::Status ParseHouseholdJson(std::string_view json, v1::Household* household) {
  household->Clear();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  absl::Status status;
  auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), household, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(JsonErrorMessage(std::string(parsed.message())));
  }
  return ValidateHousehold(*household);
}

absl::Status DecisionToJson(const v1::Decision& decision, std::string* out) {
  out->clear();
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  auto printed = google::protobuf::util::MessageToJsonString(decision, out, options);
  if (!printed.ok()) return absl::InternalError(std::string(printed.message()));
  return absl::OkStatus();
}

std::string HouseholdIdOf(std::string_view json) {
  int depth = 0;
  bool expect_key = false;
  std::string last_key;
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
      std::string text;
      for (++i; i < json.size() && json[i] != '"'; ++i) {
        if (json[i] == '\\' && i + 1 < json.size()) ++i;
        text.push_back(json[i]);
      }
      if (depth == 1 && expect_key) {
        last_key = text;
        expect_key = false;
      } else if (depth == 1 && last_key == "id") {
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
