// Proto3 JSON out, without protobuf's JSON converter.
//
// Prints a message exactly as protobuf 3.21's MessageToJsonString does with
// preserve_proto_field_names (and nothing else) set: one line, fields in
// field-number order (the converter prints the serialized bytes, which
// generated code writes in that order), fields at their default left out,
// int64 and uint64 as quoted decimals, enums by name and unknown enum
// numbers as numbers, strings escaped as util::converter's JsonEscaping
// escapes them. It prints from the message's serialized bytes, as the
// converter does, into a per-thread buffer, and appends the line to the
// caller's string, so once warm it allocates nothing.
//
// It declines (returns false) on what it does not print: unknown fields,
// float and double (protobuf's shortest round-trip formatting), bytes
// (base64), maps, well-known types, and strings that are not valid UTF-8
// (protobuf drops the bad bytes). No povmon decision has any of them; the
// caller then prints with protobuf. tests/io/json_writer_test.cc checks
// byte-identity against MessageToJsonString.
#ifndef POVMON_SRC_CODEC_JSON_WRITER_H_
#define POVMON_SRC_CODEC_JSON_WRITER_H_

#include <memory>
#include <string>
#include <string_view>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace povmon {

class JsonWriter {
 public:
  // Builds the field tables of `root` and of every message type it can
  // contain. The descriptors must outlive the writer.
  explicit JsonWriter(const google::protobuf::Descriptor* root);
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Appends `message` (of the root type) to *out. On false, *out is
  // unchanged. Safe to call from several threads at once.
  bool Append(const google::protobuf::Message& message, std::string* out) const;

  struct Tables;  // the per-type field tables (json_writer.cc)

 private:
  std::unique_ptr<const Tables> tables_;
};

// The writer for povmon.v1.Decision, built on first use.
const JsonWriter& DecisionJsonWriter();

// Appends `text` as a JSON string literal, quotes included, escaped as
// protobuf 3.21 escapes strings. False (with *out unchanged) when `text` is
// not valid UTF-8.
bool AppendJsonString(std::string_view text, std::string* out);

}  // namespace povmon

#endif  // POVMON_SRC_CODEC_JSON_WRITER_H_
