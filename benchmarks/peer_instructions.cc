// A fixed amount of work for counting instructions under callgrind: decide
// the first N peer households (default 2,000) R times (default 5) with the
// engine at trace OFF, or with the hand-written baseline, after one untimed
// warm-up round. Wall-clock rates on a shared machine move by tens of
// percent between runs; instruction counts repeat to the instruction, so
// they are what a step of the hot-path work is judged by (benchmarks/README.md):
//
//   valgrind --tool=callgrind --toggle-collect='*DecideRounds*'
//       build/benchmarks/povmon_peer_instructions --households FILE [--baseline]
//   (one command line)
//   callgrind_annotate --inclusive=yes callgrind.out.PID
//
// Instructions per household = the collected total / (N × R). Prints N, R and
// the category histogram (the same as povmon_peer_check's for those N).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "benchmarks/peer_baseline.h"
#include "povmon/engine.h"

#ifndef POVMON_SOURCE_DIR
#error "POVMON_SOURCE_DIR must be defined by the build"
#endif

namespace {

int Usage(const std::string& message) {
  std::fprintf(stderr,
               "%s\nusage: povmon_peer_instructions --households FILE [--limit N] [--rounds R] "
               "[--pack DIR] [--as_of YYYY-MM-DD] [--baseline]\n",
               message.c_str());
  return 2;
}

// The collected region (callgrind --toggle-collect='*DecideRounds*'): kept
// out of line so that its name stays in the binary.
template <typename Decide>
__attribute__((noinline)) absl::Status DecideRounds(
    const std::vector<povmon::v1::Household>& households, int rounds, Decide&& decide,
    povmon::v1::Decision* decision) {
  for (int r = 0; r < rounds; ++r) {
    for (const povmon::v1::Household& h : households) {
      if (absl::Status s = decide(h, decision); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  std::string households_path;
  std::string pack = POVMON_SOURCE_DIR "/benchmarks/peer-pack";
  absl::CivilDay as_of(2025, 1, 1);
  long limit = 2000;
  long rounds = 5;
  bool baseline = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--baseline") {
      baseline = true;
      continue;
    }
    if (i + 1 >= argc) return Usage("missing value for " + flag);
    const std::string value = argv[++i];
    if (flag == "--households") {
      households_path = value;
    } else if (flag == "--pack") {
      pack = value;
    } else if (flag == "--as_of") {
      if (!absl::ParseCivilTime(value, &as_of)) return Usage("bad --as_of " + value);
    } else if (flag == "--limit" || flag == "--rounds") {
      char* end = nullptr;
      const long n = std::strtol(value.c_str(), &end, 10);
      if (end == value.c_str() || *end != '\0' || n < 1) return Usage("bad " + flag + " " + value);
      (flag == "--limit" ? limit : rounds) = n;
    } else {
      return Usage("unknown flag " + flag);
    }
  }
  if (households_path.empty()) return Usage("--households is required");

  std::ifstream in(households_path);
  if (!in) return Usage("cannot read " + households_path);
  std::vector<povmon::v1::Household> households;
  std::string line;
  while (static_cast<long>(households.size()) < limit && std::getline(in, line)) {
    if (line.empty()) continue;
    households.emplace_back();
    if (absl::Status s = povmon::ParseHouseholdJson(line, &households.back()); !s.ok()) {
      std::fprintf(stderr, "%s:%zu: %s\n", households_path.c_str(), households.size(),
                   s.ToString().c_str());
      return 1;
    }
  }

  absl::StatusOr<std::shared_ptr<const povmon::Policy>> policy = povmon::Policy::Load(pack);
  if (!policy.ok()) {
    std::fprintf(stderr, "%s\n", policy.status().ToString().c_str());
    return 1;
  }
  povmon::Evaluator evaluator(*policy);
  const povmon::bench::PeerBaseline hand_written(as_of);
  const povmon::EvaluateOptions options{as_of, povmon::v1::TRACE_LEVEL_OFF};
  povmon::v1::Decision decision;
  auto engine = [&](const povmon::v1::Household& h, povmon::v1::Decision* d) {
    return evaluator.Evaluate(h, options, d);
  };
  auto by_hand = [&](const povmon::v1::Household& h, povmon::v1::Decision* d) {
    return hand_written.Decide(h, d);
  };
  // One warm-up round, not collected (the reused Decision and the
  // evaluator's memory grow here), then the measured rounds.
  absl::Status s;
  for (const povmon::v1::Household& h : households) {
    s = baseline ? by_hand(h, &decision) : engine(h, &decision);
    if (!s.ok()) break;
  }
  if (s.ok()) {
    s = baseline ? DecideRounds(households, static_cast<int>(rounds), by_hand, &decision)
                 : DecideRounds(households, static_cast<int>(rounds), engine, &decision);
  }
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::map<int, long> counts;
  for (const povmon::v1::Household& h : households) {
    s = baseline ? hand_written.Decide(h, &decision) : evaluator.Evaluate(h, options, &decision);
    if (!s.ok()) break;
    ++counts[decision.identification().category()];
  }
  std::printf("%s: %zu households x %ld rounds (+1 warm-up), pack %s, as of %s\n",
              baseline ? "hand-written baseline" : "povmon Evaluate, trace OFF", households.size(),
              rounds, (*policy)->id().c_str(), absl::FormatCivilTime(as_of).c_str());
  for (const auto& entry : counts) {
    std::printf("  %s %ld\n",
                povmon::v1::Category_Name(static_cast<povmon::v1::Category>(entry.first)).c_str(),
                entry.second);
  }
  return s.ok() ? 0 : 1;
}
