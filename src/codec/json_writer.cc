#include "src/codec/json_writer.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "povmon/v1/decision.pb.h"
#include "src/base/utf8.h"
#include "src/codec/json_field_kind.h"

namespace povmon {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr char kHex[] = "0123456789abcdef";

// Protobuf's printer gives up below 64 levels of nesting; deeper messages
// are left to it.
constexpr int kMaxDepth = 32;
// Above this the per-thread buffers (the serialized message, the JSON) are
// released after printing, so one outsized decision does not pin its
// memory for the life of the thread.
constexpr std::size_t kKeptBytes = std::size_t{4} << 20;
// Zero bytes kept after the serialized message, so a string's last bytes
// can be read sixteen at a time.
constexpr std::size_t kStringPadding = 16;

// Raw memory the JSON is written into before it reaches the caller's
// string. std::string zero-fills whatever it grows by (C++17 has no
// resize_and_overwrite), and the writer reserves room for the worst case
// (six output bytes for each byte of a string), so growing the caller's
// string in place filled far more than was written: 31% of the printer's
// instructions were that memset. Each thread keeps one block; the line
// reaches the caller's string with one copy.
class Scratch {
 public:
  char* data() { return data_.get(); }
  std::size_t capacity() const { return capacity_; }

  // Keeps the first `used` bytes and makes room for at least `needed`.
  void Grow(std::size_t used, std::size_t needed) {
    const std::size_t capacity = std::max(capacity_ * 2, needed + 1024);
    std::unique_ptr<char[]> grown(new char[capacity]);  // not zero-filled
    if (used != 0) std::memcpy(grown.get(), data_.get(), used);
    data_ = std::move(grown);
    capacity_ = capacity;
  }

  // After an outsized line, so it does not pin its memory for the life of
  // the thread.
  void Trim() {
    if (capacity_ > kKeptBytes) {
      data_.reset();
      capacity_ = 0;
    }
  }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t capacity_ = 0;
};

// The JSON being written, into the thread's Scratch. Room is checked once
// per value rather than once per character.
class Sink {
 public:
  explicit Sink(Scratch* scratch) : scratch_(scratch) {}
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  // At least n writable bytes; Commit what was written of them.
  char* Room(std::size_t n) {
    if (scratch_->capacity() - used_ < n) scratch_->Grow(used_, used_ + n);
    return scratch_->data() + used_;
  }
  void Commit(std::size_t n) { used_ += n; }

  void Put(char c) {
    *Room(1) = c;
    ++used_;
  }
  void Put(std::string_view text) {
    std::memcpy(Room(text.size()), text.data(), text.size());
    used_ += text.size();
  }

  // Appends what was written to *out.
  void AppendTo(std::string* out) const { out->append(scratch_->data(), used_); }

 private:
  Scratch* scratch_;
  std::size_t used_ = 0;
};

char* UnicodeEscape(std::uint32_t unit, char* at) {
  at[0] = '\\';
  at[1] = 'u';
  at[2] = kHex[(unit >> 12) & 0xF];
  at[3] = kHex[(unit >> 8) & 0xF];
  at[4] = kHex[(unit >> 4) & 0xF];
  at[5] = kHex[unit & 0xF];
  return at + 6;
}

// ASCII that JsonEscaping copies as it is: not a control character, DEL,
// the quote, the backslash, or '<' and '>' (escaped for HTML).
bool IsPlainAscii(unsigned char c) {
  return c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '<' && c != '>';
}

// The code points past ASCII that JsonEscaping writes as \u escapes: the C1
// controls, and invisible or format characters that have caused security
// bugs in JavaScript (soft hyphen, zero-width characters, bidi controls,
// the line and paragraph separators, the BOM, interlinear annotations,
// musical formatting, language tags).
bool EscapesCodePoint(std::uint32_t cp) {
  if (cp < 0xA0) return true;
  switch (cp) {
    case 0x00AD:
    case 0x06DD:
    case 0x070F:
    case 0x17B4:
    case 0x17B5:
    case 0xFEFF:
    case 0xFFF9:
    case 0xFFFA:
    case 0xFFFB:
    case 0xE0001:
      return true;
    default:
      break;
  }
  return (cp >= 0x0600 && cp <= 0x0603) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x206A && cp <= 0x206F) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
         (cp >= 0xE0020 && cp <= 0xE007F);
}

// How a field's wire value prints.
using Kind = JsonFieldKind;  // src/codec/json_field_kind.h

