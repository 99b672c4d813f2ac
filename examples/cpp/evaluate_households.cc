// Decide households with povmon's C++ API and print each decision, explained.
//
//   evaluate_households_cpp <pack-dir> <as-of YYYY-MM-DD> <households.jsonl>...
//
// The same program as examples/c (which goes through the C ABI), printing
// exactly the same: "== <file>:<line>", then the decision explained or
// "error <STATUS>: <message>". Exit status 0, 2 when some household was not
// decided, 1 on usage or pack errors.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/engine.h"

namespace {

std::string BaseName(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Decide one household and print it; returns whether it was decided.
bool PrintDecision(povmon::Evaluator& evaluator,
                   const povmon::EvaluateOptions& options,
                   const std::string& json, povmon::v1::Household& household,
                   povmon::v1::Decision& decision) {
  absl::Status status = povmon::ParseHouseholdJson(json, &household);
  if (status.ok()) status = evaluator.Evaluate(household, options, &decision);
  if (!status.ok()) {
    std::cout << "error " << absl::StatusCodeToString(status.code()) << ": "
              << status.message() << "\n";
    return false;
  }
  // Simplified Chinese beside English, as the C ABI's povmon_policy_explain.
  absl::StatusOr<std::string> text = povmon::ExplainIn(decision, evaluator.policy());
  std::cout << (text.ok() ? *text : text.status().ToString());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: " << argv[0]
              << " <pack-dir> <as-of YYYY-MM-DD> <households.jsonl>...\n";
    return 1;
  }
  auto policy = povmon::Policy::Load(argv[1]);
  if (!policy.ok()) {
    std::cerr << policy.status().message() << "\n";
    return 1;
  }
  povmon::EvaluateOptions options;
  if (!absl::ParseCivilTime(argv[2], &options.as_of)) {
    std::cerr << "\"" << argv[2] << "\" is not a date (YYYY-MM-DD)\n";
    return 1;
  }
  options.trace = povmon::v1::TRACE_LEVEL_RULES;
  povmon::Evaluator evaluator(*policy);
  povmon::v1::Household household;
  povmon::v1::Decision decision;
  bool undecided = false;
  for (int file = 3; file < argc; ++file) {
    std::ifstream in(argv[file], std::ios::binary);
    if (!in) {
      std::cerr << "cannot read " << argv[file] << "\n";
      undecided = true;
      continue;
    }
    std::string line;
    long number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      std::cout << "== " << BaseName(argv[file]) << ":" << number << "\n";
      if (!PrintDecision(evaluator, options, line, household, decision))
        undecided = true;
    }
  }
  return undecided ? 2 : 0;
}
