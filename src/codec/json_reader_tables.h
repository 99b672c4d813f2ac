// The per-type key tables of povmon's JSON reader (src/codec/json_reader.cc),
// shared with its simdjson fast path (src/codec/json_fast_path.cc): built once
// per message type from its descriptor, then read without allocating.
#ifndef POVMON_SRC_CODEC_JSON_READER_TABLES_H_
#define POVMON_SRC_CODEC_JSON_READER_TABLES_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string_view>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "src/codec/json_fast_path_setters.h"
#include "src/codec/json_field_kind.h"
#include "src/codec/json_reader.h"

namespace povmon {
namespace json_reader_internal {

using Kind = JsonFieldKind;  // src/codec/json_field_kind.h
using google::protobuf::FieldDescriptor;

// Fields one message type may have for the reader (its given-twice check
// keeps a bit per field on the stack). Household types have a few dozen.
constexpr int kMaxFieldsPerMessage = 512;

// Names to small integers: open addressing over string_views that point
// into descriptor-owned strings, so a lookup hashes the key and compares,
// and allocates nothing.
class NameTable {
 public:
  // The first value given for a name stays.
  void Insert(std::string_view name, int value) {
    if ((count_ + 1) * 2 > slots_.size()) Grow();
    std::size_t i = Hash(name) & (slots_.size() - 1);
    while (slots_[i].value >= 0) {
      if (Same(slots_[i].name, name)) return;
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = Slot{name, value};
    ++count_;
  }

  // -1 when absent.
  int Find(std::string_view name) const {
    if (slots_.empty()) return -1;
    std::size_t i = Hash(name) & (slots_.size() - 1);
    while (slots_[i].value >= 0) {
      if (Same(slots_[i].name, name)) return slots_[i].value;
      i = (i + 1) & (slots_.size() - 1);
    }
    return -1;
  }

  // Equal names, compared a word at a time (they are short, and a call to
  // memcmp costs more than comparing them); the fast path's in-order guess
  // compares its keys so too.
  static bool Same(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    const char* p = a.data();
    const char* q = b.data();
    if (n >= 8) {
      for (std::size_t i = 0; i + 8 <= n; i += 8) {
        std::uint64_t x, y;
        std::memcpy(&x, p + i, 8);
        std::memcpy(&y, q + i, 8);
        if (x != y) return false;
      }
      std::uint64_t x, y;  // the last eight, overlapping what was compared
      std::memcpy(&x, p + n - 8, 8);
      std::memcpy(&y, q + n - 8, 8);
      return x == y;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (p[i] != q[i]) return false;
    }
    return true;
  }

 private:
  struct Slot {
    std::string_view name;
    int value = -1;
  };

  // Names are short: mix their length with their first and last eight
  // bytes (or four, or three), read as words. Names that collide only cost
  // a probe: Find compares whole names.
  static std::size_t Hash(std::string_view s) {
    const char* p = s.data();
    const std::size_t n = s.size();
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    if (n >= 8) {
      std::memcpy(&a, p, 8);
      std::memcpy(&b, p + n - 8, 8);
    } else if (n >= 4) {
      std::uint32_t x, y;
      std::memcpy(&x, p, 4);
      std::memcpy(&y, p + n - 4, 4);
      a = x;
      b = y;
    } else if (n > 0) {
      a = static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[n / 2]) << 8) |
          (static_cast<unsigned char>(p[n - 1]) << 16);
    }
    std::uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15u) ^ n) * 0xC2B2AE3D27D4EB4Fu;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    count_ = 0;
    for (const Slot& s : old) {
      if (s.value >= 0) Insert(s.name, s.value);
    }
  }

  std::vector<Slot> slots_;
  std::size_t count_ = 0;
};

