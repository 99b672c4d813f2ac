// The rule language: any text as a rule's condition goes through the pack
// loader's parse, type check and plan, and, when it compiles, is evaluated
// on households that reach every stage. Nothing may crash, hang or leak;
// a condition that does not compile is a load problem with a position.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "google/protobuf/util/json_util.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using povmon::fuzz::PackFiles;

// The engine's test pack with three named definitions (a chain, one with a
// comprehension) that a condition may use, and a rule that uses them all (an
// unused definition is a load problem).
const std::map<std::string, std::string>& Mini() {
  static const auto* files = [] {
    auto* f = new std::map<std::string, std::string>(PackFiles("tests/testdata/packs/mini"));
    (*f)["pack.textproto"] += "\ndefinition_files: \"definitions.textproto\"\n";
    std::string definitions;
    for (const char* d : {
             R"d(name: "wages" type: "money" value: "sum(filter(household.income, i, i.kind == INCOME_KIND_WAGE), i, i.amount_fen)")d",
             R"d(name: "income_per_head" type: "money" value: "facts.per_capita_net_income_fen")d",
             R"d(name: "low_income" type: "bool" value: "income_per_head < param.monitoring_line && wages >= fen(0)")d"}) {
      definitions += std::string("definition {\n  ") + d +
                     "\n  citation: \"fuzz\"\n  description_zh: \"模糊\"\n  description_en: \"fuzz\"\n}\n";
    }
    (*f)["definitions.textproto"] = definitions;
    (*f)["rules.textproto"] +=
        "rule {\n  id: \"fuzz.definitions\"\n  citation: \"fuzz\"\n  description_zh: \"模糊\"\n"
        "  description_en: \"fuzz\"\n  when: \"low_income\"\n  watch: WATCH_GROUP_SERIOUS_ILLNESS\n}\n";
    POVMON_FUZZ_CHECK(povmon::Policy::LoadFromFiles(*f, "fuzz").ok());
    return f;
  }();
  return *files;
}

const std::vector<povmon::v1::Household>& Households() {
  static auto* households = [] {
    auto* out = new std::vector<povmon::v1::Household>();
    for (const char* json : {
             R"({"id":"a","members":[{"id":"m","registered":true,"co_resident":true,"birth_date":"1960-01-01","health":{"serious_illness":true}}],"income":[{"date":"2024-06-01","kind":"INCOME_KIND_WAGE","amount_fen":"500000"}],"expenditure":[{"date":"2024-05-01","kind":"EXPENDITURE_KIND_EDUCATION","amount_fen":"900000"}],"assets":[{"kind":"ASSET_KIND_CAR"}]})",
             R"({"id":"b","lifted_out":true,"members":[{"id":"m","registered":true},{"id":"n","registered":true,"relation":"RELATION_CHILD"}]})"}) {
      povmon::v1::Household h;
      if (google::protobuf::util::JsonStringToMessage(json, &h).ok()) out->push_back(h);
    }
    return out;
  }();
  return *households;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string condition(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> files = Mini();
  files["rules.textproto"] +=
      "rule {\n  id: \"fuzz\"\n  citation: \"fuzz\"\n  description_zh: \"模糊\"\n"
      "  description_en: \"fuzz\"\n  when: \"" +
      absl::CEscape(condition) + "\"\n  watch: WATCH_GROUP_SERIOUS_ILLNESS\n}\n";
  std::vector<povmon::LoadProblem> problems;
  auto policy = povmon::Policy::LoadFromFiles(files, "fuzz", &problems);
  if (!policy.ok()) {
    POVMON_FUZZ_CHECK(!problems.empty());
    return 0;
  }
  povmon::Evaluator evaluator(*policy);
  povmon::EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 11, 30);
  options.trace = povmon::v1::TRACE_LEVEL_FULL;
  povmon::v1::Decision decision;
  for (const povmon::v1::Household& h : Households()) {
    (void)evaluator.Evaluate(h, options, &decision);
  }
  return 0;
}
