// What-if policies through the C ABI: the changes arrive as text, one per
// line, and become Policy::WithChanges's ParameterChanges. A line that does
// not parse is a problem of the what-if like the pack's own (file "changes",
// its line and column), so a caller sees every mistake at once.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "internal.h"

namespace povmon::capi {
namespace {

constexpr char kFunction[] = "povmon_policy_with_changes";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// The changes of `text`, one per line; a line that is not NAME=VALUE[@FROM]
// adds a problem instead. Blank lines, a "\r" before the "\n" and blanks
// around a change are skipped.
std::vector<ParameterChange> ParseChanges(std::string_view text,
                                          std::vector<LoadProblem>* problems) {
  std::vector<ParameterChange> changes;
  int line_number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++line_number;
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t first = 0;
    while (first < line.size() && IsBlank(line[first])) ++first;
    std::size_t last = line.size();
    while (last > first && IsBlank(line[last - 1])) --last;
    if (first == last) continue;
    absl::StatusOr<ParameterChange> change =
        ParameterChange::Parse(std::string(line.substr(first, last - first)));
    if (!change.ok()) {
      problems->push_back(LoadProblem{"changes", line_number,
                                      static_cast<int>(first) + 1,
                                      std::string(MessageOf(change.status()))});
      continue;
    }
    changes.push_back(*std::move(change));
  }
  return changes;
}

absl::Status WithChanges(const povmon_policy& policy, std::string_view text,
                         povmon_policy** out) {
  std::vector<LoadProblem> problems;
  std::vector<ParameterChange> changes = ParseChanges(text, &problems);
  if (changes.empty() && problems.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kFunction,
                     ": changes holds only blank lines; write NAME=VALUE or "
                     "NAME=VALUE@YYYY-MM-DD, one per line"));
  }
  std::shared_ptr<const Policy> variant;
  if (!changes.empty()) {
    // Checked even when some lines did not parse: every problem at once.
    std::vector<LoadProblem> pack_problems;
    absl::StatusOr<std::shared_ptr<const Policy>> made =
        policy.policy->WithChanges(changes, &pack_problems);
    if (made.ok()) {
      variant = *std::move(made);
    } else if (pack_problems.empty()) {
      SetLoadProblems(std::move(problems));
      return made.status();
    }
    problems.insert(problems.end(), pack_problems.begin(), pack_problems.end());
  }
  if (!problems.empty()) {
    std::vector<std::string> lines;
    lines.reserve(problems.size());
    for (const LoadProblem& problem : problems) {
      lines.push_back(problem.ToString());
    }
    SetLoadProblems(std::move(problems));
    return absl::InvalidArgumentError(absl::StrJoin(lines, "\n"));
  }
  *out = new povmon_policy{std::move(variant)};
  return absl::OkStatus();
}

}  // namespace
}  // namespace povmon::capi

extern "C" {

POVMON_API int povmon_policy_with_changes(povmon_policy** out,
                                          const povmon_policy* policy,
                                          const char* changes,
                                          size_t changes_len) {
  povmon::capi::ClearOut(out, static_cast<std::size_t*>(nullptr));
  return povmon::capi::Guard([&]() -> absl::Status {
    povmon::capi::SetLoadProblems({});
    if (absl::Status s =
            povmon::capi::CheckNotNull(out, {povmon::capi::kFunction, "out"});
        !s.ok()) {
      return s;
    }
    if (absl::Status s = povmon::capi::CheckNotNull(
            policy, {povmon::capi::kFunction, "policy"});
        !s.ok()) {
      return s;
    }
    if (absl::Status s = povmon::capi::CheckText(
            changes, changes_len, {povmon::capi::kFunction, "changes"}, false);
        !s.ok()) {
      return s;
    }
    return povmon::capi::WithChanges(
        *policy, std::string_view(changes, changes_len), out);
  });
}

}  // extern "C"
