#include "src/population/spot_check.h"

#include <algorithm>
#include <string_view>

#include "povmon/population.h"

namespace povmon {
namespace {

// splitmix64's finaliser (Steele, Lea and Flood 2014).
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a, 64 bits, over the id's bytes.
std::uint64_t Fnv1a(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

std::uint64_t SpotCheckKey(std::string_view household_id, std::uint64_t seed) {
  return Mix(Fnv1a(household_id) ^ Mix(seed));
}

std::uint64_t CandidateBound(int candidate_bp) {
  if (candidate_bp >= 10000) return UINT64_MAX;
  if (candidate_bp <= 0) return 0;
  unsigned __int128 scaled = static_cast<unsigned __int128>(candidate_bp) << 64;
  return static_cast<std::uint64_t>(scaled / 10000);
}

void CandidatePool::Add(std::uint64_t key, std::string_view household_id, std::uint64_t bound) {
  if (key < bound || bound == UINT64_MAX) {
    below_.push_back({key, std::string(household_id)});
    return;
  }
  SampleCandidate c{key, std::string(household_id)};
  if (lowest_above_.size() < kLowestCandidatesKept) {
    lowest_above_.push_back(std::move(c));
    std::push_heap(lowest_above_.begin(), lowest_above_.end());
  } else if (c < lowest_above_.front()) {
    std::pop_heap(lowest_above_.begin(), lowest_above_.end());
    lowest_above_.back() = std::move(c);
    std::push_heap(lowest_above_.begin(), lowest_above_.end());
  }
}

void CandidatePool::Write(std::uint64_t bound,
                          google::protobuf::RepeatedPtrField<v1::SampleCandidate>* out) const {
  std::vector<const SampleCandidate*> all;
  all.reserve(below_.size() + lowest_above_.size());
  for (const SampleCandidate& c : below_) all.push_back(&c);
  for (const SampleCandidate& c : lowest_above_) all.push_back(&c);
  std::sort(all.begin(), all.end(),
            [](const SampleCandidate* a, const SampleCandidate* b) { return *a < *b; });
  out->Clear();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i >= kLowestCandidatesKept && all[i]->key >= bound && bound != UINT64_MAX) break;
    v1::SampleCandidate* c = out->Add();
    c->set_key(all[i]->key);
    c->set_household_id(all[i]->household_id);
  }
}

std::int64_t SampleSize(std::int64_t eligible, std::int64_t share_bp) {
  if (eligible <= 0 || share_bp <= 0) return 0;
  // eligible ≤ 2^63 and share_bp ≤ 10000: the product fits in 128 bits.
  __int128 product = static_cast<__int128>(eligible) * share_bp;
  return static_cast<std::int64_t>((product + 9999) / 10000);
}

}  // namespace povmon
