// A deterministic synthetic population of rural households for benchmarks.
//
// Household `index` of a population depends only on the seed and the index
// (each household has its own PRNG stream, seeded from both), so the first k
// households of a population of n are the population of k, and the same seed
// always gives the same households. The generator uses only integer
// arithmetic and IEEE +, -, *, / (no libm calls), so the output does not
// depend on the platform's math library.
//
// The mix aims at a monitored rural county in Hunan, not at any real one:
// household sizes 1-7, about a third lifted out, labour capacity by age,
// illness and disability, 24 months of income records of every kind
// (monthly wages, harvest sales, dividends and rents, subsidies, the
// residents' basic pension, dibao, insurance claims), expenditure (medical,
// schooling, production, consumption, disaster repair), assets, and a few
// negative-list facts and village-review overrides.
#ifndef POVMON_BENCHMARKS_POPULATION_H_
#define POVMON_BENCHMARKS_POPULATION_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/v1/household.pb.h"

namespace povmon::bench {

// splitmix64 (Steele, Lea and Flood 2014): 64-bit state, one multiply-xorshift
// per output. Good enough for synthetic data and identical everywhere.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t Next();
  // Uniform in [0, 1), 53 random bits.
  double Uniform();
  // Uniform integer in [lo, hi], both inclusive.
  int64_t Int(int64_t lo, int64_t hi);
  bool Chance(double p) { return Uniform() < p; }
  // Approximately standard normal: the Irwin-Hall sum of 12 uniforms minus 6.
  double Normal();
  // median * exp(sigma * Normal()), with a libm-free exp.
  double LogNormal(double median, double sigma);
  // An index into `weights` (which need not sum to 1), drawn by weight.
  size_t Pick(const std::vector<double>& weights);

 private:
  uint64_t state_;
};

struct PopulationOptions {
  uint64_t seed = 20240601;
  // Records cover the 24 months before this date (the current and the
  // previous rolling window of the Hunan pack).
  absl::CivilDay as_of = absl::CivilDay(2024, 11, 30);
};

// Household `index` (0-based) of the population. `out` is cleared first.
void GenerateHousehold(const PopulationOptions& options, uint64_t index,
                       v1::Household* out);

// Households 0 .. count-1.
std::vector<v1::Household> GeneratePopulation(const PopulationOptions& options,
                                              size_t count);

// One household as one line of proto3 JSON (snake_case field names, enums by
// name), without the trailing newline.
absl::Status HouseholdToJsonLine(const v1::Household& household,
                                 std::string* out);

}  // namespace povmon::bench

#endif  // POVMON_BENCHMARKS_POPULATION_H_
