// The last stage: the pack's population rules over the places' aggregates
// (architecture: facts → identification → assistance → elimination →
// procedure → population).
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "povmon/population.h"
#include "src/base/date.h"
#include "src/policy/policy_impl.h"
#include "src/population/population_pack.h"
#include "src/population/spot_check.h"
#include "src/stages/trace_recorder.h"

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

std::string PlaceName(const v1::RegionTally& tally, const v1::RegionInfo& info) {
  const std::string& code = CodeAt(tally.codes(), tally.level());
  std::string label = absl::StrCat(v1::RegionLevel_Name(tally.level()).substr(13), " ",
                                   code.empty() ? "(no code)" : code);
  if (!info.name().empty()) absl::StrAppend(&label, " ", info.name());
  return label;
}

}  // namespace

absl::StatusOr<v1::PopulationReport> RunPopulationRules(const Policy& policy,
                                                        const v1::PopulationSummary& summary,
                                                        const PopulationOptions& options) {
  const PolicyImpl& impl = PolicyImpl::Of(policy);
  if (options.as_of == absl::CivilDay()) {
    return absl::InvalidArgumentError(
        "no as-of date: PopulationOptions.as_of was left at 1970-01-01; give the date whose "
        "parameter values the population rules use");
  }
  if (options.as_of < impl.valid_from || options.as_of > impl.valid_until) {
    return absl::OutOfRangeError(absl::StrCat(
        "as-of date ", FormatDate(options.as_of), " is outside the dates of pack ",
        impl.pack.id(), " (", FormatDate(impl.valid_from), " to ", FormatDate(impl.valid_until),
        ")"));
  }
  std::int64_t as_of_days = DaysSinceEpoch(options.as_of);
  std::vector<expr::Value> parameters(impl.parameters.size());
  for (std::size_t i = 0; i < impl.parameters.size(); ++i) {
    const DatedValue* v = impl.parameters[i].At(as_of_days);
    if (v == nullptr) {
      return absl::OutOfRangeError(absl::StrCat("parameter \"", impl.parameters[i].name,
                                                "\" has no value on ", FormatDate(options.as_of)));
    }
    parameters[i] = v->value;
  }

  v1::PopulationReport report;
  report.set_pack_id(impl.pack.id());
  report.set_pack_revision(impl.revision);
  report.set_as_of(FormatDate(options.as_of));
  *report.mutable_summary() = summary;

  // The places: the pack's, then the caller's (replacing the pack's).
  std::map<std::pair<int, std::string>, v1::RegionInfo> places;
  if (impl.population) {
    for (const v1::RegionInfo& r : impl.population->regions) places[{r.level(), r.code()}] = r;
  }
  for (const v1::RegionInfo& r : options.regions) places[{r.level(), r.code()}] = r;
  for (const auto& [key, r] : places) *report.add_regions() = r;
  report.set_pack_title_zh(impl.pack.title_zh());
  if (!impl.population) return report;
  for (const CompiledPopulationRule& c : impl.population->rules) *report.add_rules() = c.rule;

  expr::Activation activation;
  activation.parameters = parameters.data();
  activation.as_of_days = as_of_days;
  expr::Scratch scratch;
  TraceRecorder recorder;
  bool full = options.trace == v1::TRACE_LEVEL_FULL;
  for (const CompiledPopulationRule& compiled : impl.population->rules) {
    const v1::PopulationRule& rule = compiled.rule;
    bool spot_check = rule.outcome() == v1::POPULATION_OUTCOME_SPOT_CHECK;
    if (spot_check && summary.sample_candidate_bp() <= 0 && summary.households_decided() > 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "population rule \"", rule.id(), "\" (", compiled.file, ":", compiled.line,
          "): the summary kept no spot-check candidates; it was made with a pack without spot "
          "checks (sample_candidate_bp 0)"));
    }
    for (const v1::RegionTally& tally : summary.regions()) {
      if (tally.level() != rule.scope()) continue;
      v1::RegionInfo info;
      if (auto it = places.find({tally.level(), CodeAt(tally.codes(), tally.level())});
          it != places.end()) {
        info = it->second;
      } else {
        info.set_level(tally.level());
        info.set_code(CodeAt(tally.codes(), tally.level()));
      }
      v1::PopulationFinding* finding = report.add_findings();
      finding->set_rule_id(rule.id());
      finding->set_citation(rule.citation());
      finding->set_scope(rule.scope());
      *finding->mutable_codes() = tally.codes();
      finding->set_region_name(info.name());
      finding->set_outcome(rule.outcome());
      bool fired = true;
      if (compiled.when != nullptr) {
        activation.roots[kRegionSlot] = &info;
        activation.roots[kSummarySlot] = &tally.counts();
        recorder.set_target(finding->mutable_compared());
        absl::StatusOr<expr::Value> v = compiled.when->Evaluate(activation, &scratch, &recorder);
        recorder.set_target(nullptr);
        if (!v.ok()) {
          return absl::Status(v.status().code(),
                              absl::StrCat("population rule \"", rule.id(), "\" (", compiled.file,
                                           ":", compiled.line, ") at ", PlaceName(tally, info),
                                           ": ", v.status().message()));
        }
        fired = v->i != 0;
      }
      if (fired && spot_check) {
        v1::SpotCheckSample* sample = finding->mutable_sample();
        std::int64_t share = parameters[compiled.share_slot].i;
        std::int64_t eligible = tally.counts().lifted_out_or_monitored_households();
        std::int64_t size = SampleSize(eligible, share);
        sample->set_seed(summary.sample_seed());
        sample->set_share_bp(static_cast<int>(share));
        sample->set_eligible_households(eligible);
        sample->set_sample_size(size);
        if (size > tally.sample_candidates_size()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "population rule \"", rule.id(), "\" (", compiled.file, ":", compiled.line,
              ") at ", PlaceName(tally, info), ": the spot check draws ", size, " of ", eligible,
              " households but the summary kept only ", tally.sample_candidates_size(),
              " candidates (summarise with this pack, whose largest share sets how many are "
              "kept)"));
        }
        for (std::int64_t i = 0; i < size; ++i) {
          sample->add_household_ids(tally.sample_candidates(static_cast<int>(i)).household_id());
        }
        fired = size > 0;
      }
      finding->set_fired(fired);
      if (!fired && !full) report.mutable_findings()->RemoveLast();
    }
  }
  return report;
}

}  // namespace povmon
