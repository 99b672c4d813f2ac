#include "src/batch/record_source.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "povmon/json.h"

namespace povmon::batch {
namespace {

// Bytes read from a stream at a time.
constexpr std::size_t kChunk = 256 * 1024;

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

RecordSource::RecordSource(BatchInput format, std::size_t max_record_bytes,
                           std::uint64_t first_index, std::uint64_t first_line, std::istream* in)
    : format_(format),
      max_record_bytes_(max_record_bytes),
      stream_(in),
      in_(true),
      next_index_(first_index),
      line_(first_line) {}

RecordSource::RecordSource(BatchInput format, std::size_t max_record_bytes,
                           std::uint64_t first_index, std::uint64_t first_line, BatchReader* in)
    : format_(format),
      max_record_bytes_(max_record_bytes),
      reader_(in),
      in_(true),
      next_index_(first_index),
      line_(first_line) {}

RecordSource::RecordSource(BatchInput format, std::size_t max_record_bytes,
                           std::uint64_t first_index, std::uint64_t first_line,
                           std::string_view buffer)
    : format_(format),
      max_record_bytes_(max_record_bytes),
      data_(buffer.data()),
      size_(buffer.size()),
      at_eof_(true),
      next_index_(first_index),
      line_(first_line) {}

absl::Status RecordSource::Fill(Block* block, std::size_t max_records, std::size_t max_bytes,
                                bool* end) {
  block->count = 0;
  block->storage.clear();
  *end = false;
  std::size_t bytes = 0;
  while (block->count < max_records && bytes < max_bytes) {
    bool got = false;
    absl::Status s =
        format_ == BatchInput::kJsonLines ? NextLine(block, &got) : NextDelimited(block, &got);
    if (!s.ok()) return s;
    if (!got) {
      *end = true;
      break;
    }
    bytes += block->slots[block->count - 1]->size;
  }
  // Padding after the last record in the storage, so that the JSON reader
  // parses every record of a stream where it is (simdjson reads up to 64
  // bytes past a record's end; their content does not matter).
  if (in_) block->storage.append(kHouseholdJsonPadding, '\0');
  // The storage no longer moves: point the records at their bytes.
  const char* const base = in_ ? block->storage.data() : data_;
  const std::size_t extent = in_ ? block->storage.size() : size_;
  for (std::size_t i = 0; i < block->count; ++i) {
    Slot& slot = *block->slots[i];
    if (slot.too_long) {
      slot.record = {};
      slot.readable_after = 0;
    } else {
      slot.record = std::string_view(base + slot.offset, slot.size);
      slot.readable_after = extent - slot.offset - slot.size;
    }
  }
  return absl::OkStatus();
}

Slot& RecordSource::NewSlot(Block* block) {
  if (block->count == block->slots.size()) block->slots.push_back(std::make_unique<Slot>());
  Slot& slot = *block->slots[block->count++];
  slot.index = next_index_++;
  slot.line = format_ == BatchInput::kJsonLines ? line_ : 0;
  slot.too_long = false;
  return slot;
}

bool RecordSource::AddLine(Block* block, std::size_t offset, std::size_t size) {
  std::string_view line(data_ + offset, size);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (IsBlank(line)) return false;
  if (line.size() > max_record_bytes_) {
    AddTooLong(block, line.size());
    return true;
  }
  Slot& slot = NewSlot(block);
  slot.size = line.size();
  if (in_) {
    slot.offset = block->storage.size();
    block->storage.append(line.data(), line.size());
  } else {
    slot.offset = offset;
  }
  return true;
}

void RecordSource::AddTooLong(Block* block, std::uint64_t size) {
  Slot& slot = NewSlot(block);
  slot.too_long = true;
  slot.offset = 0;
  slot.size = static_cast<std::size_t>(size);
}

absl::Status RecordSource::Refill() {
  // Keep the unconsumed bytes, drop the rest, read one more chunk.
  base_ += pos_;
  buffer_.erase(0, pos_);
  pos_ = 0;
  std::size_t old = buffer_.size();
  buffer_.resize(old + kChunk);
  std::size_t n = 0;
  if (stream_ != nullptr) {
    stream_->read(buffer_.data() + old, static_cast<std::streamsize>(kChunk));
    n = static_cast<std::size_t>(stream_->gcount());
    if (stream_->bad()) {
      buffer_.resize(old);
      data_ = buffer_.data();
      size_ = buffer_.size();
      return absl::DataLossError(
          absl::StrCat("the input cannot be read after byte ", base_ + old + n));
    }
    if (n == 0 || stream_->eof()) at_eof_ = true;
  } else {
    absl::Status s = reader_->Read(buffer_.data() + old, kChunk, &n);
    if (!s.ok()) {
      buffer_.resize(old);
      data_ = buffer_.data();
      size_ = buffer_.size();
      return s;
    }
    if (n > kChunk) n = kChunk;
    if (n == 0) at_eof_ = true;
  }
  buffer_.resize(old + n);
  data_ = buffer_.data();
  size_ = buffer_.size();
  return absl::OkStatus();
}

absl::Status RecordSource::NextLine(Block* block, bool* got) {
  for (;;) {
    const char* start = data_ + pos_;
    const void* found = pos_ < size_ ? std::memchr(start, '\n', size_ - pos_) : nullptr;
    if (found != nullptr) {
      std::size_t end = static_cast<std::size_t>(static_cast<const char*>(found) - data_);
      std::size_t offset = pos_;
      pos_ = end + 1;
      ++line_;
      if (skipping_) {
        skipping_ = false;
        AddTooLong(block, skipped_ + (end - offset));
        *got = true;
        return absl::OkStatus();
      }
      if (AddLine(block, offset, end - offset)) {
        *got = true;
        return absl::OkStatus();
      }
      continue;
    }
    std::size_t rest = size_ - pos_;
    if (at_eof_) {
      // The last line, without a final newline.
      std::size_t offset = pos_;
      pos_ = size_;
      if (skipping_) {
        skipping_ = false;
        ++line_;
        AddTooLong(block, skipped_ + rest);
        *got = true;
        return absl::OkStatus();
      }
      if (rest == 0) {
        *got = false;
        return absl::OkStatus();
      }
      ++line_;
      *got = AddLine(block, offset, rest);
      if (*got) return absl::OkStatus();
      continue;  // a blank last line: now at the end
    }
    if (skipping_) {
      skipped_ += rest;
      pos_ = size_;
    } else if (rest > max_record_bytes_ + 1) {  // + 1: a "\r" before the newline
      skipping_ = true;
      skipped_ = rest;
      pos_ = size_;
    }
    if (absl::Status s = Refill(); !s.ok()) return s;
  }
}

absl::Status RecordSource::FramingError(std::uint64_t record_start) const {
  return absl::DataLossError(absl::StrCat(
      "the length prefix of record ", next_index_, " at byte ", record_start,
      " runs past the end of the input (", base_ + size_, " bytes)"));
}

absl::Status RecordSource::NextDelimited(Block* block, bool* got) {
  for (;;) {
    if (skip_remaining_ > 0) {
      std::uint64_t take = std::min<std::uint64_t>(skip_remaining_, size_ - pos_);
      skip_remaining_ -= take;
      pos_ += static_cast<std::size_t>(take);
      if (skip_remaining_ == 0) {
        AddTooLong(block, skipped_);
        *got = true;
        return absl::OkStatus();
      }
      if (at_eof_) return FramingError(skip_record_start_);
      if (absl::Status s = Refill(); !s.ok()) return s;
      continue;
    }
    // The varint length.
    std::size_t p = pos_;
    std::uint64_t length = 0;
    bool complete = false;
    for (int shift = 0; shift < 64 && p < size_; shift += 7) {
      auto byte = static_cast<unsigned char>(data_[p++]);
      length |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        complete = true;
        break;
      }
    }
    std::uint64_t record_start = base_ + pos_;
    if (!complete) {
      if (pos_ == size_ && at_eof_) {
        *got = false;
        return absl::OkStatus();
      }
      if (at_eof_ || p - pos_ >= 10) return FramingError(record_start);
      if (absl::Status s = Refill(); !s.ok()) return s;
      continue;
    }
    if (length > max_record_bytes_) {
      pos_ = p;
      skipped_ = length;
      skip_remaining_ = length;
      skip_record_start_ = record_start;
      continue;
    }
    if (size_ - p >= length) {
      Slot& slot = NewSlot(block);
      slot.size = static_cast<std::size_t>(length);
      if (in_) {
        slot.offset = block->storage.size();
        block->storage.append(data_ + p, slot.size);
      } else {
        slot.offset = p;
      }
      pos_ = p + slot.size;
      *got = true;
      return absl::OkStatus();
    }
    if (at_eof_) return FramingError(record_start);
    if (absl::Status s = Refill(); !s.ok()) return s;
  }
}

}  // namespace povmon::batch
