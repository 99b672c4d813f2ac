#include "src/stages/lifecycle_eval.h"

#include "absl/strings/str_cat.h"
#include "src/base/date.h"

namespace povmon {
namespace {

absl::StatusOr<expr::Value> Evaluate(const StageContext& c,
                                     const LifecycleExpression& e,
                                     expr::ComparisonSink* sink) {
  absl::StatusOr<expr::Value> v =
      e.program->Evaluate(*c.activation, c.scratch, sink);
  if (!v.ok()) {
    return absl::Status(v.status().code(),
                        absl::StrCat(e.who, " (", e.file, ":", e.line,
                                     "): ", v.status().message()));
  }
  return v;
}

}  // namespace

absl::StatusOr<bool> LifecycleRuleHolds(
    const StageContext& c, const LifecycleExpression& e,
    const std::string& rule_id, const std::string& citation, v1::Stage stage,
    const std::string& outcome, v1::Decision* decision) {
  v1::TraceEntry* entry = nullptr;
  if (c.trace == v1::TRACE_LEVEL_FULL) {
    entry = decision->add_trace();
    c.recorder->set_entry(entry);
  }
  absl::StatusOr<expr::Value> v =
      Evaluate(c, e, entry != nullptr ? c.recorder : nullptr);
  if (!v.ok()) return v.status();
  bool holds = v->i != 0;
  if (c.trace == v1::TRACE_LEVEL_RULES && holds) entry = decision->add_trace();
  if (entry != nullptr) {
    entry->mutable_rule_id()->assign(rule_id);
    entry->mutable_citation()->assign(citation);
    entry->set_stage(stage);
    entry->set_fired(holds);
    entry->mutable_outcome()->assign(outcome);
  }
  return holds;
}

absl::StatusOr<bool> EvaluateBool(const StageContext& c,
                                  const LifecycleExpression& e) {
  absl::StatusOr<expr::Value> v = Evaluate(c, e, nullptr);
  if (!v.ok()) return v.status();
  return v->i != 0;
}

absl::StatusOr<std::int64_t> EvaluateInt(const StageContext& c,
                                         const LifecycleExpression& e) {
  absl::StatusOr<expr::Value> v = Evaluate(c, e, nullptr);
  if (!v.ok()) return v.status();
  return v->i;
}

absl::StatusOr<absl::CivilDay> EvaluateDate(const StageContext& c,
                                            const LifecycleExpression& e) {
  absl::StatusOr<expr::Value> v = Evaluate(c, e, nullptr);
  if (!v.ok()) return v.status();
  return DayFromEpochDays(v->i);
}

}  // namespace povmon