// A field's name as the fast path compares a key with it: the name, its
// length, and its first and last eight bytes as words (a name shorter than
// eight bytes is zero past its end, and compared under a mask of its
// length), so that most keys are compared in one or two word compares,
// without a loop and without reading past the name.
class FieldName {
 public:
  FieldName() = default;
  FieldName& operator=(std::string_view name) {
    text_ = name;
    head_ = mask_ = tail_ = 0;
    const std::size_t n = name.size() < 8 ? name.size() : 8;
    std::memcpy(&head_, name.data(), n);
    std::memset(&mask_, 0xFF, n);
    if (name.size() >= 8) std::memcpy(&tail_, name.data() + name.size() - 8, 8);
    return *this;
  }

  std::string_view text() const { return text_; }

  // Whether `key` is the name. Reads the eight bytes at key.data(), which
  // must be readable (a key read from a record: the record has padding
  // after it), and for a key of over eight bytes its last eight.
  bool Is(std::string_view key) const {
    if (key.size() != text_.size()) return false;
    std::uint64_t head;
    std::memcpy(&head, key.data(), 8);
    if ((head & mask_) != head_) return false;
    if (key.size() <= 8) return true;
    std::uint64_t tail;
    std::memcpy(&tail, key.data() + key.size() - 8, 8);
    if (tail != tail_) return false;
    return key.size() <= 16 || NameTable::Same(key, text_);
  }

 private:
  std::string_view text_;
  std::uint64_t head_ = 0;  // the first eight bytes, zero past the end
  std::uint64_t mask_ = 0;  // 0xFF for each byte of head_ in the name
  std::uint64_t tail_ = 0;  // the last eight bytes, for a name of eight or more
};

struct EnumTable {
  NameTable names;                // value name -> index into numbers
  std::vector<std::int32_t> numbers;  // by EnumValueDescriptor::index()
};

struct MessageTable;

struct FieldSlot {
  const FieldDescriptor* descriptor = nullptr;
  Kind kind = Kind::kUnsupported;
  bool repeated = false;
  std::uint8_t tag_size = 0;
  char tag[5] = {};  // the field's tag as a varint
  const MessageTable* message = nullptr;
  const EnumTable* enumeration = nullptr;
  // A singular string without presence, stored as a plain std::string: the
  // fast path may assign to the message's own string (keeping its capacity).
  bool reusable_string = false;
  // The field's names (descriptor-owned), for the fast path's in-order
  // guess of the next key.
  FieldName name;
  FieldName json_name;
  // The generated class's own setter for the field
  // (src/codec/json_fast_path_setters.h), for the fast path; null where the
  // generator wrote none (then the fast path uses Reflection).
  const FieldSetter* setter = nullptr;
  // A date string ((unit) = FIELD_UNIT_DATE): the fast path checks it as
  // ValidateHousehold does (empty, or a valid YYYY-MM-DD) and declines a
  // record with one it refuses.
  bool date = false;
};

struct MessageTable {
  std::vector<FieldSlot> slots;  // by FieldDescriptor::index()
  NameTable keys;                // JSON name or proto name -> slot
  // Each field's two names find that field in `keys` (no name of one field
  // is a name of another): then a key that equals a field's name is that
  // field, and the fast path may try the fields after the last key's, in
  // order, before hashing (records are printed in field order).
  bool names_are_unique = false;
};

}  // namespace json_reader_internal

struct JsonReader::Tables {
  std::deque<json_reader_internal::MessageTable> messages;  // a deque keeps the addresses stable
  std::deque<json_reader_internal::EnumTable> enums;
  const google::protobuf::Descriptor* root_type = nullptr;
  const json_reader_internal::MessageTable* root = nullptr;
  // The Reflection of root_type's generated class, or null when it has no
  // generated setters: the fast path uses the setters for a message whose
  // Reflection is this one.
  const google::protobuf::Reflection* generated_reflection = nullptr;
};

}  // namespace povmon

#endif  // POVMON_SRC_CODEC_JSON_READER_TABLES_H_
