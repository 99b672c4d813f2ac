#include <iostream>

#include "povmon/policy.h"
#include "tools/povmon/commands.h"

namespace povmon::cli {

int Check(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    std::cerr << "usage: povmon check PACK\n";
    return kFailed;
  }
  std::vector<LoadProblem> problems;
  auto policy = Policy::Load(args[0], &problems);
  if (!policy.ok()) {
    for (const LoadProblem& p : problems) std::cout << p.ToString() << "\n";
    std::cout << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << " in "
              << args[0] << "\n";
    return kFailed;
  }
  const Policy& p = **policy;
  std::cout << args[0] << ": ok — pack " << p.id() << ", " << p.rules().size() << " rules, "
            << p.pack().valid_from() << " to " << p.pack().valid_until() << ", revision "
            << p.revision() << "\n";
  return kOk;
}

}  // namespace povmon::cli
