// What the population fuzz targets share: the shipped packs with population
// rules, households of their places decided once, and the checks every
// population report must pass whatever the input.
#ifndef POVMON_TESTS_FUZZ_POPULATION_SUPPORT_H_
#define POVMON_TESTS_FUZZ_POPULATION_SUPPORT_H_

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/util/message_differencer.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "povmon/population.h"
#include "povmon/population_report.h"
#include "tests/fuzz/fuzz_support.h"

namespace povmon::fuzz {

// The shipped packs that have population files.
inline const std::vector<std::string>& PopulationPacks() {
  static const auto* packs = new std::vector<std::string>{
      "policies/lingshou-2024", "policies/xiangyin-2024", "policies/yingkou-2024"};
  return *packs;
}

// A household and its decision by a pack as shipped.
struct Decided {
  v1::Household household;
  v1::Decision decision;
};

// Every household of the example files and of the population test data
// (tests/testdata/population) that `policy` decides as of its first day.
inline std::vector<Decided> DecideExamples(const std::shared_ptr<const Policy>& policy) {
  std::vector<Decided> out;
  Evaluator evaluator(policy);
  EvaluateOptions options;
  options.as_of = policy->valid_from();
  options.trace = v1::TRACE_LEVEL_OFF;
  for (const char* file :
       {"tests/testdata/population/households.jsonl", "examples/households/lingshou.jsonl",
        "examples/households/yingkou.jsonl", "examples/households/hunan.jsonl"}) {
    std::istringstream lines(ReadWhole(SourceDir() + "/" + file));
    std::string line;
    while (std::getline(lines, line)) {
      Decided d;
      if (!ParseHouseholdJson(line, &d.household).ok()) continue;
      if (!evaluator.Evaluate(d.household, options, &d.decision).ok()) continue;
      out.push_back(std::move(d));
    }
  }
  return out;
}

// The places of the population test data (a region file, as a county
// gives with --regions).
inline const std::vector<v1::RegionInfo>& TestRegions() {
  static const auto* regions = [] {
    auto* r = new std::vector<v1::RegionInfo>();
    absl::Status s = ParseRegionFile(
        ReadWhole(SourceDir() + "/tests/testdata/population/regions.textproto"),
        "regions.textproto", r);
    POVMON_FUZZ_CHECK(s.ok());
    return r;
  }();
  return *regions;
}

// A refusal: a status with a message that is valid UTF-8.
inline void CheckRefusal(const absl::Status& status) {
  POVMON_FUZZ_CHECK(!status.ok());
  POVMON_FUZZ_CHECK(!status.message().empty());
  POVMON_FUZZ_CHECK(
      IsValidUtf8(std::string_view(status.message().data(), status.message().size())));
}

// What every report, even one read from a file, must do: go to JSON and
// back unchanged, and render as UTF-8 HTML or be refused with a message.
inline void CheckReport(const v1::PopulationReport& report) {
  std::string json;
  POVMON_FUZZ_CHECK(PopulationReportToJson(report, &json).ok());
  v1::PopulationReport back;
  absl::Status parsed = ParsePopulationReportJson(json, &back);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", std::string(parsed.message()).c_str());
  }
  POVMON_FUZZ_CHECK(parsed.ok());
  POVMON_FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(report, back));
  absl::StatusOr<std::string> html = RenderPopulationReportHtml(report);
  if (html.ok()) {
    POVMON_FUZZ_CHECK(IsValidUtf8(*html));
  } else {
    CheckRefusal(html.status());
  }
}

// A report RunPopulationRules made: besides, it names only rules it
// carries, and a spot check lists as many households as it draws.
inline void CheckMadeReport(const v1::PopulationReport& report) {
  for (const v1::PopulationFinding& f : report.findings()) {
    bool known = false;
    for (const v1::PopulationRule& r : report.rules()) known = known || r.id() == f.rule_id();
    POVMON_FUZZ_CHECK(known);
    if (f.has_sample()) {
      POVMON_FUZZ_CHECK(f.sample().household_ids_size() == f.sample().sample_size());
    }
  }
  CheckReport(report);
}

}  // namespace povmon::fuzz

#endif  // POVMON_TESTS_FUZZ_POPULATION_SUPPORT_H_
