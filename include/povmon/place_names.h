// The names of places, for what officers and villagers read: a village on a
// public notice or in an explanation shows as "东山村（990101101201）" rather
// than a 12-digit division code alone. The names come from the pack's
// region files (the same places the population rules and `povmon report`
// use) and from a county's own region file (`--regions`, the RegionFile
// text format of include/povmon/population.h).
#ifndef POVMON_PLACE_NAMES_H_
#define POVMON_PLACE_NAMES_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "povmon/policy.h"
#include "povmon/v1/population.pb.h"

namespace povmon {

class PlaceNames {
 public:
  // No names: every place shows as its code.
  PlaceNames() = default;
  // The names the pack's region files give.
  explicit PlaceNames(const Policy& policy);

  // A county's own places (ParseRegionFile): an entry replaces the pack's of
  // the same level and code, as PopulationOptions.regions does; an entry
  // without a name takes none away.
  void Add(const std::vector<v1::RegionInfo>& regions);

  // The name of the place of `level` with `code`; empty when unknown.
  const std::string& Name(v1::RegionLevel level, const std::string& code) const;

  // The village of `code` as a notice and an explanation print it: its name
  // with the code in full-width brackets, "东山村（990101101201）", or the
  // code alone when no name is known (and "" for an empty code).
  std::string Village(const std::string& code) const;

  bool empty() const { return names_.empty(); }

 private:
  std::map<std::pair<int, std::string>, std::string> names_;
};

}  // namespace povmon

#endif  // POVMON_PLACE_NAMES_H_
