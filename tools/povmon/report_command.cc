// povmon report: the county officer's HTML page, from households (decided
// here) or from the summaries of earlier runs (`povmon eval --summary`),
// merged.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "povmon/batch.h"
#include "povmon/policy.h"
#include "povmon/population.h"
#include "povmon/population_report.h"
#include "tools/povmon/batch_run.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/command_line.h"
#include "tools/povmon/commands.h"
#include "tools/povmon/language_option.h"
#include "tools/povmon/population_run.h"

namespace povmon::cli {
namespace {

// A YYYY-MM-DD date (absl's civil-time parser: the public API only).
std::optional<absl::CivilDay> ParseDay(const std::string& text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) return std::nullopt;
  return day;
}

bool ReadSummary(const std::string& path, v1::PopulationReport* report) {
  std::string text;
  if (!ReadTextFile("report", "summary", path, &text)) return false;
  absl::Status s = ParsePopulationReportJson(text, report);
  if (!s.ok()) {
    std::cerr << "povmon report: " << path << ": " << s.message() << "\n";
    return false;
  }
  if (!report->has_summary()) {
    std::cerr << "povmon report: " << path << ": no \"summary\" (write it with povmon eval --summary)\n";
    return false;
  }
  return true;
}

}  // namespace

int Report(const std::vector<std::string>& args) {
  std::string pack, input = "-", out_path, as_of_text, lang;
  std::vector<std::string> summaries;
  PopulationFlags flags;
  BatchFlags batch_flags;
  CommandLine line(
      "report",
      "povmon report --policy PACK [--as-of YYYY-MM-DD] [--regions FILE] [--seed N]\n"
      "                     [--out PATH] [--lang zh-Hans|zh-Hant] [--jobs N] "
      "[--progress|--no-progress]\n"
      "                     [--from-summary FILE ...] [FILE|-]",
      "One self-contained HTML page for a county officer (figures and tables by place, "
      "flagged places with their citations, measures by department; no personal data), from "
      "households given as JSON Lines or from merged `povmon eval --summary` files.",
      "Exit status: 0, 2 when some lines were not decided, 1 a usage error, a pack that does "
      "not load, an --as-of outside the pack's dates, or a file that cannot be read or "
      "written.");
  line.Value("--policy", &pack, "PACK", "the pack's folder")->required();
  line.Value("--as-of", &as_of_text, "YYYY-MM-DD",
             "the date households are decided on (default: today, or the summaries' date)");
  flags.AddTo(&line);
  line.Value("--out", &out_path, "PATH", "write the page to PATH (default: standard output)");
  line.Value("--lang", &lang, "LANG",
             "zh-Hans (Simplified Chinese, the default) or zh-Hant (Traditional), the pack's "
             "and the region file's texts with the page; the report is written in Chinese "
             "only");
  batch_flags.AddTo(&line);
  line.Repeated("--from-summary", &summaries, "FILE",
                "a summary written by povmon eval --summary, instead of households; repeat to "
                "merge several (same pack, same date)");
  line.Input(&input, "households as JSON Lines; - or absent: standard input");
  if (std::optional<int> done = line.Parse(args)) return *done;
  if (!batch_flags.Finish(line) || !flags.Finish(line)) return kFailed;
  if (pack.empty()) return line.UsageError("--policy needs a pack folder");
  Language language = kDefaultLanguage;
  if (line.app().count("--lang") > 0) {
    std::optional<Language> l = LanguageOption("report", lang);
    if (!l) return kFailed;
    // The page is the county's own report, written in Chinese (it has no
    // English beside its figures' labels, unlike the explanation).
    if (*l == Language::kEnglish) {
      return line.UsageError(
          "--lang en: the report is written in Chinese only; use zh-Hans (the default) or "
          "zh-Hant");
    }
    language = *l;
    // Load the converter now (zh-Hant: s2t), so that a missing dictionary is
    // one error before the households are read.
    v1::PopulationReport empty;
    empty.mutable_summary();
    if (absl::StatusOr<std::string> probe = RenderPopulationReportHtml(empty, language);
        !probe.ok()) {
      std::cerr << "povmon report: " << probe.status().message() << "\n";
      return kFailed;
    }
  }
  std::optional<absl::CivilDay> as_of;
  if (line.app().count("--as-of") > 0) {
    as_of = ParseDay(as_of_text);
    if (!as_of) {
      return line.UsageError("--as-of \"" + as_of_text + "\" is not a date (YYYY-MM-DD)");
    }
  }
  const bool have_input = line.app().count("FILE") > 0;
  if (!summaries.empty() && (have_input || flags.seed)) {
    return line.UsageError(
        "--from-summary reads decided runs; give no household file and no --seed with it (the "
        "summaries carry their seed)");
  }
  std::shared_ptr<const Policy> policy = LoadPackOrReport(pack);
  if (policy == nullptr) return kFailed;

  std::optional<v1::PopulationReport> report;
  long errors = 0;
  if (!summaries.empty()) {
    std::vector<v1::PopulationReport> parts(summaries.size());
    for (std::size_t i = 0; i < summaries.size(); ++i) {
      if (!ReadSummary(summaries[i], &parts[i])) return kFailed;
      if (parts[i].pack_id() != policy->id()) {
        std::cerr << "povmon report: " << summaries[i] << " was made with pack \""
                  << parts[i].pack_id() << "\", not " << policy->id() << "\n";
        return kFailed;
      }
      if (parts[i].as_of() != parts[0].as_of()) {
        std::cerr << "povmon report: " << summaries[i] << " is as of " << parts[i].as_of()
                  << ", " << summaries[0] << " as of " << parts[0].as_of()
                  << ": summaries of different dates do not add up\n";
        return kFailed;
      }
    }
    const v1::PopulationSummary& first = parts[0].summary();
    flags.seed = first.sample_seed();
    PopulationRun run;
    if (!run.Start("report", policy, flags)) return kFailed;
    Aggregator merged(first.sample_seed(), first.sample_candidate_bp());
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (absl::Status s = merged.Merge(parts[i].summary()); !s.ok()) {
        std::cerr << "povmon report: " << summaries[i] << ": " << s.message() << "\n";
        return kFailed;
      }
    }
    v1::PopulationSummary summary;
    merged.Summarize(&summary);
    errors = summary.households_failed();
    if (!as_of) as_of = ParseDay(parts[0].as_of());
    if (!as_of) {
      std::cerr << "povmon report: " << summaries[0] << ": as_of \"" << parts[0].as_of()
                << "\" is not a date; give --as-of\n";
      return kFailed;
    }
    report = run.Finish(summary, *as_of);
  } else {
    BatchOptions batch;
    batch.evaluate.as_of = as_of ? *as_of : Today();
    batch.evaluate.trace = v1::TRACE_LEVEL_OFF;
    if (!AsOfWithinPackOrReport("report", *policy, batch.evaluate.as_of)) return kFailed;
    PopulationRun run;
    if (!run.Start("report", policy, flags)) return kFailed;
    InputFile in("report", input);
    if (!in.Open()) return kFailed;
    batch.jobs = batch_flags.jobs;
    batch.max_record_bytes = kMaxInputLineBytes;
    batch.output = BatchOutput::kNone;
    BatchRunner runner(policy, batch);
    ProgressLine progress("report", batch_flags.progress);
    // Every result counted by place in input order, on this thread.
    BatchFunctionSink sink([&](const BatchResult& r) -> absl::Status {
      progress.Update(r.index + 1);
      if (r.status.ok()) return run.aggregator().Add(*r.household, *r.decision);
      run.aggregator().AddFailed();
      // Only the line number: the message may quote a personal value.
      std::cerr << "povmon report: line " << r.line << " not decided ("
                << absl::StatusCodeToString(r.status.code())
                << "); run povmon eval on it for details\n";
      return absl::OkStatus();
    });
    absl::Status status = runner.Run(in, sink);
    progress.Finish(runner.counts().records);
    if (!status.ok()) {
      // A read error or a sum that overflows: no report from part of the input.
      std::cerr << "povmon report: " << status.message() << "\n";
      return kFailed;
    }
    errors = static_cast<long>(runner.counts().errors);
    report = run.Finish(batch.evaluate.as_of);
  }
  if (!report) return kFailed;
  absl::StatusOr<std::string> html = RenderPopulationReportHtml(*report, language);
  if (!html.ok()) {
    std::cerr << "povmon report: " << html.status().message() << "\n";
    return kFailed;
  }
  if (out_path.empty()) {
    std::cout << *html;
    std::cout.flush();
    if (!OutputOk("report")) return kFailed;
  } else if (!WriteTextFile("report", out_path, *html)) {
    return kFailed;
  }
  std::cerr << "povmon report: " << report->summary().households_decided() << " households, "
            << errors << " not decided"
            << (out_path.empty() ? std::string() : ", written to " + out_path) << "\n";
  return errors == 0 ? kOk : kSomeErrors;
}

}  // namespace povmon::cli
