// Allocations per household of the engine alone (the C++ API, no C shim),
// in the same scenario as allocations_test.c: the marginal household as
// protobuf bytes, parsed into a reused Household, decided into a reused
// Decision, serialized into a reused string. compare_allocations.cmake
// checks that the C ABI adds nothing to this.
#include <cstdio>
#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "malloc_counter.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "test_households.h"

namespace {

constexpr int kWarmUp = 20;
constexpr int kMeasured = 1000;

}  // namespace

int main() {
  auto policy = povmon::Policy::Load(HUNAN_PACK);
  if (!policy.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(policy.status().message()).c_str());
    return 1;
  }
  povmon::Evaluator evaluator(*policy);
  povmon::EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 7, 1);  // TEST_AS_OF
  options.trace = povmon::v1::TRACE_LEVEL_RULES;
  wire_buffer bytes;
  marginal_household_proto(&bytes);
  povmon::v1::Household household;
  povmon::v1::Decision decision;
  std::string output;
  auto decide = [&]() {
    return household.ParseFromArray(bytes.data, static_cast<int>(bytes.len)) &&
           povmon::ValidateHousehold(household).ok() &&
           evaluator.Evaluate(household, options, &decision).ok() &&
           decision.SerializeToString(&output);
  };
  for (int i = 0; i < kWarmUp; ++i) {
    if (!decide()) return 1;
  }
  long before = malloc_counter_calls;
  malloc_counter_on = 1;
  bool ok = true;
  for (int i = 0; i < kMeasured; ++i) ok = decide() && ok;
  malloc_counter_on = 0;
  if (!ok) return 1;
  std::printf("engine allocations per household (proto, trace rules): %.2f\n",
              static_cast<double>(malloc_counter_calls - before) / kMeasured);
  return 0;
}
