#include "src/codec/json_fast_path.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "google/protobuf/descriptor.h"
#include "povmon/limits.h"
#include "src/base/date.h"
#include "src/codec/json_reader_tables.h"
#include "simdjson.h"

namespace povmon {
namespace json_reader_internal {
namespace {

using google::protobuf::Message;
using google::protobuf::Reflection;
namespace dom = simdjson::dom;

// The parser and the padded copy of the record (simdjson reads up to
// SIMDJSON_PADDING bytes past the end of what it parses, and the caller's
// buffer may end at the record's last byte), kept per thread.
struct ThreadParser {
  dom::parser parser;
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;

  // The record, copied with its padding.
  const char* Padded(std::string_view json) {
    const std::size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
    if (capacity < needed) {
      const std::size_t grown = needed < 16384 ? 16384 : needed + needed / 2;
      buffer.reset(new char[grown]);
      capacity = grown;
    }
    std::memcpy(buffer.get(), json.data(), json.size());
    std::memset(buffer.get() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    return buffer.get();
  }
};

// An integer field's value as the full reader takes it: a JSON integer, or
// a string holding one written as -?(0|[1-9][0-9]*). `value` is the two's
// complement bits; the caller stores them in the field's width.
bool IntegerValue(Kind kind, dom::element e, std::uint64_t* value) {
  bool negative = false;
  std::uint64_t magnitude = 0;
  switch (e.type()) {
    case dom::element_type::INT64: {
      const std::int64_t v = e.get_int64().value_unsafe();
      negative = v < 0;
      magnitude = negative ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
      // simdjson reads -0 as 0; the full reader refuses it for an unsigned
      // field only.
      if (v == 0 && (kind == Kind::kUint32 || kind == Kind::kFixed32 || kind == Kind::kUint64 ||
                     kind == Kind::kFixed64)) {
        return false;
      }
      break;
    }
    case dom::element_type::UINT64:
      magnitude = e.get_uint64().value_unsafe();
      break;
    case dom::element_type::STRING: {
      const std::string_view s = e.get_string().value_unsafe();
      std::size_t i = 0;
      negative = !s.empty() && s[0] == '-';
      if (negative) ++i;
      if (i >= s.size()) return false;
      if (s[i] == '0') {
        if (i + 1 != s.size()) return false;
      } else {
        for (; i < s.size(); ++i) {
          if (s[i] < '0' || s[i] > '9') return false;
          const auto d = static_cast<std::uint64_t>(s[i] - '0');
          if (magnitude > (UINT64_MAX - d) / 10) return false;
          magnitude = magnitude * 10 + d;
        }
      }
      break;
    }
    default:  // a fraction or exponent (a double), or not a number
      return false;
  }
  constexpr std::uint64_t kInt32Max = INT32_MAX;
  constexpr std::uint64_t kInt64Max = INT64_MAX;
  switch (kind) {
    case Kind::kInt32:
    case Kind::kSint32:
    case Kind::kSfixed32:
      if (magnitude > kInt32Max + (negative ? 1 : 0)) return false;
      break;
    case Kind::kInt64:
    case Kind::kSint64:
    case Kind::kSfixed64:
      if (magnitude > kInt64Max + (negative ? 1 : 0)) return false;
      break;
    case Kind::kUint32:
    case Kind::kFixed32:
      if (negative || magnitude > UINT32_MAX) return false;
      break;
    default:  // kUint64, kFixed64
      if (negative) return false;
      break;
  }
  *value = negative ? 0 - magnitude : magnitude;
  return true;
}

// An enum's value: its name, or a JSON integer in 32 bits.
bool EnumValue(const EnumTable& table, dom::element e, int* number) {
  switch (e.type()) {
    case dom::element_type::STRING: {
      const int index = table.names.Find(e.get_string().value_unsafe());
      if (index < 0) return false;
      *number = table.numbers[static_cast<std::size_t>(index)];
      return true;
    }
    case dom::element_type::INT64: {
      const std::int64_t v = e.get_int64().value_unsafe();
      if (v < INT32_MIN || v > INT32_MAX) return false;
      *number = static_cast<int>(v);
      return true;
    }
    default:
      return false;
  }
}

bool StringValue(dom::element e, std::string_view* text) {
  if (e.type() != dom::element_type::STRING) return false;
  *text = e.get_string().value_unsafe();
  // The full reader refuses a NUL in a string. simdjson refuses a raw one
  // (UNESCAPED_CHARS), and an escaped one cannot occur: a record with a
  // backslash never gets here.
  return true;
}

// The message being filled: its fields are stored through the generated
// setters where `generated` (the fast path checked the root's class; every
// message below it is made by a generated setter) and the field has one,
// else through Reflection, fetched at the first field that needs it.
class Target {
 public:
  Target(Message* message, bool generated) : message_(message), generated_(generated) {}

