#include <iostream>
#include <optional>
#include <string>

#include "povmon/pack_tests.h"
#include "povmon/policy.h"
#include "tools/povmon/command_line.h"
#include "tools/povmon/commands.h"

namespace povmon::cli {

int Test(const std::vector<std::string>& args) {
  std::string pack, format = "text";
  bool coverage = false;
  CommandLine line("test", "povmon test PACK [--coverage] [--format text|json]",
                   "Run the pack's test cases (PACK/tests/*.textproto, files in name order): "
                   "PASS or FAIL per case with its citation, the unmet expectations and the "
                   "case's position, then \"PACK: N passed, M failed\".",
                   "Exit status: 0 every case passed, 1 otherwise (a failed case, a pack or "
                   "test file that does not load, a usage error); --coverage does not change "
                   "it.");
  line.app().add_option("PACK", pack, "the pack's folder (holding pack.textproto)")
      ->type_name("")
      ->required();
  line.Value("--format", &format, "text|json",
             "text (the default) or json: one object {\"pack\",\"passed\",\"failed\","
             "\"cases\":[...]}");
  line.app().add_flag(
      "--coverage", coverage,
      "after the cases, list what no case exercised: the identification rules, measures, "
      "elimination rules, duties, visit cadences, green channels and population rules that "
      "fired in no test case, by file:line, with \"N of M ... exercised\" counts");
  if (std::optional<int> done = line.Parse(args)) return *done;
  if (format != "text" && format != "json") {
    return line.UsageError("--format must be text or json, not \"" + format + "\"");
  }
  std::vector<LoadProblem> problems;
  auto policy = Policy::Load(pack, &problems);
  if (!policy.ok()) {
    for (const LoadProblem& p : problems) std::cout << p.ToString() << "\n";
    std::cout << "the pack did not load; no test was run\n";
    return kFailed;
  }
  PackCoverage covered;
  auto results = RunPackTests(pack, *policy, coverage ? &covered : nullptr);
  if (!results.ok()) {
    std::cout << results.status().message() << "\n";
    return kFailed;
  }
  if (format == "json") {
    std::string json = PackTestsJson((*policy)->id(), *results);
    if (coverage) {  // {"pack":...,"cases":[...],"coverage":{...}}
      json.pop_back();
      json += ",\"coverage\":" + PackCoverageJson(covered) + "}";
    }
    std::cout << json << "\n";
  } else {
    std::cout << PackTestsText((*policy)->id(), *results);
    if (coverage) std::cout << PackCoverageText(covered);
  }
  for (const PackCaseResult& r : *results) {
    if (!r.passed) return kFailed;
  }
  return kOk;
}

}  // namespace povmon::cli
