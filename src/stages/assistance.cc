#include "src/stages/assistance.h"

#include "absl/strings/str_cat.h"
#include "src/stages/assistance_hit_policy.h"
#include "src/stages/trace_recorder.h"
#include "src/stages/assistance_totals.h"

namespace povmon {
namespace {

void RecordPrinciple(const MeasureCatalogue& cat, const CompiledPrinciple& slot,
                     v1::AssistancePlan* plan) {
  const v1::Principle& p = cat.principles[slot.index];
  v1::PrincipleApplied* a = plan->add_principles();
  a->mutable_principle_id()->assign(p.id());
  a->set_kind(p.kind());
  a->mutable_text()->assign(p.text());
  a->mutable_citation()->assign(p.citation());
}

absl::StatusOr<bool> Holds(const StageContext& c, const MeasureCatalogue& cat,
                           const CompiledPrinciple& slot) {
  absl::StatusOr<expr::Value> v = slot.when->Evaluate(*c.activation, c.scratch, nullptr);
  if (!v.ok()) {
    return absl::Status(v.status().code(),
                        absl::StrCat("principle \"", cat.principles[slot.index].id(),
                                     "\": ", v.status().message()));
  }
  return v->i != 0;
}

// Ranking: when a principle puts a kind first, its measures come first,
// then the others in catalogue order (a stable partition). The measures were
// decided into `staged` in catalogue order; they are copied into the plan in
// ranked order. Copying, rather than swapping entries in place, keeps each
// plan entry at its position, so a reused Decision's entries keep the
// capacity they grew there and deciding again allocates nothing.
void Rank(const MatchContext& m, bool labour_first,
          const google::protobuf::RepeatedPtrField<v1::PlanMeasure>& staged,
          v1::AssistancePlan* plan) {
  auto* measures = plan->mutable_measures();
  if (!m.guarantee && !labour_first) {
    for (const v1::PlanMeasure& pm : staged) measures->Add()->CopyFrom(pm);
    return;
  }
  v1::MeasureKind first = m.guarantee ? v1::MEASURE_KIND_GUARANTEE : v1::MEASURE_KIND_DEVELOPMENT;
  v1::MeasureKind second = m.guarantee ? v1::MEASURE_KIND_DEVELOPMENT : v1::MEASURE_KIND_GUARANTEE;
  auto rank = [&](const v1::PlanMeasure& p) {
    return p.kind() == first ? 0 : p.kind() == second ? 1 : 2;
  };
  for (int r = 0; r < 3; ++r) {
    for (const v1::PlanMeasure& pm : staged) {
      if (rank(pm) == r) measures->Add()->CopyFrom(pm);
    }
  }
}

// Each identified risk with the measures of the plan that answer it (an
// empty list marks a risk the catalogue leaves uncovered).
void Cover(const v1::Identification& id, v1::AssistancePlan* plan) {
  for (int risk : id.risk_types()) {
    v1::RiskCoverage* cover = plan->add_coverage();
    cover->set_risk(static_cast<v1::RiskType>(risk));
    for (const v1::PlanMeasure& pm : plan->measures()) {
      bool answers = false;
      for (int r : pm.risks()) answers = answers || r == risk;
      if (!answers) continue;
      bool listed = false;
      for (const std::string& m : cover->measure_ids()) listed = listed || m == pm.measure_id();
      if (!listed) cover->add_measure_ids()->assign(pm.measure_id());
    }
  }
}

}  // namespace

absl::Status MatchAssistance(const StageContext& c, v1::Decision* decision) {
  const MeasureCatalogue& cat = c.policy->measures;
  if (!cat.has_household_measures()) {
    decision->clear_assistance();
    return absl::OkStatus();
  }
  v1::AssistancePlan* plan = decision->mutable_assistance();
  const v1::Identification& id = decision->identification();
  auto is_monitored = [](v1::Category category) {
    return category != v1::CATEGORY_NONE && category != v1::CATEGORY_UNSPECIFIED;
  };
  bool found_now = !id.excluded() && is_monitored(id.category());
  const v1::MonitoringState& state = c.household->monitoring();
  bool continuing = !found_now && is_monitored(state.category()) &&
                    state.risk_eliminated_on().empty();
  plan->set_monitored(found_now || continuing);
  plan->set_continuing(continuing);
  if (!found_now && !continuing) return absl::OkStatus();

  TraceRecorder recorder;
  MatchContext m;
  m.catalogue = &cat;
  m.activation = c.activation;
  m.scratch = c.scratch;
  m.trace = c.trace;
  m.recorder = &recorder;
  google::protobuf::RepeatedPtrField<v1::PlanMeasure> local;  // without an evaluator's
  google::protobuf::RepeatedPtrField<v1::PlanMeasure>* staged =
      c.staged_measures != nullptr ? c.staged_measures : &local;
  staged->Clear();
  m.measures = staged;
  m.not_applied = plan->mutable_not_applied();
  m.trace_entries = decision->mutable_trace();
  for (int risk : id.risk_types()) {
    if (risk > 0 && risk < 64) m.household_risks |= std::uint64_t{1} << risk;
  }
  c.activation->roots[kMemberSlot] = nullptr;

  // The principles, as rules.
  bool labour_first = false;
  if (cat.development_first.index >= 0) {
    absl::StatusOr<bool> holds = Holds(c, cat, cat.development_first);
    if (!holds.ok()) return holds.status();
    labour_first = *holds;
    m.development_blocked = !*holds;
  }
  if (cat.guarantee.index >= 0) {
    absl::StatusOr<bool> holds = Holds(c, cat, cat.guarantee);
    if (!holds.ok()) return holds.status();
    m.guarantee = *holds;
  }
  if (cat.targeted.index >= 0 && id.risk_types_size() == 1) {
    RecordPrinciple(cat, cat.targeted, plan);
  }
  if (cat.combined.index >= 0 && id.risk_types_size() > 1) {
    RecordPrinciple(cat, cat.combined, plan);
  }
  if (labour_first) RecordPrinciple(cat, cat.development_first, plan);
  if (m.guarantee) RecordPrinciple(cat, cat.guarantee, plan);
  if (cat.assigned_helper.measure >= 0) RecordPrinciple(cat, cat.assigned_helper, plan);

  // The measures, group by group; member-level groups once per member.
  const v1::Household& h = *c.household;
  for (const MeasureGroup& group : cat.household_groups) {
    ReportPrincipleExclusions(m, group);
    if (group.level != v1::MEASURE_LEVEL_MEMBER) {
      if (absl::Status s = DecideGroup(m, group, nullptr); !s.ok()) return s;
      continue;
    }
    for (const v1::Member& member : h.members()) {
      c.activation->roots[kMemberSlot] = &member;
      absl::Status s = DecideGroup(m, group, &member);
      c.activation->roots[kMemberSlot] = nullptr;
      if (!s.ok()) return s;
    }
  }
  Rank(m, labour_first, *staged, plan);
  Cover(id, plan);
  return SumByDepartment(plan->measures(), plan->mutable_totals());
}

}  // namespace povmon
