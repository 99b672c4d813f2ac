// The peer's plain-JavaScript policy (shared/peers/zen/policy.js), timed by
// the peer's own harness (bench.js --engines js) from inside a Google
// Benchmark run, so that povmon, the hand-written C++ baseline and the JS
// peer are measured side by side in one run (issue 10).
//
// bench.js decides every household once against its reference (its own
// policy.js, so a mismatch means the harness or the data is broken), warms
// up, then times `runs` passes over the population and reports, per pass,
// the process's CPU time (every thread of node: the JIT and the GC
// included). Node must be on the PATH and the peer's directory must have
// its node_modules (benchmarks/peer_compare.sh installs them).
#ifndef POVMON_BENCHMARKS_PEER_PLAIN_JS_H_
#define POVMON_BENCHMARKS_PEER_PLAIN_JS_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace povmon::bench {

struct PlainJsRun {
  std::size_t households = 0;          // decided per pass
  double households_per_cpu_second = 0;  // the median pass's, as bench.js reports it
  double households_per_second = 0;      // wall clock, the median pass's
  long mismatches = 0;                   // against the peer's reference decisions
  std::string node_version;
};

// Runs `node bench.js --engines js` in `peer_dir` on the peer-format file
// `data` (the population the converted households came from) with `runs`
// timed passes. An error names what failed: node, the exit status, or the
// report it wrote.
absl::StatusOr<PlainJsRun> RunPlainJsPeer(const std::string& peer_dir, const std::string& data,
                                          std::size_t households, int runs);

}  // namespace povmon::bench

#endif  // POVMON_BENCHMARKS_PEER_PLAIN_JS_H_
