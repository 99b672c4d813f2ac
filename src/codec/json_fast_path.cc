#include "src/codec/json_fast_path.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "google/protobuf/descriptor.h"
#include "povmon/json.h"
#include "povmon/limits.h"
#include "src/base/date.h"
#include "src/codec/json_reader_tables.h"
#include "simdjson.h"

namespace povmon {
namespace json_reader_internal {
namespace {

static_assert(kHouseholdJsonPadding == simdjson::SIMDJSON_PADDING,
              "the padding a batch leaves after its records is simdjson's");

using google::protobuf::Message;
using google::protobuf::Reflection;
namespace ondemand = simdjson::ondemand;

// JSON's four whitespace bytes (simdjson's too). Every byte the reader asks
// about is usually a quote or a colon, above ' ', so one compare answers.
bool IsSpace(char c) {
  const auto u = static_cast<unsigned char>(c);
  constexpr std::uint64_t kSpaces =
      (std::uint64_t{1} << ' ') | (std::uint64_t{1} << '\n') | (std::uint64_t{1} << '\r') |
      (std::uint64_t{1} << '\t');
  return u <= ' ' && ((kSpaces >> u) & 1) != 0;
}

// The parser and the padded copy of the record (simdjson reads up to
// SIMDJSON_PADDING bytes past the end of what it parses, and the caller's
// buffer may end at the record's last byte), kept per thread and grown
// together, so that a warm call allocates nothing.
struct ThreadParser {
  ondemand::parser parser;
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;

  // Grows the parser for a record of `size` bytes ahead of On-Demand,
  // which allocates for exactly the record's length when it has less:
  // growing it as the buffer grows keeps that to a few records. False when
  // it cannot.
  bool Reserve(std::size_t size) {
    const std::size_t needed = size + simdjson::SIMDJSON_PADDING;
    if (capacity < needed) {
      const std::size_t grown = needed < 16384 ? 16384 : needed + needed / 2;
      buffer.reset(new char[grown]);
      capacity = grown;
    }
    return parser.capacity() >= size ||
           parser.allocate(capacity - simdjson::SIMDJSON_PADDING) == simdjson::SUCCESS;
  }

