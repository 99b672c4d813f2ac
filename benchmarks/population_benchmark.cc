// The cost of population runs on top of deciding: counting a decided
// household into its village, township, county and province
// (Aggregator::Add), writing the summary, merging two shards' summaries, and
// running the pack's population rules over them.
//
//   povmon_population_benchmark [--pack DIR] [--population N]
//       [Google Benchmark flags, e.g. --benchmark_repetitions=5]
//
// The households are generated (benchmarks/population.h) and decided once,
// untimed; "households/s" is per CPU-second of one core. The decide
// benchmark in the same run gives the ratio aggregation adds to a batch.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "benchmark/benchmark.h"
#include "benchmarks/population.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "povmon/population.h"

#ifndef POVMON_SOURCE_DIR
#error "POVMON_SOURCE_DIR must be defined by the build"
#endif

namespace {

std::string g_pack = std::string(POVMON_SOURCE_DIR) + "/policies/yingkou-2024";
std::size_t g_population = 20000;
const absl::CivilDay kAsOf(2024, 11, 30);

struct Run {
  std::shared_ptr<const povmon::Policy> policy;
  std::vector<povmon::v1::Household> households;
  std::vector<povmon::v1::Decision> decisions;
};

const Run& Decided() {
  static Run* run = [] {
    auto* r = new Run;
    auto policy = povmon::Policy::Load(g_pack);
    if (!policy.ok()) {
      std::fprintf(stderr, "%s\n", std::string(policy.status().message()).c_str());
      std::exit(1);
    }
    r->policy = *policy;
    povmon::bench::PopulationOptions options;
    options.as_of = kAsOf;
    std::vector<povmon::v1::Household> all = povmon::bench::GeneratePopulation(options, g_population);
    povmon::Evaluator evaluator(r->policy);
    povmon::EvaluateOptions evaluate;
    evaluate.as_of = kAsOf;
    evaluate.trace = povmon::v1::TRACE_LEVEL_OFF;
    for (auto& h : all) {
      povmon::v1::Decision d;
      if (!evaluator.Evaluate(h, evaluate, &d).ok()) continue;
      r->households.push_back(std::move(h));
      r->decisions.push_back(std::move(d));
    }
    return r;
  }();
  return *run;
}

// Deciding alone, for the ratio.
void BM_Decide(benchmark::State& state) {
  const Run& run = Decided();
  povmon::Evaluator evaluator(run.policy);
  povmon::EvaluateOptions options;
  options.as_of = kAsOf;
  options.trace = povmon::v1::TRACE_LEVEL_OFF;
  povmon::v1::Decision decision;
  std::size_t i = 0;
  for (auto _ : state) {
    if (!evaluator.Evaluate(run.households[i], options, &decision).ok()) std::abort();
    if (++i == run.households.size()) i = 0;
  }
  state.counters["households/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Decide);

// Counting one decided household (four places, spot-check candidate).
void BM_Aggregate(benchmark::State& state) {
  const Run& run = Decided();
  std::size_t n = run.households.size();
  for (auto _ : state) {
    povmon::Aggregator aggregator(run.policy, 7);
    for (std::size_t i = 0; i < n; ++i) {
      if (!aggregator.Add(run.households[i], run.decisions[i]).ok()) std::abort();
    }
    benchmark::DoNotOptimize(aggregator);
  }
  state.counters["households/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate);
  state.counters["households"] = static_cast<double>(n);
}
BENCHMARK(BM_Aggregate)->Unit(benchmark::kMillisecond);

povmon::v1::PopulationSummary Half(const Run& run, std::size_t parity) {
  povmon::Aggregator aggregator(run.policy, 7);
  for (std::size_t i = parity; i < run.households.size(); i += 2) {
    if (!aggregator.Add(run.households[i], run.decisions[i]).ok()) std::abort();
  }
  povmon::v1::PopulationSummary s;
  aggregator.Summarize(&s);
  return s;
}

// Writing the summary of the whole population.
void BM_Summarize(benchmark::State& state) {
  const Run& run = Decided();
  povmon::Aggregator aggregator(run.policy, 7);
  for (std::size_t i = 0; i < run.households.size(); ++i) {
    if (!aggregator.Add(run.households[i], run.decisions[i]).ok()) std::abort();
  }
  povmon::v1::PopulationSummary s;
  for (auto _ : state) {
    aggregator.Summarize(&s);
    benchmark::DoNotOptimize(s);
  }
  state.counters["places"] = static_cast<double>(s.regions_size());
}
BENCHMARK(BM_Summarize)->Unit(benchmark::kMillisecond);

// Merging two shards' summaries (each half of the population).
void BM_Merge(benchmark::State& state) {
  const Run& run = Decided();
  povmon::v1::PopulationSummary a = Half(run, 0), b = Half(run, 1), out;
  for (auto _ : state) {
    if (!povmon::MergeSummaries(a, b, &out).ok()) std::abort();
    benchmark::DoNotOptimize(out);
  }
  state.counters["places"] = static_cast<double>(out.regions_size());
}
BENCHMARK(BM_Merge)->Unit(benchmark::kMillisecond);

// The pack's population rules over every place of the summary.
void BM_PopulationRules(benchmark::State& state) {
  const Run& run = Decided();
  povmon::Aggregator aggregator(run.policy, 7);
  for (std::size_t i = 0; i < run.households.size(); ++i) {
    if (!aggregator.Add(run.households[i], run.decisions[i]).ok()) std::abort();
  }
  povmon::v1::PopulationSummary s;
  aggregator.Summarize(&s);
  povmon::PopulationOptions options;
  options.as_of = kAsOf;
  for (auto _ : state) {
    auto report = povmon::RunPopulationRules(*run.policy, s, options);
    if (!report.ok()) std::abort();
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(BM_PopulationRules)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--pack=", 0) == 0) {
      g_pack = a.substr(7);
    } else if (a.rfind("--population=", 0) == 0) {
      if (!absl::SimpleAtoi(a.substr(13), &g_population) || g_population == 0) {
        std::fprintf(stderr, "--population must be a positive whole number\n");
        return 1;
      }
    } else {
      rest.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