// The wire type a field's value arrives with (unpacked).
int WireType(Kind kind) {
  switch (kind) {
    case Kind::kSfixed64:
    case Kind::kFixed64:
      return 1;
    case Kind::kString:
    case Kind::kMessage:
      return 2;
    case Kind::kSfixed32:
    case Kind::kFixed32:
      return 5;
    default:
      return 0;
  }
}

// An enum's names, quoted, by number for the numbers 0..kDense-1 (every
// povmon enum); others are looked up in the descriptor.
struct EnumNames {
  static constexpr int kDense = 1024;
  const EnumDescriptor* type = nullptr;
  std::vector<std::string> quoted;  // empty: no value has that number
};

struct PrintMessage;

struct PrintField {
  Kind kind = Kind::kUnsupported;
  bool repeated = false;
  bool packable = false;  // a repeated scalar, which may come packed
  std::string key;        // ,"name": (the comma left out before a message's first field)
  const PrintMessage* message = nullptr;
  const EnumNames* names = nullptr;
};

struct PrintMessage {
  std::vector<const PrintField*> by_number;  // null where no field has the number
  std::deque<PrintField> fields;
};

}  // namespace

struct JsonWriter::Tables {
  std::deque<PrintMessage> messages;
  std::deque<EnumNames> enums;
  const Descriptor* root_type = nullptr;
  const PrintMessage* root = nullptr;
};

namespace {

// Field numbers up to this are looked up in a vector; a type with a larger
// one is left to protobuf. povmon's largest is below 100.
constexpr int kMaxFieldNumber = 4096;

class TableBuilder {
 public:
  explicit TableBuilder(JsonWriter::Tables* tables) : tables_(tables) {}

  // Registered before it is filled, so recursive message types terminate.
  const PrintMessage* For(const Descriptor* d) {
    auto [it, inserted] = messages_.emplace(d, nullptr);
    if (!inserted) return it->second;
    PrintMessage* table = &tables_->messages.emplace_back();
    it->second = table;
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (f->number() > kMaxFieldNumber) continue;  // never found: the walk declines
      PrintField& out = table->fields.emplace_back();
      out.kind = JsonFieldKindOf(f);
      out.repeated = f->is_repeated();
      out.packable = out.repeated && f->is_packable();
      out.key = ",\"" + f->name() + "\":";
      if (out.kind == Kind::kMessage) out.message = For(f->message_type());
      if (out.kind == Kind::kEnum) out.names = NamesFor(f->enum_type());
      const auto number = static_cast<std::size_t>(f->number());
      if (table->by_number.size() <= number) table->by_number.resize(number + 1, nullptr);
      table->by_number[number] = &out;
    }
    return table;
  }

 private:
  const EnumNames* NamesFor(const EnumDescriptor* e) {
    auto [it, inserted] = enums_.emplace(e, nullptr);
    if (!inserted) return it->second;
    EnumNames* names = &tables_->enums.emplace_back();
    it->second = names;
    names->type = e;
    // Where names share a number (allow_alias), the first declared prints,
    // as in protobuf.
    for (int i = 0; i < e->value_count(); ++i) {
      const int number = e->value(i)->number();
      if (number < 0 || number >= EnumNames::kDense) continue;
      if (names->quoted.size() <= static_cast<std::size_t>(number)) {
        names->quoted.resize(static_cast<std::size_t>(number) + 1);
      }
      std::string& quoted = names->quoted[static_cast<std::size_t>(number)];
      if (quoted.empty()) quoted = "\"" + e->value(i)->name() + "\"";
    }
    return names;
  }

  JsonWriter::Tables* tables_;
  std::unordered_map<const Descriptor*, PrintMessage*> messages_;
  std::unordered_map<const EnumDescriptor*, EnumNames*> enums_;
};

template <typename Int>
void PutInteger(Int v, bool quoted, Sink* out) {
  char* at = out->Room(24);
  char* p = at;
  if (quoted) *p++ = '"';
  p = std::to_chars(p, at + 23, v).ptr;
  if (quoted) *p++ = '"';
  out->Commit(static_cast<std::size_t>(p - at));
}

void PutEnum(const EnumNames& names, std::int32_t number, Sink* out) {
  if (number >= 0 && static_cast<std::size_t>(number) < names.quoted.size() &&
      !names.quoted[static_cast<std::size_t>(number)].empty()) {
    out->Put(names.quoted[static_cast<std::size_t>(number)]);
    return;
  }
  if (number < 0 || number >= EnumNames::kDense) {
    if (const auto* value = names.type->FindValueByNumber(number)) {
      out->Put('"');
      out->Put(value->name());
      out->Put('"');
      return;
    }
  }
  PutInteger(number, false, out);  // an unknown value prints as its number
}

