// A decision as a household, a cadre or a public notice would read it, in
// Chinese and English, every statement with its rule and citation.
#include "povmon/explain.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "povmon/place_names.h"
#include "src/base/date.h"
#include "src/base/money.h"
#include "src/presentation/assistance_explain.h"
#include "src/presentation/lifecycle_explain.h"
#include "src/policy/policy_impl.h"
#include "src/population/population_pack.h"
#include "povmon/terminal_text.h"

namespace povmon {
namespace {

const char* CategoryZh(v1::Category c) {
  switch (c) {
    case v1::CATEGORY_NONE: return "非監測對象";
    case v1::CATEGORY_UNSTABLE_LIFTED_OUT: return "脫貧不穩定戶";
    case v1::CATEGORY_MARGINAL_AT_RISK: return "邊緣易致貧戶";
    case v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP: return "突發嚴重困難戶";
    default: return "未定";
  }
}

const char* CategoryEn(v1::Category c) {
  switch (c) {
    case v1::CATEGORY_NONE: return "not a monitored household";
    case v1::CATEGORY_UNSTABLE_LIFTED_OUT: return "unstable lifted-out household";
    case v1::CATEGORY_MARGINAL_AT_RISK: return "marginal household at risk";
    case v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP: return "household in sudden severe hardship";
    default: return "undecided";
  }
}

const char* RiskZh(int r) {
  switch (r) {
    case v1::RISK_TYPE_ILLNESS: return "因病";
    case v1::RISK_TYPE_SCHOOLING: return "因學";
    case v1::RISK_TYPE_DISABILITY: return "因殘";
    case v1::RISK_TYPE_NATURAL_DISASTER: return "因自然災害";
    case v1::RISK_TYPE_ACCIDENT: return "因意外事故";
    case v1::RISK_TYPE_INDUSTRY_FAILURE: return "因產業項目失敗";
    case v1::RISK_TYPE_UNSTABLE_EMPLOYMENT: return "因務工就業不穩";
    case v1::RISK_TYPE_LACK_OF_LABOUR: return "缺勞動力";
    case v1::RISK_TYPE_UNSAFE_HOUSING: return "住房安全";
    case v1::RISK_TYPE_UNSAFE_DRINKING_WATER: return "飲水安全";
    case v1::RISK_TYPE_CHILD_OUT_OF_SCHOOL: return "義務教育階段失學輟學";
    case v1::RISK_TYPE_LARGE_RIGID_EXPENDITURE: return "剛性支出較大";
    case v1::RISK_TYPE_INCOME_DROP: return "收入大幅縮減";
    default: return "其他";
  }
}

std::string Yuan(std::int64_t fen) { return FormatYuan(fen); }

// A compared value as text: money in yuan, dates as dates, enums by name.
std::string ValueText(const v1::Comparison& c, std::int64_t v) {
  switch (c.kind()) {
    case v1::VALUE_KIND_MONEY: return Yuan(v);
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

void AppendRule(const v1::TraceEntry& entry, const Policy& policy, const std::string& indent,
                std::string* out) {
  const v1::Rule* rule = policy.FindRule(entry.rule_id());
  absl::StrAppend(out, indent, "rule ", entry.rule_id(), " (", entry.citation(), ")\n");
  if (rule != nullptr) {
    absl::StrAppend(out, indent, "  ", rule->description_zh(), "\n");
    absl::StrAppend(out, indent, "  ", rule->description_en(), "\n");
  }
  // An operand is shown with its value unless it is a literal that already
  // reads as its value ("0", "HOUSING_SAFETY_UNSAFE").
  auto operand = [](const std::string& text, const std::string& value) {
    return text == value ? text : absl::StrCat(text, " = ", value);
  };
  for (const v1::Comparison& c : entry.compared()) {
    absl::StrAppend(out, indent, "  ", operand(c.left_text(), ValueText(c, c.left())), "  ",
                    c.op(), "  ", operand(c.right_text(), ValueText(c, c.right())), "  → ",
                    c.result() ? "true" : "false", "\n");
  }
}

// The fired trace entries whose outcome is `outcome`.
void AppendFired(const v1::Decision& d, const Policy& policy, const std::string& outcome,
                 const std::string& indent, std::string* out) {
  for (const v1::TraceEntry& e : d.trace()) {
    if (e.fired() && e.outcome() == outcome) AppendRule(e, policy, indent, out);
  }
}

// The household's village as Explain prints it: "东山村（990101101201）" when
// `places` (or, without them, the pack's region files) name it, else the
// code. Without `places` the pack's few places are looked through in turn,
// so that no map is built per explanation.
std::string VillageText(const std::string& code, const Policy& policy,
                        const PlaceNames* places) {
  if (places != nullptr) return places->Village(code);
  const PolicyImpl& impl = PolicyImpl::Of(policy);
  if (impl.population != nullptr) {
    for (const v1::RegionInfo& r : impl.population->regions) {
      if (r.level() == v1::REGION_LEVEL_VILLAGE && r.code() == code && !r.name().empty()) {
        return absl::StrCat(r.name(), "（", code, "）");
      }
    }
  }
  return code;
}

std::string ExplainWith(const v1::Decision& d, const Policy& policy, const PlaceNames* places) {
  const v1::Facts& f = d.facts();
  const v1::Identification& id = d.identification();
  const v1::IncomeMeasure& income = policy.pack().income();
  std::string out;
  absl::StrAppend(&out, "── 戶 Household ", d.household_id(), " ── 政策包 pack ", d.pack_id(),
                  " (revision ", d.pack_revision().substr(0, 12), "), 截至 as of ", d.as_of(),
                  "\n");
  if (d.what_if_size() > 0) {
    absl::StrAppend(&out, "  假設 WHAT-IF, not the plans' parameters: ", absl::StrJoin(d.what_if(), ", "),
                    "\n");
  }
  if (!d.region().village().empty()) {
    absl::StrAppend(&out, "  村 Village ", VillageText(d.region().village(), policy, places),
                    "\n");
  }
  absl::StrAppend(&out, "  收入計算期 income window        ", f.window_start(), " – ",
                  f.window_end(), "\n");
  absl::StrAppend(&out, "  計入收入 counted income         ", Yuan(f.counted_income_fen()),
                  "\n");
  if (f.uncounted_income_fen() != 0) {
    absl::StrAppend(&out, "  不計入收入 not counted           ", Yuan(f.uncounted_income_fen()),
                    " (e.g. residents' basic pension, Plan 6 §3.8)\n");
  }
  if (income.add_insurance_claims() || f.insurance_claims_fen() != 0) {
    absl::StrAppend(&out, "  理賠收入 insurance claims        ", Yuan(f.insurance_claims_fen()),
                    income.add_insurance_claims() ? " (added)" : " (not added by this pack)",
                    "\n");
  }
  if (income.subtract_compliant_out_of_pocket() || f.compliant_out_of_pocket_fen() != 0) {
    absl::StrAppend(&out, "  合規自付 compliant out-of-pocket ",
                    Yuan(f.compliant_out_of_pocket_fen()),
                    income.subtract_compliant_out_of_pocket() ? " (subtracted)"
                                                              : " (not subtracted by this pack)",
                    "\n");
  }
  absl::StrAppend(&out, "  家庭純收入 net income            ", Yuan(f.net_income_fen()), "\n");
  absl::StrAppend(&out, "  計入人口 counted members         ", f.counted_members(),
                  income.members() == v1::MEMBER_COUNTING_CO_RESIDENT ? " (共同生活 co-resident)"
                                                                      : " (戶籍 registered)",
                  "\n");
  absl::StrAppend(&out, "  人均純收入 per-capita net income ", Yuan(f.per_capita_net_income_fen()),
                  "\n");
  absl::StrAppend(&out, "  剛性支出 rigid expenditure       ", Yuan(f.rigid_expenditure_fen()),
                  "\n");
  if (f.previous_known()) {
    absl::StrAppend(&out, "  上期純收入 previous period       ", Yuan(f.previous_net_income_fen()),
                    f.previous_from_records() ? "" : " (declared)", ", change ",
                    Yuan(f.income_change_fen()),
                    absl::StrFormat(" (%+.2f%%)", f.income_change_bp() / 100.0), "\n");
  }
  absl::StrAppend(&out, "  勞動能力 labour                  ", f.members_full_labour(), " full, ",
                  f.members_partial_labour(), " partial, ", f.members_no_labour(), " none\n");
  if (f.has_screening()) {
    // Plan 6 §2(三)2: this period against the same period last year, by component.
    const v1::IncomeScreening& s = f.screening();
    absl::StrAppend(&out, "  收入排查 income screening (", income.screening().citation(), "): ",
                    s.period_start(), " – ", s.period_end(), " vs 上年同期 ", s.previous_start(),
                    " – ", s.previous_end(), "\n");
    auto row = [&out](const char* name, std::int64_t now, std::int64_t before) {
      absl::StrAppend(&out, "    ", name, Yuan(now), "  上年同期 last year ", Yuan(before), "\n");
    };
    row("工資性 wage          ", s.current().wage_fen(), s.previous().wage_fen());
    row("經營性 business      ", s.current().business_fen(), s.previous().business_fen());
    row("財產性 property      ", s.current().property_fen(), s.previous().property_fen());
    row("轉移性 transfer      ", s.current().transfer_fen(), s.previous().transfer_fen());
    if (s.current().other_fen() != 0 || s.previous().other_fen() != 0) {
      row("其他 other           ", s.current().other_fen(), s.previous().other_fen());
    }
    row("家庭收入 household   ", s.current().total_fen(), s.previous().total_fen());
    if (s.previous_known()) {
      absl::StrAppend(&out, "    增減 change ", Yuan(s.change_fen()),
                      absl::StrFormat(" (%+.2f%%)", s.change_bp() / 100.0), "\n");
    } else {
      absl::StrAppend(&out, "    上年同期無收入記錄 no income record in the same period last year\n");
    }
    for (int finding : id.screening()) {
      std::string name = v1::ScreeningFinding_Name(finding);
      absl::StrAppend(&out, "    ", name, "\n");
      AppendFired(d, policy, name, "      ", &out);
    }
  }

  absl::StrAppend(&out, "  結論 Decision: ", CategoryZh(id.category()), " — ",
                  CategoryEn(id.category()), "\n");
  if (id.excluded()) {
    absl::StrAppend(&out,
                    "    不予識別：命中負面清單 Not identified: a negative-list item applies\n");
  } else if (!id.category_rule_id().empty()) {
    absl::StrAppend(&out, "    依據 because:\n");
    AppendFired(d, policy, v1::Category_Name(id.category()), "      ", &out);
  } else {
    absl::StrAppend(&out, "    no category rule holds\n");
  }
  if (id.negative_list_hits_size() > 0) {
    absl::StrAppend(&out, "  負面清單 Negative list:\n");
    for (const v1::NegativeListHit& hit : id.negative_list_hits()) {
      absl::StrAppend(&out, "    ", v1::NegativeListItem_Name(hit.item()), " — rule ",
                      hit.rule_id(), " (", hit.citation(), ")");
      if (hit.overridden()) {
        absl::StrAppend(&out, "\n      已經村民代表評議排除 set aside by village review on ",
                        hit.override_decided_on(), " (minute ", hit.override_minute_reference(),
                        ")");
      } else if (!hit.override_pending().empty()) {
        absl::StrAppend(&out, "\n      村民代表評議尚未生效 village review not yet in effect: ",
                        hit.override_pending());
      }
      absl::StrAppend(&out, "\n");
      for (const v1::TraceEntry& e : d.trace()) {
        if (e.fired() && e.rule_id() == hit.rule_id()) AppendRule(e, policy, "      ", &out);
      }
    }
  }
  if (id.risk_types_size() > 0) {
    absl::StrAppend(&out, "  風險類型 Risk types:\n");
    for (int r : id.risk_types()) {
      absl::StrAppend(&out, "    ", RiskZh(r), " ", v1::RiskType_Name(r), "\n");
      AppendFired(d, policy, v1::RiskType_Name(r), "      ", &out);
    }
  }
  if (id.situations_size() > 0) {
    absl::StrAppend(&out, "  情形 Situations (Plan 4 §2(三)):\n");
    for (int s : id.situations()) {
      absl::StrAppend(&out, "    ", v1::Situation_Name(s), "\n");
      AppendFired(d, policy, v1::Situation_Name(s), "      ", &out);
    }
  }
  if (id.watch_groups_size() > 0) {
    absl::StrAppend(&out, "  重點關注 Watch closely:\n");
    for (int w : id.watch_groups()) {
      absl::StrAppend(&out, "    ", v1::WatchGroup_Name(w), "\n");
      AppendFired(d, policy, v1::WatchGroup_Name(w), "      ", &out);
    }
  }
  // The assistance plan, grouped by department with totals (stage 3).
  if (d.has_assistance()) AppendAssistancePlan(d.assistance(), &out);
  // Risk elimination, procedure and visits (stages 4-6).
  AppendLifecycleExplanation(d, policy, &out);
  // Ids and texts come from the household and the pack: nothing in them
  // may reach a terminal as a control sequence.
  return EscapeControls(out);
}

}  // namespace

std::string Explain(const v1::Decision& decision, const Policy& policy) {
  return ExplainWith(decision, policy, nullptr);
}

std::string Explain(const v1::Decision& decision, const Policy& policy,
                    const PlaceNames& places) {
  return ExplainWith(decision, policy, &places);
}

absl::StatusOr<std::string> ExplainIn(const v1::Decision& decision, const Policy& policy,
                                      Language language) {
  return Localize(Explain(decision, policy), language);
}

absl::StatusOr<std::string> ExplainIn(const v1::Decision& decision, const Policy& policy,
                                      const PlaceNames& places, Language language) {
  return Localize(Explain(decision, policy, places), language);
}

}  // namespace povmon
