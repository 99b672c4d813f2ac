// Identification throughput: households decided per second of CPU time (per
// core), with a shipped pack, on a generated population; and, when given the
// converted peer population, with the peer's policy on the peer's households.
//
//   povmon_identification_benchmark [--pack DIR] [--as_of YYYY-MM-DD]
//       [--population N] [--seed S]
//       [--peer_households FILE --peer_pack DIR --peer_as_of YYYY-MM-DD --peer_limit N]
//       [Google Benchmark flags, e.g. --benchmark_filter=Identify --benchmark_repetitions=5]
//
// Counters: "households/s" is a kIsRate counter. Google Benchmark divides
// rates by CPU time unless a benchmark asks for real time, so for the
// single-thread benchmarks it is households per CPU-second of one core; the
// two-thread benchmark (…/threads:2/real_time) divides by wall time and gives
// the whole two-core machine.
//
// Every household is decided once, untimed, before the timed runs, and any
// evaluation error aborts that benchmark: a benchmark never times errors.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "benchmark/benchmark.h"
#include "benchmarks/population.h"
#include "povmon/engine.h"

#ifndef POVMON_SOURCE_DIR
#error "POVMON_SOURCE_DIR must be defined by the build"
#endif

namespace {

using povmon::EvaluateOptions;
using povmon::Evaluator;
using povmon::Policy;
using povmon::v1::Decision;
using povmon::v1::Household;
using povmon::v1::TraceLevel;

struct Flags {
  std::string pack = POVMON_SOURCE_DIR "/policies/hunan-2024";
  absl::CivilDay as_of = absl::CivilDay(2024, 11, 30);
  size_t population = 10000;
  uint64_t seed = 20240601;
  std::string peer_households;
  std::string peer_pack = POVMON_SOURCE_DIR "/benchmarks/peer-pack";
  absl::CivilDay peer_as_of = absl::CivilDay(2025, 1, 1);
  size_t peer_limit = 0;  // 0: every household in the file
};

// One population to decide: the policy, the households as messages and as
// the JSON lines they came from (or were written to).
struct Workload {
  std::string name;
  std::shared_ptr<const Policy> policy;
  absl::CivilDay as_of;
  std::vector<Household> households;
  std::vector<std::string> json_lines;
};

std::string CategoryHistogram(const std::map<int, size_t>& counts) {
  std::string out;
  for (const auto& [category, n] : counts) {
    absl::StrAppend(&out, out.empty() ? "" : ", ",
                    povmon::v1::Category_Name(static_cast<povmon::v1::Category>(category)), " ",
                    n);
  }
  return out;
}

// Decide every household once, untimed: the check that the workload runs
// without errors, and the category mix shown in the benchmark's context.
absl::Status Preflight(const Workload& w) {
  Evaluator evaluator(w.policy);
  Decision decision;
  std::map<int, size_t> counts;
  for (const Household& h : w.households) {
    absl::Status s = evaluator.Evaluate(h, EvaluateOptions{w.as_of, povmon::v1::TRACE_LEVEL_OFF},
                                        &decision);
    if (!s.ok()) {
      return absl::Status(s.code(), absl::StrCat("household ", h.id(), ": ", s.ToString()));
    }
    ++counts[decision.identification().category()];
  }
  benchmark::AddCustomContext(
      absl::StrCat(w.name, " workload"),
      absl::StrFormat("%d households, pack %s (%s), as of %s; %s", w.households.size(),
                      w.policy->id(), w.policy->revision().substr(0, 12),
                      absl::FormatCivilTime(w.as_of), CategoryHistogram(counts)));
  return absl::OkStatus();
}

void SetRate(benchmark::State& state, size_t households_per_iteration) {
  state.counters["households/s"] = benchmark::Counter(
      static_cast<double>(households_per_iteration) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}

// Decide the whole population once per iteration. With several threads,
// each takes every k-th household with an evaluator of its own.
void BM_Identify(benchmark::State& state, const Workload* w, TraceLevel trace) {
  Evaluator evaluator(w->policy);
  Decision decision;
  const EvaluateOptions options{w->as_of, trace};
  const size_t stride = static_cast<size_t>(state.threads());
  const size_t first = static_cast<size_t>(state.thread_index());
  size_t per_iteration = 0;
  for (size_t i = first; i < w->households.size(); i += stride) ++per_iteration;
  for (auto _ : state) {
    for (size_t i = first; i < w->households.size(); i += stride) {
      absl::Status s = evaluator.Evaluate(w->households[i], options, &decision);
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
      benchmark::DoNotOptimize(decision.identification().category());
    }
  }
  SetRate(state, per_iteration);
}

// Parse the household from its JSON line (with the date checks), then decide.
void BM_ParseAndIdentify(benchmark::State& state, const Workload* w, TraceLevel trace) {
  Evaluator evaluator(w->policy);
  Household household;
  Decision decision;
  const EvaluateOptions options{w->as_of, trace};
  for (auto _ : state) {
    for (const std::string& line : w->json_lines) {
      absl::Status s = povmon::ParseHouseholdJson(line, &household);
      if (s.ok()) s = evaluator.Evaluate(household, options, &decision);
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
      benchmark::DoNotOptimize(decision.identification().category());
    }
  }
  SetRate(state, w->json_lines.size());
}

// Parse only: how much of parse + decide is the JSON.
void BM_ParseJson(benchmark::State& state, const Workload* w) {
  Household household;
  int64_t bytes = 0;
  for (const std::string& line : w->json_lines) bytes += static_cast<int64_t>(line.size());
  for (auto _ : state) {
    for (const std::string& line : w->json_lines) {
      absl::Status s = povmon::ParseHouseholdJson(line, &household);
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
      benchmark::DoNotOptimize(household.members_size());
    }
  }
  SetRate(state, w->json_lines.size());
  state.SetBytesProcessed(bytes * static_cast<int64_t>(state.iterations()));
}

bool ParseFlag(std::string_view arg, std::string_view name, std::string* value) {
  const std::string prefix = "--" + std::string(name) + "=";
  if (arg.substr(0, prefix.size()) != prefix) return false;
  *value = std::string(arg.substr(prefix.size()));
  return true;
}

// Take this program's flags out of argv (Google Benchmark rejects flags it
// does not know) and leave the rest for benchmark::Initialize.
bool ParseFlags(int* argc, char** argv, Flags* flags) {
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    std::string value;
    bool ok = true;
    const std::string_view arg = argv[i];
    if (ParseFlag(arg, "pack", &value)) {
      flags->pack = value;
    } else if (ParseFlag(arg, "as_of", &value)) {
      ok = absl::ParseCivilTime(value, &flags->as_of);
    } else if (ParseFlag(arg, "population", &value)) {
      ok = absl::SimpleAtoi(value, &flags->population) && flags->population > 0;
    } else if (ParseFlag(arg, "seed", &value)) {
      ok = absl::SimpleAtoi(value, &flags->seed);
    } else if (ParseFlag(arg, "peer_households", &value)) {
      flags->peer_households = value;
    } else if (ParseFlag(arg, "peer_pack", &value)) {
      flags->peer_pack = value;
    } else if (ParseFlag(arg, "peer_as_of", &value)) {
      ok = absl::ParseCivilTime(value, &flags->peer_as_of);
    } else if (ParseFlag(arg, "peer_limit", &value)) {
      ok = absl::SimpleAtoi(value, &flags->peer_limit);
    } else {
      argv[kept++] = argv[i];
      continue;
    }
    if (!ok) {
      std::fprintf(stderr, "bad flag value: %s\n", argv[i]);
      return false;
    }
  }
  *argc = kept;
  return true;
}

absl::Status LoadPolicy(const std::string& dir, std::shared_ptr<const Policy>* out) {
  auto policy = Policy::Load(dir);
  if (!policy.ok()) return policy.status();
  *out = *std::move(policy);
  return absl::OkStatus();
}

absl::Status MakeGenerated(const Flags& flags, Workload* w) {
  w->name = "generated";
  w->as_of = flags.as_of;
  if (absl::Status s = LoadPolicy(flags.pack, &w->policy); !s.ok()) return s;
  povmon::bench::PopulationOptions options;
  options.seed = flags.seed;
  options.as_of = flags.as_of;
  w->households = povmon::bench::GeneratePopulation(options, flags.population);
  w->json_lines.resize(w->households.size());
  for (size_t i = 0; i < w->households.size(); ++i) {
    if (absl::Status s = povmon::bench::HouseholdToJsonLine(w->households[i], &w->json_lines[i]);
        !s.ok()) {
      return s;
    }
  }
  return Preflight(*w);
}

absl::Status MakePeer(const Flags& flags, Workload* w) {
  w->name = "peer";
  w->as_of = flags.peer_as_of;
  if (absl::Status s = LoadPolicy(flags.peer_pack, &w->policy); !s.ok()) return s;
  std::ifstream in(flags.peer_households);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", flags.peer_households));
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    if (flags.peer_limit != 0 && w->households.size() == flags.peer_limit) break;
    w->households.emplace_back();
    if (absl::Status s = povmon::ParseHouseholdJson(line, &w->households.back()); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat(flags.peer_households, ":", line_no, ": ",
                                                 s.ToString()));
    }
    w->json_lines.push_back(std::move(line));
  }
  return Preflight(*w);
}