  Message* message() const { return message_; }
  bool generated() const { return generated_; }
  const FieldSetter* SetterOf(const FieldSlot& slot) const {
    return generated_ ? slot.setter : nullptr;
  }
  const Reflection* reflection() {
    if (reflection_ == nullptr) reflection_ = message_->GetReflection();
    return reflection_;
  }

 private:
  Message* message_;
  bool generated_;
  const Reflection* reflection_ = nullptr;
};

class Builder {
 public:
  // At an object; `depth` counts the objects and arrays around and
  // including it, as the full reader counts.
  bool Object(const MessageTable& table, dom::element e, Target target, int depth) {
    if (depth > kMaxJsonDepth || e.type() != dom::element_type::OBJECT) return false;
    std::uint64_t given[kMaxFieldsPerMessage / 64] = {};
    // A copy: value_unsafe() is a reference into the temporary result.
    const dom::object object = e.get_object().value_unsafe();
    int next = 0;  // the field after the last key's
    const int field_count = static_cast<int>(table.slots.size());
    for (dom::key_value_pair field : object) {
      int index = -1;
      if (table.names_are_unique) {
        for (int i = next, stop = std::min(next + 4, field_count); i < stop; ++i) {
          const FieldSlot& s = table.slots[static_cast<std::size_t>(i)];
          if (field.key == s.name || field.key == s.json_name) {
            index = i;
            break;
          }
        }
      }
      if (index < 0) index = table.keys.Find(field.key);
      next = index + 1;
      if (index < 0 || index >= kMaxFieldsPerMessage) return false;
      const std::uint64_t bit = std::uint64_t{1} << (index % 64);
      if (given[index / 64] & bit) return false;
      given[index / 64] |= bit;
      const FieldSlot& slot = table.slots[static_cast<std::size_t>(index)];
      if (slot.kind == Kind::kUnsupported) return false;
      if (field.value.type() == dom::element_type::NULL_VALUE) continue;  // leaves the field as is
      if (!slot.repeated) {
        if (!Store(slot, field.value, &target, depth)) return false;
        continue;
      }
      if (field.value.type() != dom::element_type::ARRAY || depth + 1 > kMaxJsonDepth) return false;
      const dom::array array = field.value.get_array().value_unsafe();
      for (dom::element element : array) {
        if (!Store(slot, element, &target, depth + 1)) return false;
      }
    }
    return true;
  }

