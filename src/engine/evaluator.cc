// Evaluate: facts → identification, one way, with per-thread working memory
// reused across households.
#include "povmon/evaluator.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/base/date.h"
#include "src/expr/program.h"
#include "src/facts/facts_builder.h"
#include "src/facts/household_checks.h"
#include "src/facts/household_dates.h"
#include "src/policy/policy_impl.h"
#include "src/stages/assistance.h"
#include "src/stages/identification.h"
#include "src/stages/lifecycle.h"
#include "src/stages/trace_recorder.h"

namespace povmon {

// The trace format version written into every decision.
constexpr char kTraceVersion[] = "1";

class EvaluatorState {
 public:
  std::vector<expr::Value> parameters;
  expr::Scratch scratch;
  TraceRecorder recorder;
  google::protobuf::RepeatedPtrField<v1::PlanMeasure> staged_measures;
  // The household's dates as day numbers, from the facts stage.
  HouseholdDates dates;
  expr::KnownDates known_dates;
  // The last as-of date seen, as "YYYY-MM-DD" (a run of households is
  // usually decided as of one day).
  absl::CivilDay as_of;
  std::string as_of_text;
};

Evaluator::Evaluator(std::shared_ptr<const Policy> policy)
    : policy_(std::move(policy)), state_(std::make_unique<EvaluatorState>()) {
  state_->parameters.resize(PolicyImpl::Of(*policy_).parameters.size());
}

Evaluator::~Evaluator() = default;

absl::Status Evaluator::Evaluate(const v1::Household& household, const EvaluateOptions& options,
                                 v1::Decision* decision) {
  const PolicyImpl& policy = PolicyImpl::Of(*policy_);
  // Sub-messages are `optional` (has-bits), so Clear() keeps their memory:
  // a Decision passed back in is decided again without allocating.
  decision->Clear();
  if (options.as_of == absl::CivilDay()) {
    // A default-constructed CivilDay: the caller never chose a date.
    return absl::InvalidArgumentError(absl::StrCat(
        "no as-of date: EvaluateOptions.as_of was left at 1970-01-01; give the date to decide "
        "as of (pack ", policy.pack.id(), " covers ", FormatDate(policy.valid_from), " to ",
        FormatDate(policy.valid_until), ")"));
  }
  if (options.as_of < policy.valid_from || options.as_of > policy.valid_until) {
    return absl::OutOfRangeError(absl::StrCat(
        "as-of date ", FormatDate(options.as_of), " is outside the dates of pack ",
        policy.pack.id(), " (", FormatDate(policy.valid_from), " to ",
        FormatDate(policy.valid_until), ")"));
  }
  std::int64_t as_of_days = DaysSinceEpoch(options.as_of);
  // Dated parameters: the value in force on the as-of date, never a default.
  for (std::size_t i = 0; i < policy.parameters.size(); ++i) {
    const DatedValue* v = policy.parameters[i].At(as_of_days);
    if (v == nullptr) {
      return absl::OutOfRangeError(absl::StrCat("parameter \"", policy.parameters[i].name,
                                                "\" has no value on ",
                                                FormatDate(options.as_of)));
    }
    state_->parameters[i] = v->value;
  }
  decision->mutable_household_id()->assign(household.id());
  // The household's place travels with its decision (population counts).
  if (household.has_region()) decision->mutable_region()->MergeFrom(household.region());
  decision->mutable_pack_id()->assign(policy.pack.id());
  decision->mutable_pack_revision()->assign(policy.revision);
  for (const ParameterChange& change : policy.changes) {
    // Assigned into the reused entries (ToString would build a string).
    std::string* text = decision->add_what_if();
    text->assign(change.name);
    text->push_back('=');
    text->append(change.value);
    if (!change.from.empty()) {
      text->push_back('@');
      text->append(change.from);
    }
  }
  if (state_->as_of_text.empty() || state_->as_of != options.as_of) {
    AssignDate(options.as_of, &state_->as_of_text);
    state_->as_of = options.as_of;
  }
  decision->mutable_as_of()->assign(state_->as_of_text);
  decision->mutable_trace_version()->assign(kTraceVersion);

  // Member references, unique member ids, no meaningless negative amounts.
  if (absl::Status s = CheckHousehold(household); !s.ok()) return s;
  if (absl::Status s = ComputeFacts(policy.pack.income(), household, options.as_of,
                                    decision->mutable_facts(), &state_->dates);
      !s.ok()) {
    return s;
  }
  KnowHouseholdDates(state_->dates, household, decision->facts(), &state_->known_dates);

  expr::Activation activation;
  activation.roots[kHouseholdSlot] = &household;
  activation.roots[kFactsSlot] = &decision->facts();
  activation.parameters = state_->parameters.data();
  activation.as_of_days = as_of_days;
  activation.known_dates = &state_->known_dates;

  StageContext context;
  context.policy = &policy;
  context.household = &household;
  context.as_of = options.as_of;
  context.trace = options.trace == v1::TRACE_LEVEL_UNSPECIFIED ? v1::TRACE_LEVEL_RULES
                                                                : options.trace;
  context.activation = &activation;
  context.scratch = &state_->scratch;
  context.recorder = &state_->recorder;
  context.staged_measures = &state_->staged_measures;
  context.dates = &state_->dates;
  context.known_dates = &state_->known_dates;
  if (absl::Status s = Identify(context, decision); !s.ok()) return s;
  if (absl::Status s = MatchAssistance(context, decision); !s.ok()) return s;
  return RunLifecycle(context, decision);
}

}  // namespace povmon
