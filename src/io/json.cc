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
    return absl::InvalidArgumentError(std::string(parsed.message()));
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