  // The record, copied with its padding (zeros, though their content does
  // not matter: see ReadWithSimdjson), into the buffer Reserve grew.
  const char* Padded(std::string_view json) {
    std::memcpy(buffer.get(), json.data(), json.size());
    std::memset(buffer.get() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    return buffer.get();
  }
};

// A string value's text, without its quotes. The record has no backslash,
// so the string ends at its closing quote, which is the last byte of its
// token but for JSON whitespace (anything else after the quote would be a
// token of its own).
__attribute__((always_inline)) inline bool StringValue(ondemand::value& e, std::string_view* text) {
  ondemand::raw_json_string raw;
  if (e.get_raw_json_string().get(raw) != simdjson::SUCCESS) return false;
  const std::string_view token = e.raw_json_token();
  std::size_t n = token.size();
  while (n > 0 && IsSpace(token[n - 1])) --n;
  if (n < 2 || token[n - 1] != '"') return false;
  *text = token.substr(1, n - 2);
  // The full reader refuses a NUL in a string. simdjson refuses a raw one
  // (UNESCAPED_CHARS), and an escaped one cannot occur: a record with a
  // backslash never gets here.
  return true;
}

// The number the `n` (1..8) ASCII digits at `p` write, or false when one of
// them is not a digit. Reads the eight bytes at `p`: the caller's string lies
// inside the record, which has at least SIMDJSON_PADDING readable bytes after
// it (in place or in the padded copy). The bytes past the digits are shifted
// out unused: each byte XOR '0' is its digit's value, at most 9 exactly when
// the byte is a digit (as ParseDataDate checks), and the number is then
// built two, four and eight digits at a time (simdjson's
// parse_eight_digits_unrolled).
bool EightDigitsOrFewer(const char* p, std::size_t n, std::uint64_t* value) {
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
  std::uint64_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto d = static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) - '0';
    if (d > 9) return false;
    m = m * 10 + d;
  }
  *value = m;
  return true;
#else
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  // Byte k the value of digit k of eight, the first the most significant:
  // the n digits at the top, zeros (leading zero digits) below them.
  std::uint64_t v = (w ^ 0x3030303030303030ULL) << (8 * (8 - n));
  if ((((v + 0x7676767676767676ULL) | v) & 0x8080808080808080ULL) != 0) return false;
  v = v * 10 + (v >> 8);  // byte 2k: digits 2k and 2k+1 (at most 99)
  constexpr std::uint64_t kMask = 0x000000FF000000FFULL;
  constexpr std::uint64_t kMul1 = 100 + (1000000ULL << 32);
  constexpr std::uint64_t kMul2 = 1 + (10000ULL << 32);
  *value = static_cast<std::uint32_t>((((v & kMask) * kMul1) + (((v >> 16) & kMask) * kMul2)) >> 32);
  return true;
#endif
}

// An integer field's value as the full reader takes it: a JSON integer
// (simdjson's, which is -?(0|[1-9][0-9]*) ending at whitespace or a
// structural byte: no fraction, exponent or '+'), or a string holding one
// written so (`type` is the value's, as Fields read it). `value` is the two's
// complement bits; the caller stores them in the field's width.
bool IntegerValue(Kind kind, ondemand::json_type type, ondemand::value& e,
                  std::uint64_t* value) {
  const bool is_unsigned =
      kind == Kind::kUint32 || kind == Kind::kFixed32 || kind == Kind::kUint64 || kind == Kind::kFixed64;
  bool negative = false;
  std::uint64_t magnitude = 0;
  if (type == ondemand::json_type::number) {
    if (is_unsigned) {
      // No '-' at all, so -0 too goes to the full reader (which refuses it
      // for an unsigned field).
      if (e.get_uint64().get(magnitude) != simdjson::SUCCESS) return false;
    } else {
      std::int64_t v;
      if (e.get_int64().get(v) != simdjson::SUCCESS) return false;
      negative = v < 0;
      magnitude = negative ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    }
  } else if (type == ondemand::json_type::string) {
    std::string_view s;
    if (!StringValue(e, &s)) return false;
    std::size_t i = 0;
    negative = !s.empty() && s[0] == '-';
    if (negative) ++i;
    if (i >= s.size()) return false;
    if (s[i] == '0') {
      if (i + 1 != s.size()) return false;
    } else if (s.size() - i <= 8) {
      if (!EightDigitsOrFewer(s.data() + i, s.size() - i, &magnitude)) return false;
    } else {
      // Up to 19 digits cannot overflow 64 bits (10^19 - 1 < 2^64); a
      // longer number checks each step.
      const bool may_overflow = s.size() - i > 19;
      for (; i < s.size(); ++i) {
        const auto d = static_cast<std::uint64_t>(static_cast<unsigned char>(s[i])) - '0';
        if (d > 9) return false;
        if (may_overflow && magnitude > (UINT64_MAX - d) / 10) return false;
        magnitude = magnitude * 10 + d;
      }
    }
  } else {
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

// An enum's value: its name, or a JSON integer in 32 bits (`type` is the
// value's, as Fields read it).
bool EnumValue(const EnumTable& table, ondemand::json_type type, ondemand::value& e,
               int* number) {
  if (type == ondemand::json_type::string) {
    std::string_view name;
    if (!StringValue(e, &name)) return false;
    const int index = table.names.Find(name);
    if (index < 0) return false;
    *number = table.numbers[static_cast<std::size_t>(index)];
    return true;
  }
  if (type != ondemand::json_type::number) return false;
  std::int64_t v;
  if (e.get_int64().get(v) != simdjson::SUCCESS) return false;
  if (v < INT32_MIN || v > INT32_MAX) return false;
  *number = static_cast<int>(v);
  return true;
}

// A field's key, without its quotes: from just after its opening quote
// (`key`) to its closing quote, found from the value's first byte
// backwards. On-Demand checked that the next token after the key is the
// ':' and the one after that the value, so only JSON whitespace, the colon
// and the closing quote lie between.
std::string_view KeyText(const char* key, ondemand::value& value) {
  const char* p = value.raw_json_token().data() - 1;
  while (IsSpace(*p)) --p;  // stops at the ':'
  --p;
  while (IsSpace(*p)) --p;  // stops at the key's closing quote
  return std::string_view(key, static_cast<std::size_t>(p - key));
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

// Kinds whose reading starts from the value's JSON type (a number or a
// string); the others' getters check the type themselves.
bool ReadsByType(Kind kind) {
  return kind != Kind::kMessage && kind != Kind::kString && kind != Kind::kBool;
}

class Builder {
 public:
  // An object's fields, each read to its end (nothing is skipped, so
  // On-Demand checks every token of the record: its commas, colons and
  // brackets as it goes, every value by the getter that reads it). `depth`
  // counts the objects and arrays around and including the object, as the
  // full reader counts.
  bool Fields(const MessageTable& table, ondemand::object& object, Target target, int depth) {
    // A bit per field given, in the words the table's fields need (a field's
    // index is below field_count, and an index of kMaxFieldsPerMessage or
    // more declines before its bit is read).
    std::uint64_t given[kMaxFieldsPerMessage / 64];
    int next = 0;  // the field after the last key's
    const int field_count = static_cast<int>(table.slots.size());
    given[0] = 0;
    for (int w = 1; w * 64 < field_count && w < kMaxFieldsPerMessage / 64; ++w) given[w] = 0;
    for (auto result : object) {
      ondemand::field field;
      if (std::move(result).get(field) != simdjson::SUCCESS) return false;
      ondemand::value& value = field.value();
      const std::string_view key =
          KeyText(reinterpret_cast<const char*>(field.key().raw()), value);
      int index = -1;
      if (table.names_are_unique) {
        for (int i = next; i < field_count; ++i) {
          const FieldSlot& s = table.slots[static_cast<std::size_t>(i)];
          if (s.name.Is(key) || s.json_name.Is(key)) {
            index = i;
            break;
          }
        }
      }
      if (index < 0) index = table.keys.Find(key);
      next = index + 1;
      if (index < 0 || index >= kMaxFieldsPerMessage) return false;
      const auto position = static_cast<unsigned>(index);  // shifts, not signed division
      const std::uint64_t bit = std::uint64_t{1} << (position % 64);
      if (given[position / 64] & bit) return false;
      given[position / 64] |= bit;
      const FieldSlot& slot = table.slots[static_cast<std::size_t>(index)];
      if (slot.kind == Kind::kUnsupported) return false;
      if (slot.kind == Kind::kString && !slot.repeated) {
        // A string's getter checks its quote itself, so the JSON type is not
        // read first: a value that is not a string must be null, which
        // leaves the field as it is (is_null reads the literal).
        std::string_view text;
        if (StringValue(value, &text)) {
          if (!StoreString(slot, text, &target)) return false;
          continue;
        }
        bool null = false;
        if (value.is_null().get(null) != simdjson::SUCCESS || !null) return false;
        continue;
      }
      ondemand::json_type type;
      if (value.type().get(type) != simdjson::SUCCESS) return false;
      if (type == ondemand::json_type::null) {
        // null leaves the field as it is; is_null reads the literal.
        bool null = false;
        if (value.is_null().get(null) != simdjson::SUCCESS || !null) return false;
        continue;
      }
      if (!slot.repeated) {
        if (!Store(slot, type, value, &target, depth)) return false;
        continue;
      }
      if (depth + 1 > kMaxJsonDepth) return false;
      ondemand::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return false;
      const bool by_type = ReadsByType(slot.kind);
      for (auto element_result : array) {
        ondemand::value element;
        if (std::move(element_result).get(element) != simdjson::SUCCESS) return false;
        if (by_type && element.type().get(type) != simdjson::SUCCESS) return false;
        if (!Store(slot, type, element, &target, depth + 1)) return false;
      }
    }
    return true;
  }

 private:
  // One value of `slot`'s field: set when the field is singular, appended
  // when it is repeated (then `e` is an array element). `type` is the
  // value's JSON type where ReadsByType(slot.kind) (else anything). The
  // value is read here and stored by the generated setter; storing through
  // Reflection is out of line, so that this, once per value, stays small.
  //
  // A message is read by StoreMessage, out of line (it recurses into
  // Fields); every other kind here, inlined into Fields, so that a scalar
  // value costs no call of its own.
  __attribute__((always_inline)) bool Store(const FieldSlot& slot, ondemand::json_type type,
                                            ondemand::value& e, Target* target, int depth) {
    if (slot.kind == Kind::kMessage) return StoreMessage(slot, e, target, depth);
    const FieldSetter* setter = target->SetterOf(slot);
    std::string_view text;
    std::uint64_t number = 0;
    switch (slot.kind) {
      case Kind::kString:
        return StringValue(e, &text) && StoreString(slot, text, target);
      case Kind::kBool: {
        bool b;
        if (e.get_bool().get(b) != simdjson::SUCCESS) return false;
        number = b ? 1 : 0;
        break;
      }
      case Kind::kEnum: {
        int n;
        if (!EnumValue(*slot.enumeration, type, e, &n)) return false;
        number = static_cast<std::uint64_t>(static_cast<std::int64_t>(n));
        break;
      }
      default:
        if (!IntegerValue(slot.kind, type, e, &number)) return false;
        break;
    }
    if (setter == nullptr) {
      StoreWithReflection(slot, target, text, number);
      return true;
    }
    setter->number(target->message(), number);
    return true;
  }

  // A string value of `slot`'s field (see Store), its text read.
  __attribute__((always_inline)) bool StoreString(const FieldSlot& slot, std::string_view text,
                                                  Target* target) {
    // A date as ValidateHousehold checks it (ParseDataDate accepts exactly
    // what its ParseDate does): a record with one it refuses goes to the
    // full reader, and ValidateHousehold words the error.
    std::int64_t days;
    if (slot.date && !text.empty() && !ParseDataDate(text, &days)) return false;
    const FieldSetter* setter = target->SetterOf(slot);
    if (setter == nullptr) {
      StoreWithReflection(slot, target, text, 0);
    } else {
      setter->string(target->message(), text);
    }
    return true;
  }

  // A message value of `slot`'s field (see Store).
  __attribute__((noinline)) bool StoreMessage(const FieldSlot& slot, ondemand::value& e,
                                              Target* target, int depth) {
    if (depth + 1 > kMaxJsonDepth) return false;
    ondemand::object object;
    if (e.get_object().get(object) != simdjson::SUCCESS) return false;
    // add_x() and AddMessage reuse a cleared element where the field has
    // one.
    const FieldSetter* setter = target->SetterOf(slot);
    Message* sub = setter != nullptr ? setter->message(target->message())
                                     : MessageWithReflection(slot, target);
    return Fields(*slot.message, object, Target(sub, target->generated()), depth + 1);
  }

  // A message field's (next) sub-message, through Reflection.
  __attribute__((noinline)) static Message* MessageWithReflection(const FieldSlot& slot,
                                                                  Target* target) {
    const Reflection* r = target->reflection();
    return slot.repeated ? r->AddMessage(target->message(), slot.descriptor)
                         : r->MutableMessage(target->message(), slot.descriptor);
  }

  // A scalar read by Store (`text` for a string, else `number`: a bool as 0
  // or 1, an enum's number, an integer's two's complement bits), stored
  // through Reflection.
  __attribute__((noinline)) static void StoreWithReflection(const FieldSlot& slot, Target* target,
                                                            std::string_view text,
                                                            std::uint64_t number) {
    Message* message = target->message();
    const google::protobuf::FieldDescriptor* f = slot.descriptor;
    const Reflection* reflection = target->reflection();
    const bool add = slot.repeated;
    switch (slot.kind) {
      case Kind::kString:
        if (!add && slot.reusable_string) {
          // The message's own string once it has one: assigning keeps its
          // capacity, where SetString would replace it (an allocation per
          // long string per record). A field without presence that is not
          // the shared default is a string of this message's own; as in the
          // generated setters (json_setters_gen.cc), only when the message is
          // not on an arena, whose strings go through SetString.
          const std::string& current = reflection->GetStringReference(*message, f, nullptr);
          if (&current != &f->default_value_string() && message->GetArena() == nullptr) {
            const_cast<std::string&>(current).assign(text.data(), text.size());
            return;
          }
        }
        if (add) {
          reflection->AddString(message, f, std::string(text));
        } else {
          reflection->SetString(message, f, std::string(text));
        }
        return;
      case Kind::kBool:
        add ? reflection->AddBool(message, f, number != 0)
            : reflection->SetBool(message, f, number != 0);
        return;
      case Kind::kEnum: {
        const auto x = static_cast<int>(static_cast<std::int32_t>(static_cast<std::uint32_t>(number)));
        add ? reflection->AddEnumValue(message, f, x) : reflection->SetEnumValue(message, f, x);
        return;
      }
      case Kind::kInt32:
      case Kind::kSint32:
      case Kind::kSfixed32: {
        const auto x = static_cast<std::int32_t>(static_cast<std::uint32_t>(number));
        add ? reflection->AddInt32(message, f, x) : reflection->SetInt32(message, f, x);
        return;
      }
      case Kind::kUint32:
      case Kind::kFixed32: {
        const auto x = static_cast<std::uint32_t>(number);
        add ? reflection->AddUInt32(message, f, x) : reflection->SetUInt32(message, f, x);
        return;
      }
      case Kind::kInt64:
      case Kind::kSint64:
      case Kind::kSfixed64: {
        const auto x = static_cast<std::int64_t>(number);
        add ? reflection->AddInt64(message, f, x) : reflection->SetInt64(message, f, x);
        return;
      }
      default:  // kUint64, kFixed64 (Store reads messages itself)
        add ? reflection->AddUInt64(message, f, number) : reflection->SetUInt64(message, f, number);
        return;
    }
  }
};

}  // namespace

bool ReadWithSimdjson(const JsonReader::Tables& tables, std::string_view json,
                      std::size_t readable_after, Message* message) {
  if (json.size() > kMaxFastPathBytes) return false;
  if (std::memchr(json.data(), '\\', json.size()) != nullptr) return false;
  if (json.size() >= 3 && static_cast<unsigned char>(json[0]) == 0xEF) return false;  // a BOM?
  thread_local ThreadParser t;
  if (!t.Reserve(json.size())) return false;
  // In place when the caller's buffer has the padding after the record,
  // else copied. Either way simdjson indexes only the record's bytes: stage
  // 1 copies a last partial block into a block of its own, and every token
  // On-Demand reads lies before the record's end.
  const bool in_place = readable_after >= simdjson::SIMDJSON_PADDING;
  const char* bytes = in_place ? json.data() : t.Padded(json);
  const std::size_t allocated =
      in_place ? json.size() + simdjson::SIMDJSON_PADDING : t.capacity;
  // Stage 1 (simdjson's structural index, which also checks the whole
  // record's UTF-8, its strings' closing quotes and that no raw control
  // character stands in a string); the rest is checked as it is read.
  ondemand::document doc;
  if (t.parser.iterate(bytes, json.size(), allocated).get(doc) != simdjson::SUCCESS) return false;
  ondemand::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) return false;
  message->Clear();
  const bool generated =
      tables.generated_reflection != nullptr && message->GetReflection() == tables.generated_reflection;
  if (!Builder().Fields(*tables.root, root, Target(message, generated), 1)) return false;
  // Nothing but whitespace after the root object: On-Demand stops at its
  // closing brace, and says OUT_OF_BOUNDS when no token follows.
  return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

}  // namespace json_reader_internal
}  // namespace povmon
