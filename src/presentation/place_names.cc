// The names of places by level and code (include/povmon/place_names.h).
#include "povmon/place_names.h"

#include "absl/strings/str_cat.h"
#include "src/policy/policy_impl.h"
#include "src/population/population_pack.h"

namespace povmon {

PlaceNames::PlaceNames(const Policy& policy) {
  const PolicyImpl& impl = PolicyImpl::Of(policy);
  if (impl.population != nullptr) Add(impl.population->regions);
}

void PlaceNames::Add(const std::vector<v1::RegionInfo>& regions) {
  for (const v1::RegionInfo& r : regions) {
    if (!r.name().empty()) names_[{r.level(), r.code()}] = r.name();
  }
}

const std::string& PlaceNames::Name(v1::RegionLevel level, const std::string& code) const {
  static const std::string* const kNone = new std::string;
  auto it = names_.find({level, code});
  return it == names_.end() ? *kNone : it->second;
}

std::string PlaceNames::Village(const std::string& code) const {
  const std::string& name = Name(v1::REGION_LEVEL_VILLAGE, code);
  if (name.empty() || code.empty()) return code;
  return absl::StrCat(name, "（", code, "）");
}

}  // namespace povmon
