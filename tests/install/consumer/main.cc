#include <iostream>

#include "povmon/engine.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  auto policy = povmon::Policy::Load(argv[1]);
  if (!policy.ok()) {
    std::cerr << policy.status().message() << "\n";
    return 1;
  }
  povmon::Evaluator evaluator(*policy);
  povmon::v1::Household household;
  absl::Status s = povmon::ParseHouseholdJson(
      R"({"id":"c1","members":[{"registered":true,"health":{"serious_illness":true}}],)"
      R"("income":[{"date":"2024-06-01","kind":"INCOME_KIND_WAGE","amount_fen":"500000"}]})",
      &household);
  if (!s.ok()) return 1;
  povmon::EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 11, 30);
  povmon::v1::Decision decision;
  s = evaluator.Evaluate(household, options, &decision);
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  std::cout << POVMON_VERSION_STRING << " " << decision.household_id() << " "
            << povmon::v1::Category_Name(decision.identification().category()) << "\n";
  return 0;
}
