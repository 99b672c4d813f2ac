#include <iostream>
#include <optional>
#include <string>

#include "povmon/policy.h"
#include "tools/povmon/command_line.h"
#include "tools/povmon/commands.h"

namespace povmon::cli {

int Check(const std::vector<std::string>& args) {
  std::string pack;
  CommandLine line("check", "povmon check PACK",
                   "Validate a policy pack: every problem is printed as file:line:col: message; "
                   "a pack without problems is summarized (its rules, dates, revision, measures, "
                   "lifecycle files and calendar).",
                   "Exit status: 0 the pack is valid, 1 problems (or a usage error).");
  line.app().add_option("PACK", pack, "the pack's folder (holding pack.textproto)")
      ->type_name("")
      ->required();
  if (std::optional<int> done = line.Parse(args)) return *done;
  std::vector<LoadProblem> problems;
  auto policy = Policy::Load(pack, &problems);
  if (!policy.ok()) {
    for (const LoadProblem& p : problems) std::cout << p.ToString() << "\n";
    std::cout << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << " in "
              << pack << "\n";
    return kFailed;
  }
  // What else the pack decides, so that a pack which silently lost a file
  // (a measure or lifecycle file no longer named) shows it too.
  std::cout << (*policy)->Summary().Text(pack);
  return kOk;
}

}  // namespace povmon::cli
