// A fixed amount of JSON reading for counting instructions under callgrind:
// read the first N generated Hunan households (default 1,000; the population
// of povmon_identification_benchmark's ParseJson) R times (default 3) with
// ParseHouseholdJson (the fast path, each line copied into the reader's
// padded buffer first: "fast", ParseJson/copied), with
// ParseHouseholdJsonInBuffer (the fast path on each line where it lies:
// "inplace", ParseJson), the full reader alone ("full") or simdjson's DOM
// alone, parsing and visiting every value ("simdjson", the ceiling), after
// one untimed warm-up round. The lines lie one after another in one buffer,
// each ending in '\n', with kHouseholdJsonPadding bytes after the last, as
// in povmon_identification_benchmark:
//
//   valgrind --tool=callgrind --toggle-collect='*ReadRounds*'
//       build/benchmarks/povmon_json_read_instructions [--households N]
//       [--rounds R] [--reader fast|inplace|full|simdjson]
//   (one command line)
//   callgrind_annotate --inclusive=yes callgrind.out.PID
//
// Instructions per household = the collected total / (N × R); the program
// prints N, R and the bytes per household. Instruction counts repeat to the
// instruction however busy the machine is (benchmarks/README.md).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "benchmarks/population.h"
#include "povmon/json.h"
#include "povmon/json_protobuf.h"
// GCC 12 flags simdjson 3.0.1's inlined DOM iterators (a false positive in
// Debian's simdjson.h), wherever they are inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "simdjson.h"

namespace {

int Usage(const std::string& message) {
  std::fprintf(stderr,
               "%s\nusage: povmon_json_read_instructions [--households N] [--rounds R] "
               "[--reader fast|inplace|full|simdjson]\n",
               message.c_str());
  return 2;
}

// Every value under `e`, visited (as ParseJson/simdjson-only does).
std::size_t Visit(simdjson::dom::element e) {
  std::size_t n = 1;
  simdjson::dom::object object;
  simdjson::dom::array array;
  std::string_view text;
  if (e.get(object) == simdjson::SUCCESS) {
    for (simdjson::dom::key_value_pair field : object) n += field.key.size() + Visit(field.value);
  } else if (e.get(array) == simdjson::SUCCESS) {
    for (simdjson::dom::element x : array) n += Visit(x);
  } else if (e.get(text) == simdjson::SUCCESS) {
    n += text.size();
  }
  return n;
}

// The collected region (callgrind --toggle-collect='*ReadRounds*'): kept out
// of line so that its name stays in the binary.
template <typename Read>
__attribute__((noinline)) absl::Status ReadRounds(const std::vector<std::string_view>& lines,
                                                  int rounds, Read&& read) {
  for (int r = 0; r < rounds; ++r) {
    for (std::string_view line : lines) {
      if (absl::Status s = read(line); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  long households = 1000;
  long rounds = 3;
  std::string reader = "fast";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return Usage("missing value after " + arg);
    const std::string value = argv[++i];
    if (arg == "--households") {
      households = std::strtol(value.c_str(), nullptr, 10);
    } else if (arg == "--rounds") {
      rounds = std::strtol(value.c_str(), nullptr, 10);
    } else if (arg == "--reader") {
      reader = value;
    } else {
      return Usage("unknown argument " + arg);
    }
  }
  if (households <= 0 || rounds <= 0) return Usage("--households and --rounds must be positive");
  if (reader != "fast" && reader != "inplace" && reader != "full" && reader != "simdjson") {
    return Usage("--reader must be fast, inplace, full or simdjson");
  }
  std::string buffer;
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // offset, size
  std::string json;
  povmon::v1::Household generated;
  for (long i = 0; i < households; ++i) {
    povmon::bench::GenerateHousehold(povmon::bench::PopulationOptions{},
                                     static_cast<std::uint64_t>(i), &generated);
    if (absl::Status s = povmon::bench::HouseholdToJsonLine(generated, &json); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
    spans.emplace_back(buffer.size(), json.size());
    buffer += json;
    buffer += '\n';
  }
  const std::size_t bytes = buffer.size() - spans.size();
  buffer.append(povmon::kHouseholdJsonPadding, '\0');
  std::vector<std::string_view> lines;
  for (const auto& [offset, size] : spans) lines.emplace_back(buffer.data() + offset, size);
  povmon::v1::Household household;
  simdjson::dom::parser parser;
  std::string padded;
  std::size_t visited = 0;
  auto read = [&](std::string_view line) -> absl::Status {
    if (reader == "fast") return povmon::ParseHouseholdJson(line, &household);
    // Every line has at least the padding after it in `buffer`.
    if (reader == "inplace") {
      return povmon::ParseHouseholdJsonInBuffer(line, povmon::kHouseholdJsonPadding, &household);
    }
    if (reader == "full") return povmon::ParseHouseholdJsonWithoutFastPath(line, &household);
    padded.assign(line);
    padded.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    simdjson::dom::element root;
    if (parser.parse(padded.data(), line.size(), false).get(root) != simdjson::SUCCESS) {
      return absl::InvalidArgumentError("simdjson refused a line");
    }
    visited += Visit(root);
    return absl::OkStatus();
  };
  absl::Status s;
  for (std::string_view line : lines) {  // the warm-up round, not collected
    if (s = read(line); !s.ok()) break;
  }
  if (s.ok()) s = ReadRounds(lines, static_cast<int>(rounds), read);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("reader %s: %ld households x %ld rounds, %.0f bytes per household\n",
              reader.c_str(), households, rounds,
              static_cast<double>(bytes) / static_cast<double>(households));
  if (reader == "simdjson") std::printf("%zu values and text bytes visited\n", visited);
  return 0;
}
