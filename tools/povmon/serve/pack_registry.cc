#include "tools/povmon/serve/pack_registry.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace povmon::serve {
namespace {

// Load one folder, with every problem as "file:line:col: message".
absl::StatusOr<std::shared_ptr<const Policy>> LoadFolder(const std::string& directory,
                                                         std::vector<std::string>* problems) {
  std::vector<LoadProblem> found;
  auto policy = Policy::Load(directory, &found);
  if (policy.ok()) return policy;
  for (const LoadProblem& p : found) problems->push_back(p.ToString());
  if (found.empty()) problems->push_back(absl::StrCat(directory, ": ", policy.status().message()));
  return policy.status();
}

}  // namespace

absl::StatusOr<std::unique_ptr<PackRegistry>> PackRegistry::Load(
    const std::vector<std::string>& directories) {
  if (directories.empty()) return absl::InvalidArgumentError("no pack given (--policy PACK)");
  std::unique_ptr<PackRegistry> registry(new PackRegistry());
  std::vector<std::string> problems;
  absl::Time now = absl::Now();
  for (const std::string& directory : directories) {
    auto policy = LoadFolder(directory, &problems);
    if (!policy.ok()) continue;
    const std::string& id = (*policy)->id();
    auto it = registry->entries_.find(id);
    if (it != registry->entries_.end()) {
      problems.push_back(absl::StrCat(directory, ": pack id \"", id, "\" is already served from ",
                                      it->second.pack->directory()));
      continue;
    }
    registry->entries_[id].pack = std::make_shared<LoadedPack>(*policy, directory, now, 0);
  }
  if (!problems.empty()) return absl::InvalidArgumentError(absl::StrJoin(problems, "\n"));
  return registry;
}

absl::StatusOr<std::shared_ptr<const LoadedPack>> PackRegistry::Find(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (id.empty()) {
    if (entries_.size() == 1) return entries_.begin()->second.pack;
  } else {
    auto it = entries_.find(id);
    if (it != entries_.end()) return it->second.pack;
  }
  std::vector<std::string> ids;
  for (const auto& entry : entries_) ids.push_back(entry.first);
  return absl::InvalidArgumentError(
      id.empty() ? absl::StrCat("pack: required when the server holds several packs (",
                                absl::StrJoin(ids, ", "), ")")
                 : absl::StrCat("pack: no pack \"", id, "\" is served (",
                                absl::StrJoin(ids, ", "), ")"));
}

std::vector<std::shared_ptr<const LoadedPack>> PackRegistry::All() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<const LoadedPack>> out;
  for (const auto& entry : entries_) out.push_back(entry.second.pack);
  return out;
}

std::vector<std::string> PackRegistry::ReloadProblems(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(id);
  return it == entries_.end() ? std::vector<std::string>{} : it->second.reload_problems;
}

std::vector<ReloadOutcome> PackRegistry::Reload(std::ostream& log) {
  std::lock_guard<std::mutex> one_at_a_time(reload_mutex_);
  std::vector<std::shared_ptr<const LoadedPack>> serving = All();
  std::vector<ReloadOutcome> outcomes;
  for (const std::shared_ptr<const LoadedPack>& old : serving) {
    ReloadOutcome outcome;
    outcome.directory = old->directory();
    outcome.pack = old->id();
    outcome.old_revision = old->revision();
    outcome.new_revision = old->revision();
    // Loading takes the time it takes without holding mutex_: requests
    // keep finding the old revision meanwhile.
    auto policy = LoadFolder(old->directory(), &outcome.problems);
    if (policy.ok() && (*policy)->id() != old->id()) {
      outcome.problems.push_back(absl::StrCat(
          old->directory(), ": the folder now holds pack \"", (*policy)->id(),
          "\" instead of \"", old->id(), "\"; restart the server to serve it"));
    }
    std::shared_ptr<const LoadedPack> replacement;
    if (outcome.problems.empty() && (*policy)->revision() != old->revision()) {
      replacement =
          std::make_shared<LoadedPack>(*policy, old->directory(), absl::Now(), old->reloads() + 1);
      outcome.new_revision = (*policy)->revision();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      Entry& entry = entries_[old->id()];
      entry.reload_problems = outcome.problems;
      if (replacement) entry.pack = std::move(replacement);
    }
    if (!outcome.problems.empty()) {
      log << "povmon serve: reload of pack " << outcome.pack << " from " << outcome.directory
          << " failed; revision " << outcome.old_revision << " goes on serving. "
          << outcome.problems.size() << " problem(s):\n";
      for (const std::string& p : outcome.problems) log << "  " << p << "\n";
    } else if (outcome.changed()) {
      log << "povmon serve: pack " << outcome.pack << " reloaded from " << outcome.directory
          << ": revision " << outcome.old_revision << " -> " << outcome.new_revision << "\n";
    } else {
      log << "povmon serve: pack " << outcome.pack << " unchanged (revision "
          << outcome.old_revision << ")\n";
    }
    outcomes.push_back(std::move(outcome));
  }
  log.flush();
  return outcomes;
}

}  // namespace povmon::serve
