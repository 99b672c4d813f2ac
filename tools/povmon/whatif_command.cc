// `povmon whatif`: the same households decided under the pack and under the
// pack with some parameters changed ("what if the line rises to 7,000?"),
// and what changes: categories, who is monitored, the assistance amounts by
// department, the elimination assessments, household by household.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "povmon/batch.h"
#include "povmon/date.h"
#include "povmon/policy.h"
#include "povmon/what_if.h"
#include "tools/povmon/batch_run.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/commands.h"

namespace povmon::cli {
namespace {

constexpr char kWhatIfUsage[] =
    "usage: povmon whatif --policy PACK --set NAME=VALUE[@YYYY-MM-DD] [--set ...]\n"
    "                     [--as-of YYYY-MM-DD] [--format text|jsonl]\n"
    "                     [--jobs N] [--progress|--no-progress] [FILE|-]\n";

}  // namespace

int WhatIf(const std::vector<std::string>& args) {
  std::string pack, input = "-", format = "text";
  std::optional<absl::CivilDay> as_of;
  std::vector<ParameterChange> changes;
  bool have_input = false;
  BatchFlags batch_flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool flag_error = false;
    if (ParseBatchFlag("whatif", args, &i, &batch_flags, &flag_error)) {
      if (flag_error) return kFailed;
      continue;
    }
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
  InputFile in("whatif", input);
  if (!in.Open()) return kFailed;
  BatchOptions batch;
  batch.evaluate.as_of = day;
  batch.evaluate.trace = v1::TRACE_LEVEL_OFF;
  batch.jobs = batch_flags.jobs;
  batch.max_record_bytes = kMaxInputLineBytes;
  batch.output = BatchOutput::kNone;
  batch.what_if = *what_if;
  BatchRunner runner(base, batch);
  WhatIfComparison comparison(base, *what_if, day);
  Output out;
  ProgressLine progress("whatif", batch_flags.progress);
  std::string record;
  BatchFunctionSink sink([&](const BatchResult& r) -> absl::Status {
    progress.Update(r.index + 1);
    record.clear();
    std::string* jsonl = format == "jsonl" ? &record : nullptr;
    if (r.status.ok()) {
      comparison.AddDecided(*r.decision, *r.what_if_decision, static_cast<long>(r.line),
                            r.household_id, jsonl);
    } else {
      comparison.AddNotDecided(static_cast<long>(r.line), r.household_id, r.status, jsonl);
    }
    if (jsonl != nullptr) {
      out.Append(record);
      out.Append("\n");
    }
    return out.Flush();
  });
  absl::Status run = runner.Run(in, sink);
  if (run.ok()) run = out.Flush(true);
  progress.Finish(runner.counts().records);
  if (!run.ok()) {
    std::cerr << "povmon whatif: " << run.message() << "\n";
    return kFailed;
  }
  if (format == "text") std::cout << comparison.SummaryText();
  std::cout.flush();
  if (!OutputOk("whatif")) return kFailed;
  std::cerr << "povmon whatif: " << comparison.compared() << " decided both ways, "
            << comparison.changed() << " differently, " << comparison.errors()
            << " not decided\n";
  return comparison.errors() == 0 ? kOk : kSomeErrors;
}

}  // namespace povmon::cli
