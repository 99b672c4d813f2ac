#include <iostream>

#include "povmon/pack_tests.h"
#include "povmon/policy.h"
#include "tools/povmon/commands.h"

namespace povmon::cli {

int Test(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    std::cerr << "usage: povmon test PACK\n";
    return kFailed;
  }
  std::vector<LoadProblem> problems;
  auto policy = Policy::Load(args[0], &problems);
  if (!policy.ok()) {
    for (const LoadProblem& p : problems) std::cout << p.ToString() << "\n";
    std::cout << "the pack did not load; no test was run\n";
    return kFailed;
  }
  auto results = RunPackTests(args[0], *policy);
  if (!results.ok()) {
    std::cout << results.status().message() << "\n";
    return kFailed;
  }
  std::cout << PackTestsText((*policy)->id(), *results);
  for (const PackCaseResult& r : *results) {
    if (!r.passed) return kFailed;
  }
  return kOk;
}

}  // namespace povmon::cli
