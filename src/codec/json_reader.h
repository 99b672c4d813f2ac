// Proto3 JSON in, without protobuf's JSON converter.
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
// It is the fast path only. It declines (returns false) whenever the input
// is anything but plain, valid JSON of the message's shape: an unknown key,
// a value of the wrong type, a number it does not read exactly (a fraction,
// an exponent, a leading zero, out of range), a string escape JSON does not
// define, a lone surrogate, a raw control character, trailing commas,
// single quotes, bare keys, a field of a oneof (or a proto3 `optional`
// field) given twice, `null` inside an array, an object where an array
// belongs, a bool given as anything but true or false. Some of these
// protobuf accepts and some it refuses; the caller then hands the line to
// protobuf's parser, which decides and words the error. For every input
// the reader does accept, the message equals what JsonStringToMessage
// produces (tests/io/json_reader_test.cc checks that differentially).
//
// It also declines input that is not valid UTF-8, checked inside strings
// by the rules of IsValidUtf8 (outside them only ASCII is JSON): what it
// accepts is valid UTF-8, so a caller need not check it again first.
#ifndef POVMON_SRC_CODEC_JSON_READER_H_
#define POVMON_SRC_CODEC_JSON_READER_H_

#include <memory>
#include <string_view>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace povmon {

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
  // when the reader declines the input (see above). Safe to call from
  // several threads at once: the wire buffer is per thread.
  bool Read(std::string_view json, google::protobuf::Message* message) const;

  struct Tables;  // the per-type key tables (json_reader.cc)

 private:
  std::unique_ptr<const Tables> tables_;
};

// The reader for povmon.v1.Household, built on first use.
const JsonReader& HouseholdJsonReader();

}  // namespace povmon

#endif  // POVMON_SRC_CODEC_JSON_READER_H_
