// A pack's lifecycle, compiled: the elimination rules, the procedures with
// their steps and deadlines, and the visit cadences, every expression
// planned once at load (src/policy/lifecycle_loader.h builds it).
//
// Lifecycle expressions read the identification stage's roots plus
// `lifecycle` (LifecycleFacts, slot 4) and, for the visit-counting rule,
// `visit` (a Visit, slot 5).
#ifndef POVMON_SRC_POLICY_LIFECYCLE_PACK_H_
#define POVMON_SRC_POLICY_LIFECYCLE_PACK_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "povmon/v1/lifecycle.pb.h"
#include "src/expr/environment.h"
#include "src/expr/program.h"

namespace povmon {

inline constexpr int kLifecycleSlot = 4;
inline constexpr int kVisitSlot = 5;

// An expression field with the place it is written, for evaluation errors.
struct LifecycleExpression {
  std::unique_ptr<expr::Program> program;
  std::string who;  // e.g. `rule "p4.elim.floor"`
  std::string file;
  int line = 0;
  // Where the rule, step, duty or cadence holding it begins (povmon test
  // --coverage names it there).
  int item_line = 0;
  bool present() const { return program != nullptr; }
};

struct CompiledEliminationRule {
  v1::EliminationRule rule;
  std::string outcome_name;  // e.g. "ELIMINATION_BLOCKER_INCOME_BELOW_FLOOR"
  LifecycleExpression when;  // absent for a timing rule without a condition
  LifecycleExpression not_before;
};

struct CompiledElimination {
  v1::EliminationDefinition definition;  // rules cleared: they are below
  std::vector<CompiledEliminationRule> rules;
};

struct CompiledStep {
  v1::ProcedureStep step;
  LifecycleExpression notice_days;  // present for a notice
  LifecycleExpression not_needed_when;  // present when the pack gives one
  // The step this one must follow (index into steps), −1 for none: the
  // parallel_after step, or else the nearest earlier step that is not
  // itself parallel.
  int must_follow = -1;
};

struct CompiledDeadline {
  v1::ProcedureDeadline deadline;
  LifecycleExpression days;
  int to_index = -1;  // into steps
};

struct CompiledProcedure {
  v1::ProcedureDefinition definition;  // steps and deadlines cleared
  std::vector<CompiledStep> steps;
  std::vector<CompiledDeadline> deadlines;
  bool has_green_channel = false;
  LifecycleExpression green_channel_when;

  // Index of `step` in steps, or −1.
  int IndexOf(int step) const {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].step.step() == step) return static_cast<int>(i);
    }
    return -1;
  }
};

struct CompiledCadence {
  v1::VisitCadence cadence;
  LifecycleExpression when;
  LifecycleExpression interval_months;
  LifecycleExpression since;
};

struct CompiledVisits {
  std::vector<CompiledCadence> cadences;
  bool has_counting = false;
  v1::VisitCounting counting;
  LifecycleExpression counting_when;
};

// A periodic duty: a cadence (interval_months, since) or a window
// (window_from, window_until), and how many counted records each needs.
struct CompiledDuty {
  v1::DutyDefinition duty;
  LifecycleExpression when;
  LifecycleExpression interval_months;  // present for a cadence
  LifecycleExpression since;
  LifecycleExpression window_from;  // present for a window
  LifecycleExpression window_until;
  LifecycleExpression at_least;  // absent: 1
  // Bit k set: duty records of DutyKind k count.
  std::uint32_t counted_kinds = 0;
};

// What an explanation prints about a lifecycle rule, deadline, green channel
// or cadence, by id.
struct LifecycleText {
  std::string citation;
  std::string description_zh;
  std::string description_en;
};

class LifecyclePack {
 public:
  std::unique_ptr<CompiledElimination> elimination;
  std::vector<CompiledProcedure> procedures;
  std::unique_ptr<CompiledVisits> visits;
  std::vector<CompiledDuty> duties;
  // The environment lifecycle expressions were compiled against.
  expr::Environment environment;
  std::map<std::string, LifecycleText> texts;

  const CompiledProcedure* ProcedureFor(v1::CaseKind kind) const {
    for (const CompiledProcedure& p : procedures) {
      if (p.definition.kind() == kind) return &p;
    }
    return nullptr;
  }
  const LifecycleText* Text(const std::string& id) const {
    auto it = texts.find(id);
    return it == texts.end() ? nullptr : &it->second;
  }
};

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_LIFECYCLE_PACK_H_
