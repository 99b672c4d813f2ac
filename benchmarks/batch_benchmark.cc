// The batch runner (include/povmon/batch.h) end to end: JSON Lines in (a
// buffer in memory), decisions out as JSON, on 1 and 2 worker threads, on a
// generated Hunan population and, when given, the converted peer population.
//
//   povmon_batch_benchmark [--pack DIR] [--as_of YYYY-MM-DD] [--population N] [--seed S]
//       [--peer_households FILE --peer_pack DIR --peer_as_of YYYY-MM-DD]
//       [Google Benchmark flags]
//
// Every benchmark measures the process's CPU time (all threads) and reports
// wall time. Counters:
//   households/s      households per wall-second (the whole machine);
//   households/cpu-s  households per CPU-second (all threads together: the
//                     cost, whatever the parallelism);
//   cpu/wall          CPU-seconds per wall-second (how many cores were busy).
// The ratio of BatchRunner/jobs:2 to /jobs:1 in households/s, on an idle
// two-core machine, is the scaling issue 9 asks for (≥ 1.8).
#include <time.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "benchmark/benchmark.h"
#include "benchmarks/population.h"
#include "povmon/batch.h"
#include "povmon/policy.h"

#ifndef POVMON_SOURCE_DIR
#error "POVMON_SOURCE_DIR must be defined by the build"
#endif

namespace {

using povmon::BatchOptions;
using povmon::BatchResult;
using povmon::BatchRunner;
using povmon::Policy;

struct Workload {
  std::string name;
  std::shared_ptr<const Policy> policy;
  absl::CivilDay as_of;
  std::string input;  // JSON Lines
  std::size_t households = 0;
};

double ProcessCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double WallSeconds() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Counts the results and the bytes of output, as a writer would see them.
class CountingSink : public povmon::BatchSink {
 public:
  absl::Status Accept(const BatchResult& r) override {
    if (!r.status.ok()) return absl::InternalError(absl::StrCat("record ", r.index, ": ",
                                                                r.status.ToString()));
    ++results;
    bytes += r.output.size() + 1;
    return absl::OkStatus();
  }
  std::size_t results = 0;
  std::size_t bytes = 0;
};

void BM_BatchRunner(benchmark::State& state, const Workload* w) {
  BatchOptions options;
  options.evaluate.as_of = w->as_of;
  options.evaluate.trace = povmon::v1::TRACE_LEVEL_RULES;
  options.jobs = static_cast<int>(state.range(0));
  BatchRunner runner(w->policy, options);
  double cpu = 0, wall = 0;
  std::size_t decided = 0;
  for (auto _ : state) {
    CountingSink sink;
    double cpu0 = ProcessCpuSeconds(), wall0 = WallSeconds();
    absl::Status s = runner.Run(w->input, sink);
    cpu += ProcessCpuSeconds() - cpu0;
    wall += WallSeconds() - wall0;
    if (!s.ok() || sink.results != w->households) {
      state.SkipWithError(s.ok() ? "a result is missing" : std::string(s.message()).c_str());
      return;
    }
    decided += sink.results;
    benchmark::DoNotOptimize(sink.bytes);
  }
  state.counters["households/s"] =
      benchmark::Counter(static_cast<double>(decided), benchmark::Counter::kIsRate);
  state.counters["households/cpu-s"] = cpu > 0 ? static_cast<double>(decided) / cpu : 0;
  state.counters["cpu/wall"] = wall > 0 ? cpu / wall : 0;
}

absl::Status Load(const std::string& pack, std::shared_ptr<const Policy>* out) {
  auto policy = Policy::Load(pack);
  if (!policy.ok()) return policy.status();
  *out = *policy;
  return absl::OkStatus();
}

bool Flag(const std::string& arg, const char* name, std::string* value) {
  std::string prefix = absl::StrCat("--", name, "=");
  if (arg.rfind(prefix, 0) != 0) return false;
  *value = arg.substr(prefix.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string pack = POVMON_SOURCE_DIR "/policies/hunan-2024";
  std::string peer_households, peer_pack = POVMON_SOURCE_DIR "/benchmarks/peer-pack";
  absl::CivilDay as_of(2024, 11, 30), peer_as_of(2025, 1, 1);
  std::size_t population = 20000;
  uint64_t seed = 20240601;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    bool ok = true;
    if (Flag(arg, "pack", &value)) {
      pack = value;
    } else if (Flag(arg, "as_of", &value)) {
      ok = absl::ParseCivilTime(value, &as_of);
    } else if (Flag(arg, "population", &value)) {
      ok = absl::SimpleAtoi(value, &population);
    } else if (Flag(arg, "seed", &value)) {
      ok = absl::SimpleAtoi(value, &seed);
    } else if (Flag(arg, "peer_households", &value)) {
      peer_households = value;
    } else if (Flag(arg, "peer_pack", &value)) {
      peer_pack = value;
    } else if (Flag(arg, "peer_as_of", &value)) {
      ok = absl::ParseCivilTime(value, &peer_as_of);
    } else {
      argv[kept++] = argv[i];
      continue;
    }
    if (!ok) {
      std::fprintf(stderr, "bad value in %s\n", arg.c_str());
      return 2;
    }
  }
  argc = kept;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  std::vector<std::unique_ptr<Workload>> workloads;
  {
    auto w = std::make_unique<Workload>();
    w->name = "hunan";
    w->as_of = as_of;
    if (absl::Status s = Load(pack, &w->policy); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
    povmon::bench::PopulationOptions options;
    options.seed = seed;
    options.as_of = as_of;
    povmon::v1::Household household;
    std::string line;
    for (std::size_t i = 0; i < population; ++i) {
      povmon::bench::GenerateHousehold(options, i, &household);
      if (absl::Status s = povmon::bench::HouseholdToJsonLine(household, &line); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        return 1;
      }
      absl::StrAppend(&w->input, line, "\n");
    }
    w->households = population;
    workloads.push_back(std::move(w));
  }
  if (!peer_households.empty()) {
    auto w = std::make_unique<Workload>();
    w->name = "peer";
    w->as_of = peer_as_of;
    if (absl::Status s = Load(peer_pack, &w->policy); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
    std::ifstream in(peer_households);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", peer_households.c_str());
      return 1;
    }
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      absl::StrAppend(&w->input, line, "\n");
      ++w->households;
    }
    workloads.push_back(std::move(w));
  }
  for (const auto& w : workloads) {
    for (int jobs : {1, 2}) {
      benchmark::RegisterBenchmark(absl::StrCat("BatchRunner/", w->name, "/jobs:", jobs).c_str(),
                                   BM_BatchRunner, w.get())
          ->Arg(jobs)
          ->MeasureProcessCPUTime()
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
