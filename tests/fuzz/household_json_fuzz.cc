// libFuzzer target: the household JSON reader (ParseHouseholdJson), with a
// differential check against protobuf's converter.
//
// Whatever povmon reads, protobuf's JsonStringToMessage must read too, into
// an equal message (povmon's dialect is strict RFC 8259 with one name per
// field, a subset of what protobuf takes). Whatever povmon refuses gets a
// non-empty, valid UTF-8 message of the kind its callers print: never a
// crash, a hang or a sanitizer report. The household is reused from input
// to input, as the CLI and the C ABI reuse it, so a record that leaves
// something behind shows up as a difference on the next. HouseholdIdOf,
// which names the household of an error record, must find the id the
// reader read.
//
// The reader has two paths (src/codec/json_reader.h): the simdjson fast
// path, which declines whatever it does not accept exactly as the full
// reader would, and the full reader. So on every input, ParseHouseholdJson
// and ParseHouseholdJsonWithoutFastPath (the full reader alone) must give
// the same status, the same error message and an equal household, and
// where the fast path alone takes an input the full reader must read the
// same household from it, whose dates ValidateHousehold accepts (the fast
// path checks them, and ParseHouseholdJson then does not check again).
//
// A record read where it lies in a buffer, with bytes after it that are
// not part of it (ParseHouseholdJsonInBuffer in povmon/json.h, as the batch
// runner and callers holding a JSON Lines buffer read),
// must be read as the record alone is: the input followed by 64 bytes of
// its own text (the fuzzer controls them too) or of closing braces gives
// the same status, message and household as ParseHouseholdJson, and the
// fast path takes it or declines it alike.
//
// Every build replays the corpus and the reproducers through it
// (povmon_fuzz_replay_household_json); `scripts/fuzz.sh 600 household_json`
// fuzzes it for ten minutes with tests/fuzz/household_json.dict.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "povmon/json.h"
#include "povmon/json_protobuf.h"
#include "povmon/v1/household.pb.h"
#include "src/codec/json_reader.h"

namespace {

[[noreturn]] void Finding(const char* what, std::string_view input, std::string_view detail) {
  std::fprintf(stderr, "FINDING: %s\n  input (%zu bytes): %.*s\n  %.*s\n", what, input.size(),
               static_cast<int>(input.size() > 400 ? 400 : input.size()), input.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  static povmon::v1::Household* const ours = new povmon::v1::Household();
  static povmon::v1::Household* const full = new povmon::v1::Household();
  static povmon::v1::Household* const fast = new povmon::v1::Household();
  const absl::Status status = povmon::ParseHouseholdJson(json, ours);
  const absl::Status full_status = povmon::ParseHouseholdJsonWithoutFastPath(json, full);
  if (status.ok() != full_status.ok() || status.message() != full_status.message()) {
    Finding("the reader with and without its fast path answer differently", json,
            std::string(status.message()) + " vs " + std::string(full_status.message()));
  }
  if (status.ok() && !google::protobuf::util::MessageDifferencer::Equals(*full, *ours)) {
    Finding("the reader with and without its fast path read different households", json, "");
  }
  const bool fast_took = povmon::HouseholdJsonReader().ReadFastPathOnly(json, fast);
  for (int fill = 0; fill < 2; ++fill) {
    static povmon::v1::Household* const in_buffer = new povmon::v1::Household();
    std::string buffer(json);
    for (std::size_t i = 0; i < povmon::kHouseholdJsonPadding; ++i) {
      buffer += fill == 0 && size > 0 ? json[i % size] : '}';
    }
    const std::string_view record(buffer.data(), size);
    const absl::Status in_status =
        povmon::ParseHouseholdJsonInBuffer(record, povmon::kHouseholdJsonPadding, in_buffer);
    if (in_status.ok() != status.ok() || in_status.message() != status.message() ||
        (status.ok() && !google::protobuf::util::MessageDifferencer::Equals(*in_buffer, *ours))) {
      Finding("a record read in its buffer and alone answer differently", json,
              std::string(in_status.message()) + " vs " + std::string(status.message()));
    }
    const bool in_place = povmon::HouseholdJsonReader().ReadFastPathOnly(
        record, in_buffer, povmon::kHouseholdJsonPadding);
    if (in_place != fast_took ||
        (in_place && !google::protobuf::util::MessageDifferencer::Equals(*in_buffer, *fast))) {
      Finding("the fast path reads a record in its buffer and alone differently", json, "");
    }
  }
  if (fast_took) {
    if (!povmon::HouseholdJsonReader().ReadWithoutFastPath(json, full)) {
      Finding("the fast path took what the full reader refuses", json, "");
    }
    std::string differences;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&differences);
    if (!differencer.Compare(*full, *fast)) {
      Finding("the fast path and the full reader read different households", json, differences);
    }
    // It checked the dates, so ParseHouseholdJson skips ValidateHousehold.
    if (const absl::Status dates = povmon::ValidateHousehold(*fast); !dates.ok()) {
      Finding("the fast path took a household with an invalid date", json,
              std::string(dates.message()));
    }
  }
  if (!status.ok()) {
    const std::string_view message(status.message().data(), status.message().size());
    if (status.code() != absl::StatusCode::kInvalidArgument) {
      Finding("a refusal that is not InvalidArgument", json, message);
    }
    if (message.empty()) Finding("an empty error message", json, message);
    if (!povmon::IsValidUtf8(message)) Finding("an error message that is not UTF-8", json, "");
    // The id an error record names: UTF-8 text without a NUL, or nothing.
    const std::string id = povmon::HouseholdIdOf(json);
    if (!povmon::IsValidUtf8(id) || id.find('\0') != std::string::npos) {
      Finding("HouseholdIdOf recovered an id no household can have", json, id);
    }
    return 0;
  }
  // An error record names the id the decision does (HouseholdIdOf decodes
  // escapes as the reader does).
  if (const std::string id = povmon::HouseholdIdOf(json); id != ours->id()) {
    Finding("HouseholdIdOf and the reader read different ids", json, id + " vs " + ours->id());
  }
  povmon::v1::Household theirs;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &theirs, options);
  if (!parsed.ok()) {
    Finding("povmon read what protobuf refuses", json,
            std::string_view(parsed.message().data(), parsed.message().size()));
  }
  std::string differences;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  if (!differencer.Compare(theirs, *ours)) {
    Finding("povmon and protobuf read different households", json, differences);
  }
  return 0;
}