// `padded`: at least kStringPadding readable bytes follow the text.
bool PutString(std::string_view text, bool padded, Sink* out);

// Prints the serialized message the way util::converter's
// ProtoStreamObjectSource does: it, too, reads the bytes
// MessageToJsonString serializes, so the fields print in the order
// serialization writes them (by number) and exactly those serialization
// writes (set, non-default, non-empty). Every `return false` is a decline.
class WirePrinter {
 public:
  WirePrinter(const char* data, std::size_t size, Sink* out)
      : p_(data), end_(data + size), out_(out) {}

  bool Document(const PrintMessage& root) { return Message(root, end_, 0) && p_ == end_; }

 private:
  bool Varint(std::uint64_t* v) {
    std::uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ >= limit_) return false;
      const auto b = static_cast<unsigned char>(*p_++);
      result |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (b < 0x80) {
        *v = result;
        return true;
      }
    }
    return false;
  }

  bool Fixed(std::size_t bytes, std::uint64_t* v) {
    if (static_cast<std::size_t>(limit_ - p_) < bytes) return false;
    std::uint64_t result = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
      result |= static_cast<std::uint64_t>(static_cast<unsigned char>(p_[i])) << (8 * i);
    }
    p_ += bytes;
    *v = result;
    return true;
  }

  // The next tag of the message ending at limit_, or 0 at its end.
  bool Tag(std::uint32_t* tag) {
    if (p_ >= limit_) {
      *tag = 0;
      return true;
    }
    std::uint64_t t;
    if (!Varint(&t) || t == 0 || t > UINT32_MAX) return false;
    *tag = static_cast<std::uint32_t>(t);
    return true;
  }

  bool Length(std::size_t* n) {
    std::uint64_t v;
    if (!Varint(&v) || v > static_cast<std::uint64_t>(limit_ - p_)) return false;
    *n = static_cast<std::size_t>(v);
    return true;
  }

  // The message from p_ to `limit`.
  bool Message(const PrintMessage& table, const char* limit, int depth) {
    if (depth > kMaxDepth) return false;
    const char* outer = limit_;
    limit_ = limit;
    out_->Put('{');
    std::uint32_t tag;
    if (!Tag(&tag)) return false;
    bool first = true;
    while (tag != 0) {
      const std::uint32_t number = tag >> 3;
      const int wire_type = static_cast<int>(tag & 7);
      const PrintField* f = number < table.by_number.size() ? table.by_number[number] : nullptr;
      // Unknown fields (serialized last, skipped by protobuf) are left to it.
      if (f == nullptr || f->kind == Kind::kUnsupported) return false;
      out_->Put(first ? std::string_view(f->key).substr(1) : std::string_view(f->key));
      first = false;
      if (!f->repeated) {
        if (wire_type != WireType(f->kind) || !Value(*f, depth) || !Tag(&tag)) return false;
        continue;
      }
      out_->Put('[');
      if (f->packable && wire_type == 2) {
        // Packed: one length-delimited run of values.
        std::size_t n;
        if (!Length(&n)) return false;
        const char* run_end = p_ + n;
        const char* message_end = limit_;
        limit_ = run_end;
        for (bool first_value = true; p_ < run_end; first_value = false) {
          if (!first_value) out_->Put(',');
          if (!Value(*f, depth)) return false;
        }
        limit_ = message_end;
        if (!Tag(&tag)) return false;
      } else {
        const std::uint32_t list_tag = tag;
        for (bool first_value = true; tag == list_tag; first_value = false) {
          if (wire_type != WireType(f->kind)) return false;
          if (!first_value) out_->Put(',');
          if (!Value(*f, depth) || !Tag(&tag)) return false;
        }
      }
      out_->Put(']');
    }
    out_->Put('}');
    limit_ = outer;
    return true;
  }

  bool Value(const PrintField& f, int depth) {
    std::uint64_t v;
    switch (f.kind) {
      case Kind::kInt32:
        if (!Varint(&v)) return false;
        PutInteger(static_cast<std::int32_t>(v), false, out_);
        return true;
      case Kind::kSint32: {
        if (!Varint(&v)) return false;
        const auto u = static_cast<std::uint32_t>(v);
        PutInteger(static_cast<std::int32_t>((u >> 1) ^ (0u - (u & 1))), false, out_);
        return true;
      }
      case Kind::kSfixed32:
        if (!Fixed(4, &v)) return false;
        PutInteger(static_cast<std::int32_t>(v), false, out_);
        return true;
      case Kind::kUint32:
        if (!Varint(&v)) return false;
        PutInteger(static_cast<std::uint32_t>(v), false, out_);
        return true;
      case Kind::kFixed32:
        if (!Fixed(4, &v)) return false;
        PutInteger(static_cast<std::uint32_t>(v), false, out_);
        return true;
      case Kind::kInt64:
        if (!Varint(&v)) return false;
        PutInteger(static_cast<std::int64_t>(v), true, out_);
        return true;
      case Kind::kSint64:
        if (!Varint(&v)) return false;
        PutInteger(static_cast<std::int64_t>((v >> 1) ^ (0 - (v & 1))), true, out_);
        return true;
      case Kind::kSfixed64:
        if (!Fixed(8, &v)) return false;
        PutInteger(static_cast<std::int64_t>(v), true, out_);
        return true;
      case Kind::kUint64:
        if (!Varint(&v)) return false;
        PutInteger(v, true, out_);
        return true;
      case Kind::kFixed64:
        if (!Fixed(8, &v)) return false;
        PutInteger(v, true, out_);
        return true;
      case Kind::kBool:
        if (!Varint(&v)) return false;
        // Read as 32 bits, as protobuf reads it.
        out_->Put(static_cast<std::uint32_t>(v) != 0 ? std::string_view("true")
                                                     : std::string_view("false"));
        return true;
      case Kind::kEnum:
        // Read as 32 bits, as protobuf reads it.
        if (!Varint(&v)) return false;
        PutEnum(*f.names, static_cast<std::int32_t>(v), out_);
        return true;
      case Kind::kString: {
        std::size_t n;
        if (!Length(&n)) return false;
        const char* text = p_;
        p_ += n;
        return PutString(std::string_view(text, n), /*padded=*/true, out_);
      }
      case Kind::kMessage: {
        std::size_t n;
        if (!Length(&n)) return false;
        return Message(*f.message, p_ + n, depth + 1);
      }
      default:
        return false;
    }
  }

  const char* p_;
  const char* const end_;
  const char* limit_ = nullptr;  // the end of the message being printed
  Sink* out_;
};

