#include "src/stages/elimination.h"

#include <optional>

#include "src/base/date.h"
#include "src/stages/lifecycle_eval.h"

namespace povmon {
namespace {

using Role = v1::EliminationRule::RoleCase;

absl::StatusOr<bool> Holds(const StageContext& c,
                           const CompiledEliminationRule& r, v1::Decision* d) {
  return LifecycleRuleHolds(c, r.when, r.rule.id(), r.rule.citation(),
                            v1::STAGE_ELIMINATION, r.outcome_name, d);
}

// A household marked eliminated: the checks of Plan 5 §2(二).
absl::Status Recheck(const StageContext& c, const CompiledElimination& e,
                     v1::EliminationAssessment* a, v1::Decision* d) {
  // A revert rule that holds (the marking should never have been made) comes
  // first; then a recurred risk (identify again); then a failed criterion
  // (the marking is no longer stable, revert).
  bool revert = false, reidentify = false, unstable = false;
  for (const CompiledEliminationRule& r : e.rules) {
    if (r.rule.role_case() != Role::kRecheck) continue;
    absl::StatusOr<bool> holds = Holds(c, r, d);
    if (!holds.ok()) return holds.status();
    v1::RecheckResult* result = a->add_recheck();
    result->mutable_rule_id()->assign(r.rule.id());
    result->set_role(r.rule.recheck());
    result->mutable_citation()->assign(r.rule.citation());
    result->set_holds(*holds);
    switch (r.rule.recheck()) {
      case v1::RECHECK_ROLE_CRITERION:
        unstable |= !*holds;
        break;
      case v1::RECHECK_ROLE_REVERT:
        revert |= *holds;
        break;
      case v1::RECHECK_ROLE_REIDENTIFY:
        reidentify |= *holds;
        break;
      default:
        break;
    }
  }
  a->set_status(revert       ? v1::ELIMINATION_STATUS_REVERT
                : reidentify ? v1::ELIMINATION_STATUS_REIDENTIFY
                : unstable   ? v1::ELIMINATION_STATUS_REVERT
                             : v1::ELIMINATION_STATUS_ELIMINATED);
  return absl::OkStatus();
}

// A monitored household: criteria, blockers, timing.
absl::Status Assess(const StageContext& c, const CompiledElimination& e,
                    v1::EliminationAssessment* a, v1::Decision* d) {
  bool criteria_met = true;
  std::optional<absl::CivilDay> not_yet,
      tracked;  // latest unmet date of each effect
  for (const CompiledEliminationRule& r : e.rules) {
    switch (r.rule.role_case()) {
      case Role::kCriterion: {
        absl::StatusOr<bool> met = Holds(c, r, d);
        if (!met.ok()) return met.status();
        v1::CriterionResult* result = a->add_criteria();
        result->mutable_rule_id()->assign(r.rule.id());
        result->set_criterion(r.rule.criterion());
        result->mutable_citation()->assign(r.rule.citation());
        result->set_met(*met);
        criteria_met &= *met;
        break;
      }
      case Role::kBlocker: {
        absl::StatusOr<bool> holds = Holds(c, r, d);
        if (!holds.ok()) return holds.status();
        if (!*holds) break;
        v1::BlockerHit* hit = a->add_blockers();
        hit->mutable_rule_id()->assign(r.rule.id());
        hit->set_blocker(r.rule.blocker());
        hit->mutable_citation()->assign(r.rule.citation());
        break;
      }
      case Role::kReview: {
        // Plan 4 §4(二) 第五步: the county reviews these closely; the status
        // is decided as for anyone else.
        absl::StatusOr<bool> holds = Holds(c, r, d);
        if (!holds.ok()) return holds.status();
        if (!*holds) break;
        v1::ReviewFocusHit* hit = a->add_close_review();
        hit->mutable_rule_id()->assign(r.rule.id());
        hit->set_focus(r.rule.review());
        hit->mutable_citation()->assign(r.rule.citation());
        break;
      }
      case Role::kTiming: {
        if (r.when.present()) {
          absl::StatusOr<bool> applies = EvaluateBool(c, r.when);
          if (!applies.ok()) return applies.status();
          if (!*applies) break;
        }
        absl::StatusOr<absl::CivilDay> date = EvaluateDate(c, r.not_before);
        if (!date.ok()) return date.status();
        bool met = *date <= c.as_of;
        v1::TimingResult* result = a->add_timing();
        result->mutable_rule_id()->assign(r.rule.id());
        result->set_effect(r.rule.timing());
        result->mutable_citation()->assign(r.rule.citation());
        AssignDate(*date, result->mutable_not_before());
        result->set_met(met);
        if (c.trace == v1::TRACE_LEVEL_FULL || met) {
          v1::TraceEntry* entry = d->add_trace();
          entry->mutable_rule_id()->assign(r.rule.id());
          entry->mutable_citation()->assign(r.rule.citation());
          entry->set_stage(v1::STAGE_ELIMINATION);
          entry->set_fired(met);
          entry->mutable_outcome()->assign(r.outcome_name);
        }
        if (!met) {
          std::optional<absl::CivilDay>& latest =
              r.rule.timing() == v1::TIMING_EFFECT_TRACKED_ATTENTION ? tracked
                                                                     : not_yet;
          if (!latest || *date > *latest) latest = *date;
        }
        break;
      }
      default:
        break;
    }
  }
  std::optional<absl::CivilDay> earliest = not_yet;
  if (tracked && (!earliest || *tracked > *earliest)) earliest = tracked;
  if (a->blockers_size() > 0) {
    a->set_status(v1::ELIMINATION_STATUS_BLOCKED);
    return absl::OkStatus();
  }
  if (!criteria_met || not_yet) {
    a->set_status(v1::ELIMINATION_STATUS_NOT_YET);
  } else if (tracked) {
    a->set_status(v1::ELIMINATION_STATUS_TRACKED_ATTENTION);
  } else {
    a->set_status(v1::ELIMINATION_STATUS_MAY_BE_ELIMINATED);
  }
  if (earliest) AssignDate(*earliest, a->mutable_earliest_date());
  return absl::OkStatus();
}

}  // namespace

absl::Status AssessElimination(const StageContext& c,
                               const CompiledElimination& e,
                               const v1::LifecycleFacts& facts,
                               v1::Decision* d) {
  v1::EliminationAssessment* a = d->mutable_elimination();
  *a->mutable_lifecycle() = facts;
  a->mutable_citation()->assign(e.definition.citation());
  a->mutable_kept_citation()->assign(e.definition.kept_citation());
  switch (facts.status()) {
    case v1::MONITORING_STATUS_MONITORED:
      return Assess(c, e, a, d);
    case v1::MONITORING_STATUS_RISK_ELIMINATED:
      return Recheck(c, e, a, d);
    default: {
      // Identification runs first: a category found now for a household
      // its record does not monitor is a new case, not "not monitored".
      v1::Category found = d->identification().category();
      bool identified = found == v1::CATEGORY_UNSTABLE_LIFTED_OUT ||
                        found == v1::CATEGORY_MARGINAL_AT_RISK ||
                        found == v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP;
      a->set_status(identified ? v1::ELIMINATION_STATUS_NEWLY_IDENTIFIED
                               : v1::ELIMINATION_STATUS_NOT_MONITORED);
      return absl::OkStatus();
    }
  }
}

}  // namespace povmon
