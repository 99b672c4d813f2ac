// `povmon whatif`: the same households decided under the pack and under the
// pack with some parameters changed ("what if the line rises to 7,000?"),
// and what changes: categories, who is monitored, the assistance amounts by
// department, the elimination assessments, household by household.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "povmon/date.h"
#include "povmon/policy.h"
#include "povmon/what_if.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/commands.h"

namespace povmon::cli {
namespace {

constexpr char kWhatIfUsage[] =
    "usage: povmon whatif --policy PACK --set NAME=VALUE[@YYYY-MM-DD] [--set ...]\n"
    "                     [--as-of YYYY-MM-DD] [--format text|jsonl] [FILE|-]\n";

}  // namespace

int WhatIf(const std::vector<std::string>& args) {
  std::string pack, input = "-", format = "text";
  std::optional<absl::CivilDay> as_of;
  std::vector<ParameterChange> changes;
  bool have_input = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        std::cerr << "povmon whatif: " << flag << " needs a value\n";
        return std::nullopt;
      }
      return args[++i];
    };
    if (a == "--policy" || a == "--set" || a == "--as-of" || a == "--format") {
      auto v = value(a.c_str());
      if (!v) return kFailed;
      if (a == "--policy") {
        pack = *v;
      } else if (a == "--set") {
        absl::StatusOr<ParameterChange> change = ParameterChange::Parse(*v);
        if (!change.ok()) {
          std::cerr << "povmon whatif: " << change.status().message() << "\n";
          return kFailed;
        }
        changes.push_back(*change);
      } else if (a == "--as-of") {
        as_of = ParseDate(*v);
        if (!as_of) {
          std::cerr << "povmon whatif: --as-of \"" << *v << "\" is not a date (YYYY-MM-DD)\n";
          return kFailed;
        }
      } else if (*v == "text" || *v == "jsonl") {
        format = *v;
      } else {
        std::cerr << "povmon whatif: --format must be text or jsonl\n";
        return kFailed;
      }
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "povmon whatif: unknown option " << a << "\n" << kWhatIfUsage;
      return kFailed;
    } else if (have_input) {
      std::cerr << "povmon whatif: one input file at most\n";
      return kFailed;
    } else {
      input = a;
      have_input = true;
    }
  }
  if (pack.empty() || changes.empty()) {
    std::cerr << kWhatIfUsage;
    return kFailed;
  }
  std::shared_ptr<const Policy> base = LoadPackOrReport(pack);
  if (base == nullptr) return kFailed;
  std::vector<LoadProblem> problems;
  auto what_if = base->WithChanges(changes, &problems);
  if (!what_if.ok()) {
    for (const LoadProblem& p : problems) std::cerr << p.ToString() << "\n";
    return kFailed;
  }
  absl::CivilDay day = as_of ? *as_of : Today();
  if (!AsOfWithinPackOrReport("whatif", *base, day)) return kFailed;
  InputLines in("whatif", input);
  if (!in.Open()) return kFailed;
  WhatIfComparison comparison(base, *what_if, day);
  std::string line, record;
  long number = 0;
  while (in.Next(&line)) {
    ++number;
    if (!OutputOk("whatif")) return kFailed;
    if (IsBlankLine(line)) continue;
    record.clear();
    std::string* out = format == "jsonl" ? &record : nullptr;
    absl::Status s = in.LineStatus();
    if (s.ok()) {
      comparison.AddJson(line, number, out).IgnoreError();
    } else {
      comparison.AddUnread(line, number, s, out);
    }
    if (format == "jsonl") std::cout << record << "\n";
  }
  if (in.failed()) return kFailed;
  if (format == "text") std::cout << comparison.SummaryText();
  std::cout.flush();
  if (!OutputOk("whatif")) return kFailed;
  std::cerr << "povmon whatif: " << comparison.compared() << " decided both ways, "
            << comparison.changed() << " differently, " << comparison.errors()
            << " not decided\n";
  return comparison.errors() == 0 ? kOk : kSomeErrors;
}

}  // namespace povmon::cli
