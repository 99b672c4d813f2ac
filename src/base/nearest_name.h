// "Did you mean ...?": the known name nearest to a misspelt one.
#ifndef POVMON_SRC_BASE_NEAREST_NAME_H_
#define POVMON_SRC_BASE_NEAREST_NAME_H_

#include <string>
#include <string_view>
#include <vector>

namespace povmon {

// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`,
// ignoring ASCII case.
int EditDistance(std::string_view a, std::string_view b);

// The name of `known` nearest to `name`, if it is near enough to be what was
// meant (at most 1 edit for names up to 4 characters, 2 up to 8, then a
// third of the length) and no other name is as near; else "".
std::string NearestName(std::string_view name, const std::vector<std::string>& known);

}  // namespace povmon

#endif  // POVMON_SRC_BASE_NEAREST_NAME_H_
