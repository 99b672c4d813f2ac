// Identification throughput: households decided per second of CPU time (per
// core), with a shipped pack, on a generated population; and, when given the
// converted peer population, with the peer's policy on the peer's households.
//
//   povmon_identification_benchmark [--pack DIR] [--as_of YYYY-MM-DD]
//       [--population N] [--seed S]
//       [--peer_households FILE --peer_pack DIR --peer_as_of YYYY-MM-DD --peer_limit N]
//       [--peer_js DIR [--peer_js_data FILE]]
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
//
// JSON in and out run twice, side by side: through povmon's own reader and
// writer (ParseHouseholdJsonInBuffer, DecisionToJson: "ParseJson",
// "DecisionToJson", ...) and through protobuf's converter as povmon used it
// before (ParseHouseholdJsonWithProtobuf, DecisionToJsonWithProtobuf: the
// same names with "/protobuf"). Every row reads the lines where they lie in
// one buffer of the whole population (Workload); povmon's reader parses each
// in place there, as the batch runner does, and "ParseJson/copied" is the
// same reader through ParseHouseholdJson, which copies each line into a
// padded buffer first. "allocs/household" counts heap allocations per
// household in the timed loop, with this program's operator new.
// "/full-reader" is povmon's reader without its simdjson fast path
// (ParseHouseholdJsonWithoutFastPath), the reader as it was before issue 10
// item 3. "ParseJson/simdjson-only" is the reference for reading speed: simdjson
// (Debian's libsimdjson-dev) parsing the same lines in place into its DOM
// and visiting every value, building no household (issue 10 asks the reader
// for simdjson speed, at least 1 GB/s).
//
// With --peer_js (the peer's directory with its node_modules, as
// benchmarks/peer_compare.sh prepares it), "PeerPlainJs/policy.js" runs the
// peer's plain-JavaScript policy through the peer's own harness in the same
// run (peer_plain_js.h): its "households/s" is households per CPU-second of
// the node process, its Time the median pass's CPU time (manual time), so
// the engine, the hand-written baseline and the JS peer sit side by side.
// --peer_js_data is the peer-format population (default
// DIR/data/households-n100000-s20240601.jsonl, what peer_compare.sh makes).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <new>
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
#include "benchmarks/peer_baseline.h"
#include "benchmarks/peer_plain_js.h"
#include "benchmarks/population.h"
#include "google/protobuf/arena.h"
#include "povmon/engine.h"
#include "povmon/json.h"
// GCC 12 flags simdjson 3.0.1's inlined DOM iterators (a false positive in
// Debian's simdjson.h), wherever they are inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "simdjson.h"
#include "povmon/json_protobuf.h"

#ifndef POVMON_SOURCE_DIR
#error "POVMON_SOURCE_DIR must be defined by the build"
#endif

// Allocations are counted per thread, without atomics, so that counting
// costs the allocation-heavy path no more than a nanosecond each. The
// replacements pair malloc with free; GCC cannot see that through the
// inlined operators.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
thread_local long t_allocations = 0;

