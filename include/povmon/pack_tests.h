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

// Run every case in `pack_dir`/tests/*.textproto (files in name order).
// A test file that does not parse is an error naming file, line and column.
absl::StatusOr<std::vector<PackCaseResult>> RunPackTests(const std::string& pack_dir,
                                                         std::shared_ptr<const Policy> policy);

// The report `povmon test` prints: one line per case ("PASS name  [citation]"
// or "FAIL name  [citation]", then for a failure "     at file:line" and one
// indented line per unmet expectation), and last "PACK: N passed, M failed".
std::string PackTestsText(const std::string& pack_id, const std::vector<PackCaseResult>& results);

// The same as one JSON object:
//   {"pack":"ID","passed":N,"failed":M,"cases":[{"name":"...","citation":"...",
//    "file":"...","line":L,"passed":true,"failures":["..."]},...]}
std::string PackTestsJson(const std::string& pack_id, const std::vector<PackCaseResult>& results);

}  // namespace povmon

#endif  // POVMON_PACK_TESTS_H_
