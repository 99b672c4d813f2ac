// The household JSON reader's fast path: simdjson's On-Demand parser
// (Debian's libsimdjson-dev 3.0.1) indexes the record's tokens (stage 1,
// which also checks its UTF-8 and its strings), and the message is built
// while the tokens are read, through the reader's per-type tables (one key
// lookup per field, no tree of parsed values, no second wire-format parse).
// On-Demand checks only what it is asked to read, so the fast path reads
// every token of the record (it skips nothing: an unknown field declines),
// each value through the getter of its field's kind, and checks that
// nothing follows the root object.
//
// It accepts only what the full reader (src/codec/json_reader.cc) accepts,
// and builds the same message; on anything else it declines, and the full
// reader reads the record again and words the error. So it declines on
// every input simdjson refuses and on every case the full reader refuses
// (json_reader.h lists them): a field given twice under any of its names, an
// unknown or unsupported field, an integer that is not JSON digits (a
// fraction, an exponent, a '+' or a leading zero), out of range or, for an
// unsigned field, written with a '-' (-0 too), null as an array element,
// a NUL in a string, a value of the wrong kind, nesting deeper than
// kMaxJsonDepth. Two more it declines without looking further: a record
// holding a backslash anywhere (the fast path takes each string as
// written, between its quotes, and the full reader judges an integer or enum
// in quotes by the text as written), and a record starting with a byte order mark. It also checks
// every date string ((unit) = FIELD_UNIT_DATE) as ValidateHousehold does,
// and declines a record holding one that ValidateHousehold would refuse, so
// that ParseHouseholdJson need not check a record it took again (the full
// reader takes such a record, and ValidateHousehold words the error).
// Records over kMaxFastPathBytes go to the full reader too, so the
// per-thread buffers stay small.
#ifndef POVMON_SRC_CODEC_JSON_FAST_PATH_H_
#define POVMON_SRC_CODEC_JSON_FAST_PATH_H_

#include <cstddef>
#include <string_view>

#include "google/protobuf/message.h"
#include "src/codec/json_reader.h"

namespace povmon {
namespace json_reader_internal {

// simdjson's parser keeps buffers of several times the largest record it
// has parsed, per thread; households are about 13 KB.
inline constexpr std::size_t kMaxFastPathBytes = std::size_t{256} << 10;

// Replaces the contents of `message` (of the tables' root type) with the
// record, whose dates are then all valid, and returns true, or returns false
// (declined; `message` then holds anything) when the record is not one the
// fast path takes. Safe to call from several threads at once: the parser
// and its padded buffer are per thread, and reused, so a warm call
// allocates nothing.
//
// `readable_after` is how many bytes after the record's last byte may be
// read (the rest of the caller's buffer: the next records, anything; they
// are not part of the record). simdjson reads up to SIMDJSON_PADDING bytes
// past the end of what it parses, and their content does not change what
// it parses (simdjson's maintainers, simdjson issue 1965; On-Demand checks
// the root's balance when the byte after the record is a closing brace,
// issue 1834); so with at least that many the record is parsed where it
// is, and with fewer it is copied into the padded per-thread buffer.
bool ReadWithSimdjson(const JsonReader::Tables& tables, std::string_view json,
                      std::size_t readable_after, google::protobuf::Message* message);

}  // namespace json_reader_internal
}  // namespace povmon

#endif  // POVMON_SRC_CODEC_JSON_FAST_PATH_H_
