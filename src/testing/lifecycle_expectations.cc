#include "src/testing/lifecycle_expectations.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace povmon {
namespace {

using Failures = std::vector<std::string>;

template <typename T>
void Same(bool has, const T& want, const T& got, const char* what,
          Failures* f) {
  if (has && want != got)
    f->push_back(absl::StrCat(what, ": expected ", want, ", got ", got));
}

std::string StepName(int s) {
  return v1::CaseStep_Name(static_cast<v1::CaseStep>(s));
}
std::string FindingName(int k) {
  return v1::ProcedureFindingKind_Name(
      static_cast<v1::ProcedureFindingKind>(k));
}

void CheckElimination(const v1::Expectation& e, const v1::Decision& d,
                      Failures* f) {
  bool any = e.has_elimination_status() || e.has_elimination_earliest() ||
             e.unmet_criteria_size() > 0 || e.blockers_size() > 0 ||
             e.has_monitoring_status() || e.close_review_size() > 0 ||
             e.has_no_close_review();
  if (!any) return;
  if (!d.has_elimination()) {
    f->push_back(
        "elimination: the decision has no elimination assessment (does the "
        "pack define one?)");
    return;
  }
  const v1::EliminationAssessment& a = d.elimination();
  if (e.has_elimination_status() && e.elimination_status() != a.status()) {
    f->push_back(
        absl::StrCat("elimination status: expected ",
                     v1::EliminationStatus_Name(e.elimination_status()),
                     ", got ", v1::EliminationStatus_Name(a.status())));
  }
  if (e.has_monitoring_status() &&
      e.monitoring_status() != a.lifecycle().status()) {
    f->push_back(
        absl::StrCat("monitoring status: expected ",
                     v1::MonitoringStatus_Name(e.monitoring_status()), ", got ",
                     v1::MonitoringStatus_Name(a.lifecycle().status())));
  }
  Same(e.has_elimination_earliest(), e.elimination_earliest(),
       a.earliest_date(), "elimination earliest date", f);
  for (int c : e.unmet_criteria()) {
    bool unmet = std::any_of(a.criteria().begin(), a.criteria().end(),
                             [&](const v1::CriterionResult& r) {
                               return r.criterion() == c && !r.met();
                             });
    if (!unmet) {
      f->push_back(absl::StrCat("criterion ",
                                v1::EliminationCriterion_Name(
                                    static_cast<v1::EliminationCriterion>(c)),
                                ": expected to be unmet"));
    }
  }
  for (int b : e.blockers()) {
    bool holds =
        std::any_of(a.blockers().begin(), a.blockers().end(),
                    [&](const v1::BlockerHit& h) { return h.blocker() == b; });
    if (!holds) {
      f->push_back(absl::StrCat(
          "blocker ",
          v1::EliminationBlocker_Name(static_cast<v1::EliminationBlocker>(b)),
          ": expected to hold"));
    }
  }
  for (int focus : e.close_review()) {
    bool holds = std::any_of(a.close_review().begin(), a.close_review().end(),
                             [&](const v1::ReviewFocusHit& h) { return h.focus() == focus; });
    if (!holds) {
      f->push_back(absl::StrCat(
          "close review ", v1::ReviewFocus_Name(static_cast<v1::ReviewFocus>(focus)),
          ": expected among the county's close-review reasons"));
    }
  }
  if (e.has_no_close_review() && e.no_close_review() && a.close_review_size() > 0) {
    f->push_back(absl::StrCat("close review: expected none, got ",
                              v1::ReviewFocus_Name(a.close_review(0).focus())));
  }
}

void CheckProcedure(const v1::Expectation& e, const v1::Decision& d,
                    Failures* f) {
  bool any = e.has_next_step() || e.has_next_due() ||
             e.has_procedure_complete() || e.deadlines_size() > 0 ||
             e.findings_size() > 0 || e.absent_findings_size() > 0 ||
             e.has_green_channel() || e.notices_size() > 0;
  if (!any) return;
  const v1::CaseStatus* cs = nullptr;
  for (const v1::CaseStatus& c : d.procedure().cases()) {
    if (!e.has_case_id() || c.case_id() == e.case_id()) {
      cs = &c;
      break;
    }
  }
  if (cs == nullptr) {
    f->push_back(e.has_case_id()
                     ? absl::StrCat("procedure: no case \"", e.case_id(), "\"")
                     : "procedure: the decision has no case");
    return;
  }
  if (e.has_next_step() && e.next_step() != cs->next_step()) {
    f->push_back(absl::StrCat("next step: expected ", StepName(e.next_step()),
                              ", got ", StepName(cs->next_step())));
  }
  Same(e.has_next_due(), e.next_due(), cs->next_due(), "next step due", f);
  Same(e.has_procedure_complete(), e.procedure_complete(), cs->complete(),
       "procedure complete", f);
  Same(e.has_green_channel(), e.green_channel(), cs->green_channel(),
       "green channel", f);
  for (const v1::ExpectedDeadline& want : e.deadlines()) {
    auto it = std::find_if(
        cs->deadlines().begin(), cs->deadlines().end(),
        [&](const v1::DeadlineStatus& s) { return s.id() == want.id(); });
    if (it == cs->deadlines().end()) {
      f->push_back(absl::StrCat("deadline ", want.id(), ": not in the case"));
      continue;
    }
    Same(want.has_due(), want.due(), it->due(),
         absl::StrCat("deadline ", want.id(), " due").c_str(), f);
    if (want.has_state() && want.state() != it->state()) {
      f->push_back(absl::StrCat("deadline ", want.id(), " state: expected ",
                                v1::DeadlineState_Name(want.state()), ", got ",
                                v1::DeadlineState_Name(it->state())));
    }
  }
  for (const v1::ExpectedFinding& want : e.findings()) {
    bool found =
        std::any_of(cs->findings().begin(), cs->findings().end(),
                    [&](const v1::ProcedureFinding& g) {
                      return g.kind() == want.kind() &&
                             (want.step() == v1::CASE_STEP_UNSPECIFIED ||
                              g.step() == want.step());
                    });
    if (!found) {
      f->push_back(
          absl::StrCat("finding: expected ", FindingName(want.kind()),
                       want.step() == v1::CASE_STEP_UNSPECIFIED
                           ? ""
                           : absl::StrCat(" on ", StepName(want.step()))));
    }
  }
  for (int k : e.absent_findings()) {
    for (const v1::ProcedureFinding& g : cs->findings()) {
      if (g.kind() == k) {
        f->push_back(absl::StrCat("finding: expected no ", FindingName(k),
                                  ", got one on ", StepName(g.step())));
        break;
      }
    }
  }
  for (const v1::ExpectedNotice& want : e.notices()) {
    auto it = std::find_if(
        cs->notices().begin(), cs->notices().end(),
        [&](const v1::NoticeStatus& n) { return n.step() == want.step(); });
    std::string what = absl::StrCat("notice ", StepName(want.step()));
    if (it == cs->notices().end()) {
      f->push_back(absl::StrCat(what, ": not in the case"));
      continue;
    }
    Same(want.has_earliest_end(), want.earliest_end(), it->earliest_end(),
         absl::StrCat(what, " shortest end").c_str(), f);
    Same(want.has_too_short(), want.too_short(), it->too_short(),
         absl::StrCat(what, " too short").c_str(), f);
    Same(want.has_in_force(), want.in_force(), it->in_force(),
         absl::StrCat(what, " in force").c_str(), f);
    Same(want.has_counted_days(), want.counted_days(), it->counted_days(),
         absl::StrCat(what, " counted days").c_str(), f);
  }
}

void CheckVisits(const v1::Expectation& e, const v1::Decision& d, Failures* f) {
  bool any = e.has_visit_state() || e.has_next_visit_due() ||
             e.has_missed_visit_periods() || e.has_visit_interval_months() ||
             e.has_visit_cadence();
  if (!any) return;
  if (!d.has_visits()) {
    f->push_back(
        "visits: the decision has no visit schedule (does the pack define "
        "visits?)");
    return;
  }
  const v1::VisitSchedule& v = d.visits();
  if (e.has_visit_state() && e.visit_state() != v.state()) {
    f->push_back(absl::StrCat("visit state: expected ",
                              v1::VisitState_Name(e.visit_state()), ", got ",
                              v1::VisitState_Name(v.state())));
  }
  Same(e.has_next_visit_due(), e.next_visit_due(), v.next_due(),
       "next visit due", f);
  Same(e.has_missed_visit_periods(), e.missed_visit_periods(), v.missed_size(),
       "missed visit periods", f);
  Same(e.has_visit_interval_months(), e.visit_interval_months(),
       v.interval_months(), "visit interval months", f);
  Same(e.has_visit_cadence(), e.visit_cadence(), v.cadence_rule_id(),
       "visit cadence", f);
}

// Each expected duty must be owed, as described; each absent one not owed.
void CheckDuties(const v1::Expectation& e, const v1::Decision& d, Failures* f) {
  auto find = [&d](const std::string& id) -> const v1::DutyStatus* {
    for (const v1::DutyStatus& s : d.duties()) {
      if (s.duty_id() == id) return &s;
    }
    return nullptr;
  };
  for (const v1::ExpectedDuty& want : e.duties()) {
    const v1::DutyStatus* got = find(want.id());
    if (got == nullptr) {
      f->push_back(absl::StrCat("duty ", want.id(),
                                ": not owed by the household (its `when` does not "
                                "hold, or the pack has no such duty)"));
      continue;
    }
    const std::string what = absl::StrCat("duty ", want.id());
    if (want.has_state() && want.state() != got->state()) {
      f->push_back(absl::StrCat(what, " state: expected ",
                                v1::DutyState_Name(want.state()), ", got ",
                                v1::DutyState_Name(got->state())));
    }
    Same(want.has_next_due(), want.next_due(), got->next_due(),
         (what + " next due").c_str(), f);
    Same(want.has_done_in_period(), want.done_in_period(), got->done_in_period(),
         (what + " done in period").c_str(), f);
    Same(want.has_missed_periods(), want.missed_periods(), got->missed_size(),
         (what + " missed periods").c_str(), f);
    Same(want.has_period_end(), want.period_end(), got->period_end(),
         (what + " period end").c_str(), f);
  }
  for (const std::string& id : e.absent_duties()) {
    if (find(id) != nullptr) {
      f->push_back(absl::StrCat("duty ", id, ": owed, but expected not to be"));
    }
  }
}

}  // namespace

void CheckLifecycleExpectation(const v1::Expectation& expect,
                               const v1::Decision& decision,
                               Failures* failures) {
  CheckElimination(expect, decision, failures);
  CheckProcedure(expect, decision, failures);
  CheckVisits(expect, decision, failures);
  CheckDuties(expect, decision, failures);
}

}  // namespace povmon
