#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "povmon/evaluator.h"
#include "povmon/explain.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "povmon/rows.h"
#include "src/base/date.h"
#include "src/presentation/terminal_text.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/commands.h"
#include "tools/povmon/language_option.h"

namespace povmon::cli {
namespace {

// The error line for input line `line`, record `index` (0-based).
std::string ErrorObject(long index, long line, const std::string& household_id,
                        const absl::Status& s) {
  std::string out;
  AppendErrorRecordJson(static_cast<std::size_t>(index), line, household_id, s, &out);
  return out;
}



}  // namespace

int Eval(const std::vector<std::string>& args) {
  std::string pack, input = "-";
  std::optional<absl::CivilDay> as_of;
  bool explain = false;
  std::optional<v1::TraceLevel> trace;
  bool have_input = false;
  Language language = kDefaultLanguage;
  bool csv = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
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
                 "[--trace off|rules|full] [--format json|csv] [--lang zh-Hans|zh-Hant|en] [FILE|-]\n";
    return kFailed;
  }
  if (csv && explain) {
    std::cerr << "povmon eval: --explain and --format csv do not go together: the explanation "
                 "is text, the CSV one row per household\n";
    return kFailed;
  }
  std::shared_ptr<const Policy> policy = LoadPackOrReport(pack);
  if (policy == nullptr) return kFailed;
  EvaluateOptions options;
  options.as_of = as_of ? *as_of : Today();
  // The CSV has no trace column: it is not kept unless asked for.
  options.trace = trace ? *trace
                        : (explain ? v1::TRACE_LEVEL_FULL
                                   : (csv ? v1::TRACE_LEVEL_OFF : v1::TRACE_LEVEL_RULES));
  if (!AsOfWithinPackOrReport("eval", *policy, options.as_of)) return kFailed;
  InputLines in("eval", input);
  if (!in.Open()) return kFailed;
  Evaluator evaluator(policy);
  v1::Household household;
  v1::Decision decision;
  std::string line, json;
  long number = 0, records = 0, decided = 0, errors = 0;
  if (csv) std::cout << CsvLine(RowColumns());
  // Blank lines are not households: they are skipped, but still counted so
  // that line numbers match the file.
  while (in.Next(&line)) {
    ++number;
    if (!OutputOk("eval")) return kFailed;
    if (IsBlankLine(line)) continue;
    long index = records++;
    absl::Status s = in.LineStatus();
    if (s.ok()) s = ParseHouseholdJson(line, &household);
    else household.Clear();
    if (s.ok()) s = evaluator.Evaluate(household, options, &decision);
    if (!s.ok()) {
      ++errors;
      if (household.id().empty()) household.set_id(HouseholdIdOf(line));
      if (csv) {
        std::cout << CsvLine(ErrorRow(number, household.id(), s));
      } else if (explain) {
        std::cout << InLanguage(
                         absl::StrCat("── line ", number,
                                      household.id().empty()
                                          ? ""
                                          : absl::StrCat(" (household ",
                                                         EscapeControlsInLine(household.id()), ")"),
                                      ": 無法判定 not decided: ",
                                      EscapeControlsInLine(std::string(s.message())), "\n\n"),
                         language);
      } else {
        std::cout << ErrorObject(index, number, household.id(), s) << "\n";
      }
      continue;
    }
    ++decided;
    if (csv) {
      std::cout << CsvLine(DecisionRow(number, household, decision));
    } else if (explain) {
      std::cout << InLanguage(Explain(decision, *policy), language) << "\n";
    } else if (absl::Status js = DecisionToJson(decision, &json); js.ok()) {
      std::cout << json << "\n";
    } else {
      ++errors;
      std::cout << ErrorObject(index, number, household.id(), js) << "\n";
    }
  }
  std::cout.flush();
  if (!OutputOk("eval") || in.failed()) return kFailed;
  std::cerr << "povmon eval: " << decided << " decided, " << errors << " not decided\n";
  return errors == 0 ? kOk : kSomeErrors;
}

}  // namespace povmon::cli
