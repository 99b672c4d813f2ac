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
#include "tools/povmon/command_line.h"
#include "tools/povmon/commands.h"

namespace povmon::cli {

int WhatIf(const std::vector<std::string>& args) {
  std::string pack, input = "-", format = "text", as_of_text;
  std::vector<std::string> sets;
  BatchFlags batch_flags;
  CommandLine line(
      "whatif",
      "povmon whatif --policy PACK --set NAME=VALUE[@YYYY-MM-DD] [--set ...]\n"
      "                     [--as-of YYYY-MM-DD] [--format text|jsonl]\n"
      "                     [--jobs N] [--progress|--no-progress] [FILE|-]",
      "Decide households under the pack and under the pack with parameters changed, and "
      "print what changes: categories, who is monitored, assistance amounts by department, "
      "elimination, household by household.",
      "Exit status: 0, 2 when some lines were not decided, 1 a usage error (an unknown "
      "parameter included), a pack that does not load, an --as-of outside the pack's dates, "
      "or input that cannot be read or output that cannot be written.");
  line.Value("--policy", &pack, "PACK", "the pack's folder")->required();
  line.Repeated("--set", &sets, "NAME=VALUE[@YYYY-MM-DD]",
                "a parameter's new value (in the parameter's unit: yuan for money), from the "
                "date given or from the pack's start; repeat for several")
      ->required();
  line.Value("--as-of", &as_of_text, "YYYY-MM-DD",
             "the date households are decided on (default: today); within the pack's dates");
  line.Value("--format", &format, "text|jsonl",
             "text (the summary, the default) or jsonl (one line per input line, in order, with "
             "both outcomes)");
  batch_flags.AddTo(&line);
  line.Input(&input, "households as JSON Lines; - or absent: standard input");
  if (std::optional<int> done = line.Parse(args)) return *done;
  if (!batch_flags.Finish(line)) return kFailed;
  if (pack.empty()) return line.UsageError("--policy needs a pack folder");
  std::vector<ParameterChange> changes;
  for (const std::string& set : sets) {
    absl::StatusOr<ParameterChange> change = ParameterChange::Parse(set);
    if (!change.ok()) return line.UsageError(std::string(change.status().message()));
    changes.push_back(*change);
  }
  std::optional<absl::CivilDay> as_of;
  if (line.app().count("--as-of") > 0) {
    as_of = ParseDate(as_of_text);
    if (!as_of) {
      return line.UsageError("--as-of \"" + as_of_text + "\" is not a date (YYYY-MM-DD)");
    }
  }
  if (format != "text" && format != "jsonl") {
    return line.UsageError("--format must be text or jsonl");
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
