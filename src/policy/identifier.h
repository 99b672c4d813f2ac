// Whether a pack-given name (a parameter, a definition) is an identifier the
// rule language can write: a letter or '_' first, then letters, digits, '_'.
#ifndef POVMON_SRC_POLICY_IDENTIFIER_H_
#define POVMON_SRC_POLICY_IDENTIFIER_H_

#include <algorithm>
#include <cctype>
#include <string>

namespace povmon {

inline bool IsIdentifier(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_IDENTIFIER_H_
