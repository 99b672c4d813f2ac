#include "src/stages/workshop_award.h"

#include "absl/strings/str_cat.h"
#include "src/base/date.h"
#include "src/base/money.h"
#include "src/policy/policy_impl.h"
#include "src/stages/assistance_hit_policy.h"
#include "src/stages/assistance_totals.h"

namespace povmon {

WorkshopAwardStage::WorkshopAwardStage(std::shared_ptr<const Policy> policy)
    : policy_(std::move(policy)) {
  parameters_.resize(PolicyImpl::Of(*policy_).parameters.size());
}

absl::Status WorkshopAwardStage::Award(const v1::Workshop& workshop, absl::CivilDay as_of,
                                    v1::TraceLevel trace, v1::WorkshopAward* award) {
  const PolicyImpl& policy = PolicyImpl::Of(*policy_);
  const MeasureCatalogue& cat = policy.measures;
  award->Clear();
  if (cat.workshop_groups.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "pack ", policy.pack.id(), " has no workshop-level measure (Plan 6 §3.5 awards)"));
  }
  if (as_of < policy.valid_from || as_of > policy.valid_until) {
    return absl::OutOfRangeError(absl::StrCat(
        "as-of date ", FormatDate(as_of), " is outside the dates of pack ", policy.pack.id(),
        " (", FormatDate(policy.valid_from), " to ", FormatDate(policy.valid_until), ")"));
  }
  std::int64_t as_of_days = DaysSinceEpoch(as_of);
  for (std::size_t i = 0; i < policy.parameters.size(); ++i) {
    const DatedValue* v = policy.parameters[i].At(as_of_days);
    if (v == nullptr) {
      return absl::OutOfRangeError(absl::StrCat("parameter \"", policy.parameters[i].name,
                                                "\" has no value on ", FormatDate(as_of)));
    }
    parameters_[i] = v->value;
  }
  award->mutable_workshop_id()->assign(workshop.id());
  award->mutable_pack_id()->assign(policy.pack.id());
  award->mutable_pack_revision()->assign(policy.revision);
  AssignDate(as_of, award->mutable_as_of());

  expr::Activation activation;
  activation.roots[kWorkshopSlot] = &workshop;
  activation.parameters = parameters_.data();
  activation.as_of_days = as_of_days;
  MatchContext m;
  m.catalogue = &cat;
  m.activation = &activation;
  m.scratch = &scratch_;
  m.trace = trace == v1::TRACE_LEVEL_UNSPECIFIED ? v1::TRACE_LEVEL_RULES : trace;
  m.recorder = &recorder_;
  m.measures = award->mutable_measures();
  m.not_applied = award->mutable_not_applied();
  for (const MeasureGroup& group : cat.workshop_groups) {
    if (absl::Status s = DecideGroup(m, group, nullptr); !s.ok()) return s;
  }
  if (absl::Status s = SumByDepartment(award->measures(), award->mutable_totals()); !s.ok()) {
    return s;
  }
  std::int64_t total = 0;
  for (const v1::PlanMeasure& pm : award->measures()) {
    if (pm.has_amount() && !AddFen(total, pm.amount_fen(), &total)) {
      return absl::OutOfRangeError("the workshop award overflows when summed");
    }
  }
  award->set_total_fen(total);
  return absl::OkStatus();
}

}  // namespace povmon
