// The files of one pack as its loaders read them.
//
// pack.textproto names the pack's other files (parameter_files, rule_files,
// measure_files, calendar_files, lifecycle_files, population_files,
// region_files). Every loader opens them the
// same way: look the name up, report a missing file where pack.textproto
// names it, count the content in the pack's revision hash, and keep the
// parsed source alive for positions until loading ends. This class does that
// once for all of them.
#ifndef POVMON_SRC_POLICY_PACK_FILES_H_
#define POVMON_SRC_POLICY_PACK_FILES_H_

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "src/policy/text_source.h"

namespace povmon {

class PackFiles {
 public:
  // `files`: file name relative to the pack → content. `label`: the pack
  // folder as the caller named it, which prefixes file names in problems.
  // Problems are added to `problems`. `unreadable`, when given: file name →
  // why it was not read from the pack folder (outside the folder, not a
  // regular file, too large; see ReadPackFolder), reported where
  // pack.textproto names the file. All must outlive this object.
  PackFiles(const std::map<std::string, std::string>* files, std::string label,
            ProblemList* problems,
            const std::map<std::string, std::string>* unreadable = nullptr);

  // Why `name` cannot name a pack file (empty, absolute, leaving the pack
  // folder through "..", holding a control character), or "" when it can.
  static std::string NameProblem(const std::string& name);

  // `name` as problems show it ("policies/funan-2024/rules.textproto").
  std::string Path(const std::string& name) const;

  // pack.textproto itself; nullptr (after a problem) when it is missing.
  TextSource* OpenPack();

  // Element `index` of pack.textproto's repeated field `field`, named `name`;
  // `kind` words the problem ("cannot read rule file ..."). nullptr (after a
  // problem at the name's position in pack.textproto) when it is missing.
  // Call OpenPack first.
  TextSource* OpenNamed(const char* field, int index, const std::string& name,
                        const char* kind);

  // pack.textproto as opened by OpenPack (nullptr before).
  const TextSource* pack_source() const { return pack_source_; }

  // The hex SHA-256 of every file opened, by name, in name order, then of
  // `variant` (what-if changes) when it is not empty.
  std::string Revision(const std::string& variant = "") const;

 private:
  TextSource* Keep(const std::string& name, const std::string& content);

  const std::map<std::string, std::string>* files_;
  const std::map<std::string, std::string>* unreadable_;
  std::string label_;
  ProblemList* problems_;
  int named_ = 0;  // files opened through OpenNamed
  const TextSource* pack_source_ = nullptr;
  std::vector<std::unique_ptr<TextSource>> sources_;
  std::vector<std::pair<std::string, std::string>> opened_;  // name, content
};

// Reads the files of the pack in folder `directory` that its pack.textproto
// names into `files` (name → content), pack.textproto included. A file that
// cannot be read is left out with its reason in `unreadable`: a name that
// leaves the folder (absolute, "..", or a symbolic link resolving outside
// it), not a regular file (a directory, a device, a pipe: never opened for
// reading, so an endless device cannot grow memory), larger than
// kMaxPackFileBytes, or a system error. pack.textproto itself missing or
// unreadable is `unreadable["pack.textproto"]`.
void ReadPackFolder(const std::string& directory, std::map<std::string, std::string>* files,
                    std::map<std::string, std::string>* unreadable);

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_PACK_FILES_H_
