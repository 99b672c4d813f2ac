// The unit of work of the batch runner: a block of records, each with the
// memory its household, decisions and output are decided into. Blocks are
// reused for the whole run, so a warm run allocates nothing per household.
#ifndef POVMON_SRC_BATCH_BATCH_BLOCK_H_
#define POVMON_SRC_BATCH_BATCH_BLOCK_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon::batch {

struct Slot {
  std::uint64_t index = 0;
  std::uint64_t line = 0;
  // Where the record's bytes are: [offset, offset + size) of the block's
  // storage (stream input) or of the run's input buffer (buffer input).
  std::size_t offset = 0;
  std::size_t size = 0;
  // A record longer than the limit: not read; `size` is its length.
  bool too_long = false;
  std::string_view record;
  // How many bytes after the record its buffer holds (the next records, or
  // the padding after the block's storage): the JSON reader parses a record
  // with at least simdjson's padding (64) after it in place.
  std::size_t readable_after = 0;
  absl::Status status;
  bool parsed = false;
  v1::Household household;
  v1::Decision decision;
  v1::Decision what_if_decision;
  // An earlier record of the run had the same household id.
  bool duplicate = false;
  std::uint64_t duplicate_of_index = 0;
  std::uint64_t duplicate_of_line = 0;
  // The id read from a record that did not parse.
  std::string fallback_id;
  std::string output;
};

struct Block {
  std::uint64_t sequence = 0;
  bool done = false;
  std::size_t count = 0;           // slots in use
  std::vector<std::unique_ptr<Slot>> slots;
  std::string storage;             // stream input: the records' bytes
};

}  // namespace povmon::batch

#endif  // POVMON_SRC_BATCH_BATCH_BLOCK_H_