void* CountedAllocate(std::size_t size) {
  ++t_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace

void* operator new(std::size_t size) {
  void* p = CountedAllocate(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return CountedAllocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return CountedAllocate(size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

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
  // The peer's directory with its node_modules (benchmarks/peer_compare.sh
  // makes one), and the peer-format population the converted households
  // came from: PeerPlainJs times the peer's plain-JS policy in this run.
  std::string peer_js;
  std::string peer_js_data;
};

// One population to decide: the policy, the households as messages and as
// the JSON lines they came from (or were written to).
//
// The lines lie one after another in one buffer, each ending in '\n', as a
// JSON Lines file read whole (the CLI's and the batch runner's input, a
// Python or Java bytes buffer), with kHouseholdJsonPadding bytes after the
// last: every line has at least that many readable bytes after it, so the
// readers that can parse a line where it is (ParseHouseholdJsonInBuffer,
// simdjson) do.
struct Workload {
  std::string name;
  std::shared_ptr<const Policy> policy;
  absl::CivilDay as_of;
  std::vector<Household> households;
  std::string json_buffer;
  std::vector<std::string_view> json_lines;  // into json_buffer, without the '\n'
  // The same households copied one after another into one protobuf arena
  // (MakeArenaCopies): each household's members and records lie together in
  // memory, as a reader that fills an arena per batch would leave them,
  // instead of wherever the heap put them while the file was read.
  std::unique_ptr<google::protobuf::Arena> arena;
  std::vector<const Household*> arena_households;
};

// Where a benchmark finds the parsed households: as loaded (each message and
// record its own heap allocation, between the JSON lines read at the same
// time) or copied into one arena (`/arena` in the benchmark's name).
enum class Layout { kHeap, kArena };

// Lays `lines` out in w->json_buffer (see Workload) and points
// w->json_lines at them.
void SetJsonLines(const std::vector<std::string>& lines, Workload* w) {
  size_t size = povmon::kHouseholdJsonPadding;
  for (const std::string& line : lines) size += line.size() + 1;
  w->json_buffer.clear();
  w->json_buffer.reserve(size);
  for (const std::string& line : lines) {
    w->json_buffer += line;
    w->json_buffer += '\n';
  }
  w->json_buffer.append(povmon::kHouseholdJsonPadding, '\0');
  w->json_lines.clear();
  size_t offset = 0;
  for (const std::string& line : lines) {
    w->json_lines.emplace_back(w->json_buffer.data() + offset, line.size());
    offset += line.size() + 1;
  }
}

const Household& HouseholdAt(const Workload& w, Layout layout, size_t i) {
  return layout == Layout::kArena ? *w.arena_households[i] : w.households[i];
}

void MakeArenaCopies(Workload* w) {
  google::protobuf::ArenaOptions options;
  options.start_block_size = 1 << 20;
  options.max_block_size = 16 << 20;
  w->arena = std::make_unique<google::protobuf::Arena>(options);
  w->arena_households.reserve(w->households.size());
  for (const Household& h : w->households) {
    Household* copy = google::protobuf::Arena::CreateMessage<Household>(w->arena.get());
    copy->CopyFrom(h);
    w->arena_households.push_back(copy);
  }
}

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

// Heap allocations per household over the timed loop, from the count before it.
void SetAllocations(benchmark::State& state, size_t households_per_iteration, long before) {
  state.counters["allocs/household"] =
      static_cast<double>(t_allocations - before) /
      (static_cast<double>(households_per_iteration) * static_cast<double>(state.iterations()));
}

// JSON in and out, povmon's own or through protobuf's converter. A parse
// function is given a line of Workload::json_buffer.
using ParseFunction = absl::Status (*)(std::string_view, Household*);

// povmon's reader on a line where it lies in the population's buffer, as
// the batch runner reads its input: every line there has at least
// kHouseholdJsonPadding bytes after it.
absl::Status ParseInPlace(std::string_view line, Household* household) {
  return povmon::ParseHouseholdJsonInBuffer(line, povmon::kHouseholdJsonPadding, household);
}
using PrintFunction = absl::Status (*)(const Decision&, std::string*);

// Decide the whole population once per iteration. With several threads,
// each takes every k-th household with an evaluator of its own.
void BM_Identify(benchmark::State& state, const Workload* w, TraceLevel trace, Layout layout) {
  Evaluator evaluator(w->policy);
  Decision decision;
  const EvaluateOptions options{w->as_of, trace};
  const size_t stride = static_cast<size_t>(state.threads());
  const size_t first = static_cast<size_t>(state.thread_index());
  size_t per_iteration = 0;
  for (size_t i = first; i < w->households.size(); i += stride) ++per_iteration;
  for (auto _ : state) {
    for (size_t i = first; i < w->households.size(); i += stride) {
      absl::Status s = evaluator.Evaluate(HouseholdAt(*w, layout, i), options, &decision);
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
      benchmark::DoNotOptimize(decision.identification().category());
    }
  }
  SetRate(state, per_iteration);
}

// The yardstick: the peer's policy written by hand in plain C++
// (peer_baseline.h) on the same parsed households, filling a Decision.
void BM_PeerBaseline(benchmark::State& state, const Workload* w, Layout layout) {
  const povmon::bench::PeerBaseline baseline(w->as_of);
  Decision decision;
  const long allocations = t_allocations;
  for (auto _ : state) {
    for (size_t i = 0; i < w->households.size(); ++i) {
      absl::Status s = baseline.Decide(HouseholdAt(*w, layout, i), &decision);
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
      benchmark::DoNotOptimize(decision.identification().category());
    }
  }
  SetRate(state, w->households.size());
  SetAllocations(state, w->households.size(), allocations);
}

// The peer's plain-JS policy on the same population, timed by the peer's own
// harness in a node process (peer_plain_js.h). Each iteration is one run of
// bench.js with three timed passes; the iteration's time is the median
// pass's CPU time of the whole node process, so the households/s counter is
// households per JS CPU-second, comparable with the other rows'.
void BM_PeerPlainJs(benchmark::State& state, const Workload* w, const Flags* flags) {
  povmon::bench::PlainJsRun run;
  for (auto _ : state) {
    absl::StatusOr<povmon::bench::PlainJsRun> r = povmon::bench::RunPlainJsPeer(
        flags->peer_js, flags->peer_js_data, w->households.size(), 3);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    if (r->mismatches != 0) {
      state.SkipWithError(absl::StrCat("policy.js disagrees with its reference on ",
                                       r->mismatches, " households")
                              .c_str());
      return;
    }
    run = *r;
    state.SetIterationTime(static_cast<double>(run.households) / run.households_per_cpu_second);
  }
  SetRate(state, w->households.size());
  state.counters["wall households/s"] = run.households_per_second;
  state.SetLabel(absl::StrCat("node ", run.node_version, ", households per JS CPU-second"));
}

// Parse the household from its JSON line (with the date checks), then decide.
void BM_ParseAndIdentify(benchmark::State& state, const Workload* w, TraceLevel trace,
                         ParseFunction parse) {
  Evaluator evaluator(w->policy);
  Household household;
  Decision decision;
  const EvaluateOptions options{w->as_of, trace};
  const long allocations = t_allocations;
  for (auto _ : state) {
    for (std::string_view line : w->json_lines) {
      absl::Status s = parse(line, &household);
      if (s.ok()) s = evaluator.Evaluate(household, options, &decision);
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
      benchmark::DoNotOptimize(decision.identification().category());
    }
  }
  SetRate(state, w->json_lines.size());
  SetAllocations(state, w->json_lines.size(), allocations);
}

// Parse only: how much of parse + decide is the JSON.
void BM_ParseJson(benchmark::State& state, const Workload* w, ParseFunction parse) {
  Household household;
  int64_t bytes = 0;
  for (std::string_view line : w->json_lines) bytes += static_cast<int64_t>(line.size());
  const long allocations = t_allocations;
  for (auto _ : state) {
    for (std::string_view line : w->json_lines) {
      absl::Status s = parse(line, &household);
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
      benchmark::DoNotOptimize(household.members_size());
    }
  }
  SetRate(state, w->json_lines.size());
  SetAllocations(state, w->json_lines.size(), allocations);
  state.SetBytesProcessed(bytes * static_cast<int64_t>(state.iterations()));
}

// Every value under `e`, visited: what a reader building a household from
// simdjson's DOM would at least do.
std::size_t VisitJson(simdjson::dom::element e) {
  std::size_t n = 1;
  simdjson::dom::object object;
  simdjson::dom::array array;
  std::string_view text;
  if (e.get(object) == simdjson::SUCCESS) {
    for (simdjson::dom::key_value_pair field : object) n += field.key.size() + VisitJson(field.value);
  } else if (e.get(array) == simdjson::SUCCESS) {
    for (simdjson::dom::element x : array) n += VisitJson(x);
  } else if (e.get(text) == simdjson::SUCCESS) {
    n += text.size();
  }
  return n;
}

// simdjson alone on the same lines (see the file comment).
void BM_ParseJsonSimdjsonOnly(benchmark::State& state, const Workload* w) {
  simdjson::dom::parser parser;
  int64_t bytes = 0;
  for (std::string_view line : w->json_lines) bytes += static_cast<int64_t>(line.size());
  const long allocations = t_allocations;
  for (auto _ : state) {
    for (std::string_view line : w->json_lines) {
      // In place, as the reader's in-place row: the line has simdjson's
      // padding after it in the population's buffer.
      simdjson::dom::element root;
      if (parser.parse(line.data(), line.size(), false).get(root) != simdjson::SUCCESS) {
        state.SkipWithError("simdjson refused a line");
        return;
      }
      benchmark::DoNotOptimize(VisitJson(root));
    }
  }
  SetRate(state, w->json_lines.size());
  SetAllocations(state, w->json_lines.size(), allocations);
  state.SetBytesProcessed(bytes * static_cast<int64_t>(state.iterations()));
}

// The decisions printed by BM_DecisionToJson: those of the first households
// (at trace FULL a decision of the generated population is tens of KB).
constexpr size_t kPrintedDecisions = 2000;

// Print only: each decision (made untimed, beforehand) into a reused string.
void BM_DecisionToJson(benchmark::State& state, const Workload* w, TraceLevel trace,
                       PrintFunction print) {
  Evaluator evaluator(w->policy);
  const EvaluateOptions options{w->as_of, trace};
  std::vector<Decision> decisions(std::min(kPrintedDecisions, w->households.size()));
  for (size_t i = 0; i < decisions.size(); ++i) {
    if (absl::Status s = evaluator.Evaluate(w->households[i], options, &decisions[i]); !s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
  }
  std::string json;
  int64_t bytes = 0;
  const long allocations = t_allocations;
  for (auto _ : state) {
    for (const Decision& decision : decisions) {
      absl::Status s = print(decision, &json);
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
      bytes += static_cast<int64_t>(json.size());
    }
  }
  SetRate(state, decisions.size());
  SetAllocations(state, decisions.size(), allocations);
  state.SetBytesProcessed(bytes);
}

// What `povmon eval` and the C ABI do with a JSON line: parse, decide, print.
void BM_JsonToJson(benchmark::State& state, const Workload* w, TraceLevel trace,
                   ParseFunction parse, PrintFunction print) {
  Evaluator evaluator(w->policy);
  Household household;
  Decision decision;
  std::string json;
  const EvaluateOptions options{w->as_of, trace};
  const long allocations = t_allocations;
  for (auto _ : state) {
    for (std::string_view line : w->json_lines) {
      absl::Status s = parse(line, &household);
      if (s.ok()) s = evaluator.Evaluate(household, options, &decision);
      if (s.ok()) s = print(decision, &json);
      if (!s.ok()) {
        state.SkipWithError(s.ToString().c_str());
        return;
      }
      benchmark::DoNotOptimize(json.data());
    }
  }
  SetRate(state, w->json_lines.size());
  SetAllocations(state, w->json_lines.size(), allocations);
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
    } else if (ParseFlag(arg, "peer_js", &value)) {
      flags->peer_js = value;
    } else if (ParseFlag(arg, "peer_js_data", &value)) {
      flags->peer_js_data = value;
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
  std::vector<std::string> lines(w->households.size());
  for (size_t i = 0; i < w->households.size(); ++i) {
    if (absl::Status s = povmon::bench::HouseholdToJsonLine(w->households[i], &lines[i]); !s.ok()) {
      return s;
    }
  }
  SetJsonLines(lines, w);
  return Preflight(*w);
}

absl::Status MakePeer(const Flags& flags, Workload* w) {
  w->name = "peer";
  w->as_of = flags.peer_as_of;
  if (absl::Status s = LoadPolicy(flags.peer_pack, &w->policy); !s.ok()) return s;
  std::ifstream in(flags.peer_households);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", flags.peer_households));
  std::string line;
  std::vector<std::string> lines;
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
    lines.push_back(std::move(line));
  }
  SetJsonLines(lines, w);
  MakeArenaCopies(w);
  return Preflight(*w);
}

void Register(const Workload* w, const Flags* flags) {
  struct Level {
    const char* name;
    TraceLevel level;
  };
  constexpr Level kLevels[] = {{"OFF", povmon::v1::TRACE_LEVEL_OFF},
                               {"RULES", povmon::v1::TRACE_LEVEL_RULES},
                               {"FULL", povmon::v1::TRACE_LEVEL_FULL}};
  const std::string prefix = w->name == "peer" ? "Peer" : "";
  if (w->name == "peer") {
    benchmark::RegisterBenchmark("PeerBaseline/hand-written", BM_PeerBaseline, w, Layout::kHeap)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("PeerBaseline/hand-written/arena", BM_PeerBaseline, w,
                                 Layout::kArena)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("PeerIdentify/arena/trace:OFF", BM_Identify, w,
                                 povmon::v1::TRACE_LEVEL_OFF, Layout::kArena)
        ->Unit(benchmark::kMillisecond);
    if (!flags->peer_js.empty()) {
      benchmark::RegisterBenchmark("PeerPlainJs/policy.js", BM_PeerPlainJs, w, flags)
          ->Iterations(1)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
  for (const Level& l : kLevels) {
    benchmark::RegisterBenchmark(absl::StrCat(prefix, "Identify/trace:", l.name).c_str(),
                                 BM_Identify, w, l.level, Layout::kHeap)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark(absl::StrCat(prefix, "Identify/trace:OFF").c_str(), BM_Identify, w,
                               povmon::v1::TRACE_LEVEL_OFF, Layout::kHeap)
      ->Threads(2)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  struct Json {
    const char* suffix;
    ParseFunction parse;
    PrintFunction print;
  };
  const Json kJson[] = {
      {"", ParseInPlace, povmon::DecisionToJson},
      {"/protobuf", povmon::ParseHouseholdJsonWithProtobuf, povmon::DecisionToJsonWithProtobuf}};
  // povmon's reader without its simdjson fast path (as it was before issue
  // 10 item 3), with povmon's writer: the reading "before".
  const Json kFullReader = {"/full-reader", povmon::ParseHouseholdJsonWithoutFastPath,
                            povmon::DecisionToJson};
  const Json kReaders[] = {kJson[0], kFullReader, kJson[1]};
  // The public call that copies each line into the reader's padded buffer
  // first (ParseHouseholdJson, for a caller whose line has no padding after
  // it): ParseJson only.
  const Json kCopied = {"/copied", povmon::ParseHouseholdJson, povmon::DecisionToJson};
  for (const Json& j : {kJson[0], kCopied, kFullReader, kJson[1]}) {
    benchmark::RegisterBenchmark(absl::StrCat(prefix, "ParseJson", j.suffix).c_str(),
                                 BM_ParseJson, w, j.parse)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark(absl::StrCat(prefix, "ParseJson/simdjson-only").c_str(),
                               BM_ParseJsonSimdjsonOnly, w)
      ->Unit(benchmark::kMillisecond);
  for (const Json& j : kJson) {
    for (const Level& l : {kLevels[1], kLevels[2]}) {
      benchmark::RegisterBenchmark(
          absl::StrCat(prefix, "DecisionToJson", j.suffix, "/trace:", l.name).c_str(),
          BM_DecisionToJson, w, l.level, j.print)
          ->Unit(benchmark::kMillisecond);
    }
  }
  for (const Json& j : kReaders) {
    for (const Level& l : {kLevels[0], kLevels[1]}) {
      benchmark::RegisterBenchmark(
          absl::StrCat(prefix, "ParseAndIdentify", j.suffix, "/trace:", l.name).c_str(),
          BM_ParseAndIdentify, w, l.level, j.parse)
          ->Unit(benchmark::kMillisecond);
    }
  }
  for (const Json& j : kReaders) {
    benchmark::RegisterBenchmark(
        absl::StrCat(prefix, "JsonToJson", j.suffix, "/trace:RULES").c_str(), BM_JsonToJson, w,
        povmon::v1::TRACE_LEVEL_RULES, j.parse, j.print)
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
  Register(&generated, &flags);
  if (!flags.peer_js.empty() && flags.peer_households.empty()) {
    std::fprintf(stderr, "--peer_js needs --peer_households (the converted population)\n");
    return 2;
  }
  if (!flags.peer_js.empty() && flags.peer_js_data.empty()) {
    flags.peer_js_data = flags.peer_js + "/data/households-n100000-s20240601.jsonl";
  }
  Workload peer;
  if (!flags.peer_households.empty()) {
    if (absl::Status s = MakePeer(flags, &peer); !s.ok()) {
      std::fprintf(stderr, "peer population: %s\n", s.ToString().c_str());
      return 1;
    }
    Register(&peer, &flags);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
