// Proto3 JSON in, without protobuf's JSON converter.
//
// Most records take the fast path (json_fast_path.h): simdjson parses them
// and the message is built from the parsed values, one pass. What follows
// describes the full reader, which decides everything the fast path declines
// and words every error.
//
// Protobuf 3.21's JsonStringToMessage goes through util::converter: a type
// resolver, a stream parser, an object writer and thousands of small
// allocations per household, about 16 times the cost of deciding it. This
// reader walks the JSON bytes once, looks each key up in a table built once
// per message type, and writes the protobuf wire format into a reused
// per-thread buffer; the caller's message then parses that buffer, which
// reuses the message's strings and repeated elements, so a warm reader
// allocates nothing.
//
// It reads povmon's one JSON dialect, strict RFC 8259 with one name per
// field, and refuses everything else: whitespace other than JSON's four
// (no \f, \v or byte order mark), single quotes, bare keys, trailing
// commas, escapes JSON does not define, lone surrogates, raw control
// characters in strings, a NUL in a string (escaped or not), a field given
// twice (under one name or under its proto name and its JSON name, a
// `members` array twice), a bool written as anything but true or false,
// an integer written with a fraction, an exponent, a '+' or a leading zero
// (in quotes or not), null as an array element, a lone value where an
// array belongs, nesting deeper than kMaxJsonDepth, and input that is not
// valid UTF-8. Protobuf 3.21's parser accepted many of these; for every
// input both accept, the message is the one protobuf's JsonStringToMessage
// builds (tests/io/json_reader_test.cc and the fuzz target
// tests/fuzz/household_json_fuzz.cc check that differentially).
#ifndef POVMON_SRC_CODEC_JSON_READER_H_
#define POVMON_SRC_CODEC_JSON_READER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace povmon {

// Why the reader refused a record, worded: a syntax error as "malformed
// JSON at line L, column C: ...", anything else as "field.path: ...".
struct JsonReadError {
  enum Kind {
    kSyntax,  // not JSON at all (the first such place in the record)
    kValue,   // JSON, but a value the field does not take: protobuf's
              // parser, where it refuses the record too, has its own words
              // for these, which ParseHouseholdJson keeps
    kFinal,   // anything else (a field given twice, a NUL, an unknown field)
  };
  Kind kind = kSyntax;
  std::string message;
};

class JsonReader {
 public:
  // Builds the key tables of `root` and of every message type it can
  // contain. The descriptors must outlive the reader.
  explicit JsonReader(const google::protobuf::Descriptor* root);
  ~JsonReader();
  JsonReader(const JsonReader&) = delete;
  JsonReader& operator=(const JsonReader&) = delete;

  // Replaces the contents of `message` (of the root type) with the JSON
  // object `json`. Returns false, leaving `message` in an unspecified state,
  // when the reader refuses the input (see above), with the reason in
  // `error` when given. Safe to call from several threads at once: the
  // wire buffer is per thread.
  bool Read(std::string_view json, google::protobuf::Message* message,
            JsonReadError* error = nullptr) const;

  // Read, saying in `dates_valid` whether the record's dates were checked:
  // the fast path checks every date string ((unit) = FIELD_UNIT_DATE) as
  // ValidateHousehold does and declines a record holding one it refuses, so
  // a record it took has valid dates (true) and ValidateHousehold need not
  // look again; a record the full reader took (false) has not been checked.
  //
  // `readable_after`: how many bytes after the record's last byte the
  // caller's memory holds and may be read (the next records of a batch, say;
  // any content, never taken as part of the record). With at least
  // simdjson's padding (64), the fast path parses the record where it is
  // instead of copying it (json_fast_path.h).
  bool Read(std::string_view json, google::protobuf::Message* message, JsonReadError* error,
            bool* dates_valid, std::size_t readable_after = 0) const;

  // The two ways Read goes, apart, for the differential tests and the
  // benchmark. Read first tries the fast path (src/codec/json_fast_path.h:
  // simdjson's On-Demand, the message built while its tokens are read),
  // which declines (returns false) on whatever it does not accept exactly as
  // the full reader would; then the full reader below, which is the specification of what is
  // accepted and the only one that words errors.
  bool ReadFastPathOnly(std::string_view json, google::protobuf::Message* message,
                        std::size_t readable_after = 0) const;
  bool ReadWithoutFastPath(std::string_view json, google::protobuf::Message* message,
                           JsonReadError* error = nullptr) const;

  struct Tables;  // the per-type key tables (json_reader_tables.h)

 private:
  std::unique_ptr<const Tables> tables_;
};

// The reader for povmon.v1.Household, built on first use.
const JsonReader& HouseholdJsonReader();

}  // namespace povmon

#endif  // POVMON_SRC_CODEC_JSON_READER_H_
