// Loading a pack's lifecycle: its calendar_files into a WorkingCalendar and
// its lifecycle_files into a LifecyclePack, every expression compiled and
// every problem reported at its file position, with the rest of the pack's
// problems.
#ifndef POVMON_SRC_POLICY_LIFECYCLE_LOADER_H_
#define POVMON_SRC_POLICY_LIFECYCLE_LOADER_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "povmon/v1/policy.pb.h"
#include "src/calendar/working_calendar.h"
#include "src/expr/environment.h"
#include "src/policy/lifecycle_pack.h"
#include "src/policy/pack_files.h"
#include "src/policy/text_source.h"

namespace povmon {

struct LifecycleLoadContext {
  const v1::PolicyPack* pack = nullptr;
  // The pack's files (src/policy/pack_files.h); pack.textproto is open.
  PackFiles* files = nullptr;
  // The identification environment: roots and parameters. Lifecycle
  // expressions see it plus `lifecycle` and `visit`.
  const expr::Environment* environment = nullptr;
  // Ids already taken by the pack's rules.
  const absl::flat_hash_map<std::string, int>* rule_ids = nullptr;
  absl::CivilDay valid_from;
  absl::CivilDay valid_until;
  ProblemList* problems = nullptr;
};

// Leaves `lifecycle` (`calendar`) null when the pack names no lifecycle
// (calendar) files. A pack that counts working days needs calendar files
// covering every year of its dates.
void LoadLifecycle(const LifecycleLoadContext& context,
                   std::shared_ptr<const LifecyclePack>* lifecycle,
                   std::shared_ptr<const WorkingCalendar>* calendar);

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_LIFECYCLE_LOADER_H_