void Register(const Workload* w) {
  struct Level {
    const char* name;
    TraceLevel level;
  };
  constexpr Level kLevels[] = {{"OFF", povmon::v1::TRACE_LEVEL_OFF},
                               {"RULES", povmon::v1::TRACE_LEVEL_RULES},
                               {"FULL", povmon::v1::TRACE_LEVEL_FULL}};
  const std::string prefix = w->name == "peer" ? "Peer" : "";
  for (const Level& l : kLevels) {
    benchmark::RegisterBenchmark(absl::StrCat(prefix, "Identify/trace:", l.name).c_str(),
                                 BM_Identify, w, l.level)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark(absl::StrCat(prefix, "Identify/trace:OFF").c_str(), BM_Identify, w,
                               povmon::v1::TRACE_LEVEL_OFF)
      ->Threads(2)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(absl::StrCat(prefix, "ParseJson").c_str(), BM_ParseJson, w)
      ->Unit(benchmark::kMillisecond);
  for (const Level& l : {kLevels[0], kLevels[1]}) {
    benchmark::RegisterBenchmark(absl::StrCat(prefix, "ParseAndIdentify/trace:", l.name).c_str(),
                                 BM_ParseAndIdentify, w, l.level)
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(&argc, argv, &flags)) return 2;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  Workload generated;
  if (absl::Status s = MakeGenerated(flags, &generated); !s.ok()) {
    std::fprintf(stderr, "generated population: %s\n", s.ToString().c_str());
    return 1;
  }
  Register(&generated);
  Workload peer;
  if (!flags.peer_households.empty()) {
    if (absl::Status s = MakePeer(flags, &peer); !s.ok()) {
      std::fprintf(stderr, "peer population: %s\n", s.ToString().c_str());
      return 1;
    }
    Register(&peer);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
