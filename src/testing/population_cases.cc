#include "src/testing/population_cases.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"
#include "povmon/population.h"
#include "src/base/date.h"

namespace povmon {
namespace {

const std::string& CodeAt(const v1::RegionCodes& codes, v1::RegionLevel level) {
  switch (level) {
    case v1::REGION_LEVEL_PROVINCE: return codes.province();
    case v1::REGION_LEVEL_COUNTY: return codes.county();
    case v1::REGION_LEVEL_TOWNSHIP: return codes.township();
    default: return codes.village();
  }
}

std::string Compared(const v1::PopulationFinding& f) {
  std::vector<std::string> parts;
  for (const v1::Comparison& c : f.compared()) {
    parts.push_back(absl::StrCat(c.left_text(), " ", c.op(), " ", c.right_text(), ": ", c.left(),
                                 " ", c.op(), " ", c.right(), " is ", c.result() ? "true" : "false"));
  }
  return parts.empty() ? "" : absl::StrCat(" (", absl::StrJoin(parts, "; "), ")");
}

void CheckFinding(const v1::PopulationReport& report, const v1::ExpectedPopulationFinding& e,
                  std::vector<std::string>* failures) {
  const v1::PopulationFinding* found = nullptr;
  for (const v1::PopulationFinding& f : report.findings()) {
    if (f.rule_id() == e.rule_id() && CodeAt(f.codes(), f.scope()) == e.region_code()) {
      found = &f;
      break;
    }
  }
  std::string where = absl::StrCat("rule ", e.rule_id(), " at ", e.region_code());
  if (found == nullptr) {
    failures->push_back(absl::StrCat(where, ": no finding (no such rule, or no household there)"));
    return;
  }
  const v1::PopulationFinding& f = *found;
  if (e.has_fired() && e.fired() != f.fired()) {
    failures->push_back(absl::StrCat(where, ": expected ", e.fired() ? "fired" : "not fired",
                                     ", got ", f.fired() ? "fired" : "not fired", Compared(f)));
  }
  if (e.has_sample_size() && e.sample_size() != f.sample().sample_size()) {
    failures->push_back(absl::StrCat(where, ": sample size: expected ", e.sample_size(), ", got ",
                                     f.sample().sample_size()));
  }
  if (e.has_eligible_households() && e.eligible_households() != f.sample().eligible_households()) {
    failures->push_back(absl::StrCat(where, ": eligible households: expected ",
                                     e.eligible_households(), ", got ",
                                     f.sample().eligible_households()));
  }
  for (const std::string& id : e.sampled()) {
    const auto& ids = f.sample().household_ids();
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      failures->push_back(absl::StrCat(where, ": household ", id, " is not in the sample (",
                                       absl::StrJoin(ids, ", "), ")"));
    }
  }
  if (e.has_compared_left()) {
    bool any = std::any_of(f.compared().begin(), f.compared().end(),
                           [&](const v1::Comparison& c) { return c.left() == e.compared_left(); });
    if (!any) {
      failures->push_back(absl::StrCat(where, ": no comparison with left value ",
                                       e.compared_left(), Compared(f)));
    }
  }
}

void CheckCounts(const v1::PopulationSummary& summary, const v1::ExpectedRegionCounts& e,
                 std::vector<std::string>* failures) {
  const v1::RegionTally* found = nullptr;
  for (const v1::RegionTally& t : summary.regions()) {
    if (t.level() == e.level() && CodeAt(t.codes(), t.level()) == e.region_code()) found = &t;
  }
  std::string where = absl::StrCat(v1::RegionLevel_Name(e.level()), " ", e.region_code());
  if (found == nullptr) {
    failures->push_back(absl::StrCat(where, ": no household counted there"));
    return;
  }
  const v1::RegionCounts& c = found->counts();
  auto check = [&](bool has, std::int64_t want, std::int64_t got, const char* what) {
    if (has && want != got) {
      failures->push_back(absl::StrCat(where, ": ", what, ": expected ", want, ", got ", got));
    }
  };
  check(e.has_households(), e.households(), c.households(), "households");
  check(e.has_monitored_households(), e.monitored_households(), c.monitored_households(),
        "monitored_households");
  check(e.has_unresolved_monitored_people(), e.unresolved_monitored_people(),
        c.unresolved_monitored_people(), "unresolved_monitored_people");
  check(e.has_income_declined_households(), e.income_declined_households(),
        c.income_declined_households(), "income_declined_households");
  check(e.has_screening_declined_households(), e.screening_declined_households(),
        c.screening_declined_households(), "screening_declined_households");
  check(e.has_lifted_out_or_monitored_households(), e.lifted_out_or_monitored_households(),
        c.lifted_out_or_monitored_households(), "lifted_out_or_monitored_households");
}

}  // namespace

void RunPopulationCases(const v1::TestSuite& suite, const TextSource& source,
                        const std::shared_ptr<const Policy>& policy,
                        std::vector<PackCaseResult>* results, CoverageCollector* coverage) {
  const google::protobuf::FieldDescriptor* case_field =
      v1::TestSuite::descriptor()->FindFieldByName("population_case");
  Evaluator evaluator(policy);
  v1::Decision decision;
  v1::Household household;
  for (int i = 0; i < suite.population_case_size(); ++i) {
    const v1::PopulationCase& pc = suite.population_case(i);
    PackCaseResult r;
    r.file = source.name();
    r.line = source.FieldPosition(nullptr, case_field, i).line;
    r.name = pc.name().empty() ? absl::StrCat("population case ", i + 1) : pc.name();
    r.citation = pc.citation();
    std::optional<absl::CivilDay> as_of = ParseDate(pc.as_of());
    if (!as_of) {
      r.failures.push_back(absl::StrCat("as_of \"", pc.as_of(), "\" is not a date (YYYY-MM-DD)"));
      results->push_back(std::move(r));
      continue;
    }
    Aggregator aggregator(policy, pc.sample_seed());
    EvaluateOptions options;
    options.as_of = *as_of;
    options.trace = v1::TRACE_LEVEL_OFF;
    for (const v1::PopulationHouseholds& group : pc.households()) {
      int copies = std::max(1, group.copies());
      for (int k = 1; k <= copies; ++k) {
        household = group.household();
        if (group.copies() > 1) household.set_id(absl::StrCat(group.household().id(), "-", k));
        absl::Status s = ValidateHousehold(household);
        if (s.ok()) s = evaluator.Evaluate(household, options, &decision);
        if (s.ok()) s = aggregator.Add(household, decision);
        if (!s.ok()) {
          r.failures.push_back(absl::StrCat("household ", household.id(), ": ", s.message()));
        }
      }
    }
    v1::PopulationSummary summary;
    aggregator.Summarize(&summary);
    PopulationOptions population;
    population.as_of = *as_of;
    population.trace = v1::TRACE_LEVEL_FULL;
    population.regions.assign(pc.regions().begin(), pc.regions().end());
    absl::StatusOr<v1::PopulationReport> report =
        RunPopulationRules(*policy, summary, population);
    if (!report.ok()) {
      r.failures.push_back(absl::StrCat("population rules failed: ", report.status().message()));
    } else {
      if (coverage != nullptr) coverage->AddPopulationReport(*report);
      for (const auto& e : pc.expect()) CheckFinding(*report, e, &r.failures);
      for (const auto& e : pc.expect_counts()) CheckCounts(summary, e, &r.failures);
    }
    r.passed = r.failures.empty();
    results->push_back(std::move(r));
  }
}

}  // namespace povmon
