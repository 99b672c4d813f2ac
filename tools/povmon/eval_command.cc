// povmon eval: decide households given as JSON Lines on the batch runner
// (include/povmon/batch.h), one result line per record, in input order.
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "povmon/batch.h"
#include "povmon/date.h"
#include "povmon/evaluator.h"
#include "povmon/explain.h"
#include "povmon/json.h"
#include "povmon/place_names.h"
#include "povmon/policy.h"
#include "povmon/rows.h"
#include "povmon/terminal_text.h"
#include "tools/povmon/batch_run.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/command_line.h"
#include "tools/povmon/commands.h"
#include "tools/povmon/language_option.h"
#include "tools/povmon/population_run.h"

namespace povmon::cli {

int Eval(const std::vector<std::string>& args) {
  std::string pack, input = "-", as_of_text, summary_path, format = "json", lang, trace_text;
  bool explain = false;
  BatchFlags batch_flags;
  PopulationFlags population_flags;
  CommandLine line(
      "eval",
      "povmon eval --policy PACK [--as-of YYYY-MM-DD] [--explain] [--trace off|rules|full]\n"
      "                   [--format json|csv] [--lang zh-Hans|zh-Hant|en] "
      "[--jobs N] [--progress|--no-progress]\n"
      "                   [--summary FILE [--seed N]] [--regions FILE] [FILE|-]",
      "Decide households given as JSON Lines: one decision or error object per input line, in "
      "input order (blank lines are skipped but counted, so line numbers match the file). A "
      "count goes to standard error.",
      "Exit status: 0 every line decided, 2 some lines not decided, 1 a usage error, a pack "
      "that does not load, an --as-of outside the pack's dates, or input that cannot be read "
      "or output that cannot be written.");
  line.Value("--policy", &pack, "PACK", "the pack's folder")->required();
  line.Value("--as-of", &as_of_text, "YYYY-MM-DD",
             "the date households are decided on (default: today); within the pack's dates");
  line.app().add_flag("--explain", explain,
                      "the readable explanation instead of JSON (trace level full)");
  line.Value("--trace", &trace_text, "off|rules|full",
             "how much of the evaluation each decision records (default rules; off with "
             "--format csv)");
  line.Value("--format", &format, "json|csv",
             "json (one decision per line, the default) or csv (one row per household, money "
             "in yuan)");
  line.Value("--lang", &lang, "LANG", std::string("the explanation's language: ") + kLanguageHelp);
  batch_flags.AddTo(&line);
  line.Value("--summary", &summary_path, "FILE",
             "also write the counts by village, township, county and province and the pack's "
             "population rules' findings as JSON to FILE");
  population_flags.AddTo(&line);
  line.Input(&input, "households as JSON Lines; - or absent: standard input");
  if (std::optional<int> done = line.Parse(args)) return *done;
  if (!batch_flags.Finish(line) || !population_flags.Finish(line)) return kFailed;
  if (pack.empty()) return line.UsageError("--policy needs a pack folder");
  std::optional<absl::CivilDay> as_of;
  if (line.app().count("--as-of") > 0) {
    as_of = ParseDate(as_of_text);
    if (!as_of) {
      return line.UsageError("--as-of \"" + as_of_text + "\" is not a date (YYYY-MM-DD)");
    }
  }
  if (format != "json" && format != "csv") {
    return line.UsageError(
        "--format must be json (one decision per line, the default) or csv (one row per "
        "household, money in yuan)");
  }
  const bool csv = format == "csv";
  std::optional<v1::TraceLevel> trace;
  if (line.app().count("--trace") > 0) {
    if (trace_text == "off") trace = v1::TRACE_LEVEL_OFF;
    else if (trace_text == "rules") trace = v1::TRACE_LEVEL_RULES;
    else if (trace_text == "full") trace = v1::TRACE_LEVEL_FULL;
    else return line.UsageError("--trace must be off, rules or full");
  }
  Language language = kDefaultLanguage;
  if (line.app().count("--lang") > 0) {
    std::optional<Language> l = LanguageOption("eval", lang);
    if (!l) return kFailed;
    language = *l;
  }
  if (summary_path.empty() && population_flags.seed) {
    return line.UsageError("--seed goes with --summary FILE");
  }
  if (summary_path.empty() && !explain && !population_flags.regions_path.empty()) {
    return line.UsageError(
        "--regions goes with --summary FILE (the places' figures) or --explain (the villages' "
        "names)");
  }
  if (csv && explain) {
    return line.UsageError(
        "--explain and --format csv do not go together: the explanation is text, the CSV one "
        "row per household");
  }
  std::shared_ptr<const Policy> policy = LoadPackOrReport(pack);
  if (policy == nullptr) return kFailed;
  // --explain --regions: villages named from the county's region file too;
  // the explanations are then written here, in input order, rather than on
  // the workers (which know the pack's names only).
  std::optional<PlaceNames> places;
  if (explain && !population_flags.regions_path.empty()) {
    std::string text;
    std::vector<v1::RegionInfo> regions;
    if (!ReadTextFile("eval", "region file", population_flags.regions_path, &text)) {
      return kFailed;
    }
    if (absl::Status s = ParseRegionFile(text, population_flags.regions_path, &regions);
        !s.ok()) {
      std::cerr << "povmon eval: " << s.message() << "\n";
      return kFailed;
    }
    places.emplace(*policy);
    places->Add(regions);
  }
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
  batch.output = csv || places ? BatchOutput::kNone
                 : explain    ? BatchOutput::kExplain
                              : BatchOutput::kJson;
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
      out.Append(InLanguage(
          places ? Explain(*r.decision, *policy, *places) : std::string(r.output), language));
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
