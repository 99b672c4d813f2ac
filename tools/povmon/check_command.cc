#include <iostream>
#include <string>

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
  // What else the pack decides, so that a pack which silently lost a file
  // (a measure or lifecycle file no longer named) shows it too.
  std::cout << (*policy)->Summary().Text(args[0]);
  return kOk;
}

}  // namespace povmon::cli
