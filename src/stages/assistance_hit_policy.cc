#include "src/stages/assistance_hit_policy.h"

#include "absl/strings/str_cat.h"
#include "src/base/date.h"

namespace povmon {
namespace {

// Why a measure is a candidate for this household.
enum class Candidacy {
  kNone,       // answers none of the household's risks (TARGETED)
  kRisk,       // answers an identified risk
  kGuarantee,  // a guarantee measure the GUARANTEE principle brings in
  kHelper,     // the ASSIGNED_HELPER principle's measure
  kAlways,     // a service naming no risk, a workshop measure, or no TARGETED
};

Candidacy CandidacyOf(const MatchContext& c, const CompiledMeasure& cm) {
  const MeasureCatalogue& cat = *c.catalogue;
  if (cm.level == v1::MEASURE_LEVEL_WORKSHOP) return Candidacy::kAlways;
  if (cm.index == cat.assigned_helper.measure) return Candidacy::kHelper;
  if ((cm.risk_mask & c.household_risks) != 0) return Candidacy::kRisk;
  if (cm.guarantee_principle && c.guarantee) return Candidacy::kGuarantee;
  // A measure only the GUARANTEE principle brings in (it answers no risk).
  if (cm.guarantee_principle && cm.risk_mask == 0) return Candidacy::kNone;
  if (cm.risk_mask == 0 || cat.targeted.index < 0) return Candidacy::kAlways;
  return Candidacy::kNone;
}

bool Excluded(const MatchContext& c, const CompiledMeasure& cm) {
  return cm.kind == v1::MEASURE_KIND_DEVELOPMENT && c.development_blocked &&
         cm.level != v1::MEASURE_LEVEL_WORKSHOP;
}

absl::Status MeasureError(const MatchContext& c, const CompiledMeasure& cm,
                          const v1::Member* member, const absl::Status& s) {
  const v1::Measure& m = c.catalogue->measures[cm.index];
  return absl::Status(s.code(), absl::StrCat("measure \"", m.id(), "\" (", cm.file, ":", cm.line,
                                             ")", member != nullptr ? " for member " : "",
                                             member != nullptr ? member->id() : "", ": ",
                                             s.message()));
}

// Trace entry for a decided measure: every applied one at the rules level,
// every decided one at the full level.
void Trace(const MatchContext& c, const v1::Measure& m, const v1::Member* member, bool fired,
           const char* outcome) {
  if (c.trace_entries == nullptr || c.trace == v1::TRACE_LEVEL_OFF) return;
  if (!fired && c.trace != v1::TRACE_LEVEL_FULL) return;
  v1::TraceEntry* e = c.trace_entries->Add();
  e->mutable_rule_id()->assign(m.id());
  e->mutable_citation()->assign(m.citation());
  e->set_stage(v1::STAGE_ASSISTANCE);
  e->set_fired(fired);
  std::string* text = e->mutable_outcome();
  text->assign(outcome);
  if (member != nullptr) {
    text->append(" member ");
    text->append(member->id());
  }
}

v1::MeasureNotApplied* AddNotApplied(const MatchContext& c, const v1::Measure& m,
                                     const v1::Member* member, v1::NotAppliedCause cause) {
  v1::MeasureNotApplied* na = c.not_applied->Add();
  na->mutable_measure_id()->assign(m.id());
  na->mutable_name_zh()->assign(m.name_zh());
  na->mutable_name_en()->assign(m.name_en());
  na->mutable_department()->assign(m.department());
  if (member != nullptr) na->mutable_member_id()->assign(member->id());
  na->set_cause(cause);
  return na;
}

absl::StatusOr<expr::Value> Run(const MatchContext& c, const expr::Program& program) {
  return program.Evaluate(*c.activation, c.scratch,
                          c.trace == v1::TRACE_LEVEL_FULL ? c.recorder : nullptr);
}

// The reason a measure is a candidate, as the first `why` of the plan entry.
void CandidacyReason(const MatchContext& c, const CompiledMeasure& cm, Candidacy why,
                     v1::PlanMeasure* pm) {
  const MeasureCatalogue& cat = *c.catalogue;
  const v1::Measure& m = cat.measures[cm.index];
  v1::Reason* r = pm->add_why();
  switch (why) {
    case Candidacy::kHelper: {
      const v1::Principle& p = cat.principles[cat.assigned_helper.index];
      r->mutable_text()->assign(p.text());
      r->mutable_citation()->assign(p.citation());
      return;
    }
    case Candidacy::kGuarantee: {
      const v1::Principle& p = cat.principles[cat.guarantee.index];
      r->mutable_text()->assign(p.text());
      r->mutable_citation()->assign(p.citation());
      return;
    }
    case Candidacy::kRisk: {
      std::string* text = r->mutable_text();
      text->assign("answers the household's risk ");
      bool first = true;
      for (int risk : m.risks()) {
        if ((c.household_risks & (std::uint64_t{1} << risk)) == 0) continue;
        if (!first) text->append(", ");
        text->append(v1::RiskType_Name(static_cast<v1::RiskType>(risk)));
        first = false;
      }
      r->mutable_citation()->assign(cat.targeted.index >= 0
                                        ? cat.principles[cat.targeted.index].citation()
                                        : m.citation());
      return;
    }
    default:
      r->mutable_text()->assign(m.description().empty() ? m.name_en() : m.description());
      r->mutable_citation()->assign(m.citation());
      return;
  }
}

// Fill the amount and end date of an applied measure.
absl::Status Amount(const MatchContext& c, const CompiledMeasure& cm, v1::PlanMeasure* pm) {
  const v1::MeasureAmount& a = c.catalogue->measures[cm.index].amount();
  if (cm.amount != nullptr) {
    absl::StatusOr<expr::Value> v = Run(c, *cm.amount);
    if (!v.ok()) return v.status();
    if (v->i < 0) {
      return absl::InvalidArgumentError(absl::StrCat("the amount is negative (", v->i, " fen)"));
    }
    pm->set_has_amount(true);
    pm->set_amount_fen(v->i);
  } else if (cm.min_amount != nullptr || cm.max_amount != nullptr) {
    std::int64_t lo = 0, hi = 0;
    if (cm.min_amount != nullptr) {
      absl::StatusOr<expr::Value> v = Run(c, *cm.min_amount);
      if (!v.ok()) return v.status();
      lo = v->i;
    }
    if (cm.max_amount != nullptr) {
      absl::StatusOr<expr::Value> v = Run(c, *cm.max_amount);
      if (!v.ok()) return v.status();
      hi = v->i;
    } else {
      hi = lo;
    }
    if (lo < 0 || hi < lo) {
      return absl::InvalidArgumentError(
          absl::StrCat("the amount range ", lo, "..", hi, " fen is not a range of amounts"));
    }
    pm->set_has_range(true);
    pm->set_min_fen(lo);
    pm->set_max_fen(hi);
  }
  if (pm->has_amount() || pm->has_range()) {
    pm->set_basis(a.basis());
    pm->mutable_rounding()->assign(a.rounding());
  }
  if (cm.until != nullptr) {
    absl::StatusOr<expr::Value> v = Run(c, *cm.until);
    if (!v.ok()) return v.status();
    AssignDate(DayFromEpochDays(v->i), pm->mutable_until());
  }
  return absl::OkStatus();
}

void Describe(const MatchContext& c, const CompiledMeasure& cm, const v1::Member* member,
              v1::PlanMeasure* pm) {
  const MeasureCatalogue& cat = *c.catalogue;
  const v1::Measure& m = cat.measures[cm.index];
  pm->mutable_measure_id()->assign(m.id());
  pm->mutable_name_zh()->assign(m.name_zh());
  pm->mutable_name_en()->assign(m.name_en());
  pm->mutable_department()->assign(m.department());
  pm->set_kind(m.kind());
  if (member != nullptr) pm->mutable_member_id()->assign(member->id());
  for (int risk : m.risks()) {
    if ((c.household_risks & (std::uint64_t{1} << risk)) != 0) pm->add_risks(static_cast<v1::RiskType>(risk));
  }
  pm->mutable_citation()->assign(m.citation());
  if (cm.family >= 0) pm->mutable_family()->assign(cat.families[cm.family].id());
}

}  // namespace

void ReportPrincipleExclusions(const MatchContext& c, const MeasureGroup& group) {
  if (!c.development_blocked) return;
  const MeasureCatalogue& cat = *c.catalogue;
  const v1::Principle& p = cat.principles[cat.development_first.index];
  for (int index : group.measures) {
    const CompiledMeasure& cm = cat.compiled[index];
    if (!Excluded(c, cm) || CandidacyOf(c, cm) == Candidacy::kNone) continue;
    const v1::Measure& m = cat.measures[index];
    v1::MeasureNotApplied* na = AddNotApplied(c, m, nullptr, v1::NOT_APPLIED_CAUSE_PRINCIPLE);
    na->mutable_reason()->assign(p.fails());
    na->mutable_citation()->assign(p.citation());
    Trace(c, m, nullptr, false, "EXCLUDED");
  }
}

absl::Status DecideGroup(const MatchContext& c, const MeasureGroup& group,
                         const v1::Member* member) {
  const MeasureCatalogue& cat = *c.catalogue;
  const bool full = c.trace == v1::TRACE_LEVEL_FULL;
  int winner = -1;
  for (int index : group.measures) {
    const CompiledMeasure& cm = cat.compiled[index];
    const v1::Measure& m = cat.measures[index];
    Candidacy candidacy = CandidacyOf(c, cm);
    if (candidacy == Candidacy::kNone || Excluded(c, cm)) continue;
    // The entry is written as the measure is decided, so that its compared
    // values land in it; it is dropped if the measure does not apply.
    v1::PlanMeasure* pm = c.measures->Add();
    c.recorder->set_target(full ? pm->mutable_compared() : nullptr);
    if (cm.who != nullptr) {
      absl::StatusOr<expr::Value> v = Run(c, *cm.who);
      if (!v.ok()) return MeasureError(c, cm, member, v.status());
      if (v->i == 0) {
        c.measures->RemoveLast();
        continue;
      }
    }
    int failed = -1;
    for (std::size_t k = 0; k < cm.conditions.size(); ++k) {
      absl::StatusOr<expr::Value> v = Run(c, *cm.conditions[k]);
      if (!v.ok()) return MeasureError(c, cm, member, v.status());
      if (v->i == 0) {
        failed = static_cast<int>(k);
        break;
      }
    }
    if (failed >= 0 || (group.priority && winner >= 0)) {
      v1::MeasureNotApplied* na;
      if (failed >= 0) {
        const v1::MeasureCondition& cond = m.condition(failed);
        na = AddNotApplied(c, m, member, v1::NOT_APPLIED_CAUSE_CONDITION);
        na->mutable_reason()->assign(cond.fails());
        na->mutable_citation()->assign(cond.citation());
        Trace(c, m, member, false, "NOT_APPLIED");
      } else {
        const v1::MeasureFamily& f = cat.families[group.family];
        const v1::Measure& first = cat.measures[winner];
        na = AddNotApplied(c, m, member, v1::NOT_APPLIED_CAUSE_SUPERSEDED);
        na->mutable_superseded_by()->assign(first.id());
        std::string* reason = na->mutable_reason();
        reason->assign("superseded by ");
        reason->append(first.id());
        reason->append(": family ");
        reason->append(f.id());
        reason->append(" gives only its first applicable measure (PRIORITY)");
        na->mutable_citation()->assign(f.citation());
        Trace(c, m, member, false, "SUPERSEDED");
      }
      // Copied, not swapped: each entry keeps the arrays it has grown, so a
      // warm Decision allocates nothing (a swap would move capacity around).
      if (full) {
        for (const v1::Comparison& compared : pm->compared()) na->add_compared()->CopyFrom(compared);
      }
      c.recorder->set_target(nullptr);
      c.measures->RemoveLast();
      continue;
    }
    Describe(c, cm, member, pm);
    CandidacyReason(c, cm, candidacy, pm);
    for (const v1::MeasureCondition& cond : m.condition()) {
      v1::Reason* r = pm->add_why();
      r->mutable_text()->assign(cond.holds());
      r->mutable_citation()->assign(cond.citation());
    }
    if (absl::Status s = Amount(c, cm, pm); !s.ok()) return MeasureError(c, cm, member, s);
    c.recorder->set_target(nullptr);
    Trace(c, m, member, true, "APPLIED");
    winner = index;
  }
  c.recorder->set_target(nullptr);
  return absl::OkStatus();
}

}  // namespace povmon
