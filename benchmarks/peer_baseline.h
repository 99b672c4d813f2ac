// The peer's policy written by hand in plain C++: what a user could write
// instead of a pack, and the yardstick every engine figure of the peer
// benchmark is a ratio to.
//
// It decides the same parsed `Household` messages as the engine, with the
// same income windows (each record's date parsed once, into a day number),
// and fills a `Decision` with what the engine fills at trace OFF for
// benchmarks/peer-pack: the identifiers and as-of date, the facts the rules
// read (window, counted members, income by kind, compliant out-of-pocket,
// net and per-capita income, rigid expenditure, the previous period), the
// negative-list hits with their rule ids, the category and its rule, and the
// risk types in the pack's order. The policy (shared/peers/zen/README.md,
// "The policy as encoded") is fixed in the code, as a hand-written version
// would have it: line 7,260 yuan, rigid > 50% of total income, total income
// < 70% of the previous year's, education > 20% of total income, all exact
// integer comparisons. `povmon_peer_check --baseline` checks it against the
// peer's oracle household by household.
#ifndef POVMON_BENCHMARKS_PEER_BASELINE_H_
#define POVMON_BENCHMARKS_PEER_BASELINE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon::bench {

class PeerBaseline {
 public:
  // The rolling twelve months before `as_of` and the twelve before those,
  // worked out once (a hand-written program would do the same).
  explicit PeerBaseline(absl::CivilDay as_of);

  // Decide `household` into `decision` (cleared first; reusing it allocates
  // nothing once warm). Errors: a record date that is not YYYY-MM-DD, no
  // registered member.
  absl::Status Decide(const v1::Household& household, v1::Decision* decision) const;

 private:
  std::int64_t window_first_ = 0;  // days since 1970-01-01, inclusive
  std::int64_t window_last_ = 0;
  std::int64_t previous_first_ = 0;
  std::string as_of_;
  std::string window_start_;
  std::string window_end_;
  std::string previous_start_;
  std::string previous_end_;
};

}  // namespace povmon::bench

#endif  // POVMON_BENCHMARKS_PEER_BASELINE_H_
