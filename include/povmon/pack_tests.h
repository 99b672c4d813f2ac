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

}  // namespace povmon

#endif  // POVMON_PACK_TESTS_H_
