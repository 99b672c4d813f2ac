// The pack's own test cases (policies/<pack>/tests/*.textproto): households
// with the decisions the plan's text requires, run by `povmon test`.
#ifndef POVMON_PACK_TESTS_H_
#define POVMON_PACK_TESTS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "povmon/policy.h"

namespace povmon {

struct PackCaseResult {
  std::string file;
  int line = 0;
  std::string name;
  std::string citation;
  bool passed = false;
  // One line per unmet expectation: "category: expected X, got Y".
  std::vector<std::string> failures;
};

// One thing the pack decides, and whether the pack's tests exercised it.
struct PackCoverageItem {
  // "rule" (identification), "measure", "elimination rule", "duty",
  // "visit cadence", "green channel" or "population rule".
  std::string kind;
  std::string id;
  std::string file;  // where it is written
  int line = 0;
  // It fired (a rule held, a measure was applied, a duty was owed, a
  // population rule found something) in at least one test case.
  bool exercised = false;
};

// What `povmon test --coverage` reports: every item of the pack, in pack
// order (identification rules, measures, elimination rules, duties, visit
// cadences, green channels, population rules).
struct PackCoverage {
  std::vector<PackCoverageItem> items;
  int exercised() const;
  int total() const { return static_cast<int>(items.size()); }
};

// Run every case in `pack_dir`/tests/*.textproto (files in name order).
// A test file that does not parse is an error naming file, line and column.
// With `coverage`, also what the cases exercised (filled when the cases
// ran, whether or not they passed).
absl::StatusOr<std::vector<PackCaseResult>> RunPackTests(const std::string& pack_dir,
                                                         std::shared_ptr<const Policy> policy,
                                                         PackCoverage* coverage = nullptr);

// The report `povmon test` prints: one line per case ("PASS name  [citation]"
// or "FAIL name  [citation]", then for a failure "     at file:line" and one
// indented line per unmet expectation), and last "PACK: N passed, M failed".
std::string PackTestsText(const std::string& pack_id, const std::vector<PackCaseResult>& results);

// The same as one JSON object:
//   {"pack":"ID","passed":N,"failed":M,"cases":[{"name":"...","citation":"...",
//    "file":"...","line":L,"passed":true,"failures":["..."]},...]}
std::string PackTestsJson(const std::string& pack_id, const std::vector<PackCaseResult>& results);

// The coverage as text: "coverage: N of M items exercised (fired in at
// least one test case)", a line per kind ("  rules: 20 of 25"), then every
// item not exercised as "FILE:LINE: KIND ID".
std::string PackCoverageText(const PackCoverage& coverage);

// The same as one JSON object:
//   {"exercised":N,"total":M,"kinds":[{"kind":"rule","exercised":N,"total":M},...],
//    "not_exercised":[{"kind":"rule","id":"...","file":"...","line":L},...]}
std::string PackCoverageJson(const PackCoverage& coverage);

}  // namespace povmon

#endif  // POVMON_PACK_TESTS_H_
