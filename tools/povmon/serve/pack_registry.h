// The packs a server holds, by id, each at its serving revision.
//
// Find() hands out a snapshot (a shared_ptr to the LoadedPack) that stays
// valid for as long as the caller keeps it, whatever reloads happen
// meanwhile. Reload() loads every pack folder again: a folder whose files
// changed replaces its pack for the requests that start afterwards; a
// folder that fails to load (or now holds another pack id) leaves the old
// revision serving, and every problem is reported.
#ifndef POVMON_TOOLS_POVMON_SERVE_PACK_REGISTRY_H_
#define POVMON_TOOLS_POVMON_SERVE_PACK_REGISTRY_H_

#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/povmon/serve/loaded_pack.h"

namespace povmon::serve {

// What a Reload() did to one folder.
struct ReloadOutcome {
  std::string directory;
  std::string pack;          // the id serving from it
  std::string old_revision;
  std::string new_revision;  // == old_revision when nothing changed or it failed
  std::vector<std::string> problems;  // empty unless the reload failed
  bool changed() const { return problems.empty() && old_revision != new_revision; }
};

class PackRegistry {
 public:
  // Load every folder. Any folder that does not load, or two folders with
  // the same pack id, is an error listing every problem of every folder.
  static absl::StatusOr<std::unique_ptr<PackRegistry>> Load(
      const std::vector<std::string>& directories);

  // The serving revision of pack `id`; with `id` empty, the only pack when
  // there is one. InvalidArgument naming the field "pack" otherwise.
  absl::StatusOr<std::shared_ptr<const LoadedPack>> Find(const std::string& id) const;

  // Every pack, in id order.
  std::vector<std::shared_ptr<const LoadedPack>> All() const;
  // The problems of the last failed reload of pack `id` (empty after a
  // successful or unchanged one).
  std::vector<std::string> ReloadProblems(const std::string& id) const;

  // Load every folder again (reloads run one at a time; requests are never
  // blocked by the loading itself). Writes what happened to `log`.
  std::vector<ReloadOutcome> Reload(std::ostream& log);

 private:
  struct Entry {
    std::shared_ptr<const LoadedPack> pack;
    std::vector<std::string> reload_problems;
  };
  PackRegistry() = default;

  std::mutex reload_mutex_;  // one Reload at a time
  mutable std::mutex mutex_;  // guards entries_
  std::map<std::string, Entry> entries_;  // by pack id
};

}  // namespace povmon::serve

#endif  // POVMON_TOOLS_POVMON_SERVE_PACK_REGISTRY_H_
