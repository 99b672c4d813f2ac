// Cutting the batch runner's input into records: JSON Lines or
// length-delimited protobuf, from a stream (read in chunks, the records
// copied into the block) or from a buffer in memory (the records are views
// into it). A record longer than the limit is skipped without being held in
// memory and marked too long, so no input line can make the run's memory
// grow past the limit.
#ifndef POVMON_SRC_BATCH_RECORD_SOURCE_H_
#define POVMON_SRC_BATCH_RECORD_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "povmon/batch.h"
#include "src/batch/batch_block.h"

namespace povmon::batch {

class RecordSource {
 public:
  // Records are numbered from `first_index`; JSON lines from `first_line` + 1.
  RecordSource(BatchInput format, std::size_t max_record_bytes, std::uint64_t first_index,
               std::uint64_t first_line, std::istream* in);
  RecordSource(BatchInput format, std::size_t max_record_bytes, std::uint64_t first_index,
               std::uint64_t first_line, BatchReader* in);
  RecordSource(BatchInput format, std::size_t max_record_bytes, std::uint64_t first_index,
               std::uint64_t first_line, std::string_view buffer);

  // Fill `block` with up to `max_records` records (and about `max_bytes` of
  // them); *end is set once the input is exhausted (the block may still hold
  // records). Errors: DATA_LOSS for protobuf framing that breaks off (the
  // message gives the record and byte offset), DATA_LOSS for a stream that
  // cannot be read.
  absl::Status Fill(Block* block, std::size_t max_records, std::size_t max_bytes, bool* end);

  std::uint64_t next_index() const { return next_index_; }
  std::uint64_t line() const { return line_; }

 private:
  absl::Status NextLine(Block* block, bool* got);
  absl::Status NextDelimited(Block* block, bool* got);
  // False (and the line counted) when the line is blank.
  bool AddLine(Block* block, std::size_t offset, std::size_t size);
  void AddTooLong(Block* block, std::uint64_t size);
  Slot& NewSlot(Block* block);
  absl::Status Refill();
  absl::Status FramingError(std::uint64_t record_start) const;

  BatchInput format_;
  std::size_t max_record_bytes_;
  std::istream* stream_ = nullptr;
  BatchReader* reader_ = nullptr;
  bool in_ = false;             // stream or reader input (false: a buffer)
  std::string buffer_;          // stream input: the bytes read and not yet consumed
  const char* data_ = nullptr;  // the bytes: buffer_ or the caller's buffer
  std::size_t size_ = 0;
  std::size_t pos_ = 0;         // first unconsumed byte of data_
  std::uint64_t base_ = 0;      // input offset of data_[0]
  bool at_eof_ = false;
  // A line or frame past the limit, being skipped: its bytes so far.
  bool skipping_ = false;
  std::uint64_t skipped_ = 0;
  std::uint64_t skip_remaining_ = 0;  // protobuf: bytes of the frame still to skip
  std::uint64_t skip_record_start_ = 0;
  std::uint64_t next_index_;
  std::uint64_t line_;
};

}  // namespace povmon::batch

#endif  // POVMON_SRC_BATCH_RECORD_SOURCE_H_
