// The spot check's draw (Plan 5 §3(二)2): a key per household from the seed,
// and the candidates a county keeps so that partial summaries merge into
// the same draw as the whole.
//
// The candidates kept are every household whose key is below the bound
// (twice the largest share the pack draws) plus, whatever the bound, the 64
// lowest keys. Both are prefixes of the households in key order, so their
// union is one too, and so is the union of two shards' candidates after the
// same trim: the k lowest keys of a county are among its candidates whenever
// k is at most their number.
#ifndef POVMON_SRC_POPULATION_SPOT_CHECK_H_
#define POVMON_SRC_POPULATION_SPOT_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "google/protobuf/repeated_ptr_field.h"
#include "povmon/v1/population.pb.h"

namespace povmon {

inline constexpr std::size_t kLowestCandidatesKept = 64;

// The key below which every eligible household is kept, for a share in
// basis points (10000: every household).
std::uint64_t CandidateBound(int candidate_bp);

struct SampleCandidate {
  std::uint64_t key = 0;
  std::string household_id;
  bool operator<(const SampleCandidate& o) const {
    return key != o.key ? key < o.key : household_id < o.household_id;
  }
};

// The candidates of one county while households are added.
class CandidatePool {
 public:
  void Add(std::uint64_t key, std::string_view household_id, std::uint64_t bound);
  // Sorted and trimmed (below the bound, or among the 64 lowest).
  void Write(std::uint64_t bound,
             google::protobuf::RepeatedPtrField<v1::SampleCandidate>* out) const;

 private:
  std::vector<SampleCandidate> below_;  // key < bound, unsorted
  // The lowest keys at or above the bound, a max-heap of at most 64.
  std::vector<SampleCandidate> lowest_above_;
};

// ceil(eligible × share_bp / 10000): "不低於" includes the bound.
std::int64_t SampleSize(std::int64_t eligible, std::int64_t share_bp);

}  // namespace povmon

#endif  // POVMON_SRC_POPULATION_SPOT_CHECK_H_
