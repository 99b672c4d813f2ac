// Evaluate households against a Policy.
//
// An Evaluator belongs to one thread at a time; give each thread its own.
// It keeps working memory between calls, so after the first few households
// evaluation allocates nothing (pass the same Decision back in to reuse its
// memory too).
#ifndef POVMON_EVALUATOR_H_
#define POVMON_EVALUATOR_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/policy.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

struct EvaluateOptions {
  // The date to decide as of; required. Left at its default (1970-01-01),
  // Evaluate fails with InvalidArgument rather than guess a date.
  absl::CivilDay as_of;
  v1::TraceLevel trace = v1::TRACE_LEVEL_RULES;
};

class EvaluatorState;

class Evaluator {
 public:
  explicit Evaluator(std::shared_ptr<const Policy> policy);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Decide one household as of `options.as_of`. `decision` is cleared first.
  // Errors (InvalidArgument or OutOfRange) name the field or the rule: an
  // as-of date outside the pack's dates, a parameter with no value on it,
  // zero counted members, money overflow, a malformed date field.
  absl::Status Evaluate(const v1::Household& household,
                        const EvaluateOptions& options,
                        v1::Decision* decision);

  const Policy& policy() const { return *policy_; }

 private:
  std::shared_ptr<const Policy> policy_;
  std::unique_ptr<EvaluatorState> state_;
};

}  // namespace povmon

#endif  // POVMON_EVALUATOR_H_
