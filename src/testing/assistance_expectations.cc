#include "src/testing/assistance_expectations.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "src/base/money.h"

namespace povmon {
namespace {

using google::protobuf::RepeatedPtrField;

std::string Who(const std::string& id, const std::string& member) {
  return member.empty() ? absl::StrCat("measure ", id)
                        : absl::StrCat("measure ", id, " for member ", member);
}

std::string Money(std::int64_t fen) { return absl::StrCat(FormatYuan(fen), " (", fen, " fen)"); }

void CheckMoney(bool has, std::int64_t want, std::int64_t got, const std::string& who,
                const char* what, std::vector<std::string>* f) {
  if (has && want != got) {
    f->push_back(absl::StrCat(who, ": expected ", what, " ", Money(want), ", got ", Money(got)));
  }
}

// The measures, not-applied entries and totals, wherever they come from.
struct Outcome {
  const RepeatedPtrField<v1::PlanMeasure>* measures;
  const RepeatedPtrField<v1::MeasureNotApplied>* not_applied;
  const RepeatedPtrField<v1::DepartmentTotal>* totals;
};

void CheckMeasure(const v1::ExpectedMeasure& e, const Outcome& o, std::vector<std::string>* f) {
  std::string who = Who(e.id(), e.member_id());
  const v1::PlanMeasure* found = nullptr;
  for (const v1::PlanMeasure& pm : *o.measures) {
    if (pm.measure_id() == e.id() && (e.member_id().empty() || pm.member_id() == e.member_id())) {
      found = &pm;
      break;
    }
  }
  if (found == nullptr) {
    std::string line = absl::StrCat(who, ": expected in the plan, it is not");
    for (const v1::MeasureNotApplied& na : *o.not_applied) {
      if (na.measure_id() == e.id() && (e.member_id().empty() || na.member_id() == e.member_id())) {
        absl::StrAppend(&line, " (not given: ", na.reason(), ")");
        break;
      }
    }
    f->push_back(line);
    return;
  }
  const v1::PlanMeasure& pm = *found;
  if ((e.has_amount_fen()) && !pm.has_amount()) {
    f->push_back(absl::StrCat(who, ": expected amount ", Money(e.amount_fen()), ", it has none"));
  } else {
    CheckMoney(e.has_amount_fen(), e.amount_fen(), pm.amount_fen(), who, "amount", f);
  }
  if ((e.has_min_fen() || e.has_max_fen()) && !pm.has_range()) {
    f->push_back(absl::StrCat(who, ": expected an amount range, it has none"));
  } else {
    CheckMoney(e.has_min_fen(), e.min_fen(), pm.min_fen(), who, "minimum", f);
    CheckMoney(e.has_max_fen(), e.max_fen(), pm.max_fen(), who, "maximum", f);
  }
  if (!e.department().empty() && e.department() != pm.department()) {
    f->push_back(absl::StrCat(who, ": expected department \"", e.department(), "\", got \"",
                              pm.department(), "\""));
  }
  if (e.has_until() && e.until() != pm.until()) {
    f->push_back(absl::StrCat(who, ": expected until ", e.until(), ", got ",
                              pm.until().empty() ? "none" : pm.until()));
  }
  if (e.has_basis() && e.basis() != pm.basis()) {
    f->push_back(absl::StrCat(who, ": expected basis ", v1::AmountBasis_Name(e.basis()), ", got ",
                              v1::AmountBasis_Name(pm.basis())));
  }
  if (!e.why_contains().empty()) {
    bool any = false;
    for (const v1::Reason& r : pm.why()) {
      any = any || absl::StrContains(r.text(), e.why_contains()) ||
            absl::StrContains(r.citation(), e.why_contains());
    }
    if (!any) {
      f->push_back(absl::StrCat(who, ": expected a reason containing \"", e.why_contains(), "\""));
    }
  }
  for (int risk : e.risks()) {
    bool any = false;
    for (int r : pm.risks()) any = any || r == risk;
    if (!any) {
      f->push_back(absl::StrCat(who, ": expected it to answer ",
                                v1::RiskType_Name(static_cast<v1::RiskType>(risk))));
    }
  }
}

void CheckNotApplied(const v1::ExpectedNotApplied& e, const Outcome& o,
                     std::vector<std::string>* f) {
  std::string who = Who(e.id(), e.member_id());
  for (const v1::MeasureNotApplied& na : *o.not_applied) {
    if (na.measure_id() != e.id() || (!e.member_id().empty() && na.member_id() != e.member_id())) {
      continue;
    }
    if (e.has_cause() && e.cause() != na.cause()) {
      f->push_back(absl::StrCat(who, ": expected not given because ",
                                v1::NotAppliedCause_Name(e.cause()), ", got ",
                                v1::NotAppliedCause_Name(na.cause()), " (", na.reason(), ")"));
    }
    if (!e.reason_contains().empty() && !absl::StrContains(na.reason(), e.reason_contains())) {
      f->push_back(absl::StrCat(who, ": expected the reason to contain \"", e.reason_contains(),
                                "\", got \"", na.reason(), "\""));
    }
    if (!e.citation_contains().empty() && !absl::StrContains(na.citation(), e.citation_contains())) {
      f->push_back(absl::StrCat(who, ": expected the citation to contain \"",
                                e.citation_contains(), "\", got \"", na.citation(), "\""));
    }
    if (!e.superseded_by().empty() && e.superseded_by() != na.superseded_by()) {
      f->push_back(absl::StrCat(who, ": expected superseded by ", e.superseded_by(), ", got ",
                                na.superseded_by().empty() ? "none" : na.superseded_by()));
    }
    return;
  }
  bool given = false;
  for (const v1::PlanMeasure& pm : *o.measures) {
    given = given ||
            (pm.measure_id() == e.id() && (e.member_id().empty() || pm.member_id() == e.member_id()));
  }
  f->push_back(absl::StrCat(who, ": expected to be reported as not given, ",
                            given ? "but it is in the plan" : "but it is not reported"));
}

void CheckOutcome(const v1::Expectation& e, const Outcome& o, std::vector<std::string>* f) {
  for (const v1::ExpectedMeasure& m : e.measures()) CheckMeasure(m, o, f);
  for (const std::string& id : e.absent_measures()) {
    for (const v1::PlanMeasure& pm : *o.measures) {
      if (pm.measure_id() == id) {
        f->push_back(absl::StrCat(Who(id, pm.member_id()), ": expected absent, it is in the plan"));
        break;
      }
    }
  }
  for (const v1::ExpectedNotApplied& n : e.not_applied()) CheckNotApplied(n, o, f);
  for (const v1::ExpectedDepartmentTotal& t : e.department_totals()) {
    const v1::DepartmentTotal* found = nullptr;
    for (const v1::DepartmentTotal& have : *o.totals) {
      if (have.department() == t.department() && have.basis() == t.basis()) found = &have;
    }
    std::string who = absl::StrCat("total of ", t.department(), " (",
                                   v1::AmountBasis_Name(t.basis()), ")");
    if (found == nullptr) {
      f->push_back(absl::StrCat(who, ": expected, there is none"));
      continue;
    }
    CheckMoney(t.has_total_fen(), t.total_fen(), found->total_fen(), who, "total", f);
    CheckMoney(t.has_range_min_fen(), t.range_min_fen(), found->range_min_fen(), who,
               "range minimum", f);
    CheckMoney(t.has_range_max_fen(), t.range_max_fen(), found->range_max_fen(), who,
               "range maximum", f);
  }
  if (e.has_only_listed_measures() && e.only_listed_measures()) {
    for (const v1::PlanMeasure& pm : *o.measures) {
      bool listed = false;
      for (const v1::ExpectedMeasure& m : e.measures()) {
        listed = listed || (m.id() == pm.measure_id() &&
                            (m.member_id().empty() || m.member_id() == pm.member_id()));
      }
      if (!listed) {
        f->push_back(absl::StrCat(Who(pm.measure_id(), pm.member_id()),
                                  ": in the plan, but the case lists only its own measures"));
      }
    }
  }
  int last = -1;
  std::string last_id;
  for (const std::string& id : e.measure_order()) {
    int at = -1;
    for (int i = 0; i < o.measures->size() && at < 0; ++i) {
      if (o.measures->Get(i).measure_id() == id) at = i;
    }
    if (at < 0) {
      f->push_back(absl::StrCat("order: measure ", id, " is not in the plan"));
    } else if (at < last) {
      f->push_back(absl::StrCat("order: measure ", id, " (place ", at + 1, ") comes before ",
                                last_id, " (place ", last + 1, ")"));
    }
    if (at >= 0) {
      last = at;
      last_id = id;
    }
  }
}

}  // namespace

void CheckAssistanceExpectation(const v1::Expectation& e, const v1::Decision& d,
                                std::vector<std::string>* f) {
  const v1::AssistancePlan& plan = d.assistance();
  if (e.has_monitored() && e.monitored() != plan.monitored()) {
    f->push_back(absl::StrCat("assistance plan: expected monitored ", e.monitored(), ", got ",
                              plan.monitored()));
  }
  Outcome o{&plan.measures(), &plan.not_applied(), &plan.totals()};
  CheckOutcome(e, o, f);
  for (const std::string& id : e.principles()) {
    bool applied = false;
    for (const v1::PrincipleApplied& p : plan.principles()) applied = applied || p.principle_id() == id;
    if (!applied) f->push_back(absl::StrCat("principle ", id, ": expected to be applied"));
  }
  for (int risk : e.uncovered_risks()) {
    bool uncovered = false;
    for (const v1::RiskCoverage& c : plan.coverage()) {
      uncovered = uncovered || (c.risk() == risk && c.measure_ids().empty());
    }
    if (!uncovered) {
      f->push_back(absl::StrCat("risk ", v1::RiskType_Name(static_cast<v1::RiskType>(risk)),
                                ": expected no measure to answer it"));
    }
  }
  if (e.has_workshop_award_fen()) {
    f->push_back("workshop_award_fen: this case decides a household, not a workshop");
  }
}

void CheckWorkshopExpectation(const v1::Expectation& e, const v1::WorkshopAward& a,
                              std::vector<std::string>* f) {
  Outcome o{&a.measures(), &a.not_applied(), &a.totals()};
  CheckOutcome(e, o, f);
  if (e.has_workshop_award_fen()) {
    CheckMoney(true, e.workshop_award_fen(), a.total_fen(), "workshop award", "total", f);
  }
}

}  // namespace povmon
