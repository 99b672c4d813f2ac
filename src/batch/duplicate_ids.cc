#include "src/batch/duplicate_ids.h"

#include <cstring>

namespace povmon::batch {
namespace {
constexpr std::size_t kChunkBytes = 64 * 1024;
}  // namespace

const DuplicateIds::First* DuplicateIds::Check(std::string_view id, std::uint64_t index,
                                               std::uint64_t line) {
  auto found = first_.find(id);
  if (found != first_.end()) return &found->second;
  first_.emplace(Store(id), First{index, line});
  return nullptr;
}

std::string_view DuplicateIds::Store(std::string_view id) {
  char* copy;
  if (id.size() > kChunkBytes / 4) {
    large_.push_back(std::make_unique<char[]>(id.size()));
    copy = large_.back().get();
  } else {
    if (chunks_.empty() || kChunkBytes - chunk_used_ < id.size()) {
      chunks_.push_back(std::make_unique<char[]>(kChunkBytes));
      chunk_used_ = 0;
    }
    copy = chunks_.back().get() + chunk_used_;
    chunk_used_ += id.size();
  }
  if (!id.empty()) std::memcpy(copy, id.data(), id.size());
  return std::string_view(copy, id.size());
}

}  // namespace povmon::batch
