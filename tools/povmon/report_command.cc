// povmon report: the county officer's HTML page, from households (decided
// here) or from the summaries of earlier runs (`povmon eval --summary`),
// merged.
#include <fstream>
#include <optional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "povmon/population.h"
#include "povmon/population_report.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/commands.h"
#include "tools/povmon/population_run.h"

namespace povmon::cli {
namespace {

// A YYYY-MM-DD date (absl's civil-time parser: the public API only).
std::optional<absl::CivilDay> ParseDay(const std::string& text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) return std::nullopt;
  return day;
}

constexpr char kReportUsage[] =
    "usage: povmon report --policy PACK [--as-of YYYY-MM-DD] [--regions FILE] [--seed N]\n"
    "                     [--out PATH] [--from-summary FILE ...] [FILE|-]\n";

bool ReadSummary(const std::string& path, v1::PopulationReport* report) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || in.bad()) {
    std::cerr << "povmon report: cannot read summary " << path << "\n";
    return false;
  }
  absl::Status s = ParsePopulationReportJson(text.str(), report);
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
  std::string pack, input = "-", out_path;
  std::optional<absl::CivilDay> as_of;
  std::vector<std::string> summaries;
  PopulationFlags flags;
  bool have_input = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (int took = ParsePopulationFlag("report", args, &i, &flags); took != 0) {
      if (took < 0) return kFailed;
      continue;
    }
    if (a == "--policy" || a == "--as-of" || a == "--out" || a == "--from-summary") {
      if (i + 1 >= args.size()) {
        std::cerr << "povmon report: " << a << " needs a value\n";
        return kFailed;
      }
      const std::string& v = args[++i];
      if (a == "--policy") {
        pack = v;
      } else if (a == "--out") {
        out_path = v;
      } else if (a == "--from-summary") {
        summaries.push_back(v);
      } else {
        as_of = ParseDay(v);
        if (!as_of) {
          std::cerr << "povmon report: --as-of \"" << v << "\" is not a date (YYYY-MM-DD)\n";
          return kFailed;
        }
      }
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "povmon report: unknown option " << a << "\n" << kReportUsage;
      return kFailed;
    } else if (have_input) {
      std::cerr << "povmon report: one input file at most\n";
      return kFailed;
    } else {
      input = a;
      have_input = true;
    }
  }
  if (pack.empty()) {
    std::cerr << kReportUsage;
    return kFailed;
  }
  if (!summaries.empty() && (have_input || flags.seed)) {
    std::cerr << "povmon report: --from-summary reads decided runs; give no household file and "
                 "no --seed with it (the summaries carry their seed)\n";
    return kFailed;
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
    PopulationRun run;
    if (!run.Start("report", policy, flags)) return kFailed;
    std::ifstream file;
    std::istream* in = OpenInput("report", input, &file);
    if (in == nullptr) return kFailed;
    Evaluator evaluator(policy);
    EvaluateOptions options;
    options.as_of = as_of ? *as_of : Today();
    options.trace = v1::TRACE_LEVEL_OFF;
    v1::Household household;
    v1::Decision decision;
    std::string line;
    long number = 0;
    while (std::getline(*in, line)) {
      ++number;
      if (IsBlankLine(line)) continue;
      absl::Status s = ParseHouseholdJson(line, &household);
      if (s.ok()) s = evaluator.Evaluate(household, options, &decision);
      if (s.ok()) s = run.aggregator().Add(household, decision);
      if (!s.ok()) {
        ++errors;
        run.aggregator().AddFailed();
        // Only the line number: the message may quote a personal value.
        std::cerr << "povmon report: line " << number << " not decided ("
                  << absl::StatusCodeToString(s.code()) << "); run povmon eval on it for details\n";
      }
    }
    if (in->bad()) {
      std::cerr << "povmon report: cannot read " << input << "\n";
      return kFailed;
    }
    report = run.Finish(options.as_of);
  }
  if (!report) return kFailed;
  absl::StatusOr<std::string> html = RenderPopulationReportHtml(*report);
  if (!html.ok()) {
    std::cerr << "povmon report: " << html.status().message() << "\n";
    return kFailed;
  }
  if (out_path.empty()) {
    std::cout << *html;
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "povmon report: cannot write the report to standard output\n";
      return kFailed;
    }
  } else if (!WriteTextFile("report", out_path, *html)) {
    return kFailed;
  }
  std::cerr << "povmon report: " << report->summary().households_decided() << " households, "
            << errors << " not decided"
            << (out_path.empty() ? std::string() : ", written to " + out_path) << "\n";
  return errors == 0 ? kOk : kSomeErrors;
}

}  // namespace povmon::cli
