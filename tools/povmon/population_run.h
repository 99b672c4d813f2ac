// What `povmon eval --summary` and `povmon report` share: counting decided
// households by place, the spot-check seed, a county's region file, and
// running the pack's population rules at the end.
#ifndef POVMON_TOOLS_POVMON_POPULATION_RUN_H_
#define POVMON_TOOLS_POVMON_POPULATION_RUN_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "povmon/policy.h"
#include "povmon/population.h"
#include "tools/povmon/command_line.h"

namespace povmon::cli {

struct PopulationFlags {
  // --seed N: the spot check's seed; a fresh random one when absent (it is
  // written in the summary and the report, so the draw can be repeated).
  std::optional<std::uint64_t> seed;
  // --regions FILE: places in the RegionFile text format.
  std::string regions_path;

  // Adds --seed and --regions to `line`.
  void AddTo(CommandLine* line);
  // After parsing: the values given; false after one usage error (a bad
  // --seed).
  bool Finish(const CommandLine& line);

 private:
  std::string seed_text_;
  CLI::Option* seed_option_ = nullptr;
};

class PopulationRun {
 public:
  // Reads the region file; false after printing the problem.
  bool Start(const char* command, std::shared_ptr<const Policy> policy,
             const PopulationFlags& flags);
  Aggregator& aggregator() { return *aggregator_; }
  // The report: the summary so far with the pack's population rules run as
  // of `as_of`; nullopt after printing the problem.
  std::optional<v1::PopulationReport> Finish(const v1::PopulationSummary& summary,
                                             absl::CivilDay as_of);
  std::optional<v1::PopulationReport> Finish(absl::CivilDay as_of);

 private:
  const char* command_ = "";
  std::shared_ptr<const Policy> policy_;
  std::unique_ptr<Aggregator> aggregator_;
  std::vector<v1::RegionInfo> regions_;
};

// Write `text` to `path`; false after printing "povmon COMMAND: cannot
// write PATH: REASON".
bool WriteTextFile(const char* command, const std::string& path, const std::string& text);

// The whole of the file at `path` (a summary, a region file: small files)
// into *text; false after printing "povmon COMMAND: cannot read WHAT PATH:
// REASON" (a directory and a file over 256 MiB included).
bool ReadTextFile(const char* command, const char* what, const std::string& path,
                  std::string* text);

}  // namespace povmon::cli

#endif  // POVMON_TOOLS_POVMON_POPULATION_RUN_H_
