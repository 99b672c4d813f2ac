// What a loaded pack is inside: the checked pack, its dated parameters and
// its rules, each planned into a Program, in evaluation order.
#ifndef POVMON_SRC_POLICY_POLICY_IMPL_H_
#define POVMON_SRC_POLICY_POLICY_IMPL_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "povmon/policy.h"
#include "povmon/v1/policy.pb.h"
#include "src/expr/environment.h"
#include "src/expr/program.h"
#include "src/policy/measure_catalogue.h"
#include "src/policy/parameter_series.h"

namespace povmon {

class LifecyclePack;     // src/policy/lifecycle_pack.h
class WorkingCalendar;   // src/calendar/working_calendar.h
struct PopulationPack;   // src/population/population_pack.h

enum class RuleKind { kNegativeList, kRisk, kWatch, kSituation, kScreening, kCategory };

// The names rules read (expr::Environment roots).
inline constexpr int kHouseholdSlot = 0;
inline constexpr int kFactsSlot = 1;
inline constexpr int kIdentificationSlot = 2;
// Member-level assistance measures read the member as `member`.
inline constexpr int kMemberSlot = 3;

struct CompiledRule {
  int index = 0;  // into PolicyImpl::rules
  RuleKind kind = RuleKind::kCategory;
  int outcome = 0;           // the outcome enum's number
  std::string outcome_name;  // e.g. "CATEGORY_MARGINAL_AT_RISK"
  std::string file;          // where the rule is written
  int line = 0;
  std::unique_ptr<expr::Program> program;
};

class PolicyImpl {
 public:
  v1::PolicyPack pack;
  std::string label;  // the pack folder as the caller named it
  std::string revision;
  // The pack's files as read (name → content), kept so that a what-if
  // variant (Policy::WithChanges) is loaded and checked from the same text.
  std::map<std::string, std::string> files;
  // The what-if changes applied at load; empty for the pack itself.
  std::vector<ParameterChange> changes;
  absl::CivilDay valid_from;
  absl::CivilDay valid_until;
  std::vector<v1::Rule> rules;
  std::vector<CompiledRule> compiled;  // compiled[i].index == i
  absl::flat_hash_map<std::string, int> rule_by_id;
  std::vector<ParameterSeries> parameters;  // indexed by parameter slot
  expr::Environment environment;
  // Evaluation order: collected rules (negative list, risk, watch,
  // situation) in file order, then category rules in file order.
  std::vector<int> collected_rules;
  std::vector<int> category_rules;
  // The assistance measures (measure_files); empty when the pack has none.
  MeasureCatalogue measures;
  // The lifecycle stages (lifecycle_files) and the working-day calendar
  // (calendar_files); null when the pack names none.
  std::shared_ptr<const LifecyclePack> lifecycle;
  std::shared_ptr<const WorkingCalendar> calendar;
  // The population rules and places (population_files, region_files); null
  // when the pack names neither.
  std::shared_ptr<const PopulationPack> population;

  // Building a Policy goes through here (Policy's constructor is private).
  static std::shared_ptr<const Policy> Wrap(std::unique_ptr<PolicyImpl> impl);

  // What `policy` is inside: the engine's way in (the public header keeps
  // it out of front ends' reach).
  static const PolicyImpl& Of(const Policy& policy) { return *policy.impl_; }

  // Load `files` (src/policy/pack_loader.cc), applying `changes` to the
  // parameters; what Policy::LoadFromFiles and Policy::WithChanges share.
  // `unreadable`: files of the pack folder not read, and why
  // (ReadPackFolder in src/policy/pack_files.h).
  static absl::StatusOr<std::shared_ptr<const Policy>> Load(
      const std::map<std::string, std::string>& files, const std::string& label,
      const std::vector<ParameterChange>& changes, std::vector<LoadProblem>* problems,
      const std::map<std::string, std::string>* unreadable = nullptr);
};

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_POLICY_IMPL_H_
