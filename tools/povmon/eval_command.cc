// povmon eval: decide households given as JSON Lines on the batch runner
// (include/povmon/batch.h), one result line per record, in input order.
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "povmon/batch.h"
#include "povmon/date.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "povmon/rows.h"
#include "povmon/terminal_text.h"
#include "tools/povmon/batch_run.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/commands.h"
#include "tools/povmon/language_option.h"
#include "tools/povmon/population_run.h"

namespace povmon::cli {

int Eval(const std::vector<std::string>& args) {
  std::string pack, input = "-";
  std::optional<absl::CivilDay> as_of;
  bool explain = false;
  std::optional<v1::TraceLevel> trace;
  bool have_input = false;
  Language language = kDefaultLanguage;
  bool csv = false;
  BatchFlags batch_flags;
  std::string summary_path;
  PopulationFlags population_flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool flag_error = false;
    if (ParseBatchFlag("eval", args, &i, &batch_flags, &flag_error)) {
      if (flag_error) return kFailed;
      continue;
    }
    if (int took = ParsePopulationFlag("eval", args, &i, &population_flags); took != 0) {
      if (took < 0) return kFailed;
      continue;
    }
    auto value = [&](const char* flag) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        std::cerr << "povmon eval: " << flag << " needs a value\n";
        return std::nullopt;
      }
      return args[++i];
    };
    if (a == "--policy") {
      auto v = value("--policy");
      if (!v) return kFailed;
      pack = *v;
    } else if (a == "--as-of") {
      auto v = value("--as-of");
      if (!v) return kFailed;
      as_of = ParseDate(*v);
      if (!as_of) {
        std::cerr << "povmon eval: --as-of \"" << *v << "\" is not a date (YYYY-MM-DD)\n";
        return kFailed;
      }
    } else if (a == "--summary") {
      auto v = value("--summary");
      if (!v) return kFailed;
      summary_path = *v;
    } else if (a == "--explain") {
      explain = true;
    } else if (a == "--format") {
      auto v = value("--format");
      if (!v) return kFailed;
      if (*v != "json" && *v != "csv") {
        std::cerr << "povmon eval: --format must be json (one decision per line, the default) "
                     "or csv (one row per household, money in yuan)\n";
        return kFailed;
      }
      csv = *v == "csv";
    } else if (a == "--lang") {
      auto v = value("--lang");
      if (!v) return kFailed;
      std::optional<Language> l = LanguageOption("eval", *v);
      if (!l) return kFailed;
      language = *l;
    } else if (a == "--trace") {
      auto v = value("--trace");
      if (!v) return kFailed;
      if (*v == "off") trace = v1::TRACE_LEVEL_OFF;
      else if (*v == "rules") trace = v1::TRACE_LEVEL_RULES;
      else if (*v == "full") trace = v1::TRACE_LEVEL_FULL;
      else {
        std::cerr << "povmon eval: --trace must be off, rules or full\n";
        return kFailed;
      }
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "povmon eval: unknown option " << a << "\n";
      return kFailed;
    } else if (have_input) {
      std::cerr << "povmon eval: one input file at most\n";
      return kFailed;
    } else {
      input = a;
      have_input = true;
    }
  }
  if (pack.empty()) {
    std::cerr << "usage: povmon eval --policy PACK [--as-of YYYY-MM-DD] [--explain] "
                 "[--trace off|rules|full] [--format json|csv] [--lang zh-Hans|zh-Hant|en]\n"
                 "                   [--jobs N] [--progress|--no-progress]\n"
                 "                   [--summary FILE [--seed N] [--regions FILE]] [FILE|-]\n";
    return kFailed;
  }
  if (summary_path.empty() && (population_flags.seed || !population_flags.regions_path.empty())) {
    std::cerr << "povmon eval: --seed and --regions go with --summary FILE\n";
    return kFailed;
  }
  if (csv && explain) {
    std::cerr << "povmon eval: --explain and --format csv do not go together: the explanation "
                 "is text, the CSV one row per household\n";
    return kFailed;
  }
  std::shared_ptr<const Policy> policy = LoadPackOrReport(pack);
  if (policy == nullptr) return kFailed;
  BatchOptions batch;
  batch.evaluate.as_of = as_of ? *as_of : Today();
  // The CSV has no trace column: it is not kept unless asked for.
  batch.evaluate.trace = trace ? *trace
                               : (explain ? v1::TRACE_LEVEL_FULL
                                          : (csv ? v1::TRACE_LEVEL_OFF : v1::TRACE_LEVEL_RULES));
  if (!AsOfWithinPackOrReport("eval", *policy, batch.evaluate.as_of)) return kFailed;
  // --summary: every result counted by place, in input order, on this
  // thread (the runner's sink), then the pack's population rules.
  const bool summarize = !summary_path.empty();
  PopulationRun population;
  if (summarize && !population.Start("eval", policy, population_flags)) return kFailed;
  absl::Status counted;  // the first aggregation error (an overflow)
  InputFile in("eval", input);
  if (!in.Open()) return kFailed;
  batch.jobs = batch_flags.jobs;
  batch.max_record_bytes = kMaxInputLineBytes;
  batch.output = csv ? BatchOutput::kNone : explain ? BatchOutput::kExplain : BatchOutput::kJson;
  BatchRunner runner(policy, batch);
  Output out;
  if (csv) out.Append(CsvLine(RowColumns()));
  ProgressLine progress("eval", batch_flags.progress);
  BatchFunctionSink sink([&](const BatchResult& r) -> absl::Status {
    if (summarize && counted.ok()) {
      if (r.status.ok()) {
        counted = population.aggregator().Add(*r.household, *r.decision);
      } else {
        population.aggregator().AddFailed();
      }
    }
    if (csv) {
      out.Append(r.status.ok()
                     ? CsvLine(DecisionRow(static_cast<long>(r.line), *r.household, *r.decision))
                     : CsvLine(ErrorRow(static_cast<long>(r.line), std::string(r.household_id),
                                        r.status)));
    } else if (!explain) {
      out.Append(r.output);
      out.Append("\n");
    } else if (r.status.ok()) {
      if (r.has_duplicate) {
        out.Append(InLanguage(
            absl::StrCat("── line ", r.line, ": 警告 warning: ",
                         EscapeControlsInLine(r.decision->warnings(0).message()), "\n"),
            language));
      }
      out.Append(InLanguage(std::string(r.output), language));
      out.Append("\n");
    } else {
      out.Append(InLanguage(
          absl::StrCat("── line ", r.line,
                       r.household_id.empty()
                           ? ""
                           : absl::StrCat(" (household ", EscapeControlsInLine(r.household_id),
                                          ")"),
                       ": 無法判定 not decided: ", EscapeControlsInLine(std::string(r.status.message())),
                       "\n\n"),
          language));
    }
    progress.Update(r.index + 1);
    return out.Flush();
  });
  absl::Status run = runner.Run(in, sink);
  if (run.ok()) run = out.Flush(true);
  progress.Finish(runner.counts().records);
  const BatchCounts& counts = runner.counts();
  if (!run.ok()) {
    std::cerr << "povmon eval: " << run.message() << "\n";
    std::cerr << "povmon eval: stopped after " << counts.records << " records\n";
    return kFailed;
  }
  std::cerr << "povmon eval: " << counts.decided << " decided, " << counts.errors
            << " not decided";
  if (counts.duplicates > 0) {
    std::cerr << ", " << counts.duplicates << " with a household id used before (warnings)";
  }
  std::cerr << "\n";
  if (summarize) {
    if (!counted.ok()) {
      std::cerr << "povmon eval: no summary written: " << counted.message() << "\n";
      return kFailed;
    }
    std::optional<v1::PopulationReport> report = population.Finish(batch.evaluate.as_of);
    if (!report) return kFailed;
    std::string text;
    if (absl::Status js = PopulationReportToJson(*report, &text); !js.ok()) {
      std::cerr << "povmon eval: the summary: " << js.message() << "\n";
      return kFailed;
    }
    text.push_back('\n');
    if (!WriteTextFile("eval", summary_path, text)) return kFailed;
    int fired = 0;
    for (const auto& f : report->findings()) fired += f.fired() ? 1 : 0;
    std::cerr << "povmon eval: summary written to " << summary_path << " ("
              << report->summary().regions_size() << " places, " << fired
              << " population finding(s), spot-check seed " << report->summary().sample_seed()
              << ")\n";
  }
  return counts.errors == 0 ? kOk : kSomeErrors;
}

}  // namespace povmon::cli