 private:
  // One value of `slot`'s field: set when the field is singular, appended
  // when it is repeated (then `e` is an array element).
  bool Store(const FieldSlot& slot, dom::element e, Target* target, int depth) {
    const FieldSetter* setter = target->SetterOf(slot);
    Message* message = target->message();
    const google::protobuf::FieldDescriptor* f = slot.descriptor;
    const bool add = slot.repeated;
    switch (slot.kind) {
      case Kind::kMessage: {
        if (e.type() != dom::element_type::OBJECT) return false;
        // add_x() and AddMessage reuse a cleared element where the field
        // has one.
        Message* sub;
        if (setter != nullptr) {
          sub = setter->message(message);
        } else {
          const Reflection* r = target->reflection();
          sub = add ? r->AddMessage(message, f) : r->MutableMessage(message, f);
        }
        return Object(*slot.message, e, Target(sub, target->generated()), depth + 1);
      }
      case Kind::kString: {
        std::string_view text;
        if (!StringValue(e, &text)) return false;
        // A date as ValidateHousehold checks it (ParseDataDate accepts
        // exactly what its ParseDate does): a record with one it refuses
        // goes to the full reader, and ValidateHousehold words the error.
        std::int64_t days;
        if (slot.date && !text.empty() && !ParseDataDate(text, &days)) return false;
        if (setter != nullptr) {
          setter->string(message, text);
          return true;
        }
        const Reflection* reflection = target->reflection();
        if (!add && slot.reusable_string) {
          // The message's own string once it has one: assigning keeps its
          // capacity, where SetString would replace it (an allocation per
          // long string per record). A field without presence that is not
          // the shared default is a string of this message's own.
          const std::string& current = reflection->GetStringReference(*message, f, nullptr);
          if (&current != &f->default_value_string()) {
            const_cast<std::string&>(current).assign(text.data(), text.size());
            return true;
          }
        }
        if (add) {
          reflection->AddString(message, f, std::string(text));
        } else {
          reflection->SetString(message, f, std::string(text));
        }
        return true;
      }
      case Kind::kBool: {
        if (e.type() != dom::element_type::BOOL) return false;
        const bool b = e.get_bool().value_unsafe();
        if (setter != nullptr) {
          setter->number(message, b ? 1 : 0);
          return true;
        }
        const Reflection* reflection = target->reflection();
        add ? reflection->AddBool(message, f, b) : reflection->SetBool(message, f, b);
        return true;
      }
      case Kind::kEnum: {
        int number;
        if (!EnumValue(*slot.enumeration, e, &number)) return false;
        if (setter != nullptr) {
          setter->number(message, static_cast<std::uint64_t>(static_cast<std::int64_t>(number)));
          return true;
        }
        const Reflection* reflection = target->reflection();
        add ? reflection->AddEnumValue(message, f, number)
            : reflection->SetEnumValue(message, f, number);
        return true;
      }
      default: {
        std::uint64_t v;
        if (!IntegerValue(slot.kind, e, &v)) return false;
        if (setter != nullptr) {
          setter->number(message, v);
          return true;
        }
        const Reflection* reflection = target->reflection();
        switch (slot.kind) {
          case Kind::kInt32:
          case Kind::kSint32:
          case Kind::kSfixed32: {
            const auto x = static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
            add ? reflection->AddInt32(message, f, x) : reflection->SetInt32(message, f, x);
            break;
          }
          case Kind::kUint32:
          case Kind::kFixed32: {
            const auto x = static_cast<std::uint32_t>(v);
            add ? reflection->AddUInt32(message, f, x) : reflection->SetUInt32(message, f, x);
            break;
          }
          case Kind::kInt64:
          case Kind::kSint64:
          case Kind::kSfixed64: {
            const auto x = static_cast<std::int64_t>(v);
            add ? reflection->AddInt64(message, f, x) : reflection->SetInt64(message, f, x);
            break;
          }
          default:
            add ? reflection->AddUInt64(message, f, v) : reflection->SetUInt64(message, f, v);
            break;
        }
        return true;
      }
    }
  }
};

}  // namespace

bool ReadWithSimdjson(const JsonReader::Tables& tables, std::string_view json, Message* message) {
  if (json.size() > kMaxFastPathBytes) return false;
  if (std::memchr(json.data(), '\\', json.size()) != nullptr) return false;
  if (json.size() >= 3 && static_cast<unsigned char>(json[0]) == 0xEF) return false;  // a BOM?
  thread_local ThreadParser t;
  const char* padded = t.Padded(json);
  dom::element root;
  if (t.parser.parse(padded, json.size(), false).get(root) != simdjson::SUCCESS) return false;
  message->Clear();
  const bool generated =
      tables.generated_reflection != nullptr && message->GetReflection() == tables.generated_reflection;
  return Builder().Object(*tables.root, root, Target(message, generated), 1);
}

}  // namespace json_reader_internal
}  // namespace povmon
