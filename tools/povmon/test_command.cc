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
  int passed = 0, failed = 0;
  for (const PackCaseResult& r : *results) {
    std::cout << (r.passed ? "PASS " : "FAIL ") << r.name;
    if (!r.citation.empty()) std::cout << "  [" << r.citation << "]";
    std::cout << "\n";
    if (!r.passed) {
      std::cout << "     at " << r.file << ":" << r.line << "\n";
      for (const std::string& f : r.failures) std::cout << "     " << f << "\n";
    }
    (r.passed ? passed : failed)++;
  }
  std::cout << (*policy)->id() << ": " << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? kOk : kFailed;
}

}  // namespace povmon::cli
