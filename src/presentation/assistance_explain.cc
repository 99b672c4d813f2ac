#include "src/presentation/assistance_explain.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "src/base/date.h"
#include "src/base/money.h"
#include "povmon/terminal_text.h"

namespace povmon {
namespace {

using google::protobuf::RepeatedPtrField;

const char* BasisText(v1::AmountBasis basis) {
  switch (basis) {
    case v1::AMOUNT_BASIS_ONE_OFF: return "一次性 one-off";
    case v1::AMOUNT_BASIS_PER_YEAR: return "每年 per year";
    case v1::AMOUNT_BASIS_PER_TERM: return "每學期 per term";
    case v1::AMOUNT_BASIS_PER_MONTH: return "每月 per month";
    case v1::AMOUNT_BASIS_LOAN_CEILING: return "貸款額度 loan ceiling";
    default: return "";
  }
}

const char* KindText(v1::MeasureKind kind) {
  switch (kind) {
    case v1::MEASURE_KIND_DEVELOPMENT: return "開發式 development";
    case v1::MEASURE_KIND_GUARANTEE: return "保障 guarantee";
    case v1::MEASURE_KIND_SERVICE: return "服務 service";
    default: return "";
  }
}

std::string AmountText(const v1::PlanMeasure& pm) {
  if (pm.has_amount()) return absl::StrCat(FormatYuan(pm.amount_fen()), " ", BasisText(pm.basis()));
  if (pm.has_range()) {
    if (pm.basis() == v1::AMOUNT_BASIS_LOAN_CEILING && pm.min_fen() == 0) {
      return absl::StrCat("up to ", FormatYuan(pm.max_fen()), " ", BasisText(pm.basis()));
    }
    return absl::StrCat(FormatYuan(pm.min_fen()), " – ", FormatYuan(pm.max_fen()), " ",
                        BasisText(pm.basis()));
  }
  return "無金額 no amount";
}

std::string ValueText(const v1::Comparison& c, std::int64_t v) {
  switch (c.kind()) {
    case v1::VALUE_KIND_MONEY: return FormatYuan(v);
    case v1::VALUE_KIND_DATE: return FormatDate(DayFromEpochDays(v));
    case v1::VALUE_KIND_BOOL: return v ? "true" : "false";
    case v1::VALUE_KIND_ENUM: {
      const google::protobuf::EnumDescriptor* e =
          google::protobuf::DescriptorPool::generated_pool()->FindEnumTypeByName(c.enum_type());
      const google::protobuf::EnumValueDescriptor* ev =
          e == nullptr ? nullptr : e->FindValueByNumber(static_cast<int>(v));
      return ev == nullptr ? std::to_string(v) : ev->name();
    }
    default: return std::to_string(v);
  }
}

void AppendCompared(const RepeatedPtrField<v1::Comparison>& compared, const std::string& indent,
                    std::string* out) {
  auto operand = [](const std::string& text, const std::string& value) {
    return text == value ? text : absl::StrCat(text, " = ", value);
  };
  for (const v1::Comparison& c : compared) {
    absl::StrAppend(out, indent, operand(c.left_text(), ValueText(c, c.left())), "  ", c.op(),
                    "  ", operand(c.right_text(), ValueText(c, c.right())), "  → ",
                    c.result() ? "true" : "false", "\n");
  }
}

void AppendMeasure(const v1::PlanMeasure& pm, int rank, std::string* out) {
  absl::StrAppend(out, "      ", rank, ". ", pm.name_zh(), " ", pm.name_en(), " [", pm.measure_id(),
                  "]", pm.member_id().empty() ? "" : absl::StrCat(" — 成員 member ", pm.member_id()),
                  "\n");
  absl::StrAppend(out, "         ", AmountText(pm), "  (", KindText(pm.kind()), ")");
  if (!pm.rounding().empty()) absl::StrAppend(out, "  rounding: ", pm.rounding());
  if (!pm.until().empty()) absl::StrAppend(out, "  至 until ", pm.until());
  absl::StrAppend(out, "\n");
  for (const v1::Reason& r : pm.why()) {
    absl::StrAppend(out, "         因為 because: ", r.text(), " (", r.citation(), ")\n");
  }
  absl::StrAppend(out, "         依據 citation: ", pm.citation(), "\n");
  AppendCompared(pm.compared(), "           ", out);
}

void AppendTotals(const RepeatedPtrField<v1::DepartmentTotal>& totals,
                  const std::string& department, std::string* out) {
  for (const v1::DepartmentTotal& t : totals) {
    if (t.department() != department) continue;
    absl::StrAppend(out, "      小計 subtotal, ", BasisText(t.basis()), ": ");
    if (t.total_fen() != 0 || t.range_max_fen() == 0) absl::StrAppend(out, FormatYuan(t.total_fen()));
    if (t.range_max_fen() != 0) {
      absl::StrAppend(out, t.total_fen() != 0 ? " + " : "", FormatYuan(t.range_min_fen()), " – ",
                      FormatYuan(t.range_max_fen()));
    }
    absl::StrAppend(out, " (", t.measures(), t.measures() == 1 ? " measure" : " measures", ")\n");
  }
}

// Measures grouped by department, in the order departments first appear in
// the (ranked) plan; the rank shown is the measure's place in the plan.
void AppendByDepartment(const RepeatedPtrField<v1::PlanMeasure>& measures,
                        const RepeatedPtrField<v1::DepartmentTotal>& totals, std::string* out) {
  std::vector<std::string> departments;
  for (const v1::PlanMeasure& pm : measures) {
    bool seen = false;
    for (const std::string& d : departments) seen = seen || d == pm.department();
    if (!seen) departments.push_back(pm.department());
  }
  for (const std::string& d : departments) {
    absl::StrAppend(out, "    ▸ ", d, "\n");
    for (int i = 0; i < measures.size(); ++i) {
      if (measures.Get(i).department() == d) AppendMeasure(measures.Get(i), i + 1, out);
    }
    AppendTotals(totals, d, out);
  }
}

void AppendNotApplied(const RepeatedPtrField<v1::MeasureNotApplied>& not_applied,
                      std::string* out) {
  if (not_applied.empty()) return;
  absl::StrAppend(out, "    不適用的相關措施 Related measures not given:\n");
  for (const v1::MeasureNotApplied& na : not_applied) {
    absl::StrAppend(out, "      ✗ ", na.name_zh(), " ", na.name_en(), " [", na.measure_id(), "]",
                    na.member_id().empty() ? "" : absl::StrCat(" — 成員 member ", na.member_id()),
                    " (", na.department(), ")\n");
    absl::StrAppend(out, "         不適用 not given: ", na.reason(), " (", na.citation(), ")\n");
    AppendCompared(na.compared(), "           ", out);
  }
}

}  // namespace

void AppendAssistancePlan(const v1::AssistancePlan& plan, std::string* out) {
  absl::StrAppend(out, "  幫扶方案 Assistance plan (一戶一方案、一人一措施):\n");
  if (!plan.monitored()) {
    absl::StrAppend(out, "    非監測對象,無幫扶方案 not a monitored household: no plan\n");
    return;
  }
  if (plan.continuing()) {
    absl::StrAppend(out,
                    "    仍在監測:前次識別有效,風險未標注消除 still monitored: an earlier "
                    "identification stands until the risk is marked eliminated\n");
  }
  if (!plan.principles().empty()) {
    absl::StrAppend(out, "    原則 Principles applied:\n");
    for (const v1::PrincipleApplied& p : plan.principles()) {
      absl::StrAppend(out, "      • ", p.text(), " (", p.citation(), ")\n");
    }
  }
  if (!plan.coverage().empty()) {
    absl::StrAppend(out, "    風險與措施 Risks and the measures that answer them:\n");
    for (const v1::RiskCoverage& c : plan.coverage()) {
      absl::StrAppend(out, "      ", v1::RiskType_Name(c.risk()), ": ");
      if (c.measure_ids().empty()) {
        absl::StrAppend(out, "無適用措施 no measure applies\n");
        continue;
      }
      for (int i = 0; i < c.measure_ids_size(); ++i) {
        absl::StrAppend(out, i == 0 ? "" : ", ", c.measure_ids(i));
      }
      absl::StrAppend(out, "\n");
    }
  }
  absl::StrAppend(out, "    措施(按部門)Measures by department:\n");
  if (plan.measures().empty()) absl::StrAppend(out, "      (none)\n");
  AppendByDepartment(plan.measures(), plan.totals(), out);
  AppendNotApplied(plan.not_applied(), out);
}

std::string ExplainWorkshopAward(const v1::WorkshopAward& award) {
  std::string out;
  absl::StrAppend(&out, "── 就業幫扶車間 Workshop ", award.workshop_id(), " ── 政策包 pack ",
                  award.pack_id(), " (revision ", award.pack_revision().substr(0, 12),
                  "), 截至 as of ", award.as_of(), "\n");
  absl::StrAppend(&out, "  獎補 Award (to the employer): ", FormatYuan(award.total_fen()), "\n");
  AppendByDepartment(award.measures(), award.totals(), &out);
  AppendNotApplied(award.not_applied(), &out);
  return EscapeControls(out);
}

}  // namespace povmon
