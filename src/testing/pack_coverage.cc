#include "src/testing/pack_coverage.h"

#include "src/policy/lifecycle_pack.h"
#include "src/policy/policy_impl.h"
#include "src/population/population_pack.h"

namespace povmon {

int PackCoverage::exercised() const {
  int n = 0;
  for (const PackCoverageItem& item : items) n += item.exercised ? 1 : 0;
  return n;
}

void CoverageCollector::AddDecision(const v1::Decision& decision) {
  for (const v1::TraceEntry& t : decision.trace()) {
    if (t.fired()) fired_.emplace(static_cast<int>(t.stage()), t.rule_id());
  }
}

void CoverageCollector::AddWorkshopAward(const v1::WorkshopAward& award) {
  for (const v1::PlanMeasure& m : award.measures()) {
    fired_.emplace(static_cast<int>(v1::STAGE_ASSISTANCE), m.measure_id());
  }
}

void CoverageCollector::AddPopulationReport(const v1::PopulationReport& report) {
  for (const v1::PopulationFinding& f : report.findings()) {
    if (f.fired()) fired_.emplace(static_cast<int>(v1::STAGE_UNSPECIFIED), f.rule_id());
  }
}

void CoverageCollector::Fill(const Policy& policy, PackCoverage* coverage) const {
  const PolicyImpl& impl = PolicyImpl::Of(policy);
  auto add = [&](const char* kind, v1::Stage stage, const std::string& id,
                 const std::string& file, int line) {
    PackCoverageItem item;
    item.kind = kind;
    item.id = id;
    item.file = file;
    item.line = line;
    item.exercised = fired_.count({static_cast<int>(stage), id}) > 0;
    coverage->items.push_back(std::move(item));
  };
  // Where a lifecycle item begins: its condition's item line.
  auto where = [](const LifecycleExpression& a, const LifecycleExpression& b) {
    return a.present() ? std::make_pair(a.file, a.item_line) : std::make_pair(b.file, b.item_line);
  };
  coverage->items.clear();
  for (const CompiledRule& r : impl.compiled) {
    add("rule", v1::STAGE_IDENTIFICATION, impl.rules[r.index].id(), r.file, r.line);
  }
  for (const CompiledMeasure& m : impl.measures.compiled) {
    add("measure", v1::STAGE_ASSISTANCE, impl.measures.measures[m.index].id(), m.file, m.line);
  }
  if (const LifecyclePack* life = impl.lifecycle.get(); life != nullptr) {
    if (life->elimination != nullptr) {
      for (const CompiledEliminationRule& r : life->elimination->rules) {
        std::pair<std::string, int> at = where(r.when, r.not_before);
        add("elimination rule", v1::STAGE_ELIMINATION, r.rule.id(), at.first, at.second);
      }
    }
    for (const CompiledDuty& d : life->duties) {
      add("duty", v1::STAGE_DUTIES, d.duty.id(), d.when.file, d.when.item_line);
    }
    if (life->visits != nullptr) {
      for (const CompiledCadence& c : life->visits->cadences) {
        add("visit cadence", v1::STAGE_VISITS, c.cadence.id(), c.when.file, c.when.item_line);
      }
    }
    for (const CompiledProcedure& p : life->procedures) {
      if (!p.has_green_channel) continue;
      add("green channel", v1::STAGE_PROCEDURE, p.definition.green_channel().id(),
          p.green_channel_when.file, p.green_channel_when.item_line);
    }
  }
  if (impl.population != nullptr) {
    for (const CompiledPopulationRule& r : impl.population->rules) {
      add("population rule", v1::STAGE_UNSPECIFIED, r.rule.id(), r.file, r.line);
    }
  }
}

}  // namespace povmon
