#include "povmon/policy.h"

#include <utility>

#include "src/policy/policy_impl.h"

namespace povmon {

Policy::Policy(std::unique_ptr<PolicyImpl> impl) : impl_(std::move(impl)) {}
Policy::~Policy() = default;

std::shared_ptr<const Policy> PolicyImpl::Wrap(std::unique_ptr<PolicyImpl> impl) {
  return std::shared_ptr<const Policy>(new Policy(std::move(impl)));
}

const std::string& Policy::id() const { return impl_->pack.id(); }
const std::string& Policy::revision() const { return impl_->revision; }
const v1::PolicyPack& Policy::pack() const { return impl_->pack; }
absl::CivilDay Policy::valid_from() const { return impl_->valid_from; }
absl::CivilDay Policy::valid_until() const { return impl_->valid_until; }
const std::vector<v1::Rule>& Policy::rules() const { return impl_->rules; }

const v1::Rule* Policy::FindRule(const std::string& id) const {
  auto it = impl_->rule_by_id.find(id);
  return it == impl_->rule_by_id.end() ? nullptr : &impl_->rules[it->second];
}

}  // namespace povmon
