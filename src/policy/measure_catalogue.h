// A pack's measure catalogue (its `measure_files`, MeasureFile in
// assistance.proto): measures, their families and hit policies, the
// assistance principles and the named rounding rules, each expression
// compiled once at load. See docs/assistance.md.
#ifndef POVMON_SRC_POLICY_MEASURE_CATALOGUE_H_
#define POVMON_SRC_POLICY_MEASURE_CATALOGUE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "povmon/v1/assistance.pb.h"
#include "povmon/v1/policy.pb.h"
#include "src/expr/environment.h"
#include "src/expr/program.h"
#include "src/policy/pack_files.h"
#include "src/policy/text_source.h"

namespace povmon {

// The root a workshop-level expression reads (its own environment, which
// has no household).
inline constexpr int kWorkshopSlot = 0;

struct CompiledMeasure {
  int index = 0;    // into MeasureCatalogue::measures
  int family = -1;  // into MeasureCatalogue::families; -1 for a lone measure
  v1::MeasureLevel level = v1::MEASURE_LEVEL_UNSPECIFIED;
  v1::MeasureKind kind = v1::MEASURE_KIND_UNSPECIFIED;
  // Bit r set when the measure answers RiskType r.
  std::uint64_t risk_mask = 0;
  // Named by the GUARANTEE principle: a candidate whenever it holds.
  bool guarantee_principle = false;
  std::unique_ptr<expr::Program> who;  // null: every candidate
  std::vector<std::unique_ptr<expr::Program>> conditions;
  std::unique_ptr<expr::Program> amount;  // exact amount
  std::unique_ptr<expr::Program> min_amount;
  std::unique_ptr<expr::Program> max_amount;
  std::unique_ptr<expr::Program> until;
  std::string file;  // where the measure is written
  int line = 0;
  int column = 0;
};

// The measures decided together: a family (in file order), or one measure
// without a family. Groups are in the order their first measure appears.
struct MeasureGroup {
  int family = -1;
  v1::MeasureLevel level = v1::MEASURE_LEVEL_UNSPECIFIED;
  bool priority = false;
  std::vector<int> measures;  // into MeasureCatalogue::compiled
};

struct CompiledPrinciple {
  int index = -1;  // into MeasureCatalogue::principles; -1 when absent
  std::unique_ptr<expr::Program> when;
  int measure = -1;  // ASSIGNED_HELPER: into compiled
};

struct MeasureCatalogue {
  std::vector<v1::Measure> measures;
  std::vector<v1::MeasureFamily> families;
  std::vector<v1::Principle> principles;
  std::vector<v1::RoundingRule> rounding;
  std::vector<CompiledMeasure> compiled;  // compiled[i].index == i
  absl::flat_hash_map<std::string, int> measure_by_id;
  // Household- and member-level groups; workshop-level groups.
  std::vector<MeasureGroup> household_groups;
  std::vector<MeasureGroup> workshop_groups;
  // One slot per PrincipleKind (index -1 when the pack does not state it).
  CompiledPrinciple targeted;
  CompiledPrinciple combined;
  CompiledPrinciple development_first;
  CompiledPrinciple guarantee;
  CompiledPrinciple assigned_helper;
  // Member-level expressions also read `member` (kMemberSlot); workshop-level
  // ones read only `workshop` (kWorkshopSlot) and the parameters.
  expr::Environment member_environment;
  expr::Environment workshop_environment;

  bool empty() const { return measures.empty(); }
  bool has_household_measures() const { return !household_groups.empty(); }
};

// What loading a catalogue needs from the pack loader.
struct MeasureLoadContext {
  const v1::PolicyPack* pack = nullptr;
  // The pack's files (src/policy/pack_files.h); pack.textproto is open.
  PackFiles* files = nullptr;
  // The household-level environment (household, facts, identification,
  // parameters).
  const expr::Environment* environment = nullptr;
  // Rule ids, which measure ids must not repeat (both name trace entries).
  const absl::flat_hash_map<std::string, int>* rule_ids = nullptr;
  ProblemList* problems = nullptr;
};

// Read, check and compile the pack's measure files into `catalogue`. Every
// problem is added with its file position; see docs/assistance.md for what
// is checked (missing fields, types, families and levels, literally
// unsatisfiable measures, PRIORITY measures shadowed by an earlier one,
// amounts that divide without a named rounding rule, principles).
void LoadMeasureCatalogue(const MeasureLoadContext& context, MeasureCatalogue* catalogue);

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_MEASURE_CATALOGUE_H_
