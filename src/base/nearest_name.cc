#include "src/base/nearest_name.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace povmon {

int EditDistance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  const std::size_t n = a.size(), m = b.size();
  // Optimal string alignment: three rows of the table.
  std::vector<int> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= m; ++j) {
      int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[m];
}

std::string NearestName(std::string_view name, const std::vector<std::string>& known) {
  if (name.empty()) return "";
  const int limit = name.size() <= 4 ? 1 : name.size() <= 8 ? 2 : static_cast<int>(name.size() / 3);
  int best = limit + 1;
  const std::string* nearest = nullptr;
  bool tie = false;
  for (const std::string& candidate : known) {
    if (candidate == name) continue;
    int d = EditDistance(name, candidate);
    if (d < best) {
      best = d;
      nearest = &candidate;
      tie = false;
    } else if (d == best && nearest != nullptr && *nearest != candidate) {
      tie = true;
    }
  }
  return nearest == nullptr || tie ? "" : *nearest;
}

}  // namespace povmon
