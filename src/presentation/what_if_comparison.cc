// The what-if comparison (include/povmon/what_if.h): the same households
// under the pack and under changed parameters, and what changes.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "povmon/date.h"
#include "povmon/explain.h"
#include "povmon/json.h"
#include "povmon/terminal_text.h"
#include "povmon/what_if.h"

namespace povmon {
namespace {

std::string Signed(std::int64_t fen) {
  return fen > 0 ? absl::StrCat("+", FormatYuan(fen)) : FormatYuan(fen);
}

// A JSON string of text from the input or a pack: text that is not UTF-8
// is named, never passed on (JSON must be UTF-8).
std::string Quote(std::string_view text) {
  return JsonQuote(IsValidUtf8(text) ? text : "(not valid UTF-8)");
}

// A parameter's value on `day`, written as the parameter files write it.
std::string ParameterValue(const Policy& policy, const std::string& name, absl::CivilDay day) {
  absl::StatusOr<std::string> text = policy.ParameterText(name, day);
  if (text.ok()) return *text;
  return absl::IsNotFound(text.status()) ? "(no such parameter)" : "(no value)";
}

}  // namespace

WhatIfOutcome WhatIfOutcome::Of(const v1::Decision& d) {
  WhatIfOutcome o;
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

std::string WhatIfOutcome::Json() const {
  std::vector<std::string> risk_names;
  for (const std::string& r : risks) risk_names.push_back(JsonQuote(r));
  std::string out = absl::StrCat("{\"category\":", JsonQuote(category),
                                 ",\"excluded\":", excluded ? "true" : "false",
                                 ",\"monitored\":", monitored ? "true" : "false",
                                 ",\"risk_types\":[", absl::StrJoin(risk_names, ","), "]",
                                 ",\"per_capita_net_income_fen\":\"", per_capita_fen, "\"",
                                 ",\"measures\":", measures, ",\"totals\":[");
  bool first = true;
  for (const auto& [key, fen] : amounts) {
    absl::StrAppend(&out, first ? "" : ",", "{\"department\":", JsonQuote(key.first),
                    ",\"basis\":", JsonQuote(key.second), ",\"total_fen\":\"", fen, "\"}");
    first = false;
  }
  absl::StrAppend(&out, "]");
  if (!elimination.empty()) absl::StrAppend(&out, ",\"elimination\":", JsonQuote(elimination));
  absl::StrAppend(&out, "}");
  return out;
}

std::vector<std::string> WhatIfDifferences(const WhatIfOutcome& base,
                                           const WhatIfOutcome& what_if) {
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
  for (const auto& entry : base.amounts) keys.insert(entry.first);
  for (const auto& entry : what_if.amounts) keys.insert(entry.first);
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

WhatIfComparison::WhatIfComparison(std::shared_ptr<const Policy> pack,
                                   std::shared_ptr<const Policy> what_if, absl::CivilDay as_of)
    : pack_(pack), what_if_(what_if), pack_evaluator_(pack), what_if_evaluator_(what_if) {
  options_.as_of = as_of;
  options_.trace = v1::TRACE_LEVEL_OFF;
}

WhatIfComparison::~WhatIfComparison() = default;

absl::Status WhatIfComparison::AddJson(std::string_view json, long line, std::string* record) {
  long index = read_++;
  absl::Status s = ParseHouseholdJson(json, &household_);
  if (s.ok()) s = pack_evaluator_.Evaluate(household_, options_, &pack_decision_);
  if (s.ok()) s = what_if_evaluator_.Evaluate(household_, options_, &what_if_decision_);
  if (!s.ok()) {
    std::string id = household_.id().empty() ? HouseholdIdOf(json) : household_.id();
    if (record != nullptr) {
      AppendErrorRecordJson(static_cast<std::size_t>(index), line, id, s, record);
    }
    not_decided_.push_back(NotDecided{line, id, std::string(s.message())});
    return s;
  }
  Compare(index, line, household_.id(), pack_decision_, what_if_decision_, record);
  return absl::OkStatus();
}

void WhatIfComparison::AddDecided(const v1::Decision& pack, const v1::Decision& what_if,
                                  long line, std::string_view household_id,
                                  std::string* record) {
  Compare(read_++, line, household_id, pack, what_if, record);
}

void WhatIfComparison::AddNotDecided(long line, std::string_view household_id,
                                     const absl::Status& why, std::string* record) {
  long index = read_++;
  std::string id(household_id);
  if (record != nullptr) {
    AppendErrorRecordJson(static_cast<std::size_t>(index), line, id, why, record);
  }
  not_decided_.push_back(NotDecided{line, id, std::string(why.message())});
}

void WhatIfComparison::Compare(long index, long line, std::string_view household_id,
                               const v1::Decision& pack, const v1::Decision& what_if,
                               std::string* record) {
  WhatIfOutcome before = WhatIfOutcome::Of(pack);
  WhatIfOutcome after = WhatIfOutcome::Of(what_if);
  std::vector<std::string> differences = WhatIfDifferences(before, after);
  ++compared_;
  monitored_before_ += before.monitored;
  monitored_after_ += after.monitored;
  if (before.category != after.category) ++category_moves_[{before.category, after.category}];
  if (before.elimination != after.elimination) {
    ++elimination_moves_[{before.elimination, after.elimination}];
  }
  for (const auto& [key, fen] : before.amounts) amounts_[key].first += fen;
  for (const auto& [key, fen] : after.amounts) amounts_[key].second += fen;
  if (!differences.empty()) {
    ++changed_;
    changed_households_.push_back(
        Changed{line, std::string(household_id), before.per_capita_fen, differences});
  }
  if (record != nullptr) {
    absl::StrAppend(record, "{\"index\":", index, ",\"line\":", line,
                    ",\"household_id\":", JsonQuote(household_id),
                    ",\"changed\":", differences.empty() ? "false" : "true",
                    ",\"pack\":", before.Json(), ",\"what_if\":", after.Json(), "}");
  }
}

void WhatIfComparison::AddUnread(std::string_view json, long line, const absl::Status& why,
                                 std::string* record) {
  long index = read_++;
  std::string id = HouseholdIdOf(json);
  if (record != nullptr) {
    AppendErrorRecordJson(static_cast<std::size_t>(index), line, id, why, record);
  }
  not_decided_.push_back(NotDecided{line, id, std::string(why.message())});
}

std::string WhatIfComparison::SummaryText() const {
  const Policy& base = *pack_;
  const Policy& what_if = *what_if_;
  const absl::CivilDay as_of = options_.as_of;
  std::string out = absl::StrCat("what-if on pack ", base.id(), " as of ", FormatDate(as_of),
                                 ":\n");
  // A lone change in force on the as-of date is shown as the value it makes
  // on that date. Several changes of one parameter, or one from after the
  // as-of date, are each shown on their own first day (on the as-of date they
  // would all show the last one's value), then what is in force on the as-of
  // date.
  std::map<std::string, int> changes_of;
  for (const ParameterChange& c : what_if.changes()) ++changes_of[c.name];
  std::vector<std::string> dated;  // names shown by first day, in order
  for (const ParameterChange& c : what_if.changes()) {
    std::optional<absl::CivilDay> from = ParseDate(c.from);
    const absl::CivilDay first = from ? *from : base.valid_from();
    if (changes_of[c.name] == 1 && first <= as_of) {
      absl::StrAppend(&out, "  ", c.name, ": ", ParameterValue(base, c.name, as_of), " → ",
                      ParameterValue(what_if, c.name, as_of), " on ", FormatDate(as_of),
                      "  (--set ", c.ToString(), ")\n");
      continue;
    }
    absl::StrAppend(&out, "  ", c.name, ": ", ParameterValue(base, c.name, first), " → ",
                    ParameterValue(what_if, c.name, first), " from ", FormatDate(first),
                    "  (--set ", c.ToString(), ")\n");
    if (std::find(dated.begin(), dated.end(), c.name) == dated.end()) dated.push_back(c.name);
  }
  for (const std::string& name : dated) {
    absl::StrAppend(&out, "  ", name, " on ", FormatDate(as_of), ": ",
                    ParameterValue(base, name, as_of), " → ", ParameterValue(what_if, name, as_of),
                    "\n");
  }
  absl::StrAppend(&out, "  revision ", what_if.revision(), " (the pack's is ", base.revision(),
                  ")\n\n");
  absl::StrAppend(&out, read_, " households read: ", compared_, " decided both ways, ",
                  errors(), " not decided\n");
  absl::StrAppend(&out, changed_, " of ", compared_, " decided differently\n");
  absl::StrAppend(&out, "monitored: ", monitored_before_, " → ", monitored_after_, "\n");
  if (!category_moves_.empty()) {
    out += "\ncategory changes:\n";
    for (const auto& [move, n] : category_moves_) {
      absl::StrAppend(&out, "  ", move.first, " → ", move.second, ": ", n, "\n");
    }
  }
  if (!elimination_moves_.empty()) {
    out += "\nelimination assessment changes:\n";
    for (const auto& [move, n] : elimination_moves_) {
      absl::StrAppend(&out, "  ", move.first, " → ", move.second, ": ", n, "\n");
    }
  }
  bool any_amount = false;
  for (const auto& entry : amounts_) {
    any_amount = any_amount || entry.second.first != entry.second.second;
  }
  if (any_amount) {
    out += "\nassistance amounts that change (exact amounts, by department and basis):\n";
    for (const auto& [key, fen] : amounts_) {
      if (fen.first == fen.second) continue;
      absl::StrAppend(&out, "  ", key.first, ", ", key.second, ": ", FormatYuan(fen.first),
                      " → ", FormatYuan(fen.second), " (", Signed(fen.second - fen.first),
                      ")\n");
    }
  }
  if (!changed_households_.empty()) {
    out += "\nhouseholds decided differently:\n";
    for (const Changed& c : changed_households_) {
      absl::StrAppend(&out, "  ", EscapeControlsInLine(c.household_id), " (per capita ",
                      FormatYuan(c.per_capita_fen),
                      "): ", absl::StrJoin(c.differences, "; "), "\n");
    }
  }
  if (!not_decided_.empty()) {
    out += "\nnot decided:\n";
    for (const NotDecided& e : not_decided_) {
      absl::StrAppend(&out, "  line ", e.line, e.household_id.empty() ? "" : " (",
                      EscapeControlsInLine(e.household_id), e.household_id.empty() ? "" : ")",
                      ": ", EscapeControlsInLine(e.message), "\n");
    }
  }
  return out;
}

std::string WhatIfComparison::SummaryJson() const {
  const Policy& base = *pack_;
  const Policy& what_if = *what_if_;
  const absl::CivilDay as_of = options_.as_of;
  std::string out = absl::StrCat("{\"pack\":", Quote(base.id()), ",\"as_of\":\"",
                                 FormatDate(as_of), "\",\"revision\":", Quote(what_if.revision()),
                                 ",\"pack_revision\":", Quote(base.revision()), ",\"changes\":[");
  bool first = true;
  for (const ParameterChange& c : what_if.changes()) {
    absl::StrAppend(&out, first ? "" : ",", "{\"set\":", Quote(c.ToString()),
                    ",\"parameter\":", Quote(c.name),
                    ",\"pack_value\":", Quote(ParameterValue(base, c.name, as_of)),
                    ",\"what_if_value\":", Quote(ParameterValue(what_if, c.name, as_of)), "}");
    first = false;
  }
  absl::StrAppend(&out, "],\"households\":", read_, ",\"compared\":", compared_,
                  ",\"changed\":", changed_, ",\"not_decided\":", errors(),
                  ",\"monitored\":{\"pack\":", monitored_before_,
                  ",\"what_if\":", monitored_after_, "}");
  auto moves = [&out](const char* key,
                      const std::map<std::pair<std::string, std::string>, long>& m) {
    absl::StrAppend(&out, ",\"", key, "\":[");
    bool first_move = true;
    for (const auto& entry : m) {
      absl::StrAppend(&out, first_move ? "" : ",", "{\"from\":", Quote(entry.first.first),
                      ",\"to\":", Quote(entry.first.second), ",\"households\":", entry.second,
                      "}");
      first_move = false;
    }
    out += "]";
  };
  moves("category_changes", category_moves_);
  moves("elimination_changes", elimination_moves_);
  out += ",\"amounts\":[";
  first = true;
  for (const auto& entry : amounts_) {
    absl::StrAppend(&out, first ? "" : ",", "{\"department\":", Quote(entry.first.first),
                    ",\"basis\":", Quote(entry.first.second), ",\"pack_fen\":\"",
                    entry.second.first, "\",\"what_if_fen\":\"", entry.second.second, "\"}");
    first = false;
  }
  out += "],\"changed_households\":[";
  first = true;
  for (const Changed& c : changed_households_) {
    std::vector<std::string> differences;
    for (const std::string& d : c.differences) differences.push_back(Quote(d));
    absl::StrAppend(&out, first ? "" : ",", "{\"line\":", c.line,
                    ",\"household_id\":", Quote(c.household_id),
                    ",\"per_capita_net_income_fen\":\"", c.per_capita_fen,
                    "\",\"differences\":[", absl::StrJoin(differences, ","), "]}");
    first = false;
  }
  out += "],\"errors\":[";
  first = true;
  for (const NotDecided& e : not_decided_) {
    absl::StrAppend(&out, first ? "" : ",", "{\"line\":", e.line,
                    ",\"household_id\":", Quote(e.household_id),
                    ",\"message\":", Quote(e.message), "}");
    first = false;
  }
  out += "]}";
  return out;
}

}  // namespace povmon
