// What-if changes to a pack's parameters (include/povmon/policy.h): their
// text form, and the variant policy they make.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "povmon/policy.h"
#include "src/base/date.h"
#include "src/policy/policy_impl.h"

namespace povmon {

absl::StatusOr<ParameterChange> ParameterChange::Parse(const std::string& text) {
  std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "what-if \"", text, "\": write NAME=VALUE or NAME=VALUE@YYYY-MM-DD"));
  }
  ParameterChange change;
  change.name = text.substr(0, equals);
  std::string rest = text.substr(equals + 1);
  std::size_t at = rest.rfind('@');
  if (at != std::string::npos) {
    change.from = rest.substr(at + 1);
    rest.resize(at);
    if (!ParseDate(change.from)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "what-if \"", text, "\": \"", change.from, "\" after @ is not a date (YYYY-MM-DD)"));
    }
  }
  if (rest.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("what-if \"", text, "\": no value after ="));
  }
  change.value = rest;
  return change;
}

std::string ParameterChange::ToString() const {
  return from.empty() ? absl::StrCat(name, "=", value) : absl::StrCat(name, "=", value, "@", from);
}

absl::StatusOr<std::shared_ptr<const Policy>> Policy::WithChanges(
    const std::vector<ParameterChange>& changes, std::vector<LoadProblem>* problems) const {
  std::vector<ParameterChange> all = impl_->changes;  // a variant of a variant keeps both
  all.insert(all.end(), changes.begin(), changes.end());
  return PolicyImpl::Load(impl_->files, impl_->label, all, problems);
}

const std::vector<ParameterChange>& Policy::changes() const { return impl_->changes; }

}  // namespace povmon
