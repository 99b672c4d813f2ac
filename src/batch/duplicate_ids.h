// The household ids a batch run has seen, to warn about one used twice. Each
// distinct id is kept once, in 64 KiB chunks, with a 33-byte hash-table slot
// (the table 44-87% full), for the rest of the run.
#ifndef POVMON_SRC_BATCH_DUPLICATE_IDS_H_
#define POVMON_SRC_BATCH_DUPLICATE_IDS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace povmon::batch {

class DuplicateIds {
 public:
  struct First {
    std::uint64_t index = 0;
    std::uint64_t line = 0;
  };

  // Remember `id` as used by record `index` at `line`; when an earlier
  // record used it, return that one's (and remember nothing).
  const First* Check(std::string_view id, std::uint64_t index, std::uint64_t line);

  std::size_t size() const { return first_.size(); }

 private:
  std::string_view Store(std::string_view id);

  absl::flat_hash_map<std::string_view, First> first_;
  std::vector<std::unique_ptr<char[]>> chunks_;  // small ids, the last one filling
  std::vector<std::unique_ptr<char[]>> large_;   // one long id each
  std::size_t chunk_used_ = 0;
};

}  // namespace povmon::batch

#endif  // POVMON_SRC_BATCH_DUPLICATE_IDS_H_
