// Decisions as flat rows (include/povmon/rows.h).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "povmon/json.h"
#include "povmon/rows.h"

namespace povmon {
namespace {

// Fen as yuan: "4500.00", "-0.01".
std::string Yuan(std::int64_t fen) {
  std::uint64_t magnitude = fen < 0 ? 0 - static_cast<std::uint64_t>(fen)
                                    : static_cast<std::uint64_t>(fen);
  return absl::StrFormat("%s%d.%02d", fen < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

template <typename Repeated, typename Name>
std::string Joined(const Repeated& values, Name name) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ';';
    out += name(v);
  }
  return out;
}

const char* Bool(bool b) { return b ? "true" : "false"; }

}  // namespace

const std::vector<std::string>& RowColumns() {
  static const std::vector<std::string>* const columns = new std::vector<std::string>{
      "line",
      "household_id",
      "province",
      "county",
      "township",
      "village",
      "pack_id",
      "as_of",
      "category",
      "category_rule",
      "excluded",
      "risk_types",
      "watch_groups",
      "situations",
      "negative_list",
      "negative_list_overridden",
      "counted_members",
      "per_capita_net_income_yuan",
      "net_income_yuan",
      "counted_income_yuan",
      "uncounted_income_yuan",
      "insurance_claims_yuan",
      "compliant_out_of_pocket_yuan",
      "rigid_expenditure_yuan",
      "previous_net_income_yuan",
      "income_change_yuan",
      "income_change_percent",
      "window_start",
      "window_end",
      "members_full_labour",
      "members_partial_labour",
      "members_no_labour",
      "monitored",
      "measures",
      "assistance_one_off_yuan",
      "assistance_per_year_yuan",
      "assistance_per_term_yuan",
      "assistance_per_month_yuan",
      "loan_ceiling_yuan",
      "elimination_status",
      "elimination_earliest_date",
      "visit_state",
      "visit_next_due",
      "duties_overdue",
      "what_if",
      "error_status",
      "error_field",
      "error_message",
  };
  return *columns;
}

std::vector<std::string> DecisionRow(long line, const v1::Household& h, const v1::Decision& d) {
  const v1::Facts& f = d.facts();
  const v1::Identification& id = d.identification();
  std::int64_t by_basis[6] = {0, 0, 0, 0, 0, 0};
  for (const v1::DepartmentTotal& t : d.assistance().totals()) {
    if (t.basis() >= 0 && t.basis() < 6) by_basis[t.basis()] += t.total_fen();
  }
  std::string overridden;
  for (const v1::NegativeListHit& hit : id.negative_list_hits()) {
    if (!hit.overridden()) continue;
    if (!overridden.empty()) overridden += ';';
    overridden += v1::NegativeListItem_Name(hit.item());
  }
  std::string overdue_duties;
  for (const v1::DutyStatus& duty : d.duties()) {
    if (duty.state() != v1::DUTY_STATE_OVERDUE) continue;
    if (!overdue_duties.empty()) overdue_duties += ';';
    overdue_duties += duty.duty_id();
  }
  std::vector<std::string> row = {
      std::to_string(line),
      d.household_id(),
      h.region().province(),
      h.region().county(),
      h.region().township(),
      h.region().village(),
      d.pack_id(),
      d.as_of(),
      v1::Category_Name(id.category() == v1::CATEGORY_UNSPECIFIED ? v1::CATEGORY_NONE
                                                                  : id.category()),
      id.category_rule_id(),
      Bool(id.excluded()),
      Joined(id.risk_types(), [](int r) { return v1::RiskType_Name(r); }),
      Joined(id.watch_groups(), [](int w) { return v1::WatchGroup_Name(w); }),
      Joined(id.situations(), [](int s) { return v1::Situation_Name(s); }),
      Joined(id.negative_list_hits(),
             [](const v1::NegativeListHit& hit) { return v1::NegativeListItem_Name(hit.item()); }),
      overridden,
      std::to_string(f.counted_members()),
      Yuan(f.per_capita_net_income_fen()),
      Yuan(f.net_income_fen()),
      Yuan(f.counted_income_fen()),
      Yuan(f.uncounted_income_fen()),
      Yuan(f.insurance_claims_fen()),
      Yuan(f.compliant_out_of_pocket_fen()),
      Yuan(f.rigid_expenditure_fen()),
      f.previous_known() ? Yuan(f.previous_net_income_fen()) : "",
      f.previous_known() ? Yuan(f.income_change_fen()) : "",
      f.previous_known() ? absl::StrFormat("%.2f", f.income_change_bp() / 100.0) : "",
      f.window_start(),
      f.window_end(),
      std::to_string(f.members_full_labour()),
      std::to_string(f.members_partial_labour()),
      std::to_string(f.members_no_labour()),
      Bool(d.assistance().monitored()),
      std::to_string(d.assistance().measures_size()),
      Yuan(by_basis[v1::AMOUNT_BASIS_ONE_OFF]),
      Yuan(by_basis[v1::AMOUNT_BASIS_PER_YEAR]),
      Yuan(by_basis[v1::AMOUNT_BASIS_PER_TERM]),
      Yuan(by_basis[v1::AMOUNT_BASIS_PER_MONTH]),
      Yuan(by_basis[v1::AMOUNT_BASIS_LOAN_CEILING]),
      d.has_elimination() ? v1::EliminationStatus_Name(d.elimination().status()) : "",
      d.elimination().earliest_date(),
      d.has_visits() ? v1::VisitState_Name(d.visits().state()) : "",
      d.visits().next_due(),
      overdue_duties,
      Joined(d.what_if(), [](const std::string& s) { return s; }),
      "",
      "",
      "",
  };
  return row;
}

std::vector<std::string> ErrorRow(long line, std::string_view household_id,
                                  const absl::Status& error) {
  std::vector<std::string> row(RowColumns().size());
  row[0] = std::to_string(line);
  row[1] = std::string(household_id);
  row[row.size() - 3] = absl::StatusCodeToString(error.code());
  std::string_view message(error.message().data(), error.message().size());
  row[row.size() - 2] = std::string(ErrorField(message));
  row[row.size() - 1] = std::string(message);
  return row;
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    std::string value = cells[i];
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '@' ||
                           value[0] == '\t' || value[0] == '\r' ||
                           (value[0] == '-' && (value.size() == 1 || value[1] < '0' ||
                                                value[1] > '9')))) {
      value.insert(0, "'");
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
      out += value;
      continue;
    }
    out += '"';
    for (char c : value) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

}  // namespace povmon
