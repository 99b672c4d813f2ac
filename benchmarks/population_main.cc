// Writes a generated population as JSON Lines, one household per line:
//
//   povmon_population --n 10000 --seed 20240601 --as_of 2024-11-30 > population.jsonl
//
// Feed it to the povmon CLI to time a whole batch, or read it to see what the
// benchmarks evaluate.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/time/civil_time.h"
#include "benchmarks/population.h"

namespace {

int Usage(const char* message) {
  std::fprintf(stderr,
               "%s\nusage: povmon_population [--n N] [--seed S] [--as_of YYYY-MM-DD] [--first I]\n"
               "writes households I .. I+N-1 of the population as JSON Lines to stdout\n",
               message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  povmon::bench::PopulationOptions options;
  uint64_t n = 10000;
  uint64_t first = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return Usage(("missing value for " + flag).c_str());
    const std::string value = argv[++i];
    bool ok = true;
    if (flag == "--n") {
      ok = absl::SimpleAtoi(value, &n);
    } else if (flag == "--seed") {
      ok = absl::SimpleAtoi(value, &options.seed);
    } else if (flag == "--first") {
      ok = absl::SimpleAtoi(value, &first);
    } else if (flag == "--as_of") {
      ok = absl::ParseCivilTime(value, &options.as_of);
    } else {
      return Usage(("unknown flag " + flag).c_str());
    }
    if (!ok) return Usage(("bad value for " + flag + ": " + value).c_str());
  }
  std::ios::sync_with_stdio(false);
  povmon::v1::Household household;
  std::string line;
  for (uint64_t i = first; i < first + n; ++i) {
    povmon::bench::GenerateHousehold(options, i, &household);
    const absl::Status status = povmon::bench::HouseholdToJsonLine(household, &line);
    if (!status.ok()) {
      std::fprintf(stderr, "household %llu: %s\n", static_cast<unsigned long long>(i),
                   status.ToString().c_str());
      return 1;
    }
    std::cout << line << '\n';
  }
  std::cout.flush();
  return std::cout.good() ? 0 : 1;
}