// A run of at least eight bytes from p that JsonEscaping copies as they are
// (IsPlainAscii); false when one of them needs a look. Bytes are flagged
// when they are '"', '\\', '<' or '>' (zero after the xor), below 0x20, or
// at or above 0x7F; the test may also flag bytes after a real hit, which
// only sends them to the byte loop.
bool EightPlain(const unsigned char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  constexpr std::uint64_t kHighs = 0x8080808080808080u;
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  const std::uint64_t quote = x ^ (kOnes * '"');
  const std::uint64_t backslash = x ^ (kOnes * '\\');
  const std::uint64_t less = x ^ (kOnes * '<');
  const std::uint64_t greater = x ^ (kOnes * '>');
  const std::uint64_t flagged = ((x - kOnes * 0x20) & ~x) | ((x + kOnes) & kHighs) | x |
                                ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                                ((less - kOnes) & ~less) | ((greater - kOnes) & ~greater);
  return (flagged & kHighs) == 0;
}

#if defined(__SSE2__)
// Bit i set when byte i of the sixteen from p is not IsPlainAscii: below
// 0x20 or at or above 0x80 (a signed compare: those bytes are negative),
// DEL, the quote, the backslash, '<' or '>'.
unsigned SixteenFlags(const unsigned char* p) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i flags = _mm_cmplt_epi8(x, _mm_set1_epi8(0x20));
  flags = _mm_or_si128(flags, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
  flags = _mm_or_si128(flags, _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
  flags = _mm_or_si128(flags, _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
  flags = _mm_or_si128(flags, _mm_cmpeq_epi8(x, _mm_set1_epi8('<')));
  flags = _mm_or_si128(flags, _mm_cmpeq_epi8(x, _mm_set1_epi8('>')));
  return static_cast<unsigned>(_mm_movemask_epi8(flags));
}
#endif

// Escaped as JsonEscaping escapes, into room reserved once: an input byte
// becomes at most six output bytes (\u00XX), a four-byte sequence twelve.
bool PutString(std::string_view text, bool padded, Sink* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* const end = p + text.size();
  char* const start = out->Room(2 + 6 * text.size());
  char* at = start;
  *at++ = '"';
  const unsigned char* run = p;  // copied as it is, up to p
  auto copy_run = [&] {
    std::memcpy(at, run, static_cast<std::size_t>(p - run));
    at += p - run;
  };
  while (p < end) {
#if defined(__SSE2__)
    // Past the plain ASCII up to the first byte that needs a look; with
    // padding, the last sixteen are read whole and only the text's count.
    if (padded || end - p >= 16) {
      const unsigned flags = SixteenFlags(p);
      const std::ptrdiff_t plain = flags == 0 ? 16 : __builtin_ctz(flags);
      if (plain >= end - p) {
        p = end;
        break;
      }
      p += plain;
      if (plain == 16) continue;
    } else if (end - p >= 8 && EightPlain(p)) {
      p += 8;
      continue;
    }
#else
    static_cast<void>(padded);
    if (end - p >= 8 && EightPlain(p)) {
      p += 8;
      continue;
    }
#endif
    const unsigned char c = *p;
    if (c < 0x80) {
      if (IsPlainAscii(c)) {
        ++p;
        continue;
      }
      copy_run();
      char named = 0;
      switch (c) {
        case '"': named = '"'; break;
        case '\\': named = '\\'; break;
        case '\b': named = 'b'; break;
        case '\t': named = 't'; break;
        case '\n': named = 'n'; break;
        case '\f': named = 'f'; break;
        case '\r': named = 'r'; break;
        default: break;
      }
      if (named != 0) {
        *at++ = '\\';
        *at++ = named;
      } else {
        at = UnicodeEscape(c, at);
      }
      run = ++p;
      continue;
    }
    // The commonest sequences need neither a full decode nor an escape:
    // two bytes for U+00C0..U+05FF and U+00A0..U+00BF but U+00AD; three
    // for U+3000..U+CFFF and U+E000..U+EFFF (CJK, Hangul, private use).
    // Their lead bytes rule out overlong forms and surrogates.
    if (end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      if ((c >= 0xC3 && c <= 0xD7) || (c == 0xC2 && p[1] >= 0xA0 && p[1] != 0xAD)) {
        p += 2;
        continue;
      }
      if (((c >= 0xE3 && c <= 0xEC) || c == 0xEE) && end - p >= 3 && (p[2] & 0xC0) == 0x80) {
        p += 3;
        // Chinese text runs on: the next characters without the test above.
        while (end - p >= 3 && ((p[0] >= 0xE3 && p[0] <= 0xEC) || p[0] == 0xEE) &&
               (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
          p += 3;
        }
        continue;
      }
    }
    // Any other multi-byte sequence, checked as IsValidUtf8 checks it.
    std::uint32_t cp;
    const std::size_t length = Utf8Sequence(reinterpret_cast<const char*>(p),
                                            reinterpret_cast<const char*>(end), &cp);
    if (length == 0) return false;
    if (EscapesCodePoint(cp)) {
      copy_run();
      if (cp < 0x10000) {
        at = UnicodeEscape(cp, at);
      } else {
        at = UnicodeEscape(0xD800 + ((cp - 0x10000) >> 10), at);
        at = UnicodeEscape(0xDC00 + ((cp - 0x10000) & 0x3FF), at);
      }
      p += length;
      run = p;
      continue;
    }
    p += length;
  }
  copy_run();
  *at++ = '"';
  out->Commit(static_cast<std::size_t>(at - start));
  return true;
}

}  // namespace

bool AppendJsonString(std::string_view text, std::string* out) {
  thread_local Scratch scratch;
  Sink sink(&scratch);
  const bool ok = PutString(text, /*padded=*/false, &sink);
  if (ok) sink.AppendTo(out);
  scratch.Trim();
  return ok;
}

JsonWriter::JsonWriter(const Descriptor* root) {
  auto tables = std::make_unique<Tables>();
  tables->root_type = root;
  tables->root = TableBuilder(tables.get()).For(root);
  tables_ = std::move(tables);
}

JsonWriter::~JsonWriter() = default;

bool JsonWriter::Append(const Message& message, std::string* out) const {
  if (message.GetDescriptor() != tables_->root_type) return false;
  // MessageToJsonString, too, prints from the serialized bytes.
  // Serialized into raw memory too (SerializeToString would zero-fill the
  // string it grows first).
  thread_local Scratch wire;
  thread_local Scratch scratch;
  const std::size_t size = message.ByteSizeLong();
  if (size > static_cast<std::size_t>(INT_MAX)) return false;  // as SerializeToString
  if (wire.capacity() < size + kStringPadding) wire.Grow(0, size + kStringPadding);
  message.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(wire.data()));
  std::memset(wire.data() + size, 0, kStringPadding);
  Sink sink(&scratch);
  const bool ok = WirePrinter(wire.data(), size, &sink).Document(*tables_->root);
  if (ok) sink.AppendTo(out);
  wire.Trim();
  scratch.Trim();
  return ok;
}

const JsonWriter& DecisionJsonWriter() {
  // Never destroyed: writers on other threads may outlive static destruction.
  static const JsonWriter* const writer = new JsonWriter(v1::Decision::descriptor());
  return *writer;
}

}  // namespace povmon
