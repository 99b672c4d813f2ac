// The pack loader, from memory: the first byte picks one file of a pack
// that has every kind (pack.textproto, parameters, definitions, rules,
// measures, lifecycle, calendar/, population: policies/lingshou-2024), in
// the order of their names with definitions.textproto last (it came after
// the corpus, whose seeds, first bytes 0 to 10, keep picking the files they
// did), the rest replaces it. Any content loads or is refused
// with problems; nothing crashes, hangs or grows without bound, and a pack
// that loads decides a household. The pack as read must load (its calendar
// files in calendar/ included), or no input would get past the loader.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const std::map<std::string, std::string>& Pack() {
  static const auto* files = [] {
    auto* f =
        new std::map<std::string, std::string>(povmon::fuzz::PackFiles("policies/lingshou-2024"));
    POVMON_FUZZ_CHECK(povmon::Policy::LoadFromFiles(*f, "lingshou-2024").ok());
    return f;
  }();
  return *files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::map<std::string, std::string> files = Pack();
  std::vector<std::string> names;
  for (const auto& [name, content] : files) {
    if (name != "definitions.textproto") names.push_back(name);
  }
  if (files.count("definitions.textproto") != 0) names.push_back("definitions.textproto");
  const std::string& name = names[data[0] % names.size()];
  files[name] = std::string(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<povmon::LoadProblem> problems;
  auto policy = povmon::Policy::LoadFromFiles(files, "fuzz", &problems);
  if (!policy.ok()) {
    POVMON_FUZZ_CHECK(!problems.empty());
    for (const povmon::LoadProblem& p : problems) POVMON_FUZZ_CHECK(!p.message.empty());
    return 0;
  }
  povmon::Evaluator evaluator(*policy);
  povmon::EvaluateOptions options;
  options.as_of = (*policy)->valid_from();
  povmon::v1::Household h;
  h.set_id("fuzz");
  auto* m = h.add_members();
  m->set_id("m");
  m->set_registered(true);
  povmon::v1::Decision decision;
  (void)evaluator.Evaluate(h, options, &decision);
  return 0;
}
