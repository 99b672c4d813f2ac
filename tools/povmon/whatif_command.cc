// `povmon whatif`: the same households decided under the pack and under the
// pack with some parameters changed ("what if the line rises to 7,000?"),
// and what changes: categories, who is monitored, the assistance amounts by
// department, the elimination assessments, household by household.
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "povmon/batch.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "src/base/date.h"
#include "src/base/money.h"
#include "src/presentation/terminal_text.h"
#include "src/policy/policy_impl.h"
#include "tools/povmon/batch_run.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/commands.h"

namespace povmon::cli {
namespace {

constexpr char kWhatIfUsage[] =
    "usage: povmon whatif --policy PACK --set NAME=VALUE[@YYYY-MM-DD] [--set ...]\n"
    "                     [--as-of YYYY-MM-DD] [--format text|jsonl]\n"
    "                     [--jobs N] [--progress|--no-progress] [FILE|-]\n";

// What a decision says that a what-if may change.
struct Outcome {
  std::string category;
  bool excluded = false;
  bool monitored = false;
  std::set<std::string> risks;
  std::int64_t per_capita_fen = 0;
  // (department, basis) → exact fen, and the number of measures.
  std::map<std::pair<std::string, std::string>, std::int64_t> amounts;
  int measures = 0;
  std::string elimination;  // empty when the pack has no elimination stage
};

Outcome OutcomeOf(const v1::Decision& d) {
  Outcome o;
  o.category = v1::Category_Name(d.identification().category());
  o.excluded = d.identification().excluded();
  o.monitored = d.assistance().monitored();
  for (int r : d.identification().risk_types()) {
    o.risks.insert(v1::RiskType_Name(static_cast<v1::RiskType>(r)));
  }
  o.per_capita_fen = d.facts().per_capita_net_income_fen();
  for (const v1::DepartmentTotal& t : d.assistance().totals()) {
    o.amounts[{t.department(), v1::AmountBasis_Name(t.basis())}] += t.total_fen();
  }
  o.measures = d.assistance().measures_size();
  if (d.has_elimination()) o.elimination = v1::EliminationStatus_Name(d.elimination().status());
  return o;
}

std::string Signed(std::int64_t fen) {
  return fen > 0 ? absl::StrCat("+", FormatYuan(fen)) : FormatYuan(fen);
}

// The differences between the pack's outcome and the what-if's, in words;
// empty when there are none.
std::vector<std::string> Differences(const Outcome& base, const Outcome& what_if) {
  std::vector<std::string> out;
  if (base.category != what_if.category) {
    out.push_back(absl::StrCat(base.category, " → ", what_if.category));
  }
  if (base.excluded != what_if.excluded) {
    out.push_back(what_if.excluded ? "now excluded" : "no longer excluded");
  }
  if (base.monitored != what_if.monitored) {
    out.push_back(what_if.monitored ? "now monitored" : "no longer monitored");
  }
  for (const std::string& r : what_if.risks) {
    if (base.risks.count(r) == 0) out.push_back(absl::StrCat("+", r));
  }
  for (const std::string& r : base.risks) {
    if (what_if.risks.count(r) == 0) out.push_back(absl::StrCat("-", r));
  }
  if (base.measures != what_if.measures) {
    out.push_back(absl::StrCat("measures ", base.measures, " → ", what_if.measures));
  }
  std::set<std::pair<std::string, std::string>> keys;
  for (const auto& [k, v] : base.amounts) keys.insert(k);
  for (const auto& [k, v] : what_if.amounts) keys.insert(k);
  for (const auto& key : keys) {
    auto b = base.amounts.find(key);
    auto w = what_if.amounts.find(key);
    std::int64_t before = b == base.amounts.end() ? 0 : b->second;
    std::int64_t after = w == what_if.amounts.end() ? 0 : w->second;
    if (before != after) {
      out.push_back(absl::StrCat(key.first, " ", key.second, " ", Signed(after - before)));
    }
  }
  if (base.elimination != what_if.elimination) {
    out.push_back(absl::StrCat(base.elimination, " → ", what_if.elimination));
  }
  return out;
}

// A parameter's value on `day`, written as the parameter files write it.
std::string ParameterText(const Policy& policy, const std::string& name, absl::CivilDay day) {
  for (const ParameterSeries& p : policy.impl().parameters) {
    if (p.name != name) continue;
    const DatedValue* v = p.At(DaysSinceEpoch(day));
    if (v == nullptr) return "(no value)";
    switch (p.type) {
      case v1::PARAMETER_TYPE_MONEY: return FormatYuan(v->value.i);
      case v1::PARAMETER_TYPE_BOOL: return v->value.i != 0 ? "true" : "false";
      case v1::PARAMETER_TYPE_DATE: return FormatDate(DayFromEpochDays(v->value.i));
      case v1::PARAMETER_TYPE_BASIS_POINTS: return absl::StrCat(v->value.i, " bp");
      default: return absl::StrCat(v->value.i);
    }
  }
  return "(no such parameter)";
}

std::string OutcomeJson(const Outcome& o) {
  std::vector<std::string> risks;
  for (const std::string& r : o.risks) risks.push_back(JsonQuote(r));
  std::string out = absl::StrCat("{\"category\":", JsonQuote(o.category),
                                 ",\"excluded\":", o.excluded ? "true" : "false",
                                 ",\"monitored\":", o.monitored ? "true" : "false",
                                 ",\"risk_types\":[", absl::StrJoin(risks, ","), "]",
                                 ",\"per_capita_net_income_fen\":\"", o.per_capita_fen, "\"",
                                 ",\"measures\":", o.measures, ",\"totals\":[");
  bool first = true;
  for (const auto& [key, fen] : o.amounts) {
    absl::StrAppend(&out, first ? "" : ",", "{\"department\":", JsonQuote(key.first),
                    ",\"basis\":", JsonQuote(key.second), ",\"total_fen\":\"", fen, "\"}");
    first = false;
  }
  absl::StrAppend(&out, "]");
  if (!o.elimination.empty()) absl::StrAppend(&out, ",\"elimination\":", JsonQuote(o.elimination));
  absl::StrAppend(&out, "}");
  return out;
}

// Totals over every household decided both ways.
struct Summary {
  long read = 0, compared = 0, changed = 0, errors = 0;
  long monitored_before = 0, monitored_after = 0;
  std::map<std::pair<std::string, std::string>, long> category_moves;
  std::map<std::pair<std::string, std::string>, long> elimination_moves;
  std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> amounts;
  std::vector<std::string> changed_lines;
  std::vector<std::string> error_lines;
};

void Add(const Outcome& base, const Outcome& what_if, Summary* s) {
  ++s->compared;
  s->monitored_before += base.monitored;
  s->monitored_after += what_if.monitored;
  if (base.category != what_if.category) ++s->category_moves[{base.category, what_if.category}];
  if (base.elimination != what_if.elimination) {
    ++s->elimination_moves[{base.elimination, what_if.elimination}];
  }
  for (const auto& [key, fen] : base.amounts) s->amounts[key].first += fen;
  for (const auto& [key, fen] : what_if.amounts) s->amounts[key].second += fen;
}

void PrintSummary(const Policy& base, const Policy& what_if, absl::CivilDay as_of,
                  const Summary& s) {
  std::cout << "what-if on pack " << base.id() << " as of " << FormatDate(as_of) << ":\n";
  for (const ParameterChange& c : what_if.changes()) {
    std::cout << "  " << c.name << ": " << ParameterText(base, c.name, as_of) << " → "
              << ParameterText(what_if, c.name, as_of) << " on " << FormatDate(as_of)
              << "  (--set " << c.ToString() << ")\n";
  }
  std::cout << "  revision " << what_if.revision() << " (the pack's is " << base.revision()
            << ")\n\n";
  std::cout << s.read << " households read: " << s.compared << " decided both ways, " << s.errors
            << " not decided\n";
  std::cout << s.changed << " of " << s.compared << " decided differently\n";
  std::cout << "monitored: " << s.monitored_before << " → " << s.monitored_after << "\n";
  if (!s.category_moves.empty()) {
    std::cout << "\ncategory changes:\n";
    for (const auto& [move, n] : s.category_moves) {
      std::cout << "  " << move.first << " → " << move.second << ": " << n << "\n";
    }
  }
  if (!s.elimination_moves.empty()) {
    std::cout << "\nelimination assessment changes:\n";
    for (const auto& [move, n] : s.elimination_moves) {
      std::cout << "  " << move.first << " → " << move.second << ": " << n << "\n";
    }
  }
  bool any_amount = false;
  for (const auto& [key, fen] : s.amounts) any_amount = any_amount || fen.first != fen.second;
  if (any_amount) {
    std::cout << "\nassistance amounts that change (exact amounts, by department and basis):\n";
    for (const auto& [key, fen] : s.amounts) {
      if (fen.first == fen.second) continue;
      std::cout << "  " << key.first << ", " << key.second << ": " << FormatYuan(fen.first)
                << " → " << FormatYuan(fen.second) << " (" << Signed(fen.second - fen.first)
                << ")\n";
    }
  }
  if (!s.changed_lines.empty()) {
    std::cout << "\nhouseholds decided differently:\n";
    for (const std::string& line : s.changed_lines) std::cout << "  " << line << "\n";
  }
  if (!s.error_lines.empty()) {
    std::cout << "\nnot decided:\n";
    for (const std::string& line : s.error_lines) std::cout << "  " << line << "\n";
  }
}


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
  EvaluateOptions options;
  options.as_of = as_of ? *as_of : Today();
  if (!AsOfWithinPackOrReport("whatif", *base, options.as_of)) return kFailed;
  InputFile in("whatif", input);
  if (!in.Open()) return kFailed;
  options.trace = v1::TRACE_LEVEL_OFF;
  BatchOptions batch;
  batch.evaluate = options;
  batch.jobs = batch_flags.jobs;
  batch.max_record_bytes = kMaxInputLineBytes;
  batch.output = BatchOutput::kNone;
  batch.what_if = *what_if;
  BatchRunner runner(base, batch);
  Output out;
  ProgressLine progress("whatif", batch_flags.progress);
  Summary summary;
  BatchFunctionSink sink([&](const BatchResult& r) -> absl::Status {
    ++summary.read;
    progress.Update(r.index + 1);
    std::string id(r.household_id);
    if (!r.status.ok()) {
      ++summary.errors;
      if (format == "jsonl") {
        std::string record;
        AppendErrorRecordJson(static_cast<std::size_t>(r.index), static_cast<long>(r.line), id,
                              r.status, &record);
        out.Append(record);
        out.Append("\n");
      } else {
        summary.error_lines.push_back(
            absl::StrCat("line ", r.line, id.empty() ? "" : " (", EscapeControlsInLine(id),
                         id.empty() ? "" : ")", ": ", EscapeControlsInLine(std::string(r.status.message()))));
      }
      return out.Flush();
    }
    Outcome before = OutcomeOf(*r.decision);
    Outcome after = OutcomeOf(*r.what_if_decision);
    std::vector<std::string> differences = Differences(before, after);
    Add(before, after, &summary);
    if (!differences.empty()) {
      ++summary.changed;
      summary.changed_lines.push_back(absl::StrCat(
          EscapeControlsInLine(id), " (per capita ", FormatYuan(before.per_capita_fen),
          "): ", absl::StrJoin(differences, "; ")));
    }
    if (format == "jsonl") {
      out.Append(absl::StrCat("{\"index\":", r.index, ",\"line\":", r.line,
                              ",\"household_id\":", JsonQuote(id),
                              ",\"changed\":", differences.empty() ? "false" : "true",
                              ",\"pack\":", OutcomeJson(before),
                              ",\"what_if\":", OutcomeJson(after), "}\n"));
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
  if (format == "text") PrintSummary(*base, **what_if, options.as_of, summary);
  std::cout.flush();
  if (!OutputOk("whatif")) return kFailed;
  std::cerr << "povmon whatif: " << summary.compared << " decided both ways, " << summary.changed
            << " differently, " << summary.errors << " not decided\n";
  return summary.errors == 0 ? kOk : kSomeErrors;
}

}  // namespace povmon::cli
