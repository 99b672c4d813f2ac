#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "povmon/policy.h"
#include "src/calendar/working_calendar.h"
#include "src/policy/lifecycle_pack.h"
#include "src/policy/policy_impl.h"
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
  // What else the pack decides, so that a pack which silently lost a file
  // (a measure or lifecycle file no longer named) shows it here.
  const PolicyImpl& impl = p.impl();
  auto count = [](std::size_t n, const char* noun) {
    return absl::StrCat(n, " ", noun, n == 1 ? "" : "s");
  };
  std::string parts = absl::StrCat("  assistance: ", count(impl.measures.measures.size(), "measure"),
                                   ", ", count(impl.measures.principles.size(), "principle"));
  if (impl.lifecycle != nullptr) {
    const LifecyclePack& life = *impl.lifecycle;
    std::size_t elimination = life.elimination ? life.elimination->rules.size() : 0;
    std::size_t cadences = life.visits ? life.visits->cadences.size() : 0;
    absl::StrAppend(&parts, "; lifecycle: ", count(elimination, "elimination rule"), ", ",
                    count(life.procedures.size(), "procedure"), ", ",
                    count(cadences, "visit cadence"));
  } else {
    absl::StrAppend(&parts, "; no lifecycle files");
  }
  if (impl.calendar != nullptr) {
    absl::StrAppend(&parts, "; working-day calendar ", impl.calendar->YearsText());
  }
  std::cout << parts << "\n";
  return kOk;
}

}  // namespace povmon::cli
