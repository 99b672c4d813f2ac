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

#include "povmon/v1/household.pb.h"
#include "src/codec/json_field_kind.h"

namespace povmon {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// What a field's JSON value becomes on the wire.
using Kind = JsonFieldKind;  // src/codec/json_field_kind.h

// Deeper objects are left to protobuf, whose own parsers stop at 100.
constexpr int kMaxDepth = 64;
// A key longer than this once unescaped names no field povmon has.
constexpr std::size_t kMaxKeyBytes = 256;
// Above this the per-thread wire buffer is released after the read, so one
// outsized record does not pin its memory for the life of the thread.
constexpr std::size_t kKeptWireBytes = std::size_t{4} << 20;
// A length-delimited field the parser accepts (protobuf refuses sizes this
// close to INT_MAX).
constexpr std::size_t kMaxLength = INT_MAX / 2;

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

  // Equal names, compared a word at a time (they are short, and a call to
  // memcmp costs more than comparing them).
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

struct EnumTable {
  NameTable names;                // value name -> index into numbers
  std::vector<std::int32_t> numbers;  // by EnumValueDescriptor::index()
};

struct MessageTable;

struct FieldSlot {
  Kind kind = Kind::kUnsupported;
  bool repeated = false;
  // Fields of a oneof, and so proto3 `optional` fields (a synthetic oneof),
  // may be given once per object: protobuf refuses a second ("oneof field
  // '_region' is already set"). The bit of their oneof, or -1.
  int once_bit = -1;
  std::uint8_t tag_size = 0;
  char tag[5] = {};  // the field's tag as a varint
  const MessageTable* message = nullptr;
  const EnumTable* enumeration = nullptr;
};

struct MessageTable {
  std::vector<FieldSlot> slots;  // by FieldDescriptor::index()
  NameTable keys;                // JSON name or proto name -> slot
};

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

struct JsonReader::Tables {
  std::deque<MessageTable> messages;  // a deque keeps the addresses stable
  std::deque<EnumTable> enums;
  const Descriptor* root_type = nullptr;
  const MessageTable* root = nullptr;
};

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
    return table;
  }

 private:
  void Describe(const FieldDescriptor* f, FieldSlot* slot) {
    slot->repeated = f->is_repeated();
    slot->kind = JsonFieldKindOf(f);
    // Maps are JSON objects keyed by strings; a real oneof has its own
    // rules for null. Neither occurs in a household.
    if (f->is_map() || f->real_containing_oneof() != nullptr) slot->kind = Kind::kUnsupported;
    if (f->containing_oneof() != nullptr) {
      slot->once_bit = f->containing_oneof()->index();
      if (slot->once_bit >= 64) slot->kind = Kind::kUnsupported;
    }
    if (slot->kind == Kind::kUnsupported) return;
    std::uint64_t tag = (static_cast<std::uint64_t>(f->number()) << 3) |
                        static_cast<std::uint64_t>(WireType(slot->kind));
    while (tag >= 0x80) {
      slot->tag[slot->tag_size++] = static_cast<char>(tag | 0x80);
      tag >>= 7;
    }
    slot->tag[slot->tag_size++] = static_cast<char>(tag);
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

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict JSON (RFC 8259) of the message's shape, straight to wire format.
// Every `return false` is a decline: protobuf's parser takes the input over.
class Parser {
 public:
  Parser(std::string_view json, Wire* wire)
      : p_(json.data()), end_(json.data() + json.size()), wire_(wire) {}

  bool Document(const MessageTable& root) {
    SkipSpace();
    if (!Peek('{') || !Object(root, 0)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  bool Peek(char c) const { return p_ < end_ && *p_ == c; }

  // JSON's four; protobuf also skips \f and \v, which this leaves to it.
  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool Literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  // At '{'.
  bool Object(const MessageTable& table, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;
    SkipSpace();
    if (Peek('}')) {
      ++p_;
      return true;
    }
    std::uint64_t given_once = 0;
    char scratch[kMaxKeyBytes];
    for (;;) {
      std::string_view key;
      if (!Key(scratch, &key)) return false;
      SkipSpace();
      if (!Peek(':')) return false;
      ++p_;
      SkipSpace();
      const int index = table.keys.Find(key);
      if (index < 0) return false;  // protobuf: "Cannot find field."
      const FieldSlot& field = table.slots[static_cast<std::size_t>(index)];
      if (field.kind == Kind::kUnsupported) return false;
      if (field.once_bit >= 0) {
        const std::uint64_t bit = std::uint64_t{1} << field.once_bit;
        if (given_once & bit) return false;
        given_once |= bit;
      }
      if (Peek('n')) {
        // null leaves the field as it is: protobuf writes nothing for it.
        if (!Literal("null")) return false;
      } else if (field.repeated ? !Array(field, depth) : !Value(field, depth)) {
        return false;
      }
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
      return false;
    }
  }

  // Elements are written one by one, each with its tag: the parser
  // accepts a packed field unpacked.
  bool Array(const FieldSlot& field, int depth) {
    if (!Peek('[')) return false;  // protobuf would take a lone value as one element
    ++p_;
    SkipSpace();
    if (Peek(']')) {
      ++p_;
      return true;
    }
    for (;;) {
      if (!Value(field, depth)) return false;  // including null, which no kind starts with
      SkipSpace();
      if (Peek(',')) {
        ++p_;
        SkipSpace();
        continue;
      }
      if (Peek(']')) {
        ++p_;
        return true;
      }
      return false;
    }
  }

  bool Value(const FieldSlot& field, int depth) {
    if (p_ >= end_) return false;
    switch (field.kind) {
      case Kind::kMessage: {
        if (*p_ != '{') return false;
        wire_->Bytes(field.tag, field.tag_size);
        const std::size_t at = wire_->OpenLength();
        return Object(*field.message, depth + 1) && wire_->CloseLength(at);
      }
      case Kind::kString:
        if (*p_ != '"') return false;
        wire_->Bytes(field.tag, field.tag_size);
        return String();
      case Kind::kBool: {
        std::uint64_t v;
        if (Literal("true")) {
          v = 1;
        } else if (Literal("false")) {
          v = 0;
        } else {
          return false;  // "yes", 1, ...: protobuf or the bool strictness check decides
        }
        wire_->Bytes(field.tag, field.tag_size);
        wire_->Varint(v);
        return true;
      }
      case Kind::kEnum: {
        std::int64_t number;
        if (*p_ == '"') {
          if (!EnumName(*field.enumeration, &number)) return false;
        } else if (!Integer(&number) || number < INT32_MIN || number > INT32_MAX) {
          return false;
        }
        wire_->Bytes(field.tag, field.tag_size);
        wire_->Varint(static_cast<std::uint64_t>(number));  // negative: ten bytes, as protobuf
        return true;
      }
      default:
        return Number(field);
    }
  }

  // An integer field, as a JSON number or a JSON string holding one.
  bool Number(const FieldSlot& field) {
    const bool quoted = *p_ == '"';
    if (quoted) ++p_;
    bool negative;
    std::uint64_t magnitude;
    if (!Digits(&negative, &magnitude)) return false;
    if (quoted) {
      if (!Peek('"')) return false;  // "1.0", "1e2", "5 ", ...
      ++p_;
    }
    // Protobuf reads "-0" as 0 for signed fields; for unsigned ones a
    // quoted "-0" is an error, so any '-' there is left to it.
    const bool below_zero = negative && magnitude != 0;
    const std::uint64_t value = below_zero ? 0 - magnitude : magnitude;
    constexpr std::uint64_t kInt32Max = INT32_MAX;
    constexpr std::uint64_t kInt64Max = INT64_MAX;
    switch (field.kind) {
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

  // An integer as JSON writes one: -?(0|[1-9][0-9]*). The caller sees what
  // follows (a fraction, an exponent, a second leading zero) and declines.
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
    constexpr std::uint64_t kInt64Max = INT64_MAX;
    if (magnitude > kInt64Max) return false;
    *out = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
    return true;
  }

  // An enum value by its exact name. Names with escapes, and numbers in
  // strings ("1"), are left to protobuf.
  bool EnumName(const EnumTable& table, std::int64_t* number) {
    const char* start = ++p_;
    SkipPlain();
    if (p_ >= end_ || *p_ != '"') return false;
    const int value =
        table.names.Find(std::string_view(start, static_cast<std::size_t>(p_ - start)));
    if (value < 0) return false;
    ++p_;
    *number = table.numbers[static_cast<std::size_t>(value)];
    return true;
  }

  // At '"': a key, unescaped into `scratch` only when it has escapes.
  bool Key(char* scratch, std::string_view* key) {
    if (!Peek('"')) return false;
    const char* start = ++p_;
    SkipPlain();
    if (p_ >= end_) return false;
    if (*p_ == '"') {
      *key = std::string_view(start, static_cast<std::size_t>(p_ - start));
      ++p_;
      return true;
    }
    if (*p_ != '\\') return false;  // a control character, or not ASCII: no field name has either
    p_ = start;
    std::size_t n;
    if (!Unescape(scratch, kMaxKeyBytes, &n)) return false;
    *key = std::string_view(scratch, n);
    return true;
  }

  // At '"': a string value, written as its length and bytes.
  bool String() {
    const char* start = ++p_;
    for (;;) {
      SkipPlain();
      if (p_ >= end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c == '\\') return EscapedString(start);
      if (c < 0x20) return false;  // protobuf takes raw control characters; JSON does not
      if (!SkipUtf8()) return false;
    }
    const auto n = static_cast<std::size_t>(p_ - start);
    if (n > kMaxLength) return false;
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
    if (close >= end_) return false;
    const std::size_t at = wire_->OpenLength();
    const auto escaped = static_cast<std::size_t>(close - start);
    char* out = wire_->Room(escaped);
    p_ = start;
    std::size_t n;
    if (!Unescape(out, escaped, &n)) return false;
    wire_->Commit(n);
    return wire_->CloseLength(at);
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

  // At a byte of 0x80 or more: one UTF-8 sequence, checked as IsValidUtf8
  // checks it (no overlong forms, surrogates or code points past
  // U+10FFFF), so that whatever the reader accepts is valid UTF-8.
  bool SkipUtf8() {
    const std::size_t n = Utf8Length(p_, end_);
    if (n == 0) return false;
    p_ += n;
    return true;
  }

  // The length of the valid UTF-8 sequence at p (which is below end and
  // holds a byte of 0x80 or more), or 0.
  static std::size_t Utf8Length(const char* p, const char* end) {
    const auto c = static_cast<unsigned char>(*p);
    std::size_t extra;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return 0;
    }
    if (static_cast<std::size_t>(end - p) <= extra) return 0;
    for (std::size_t i = 1; i <= extra; ++i) {
      const auto b = static_cast<unsigned char>(p[i]);
      if ((b & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr std::uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kSmallest[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
    return extra + 1;
  }

  // From just after an opening quote to just after the closing one. JSON's
  // escapes only: protobuf also reads \v, \' and \x as "x", which this
  // leaves to it. A \u escape of a surrogate must be a high one followed by
  // a low one.
  bool Unescape(char* out, std::size_t capacity, std::size_t* size) {
    std::size_t n = 0;
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        *size = n;
        return true;
      }
      if (c < 0x20) return false;
      if (c >= 0x80) {
        const std::size_t len = Utf8Length(p_, end_);
        if (len == 0 || capacity - n < len) return false;
        std::memcpy(out + n, p_, len);
        n += len;
        p_ += len;
        continue;
      }
      if (c != '\\') {
        if (n >= capacity) return false;
        out[n++] = static_cast<char>(c);
        ++p_;
        continue;
      }
      if (end_ - p_ < 2) return false;
      const char e = p_[1];
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
          if (!UnicodeEscape(&code_point)) return false;
          char utf8[4];
          std::size_t len = EncodeUtf8(code_point, utf8);
          if (capacity - n < len) return false;
          std::memcpy(out + n, utf8, len);
          n += len;
          continue;
        }
        default:
          return false;
      }
      if (n >= capacity) return false;
      out[n++] = plain;
    }
    return false;
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

  static std::size_t EncodeUtf8(std::uint32_t cp, char* out) {
    if (cp < 0x80) {
      out[0] = static_cast<char>(cp);
      return 1;
    }
    if (cp < 0x800) {
      out[0] = static_cast<char>(0xC0 | (cp >> 6));
      out[1] = static_cast<char>(0x80 | (cp & 0x3F));
      return 2;
    }
    if (cp < 0x10000) {
      out[0] = static_cast<char>(0xE0 | (cp >> 12));
      out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out[2] = static_cast<char>(0x80 | (cp & 0x3F));
      return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
  }

  const char* p_;
  const char* end_;
  Wire* wire_;
};

}  // namespace

JsonReader::JsonReader(const Descriptor* root) {
  auto tables = std::make_unique<Tables>();
  tables->root_type = root;
  tables->root = TableBuilder(tables.get()).For(root);
  tables_ = std::move(tables);
}

JsonReader::~JsonReader() = default;

bool JsonReader::Read(std::string_view json, Message* message) const {
  if (message->GetDescriptor() != tables_->root_type) return false;
  thread_local std::string buffer;
  Wire wire(&buffer);
  const bool ok = Parser(json, &wire).Document(*tables_->root) &&
                  wire.used() <= static_cast<std::size_t>(INT_MAX) &&
                  message->ParseFromArray(buffer.data(), static_cast<int>(wire.used()));
  if (buffer.size() > kKeptWireBytes) std::string().swap(buffer);
  return ok;
}

const JsonReader& HouseholdJsonReader() {
  // Never destroyed: readers on other threads may outlive static destruction.
  static const JsonReader* const reader = new JsonReader(v1::Household::descriptor());
  return *reader;
}

}  // namespace povmon
