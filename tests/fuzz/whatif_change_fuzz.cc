// The what-if change parser: each input line is a NAME=VALUE[@FROM] change
// (ParameterChange::Parse); those that parse are applied to the mini pack
// (Policy::WithChanges). Either a what-if policy that decides a household,
// or problems naming each bad change; never a negative money parameter.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::shared_ptr<const povmon::Policy>* mini = [] {
    auto policy = povmon::Policy::Load(povmon::fuzz::SourceDir() + "/tests/testdata/packs/mini");
    POVMON_FUZZ_CHECK(policy.ok());
    return new std::shared_ptr<const povmon::Policy>(*policy);
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<povmon::ParameterChange> changes;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    auto change = povmon::ParameterChange::Parse(std::string(line));
    if (!change.ok()) {
      POVMON_FUZZ_CHECK(!change.status().message().empty());
      continue;
    }
    // The text form reads back as the same change.
    auto again = povmon::ParameterChange::Parse(change->ToString());
    POVMON_FUZZ_CHECK(again.ok() && again->name == change->name &&
                      again->value == change->value && again->from == change->from);
    changes.push_back(*change);
    if (changes.size() >= 16) break;
  }
  if (changes.empty()) return 0;
  std::vector<povmon::LoadProblem> problems;
  auto what_if = (*mini)->WithChanges(changes, &problems);
  if (!what_if.ok()) {
    POVMON_FUZZ_CHECK(!problems.empty());
    return 0;
  }
  povmon::Evaluator evaluator(*what_if);
  povmon::EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 11, 30);
  povmon::v1::Household h;
  h.set_id("fuzz");
  auto* m = h.add_members();
  m->set_id("m");
  m->set_registered(true);
  povmon::v1::Decision decision;
  (void)evaluator.Evaluate(h, options, &decision);
  return 0;
}
