// What the household batch commands (eval, notice, whatif) share besides
// their input (an InputFile, tools/povmon/command_input.h): the
// --jobs/--progress/--no-progress flags, writing standard output in large
// blocks with every failed write an error, and the progress line on
// standard error.
#ifndef POVMON_TOOLS_POVMON_BATCH_RUN_H_
#define POVMON_TOOLS_POVMON_BATCH_RUN_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "povmon/batch.h"
#include "tools/povmon/command_line.h"

namespace povmon::cli {

// --jobs N (-j N), --progress, --no-progress.
struct BatchFlags {
  int jobs = 0;                   // 0: every core
  std::optional<bool> progress;   // unset: when standard error is a terminal

  // Adds the three options to `line`.
  void AddTo(CommandLine* line);
  // After parsing: the values given; false after one usage error (a bad
  // --jobs).
  bool Finish(const CommandLine& line);

 private:
  std::string jobs_text_;
  bool progress_flag_ = false;
  CLI::Option* jobs_option_ = nullptr;
  CLI::Option* progress_option_ = nullptr;
};

// The usage text of the batch flags.
inline constexpr char kBatchFlagsUsage[] =
    "[--jobs N] [--progress|--no-progress]";

// Standard output, written in blocks with write(2); a failed write is an
// error status naming standard output.
class Output {
 public:
  ~Output();
  void Append(std::string_view text) { buffer_.append(text.data(), text.size()); }
  // Write out what is buffered when it is large (or always, with force).
  absl::Status Flush(bool force = false);

 private:
  std::string buffer_;
};

// "povmon eval: 120000 households, 23456/s, 5.1 s" on standard error,
// rewritten in place on a terminal at most four times a second.
class ProgressLine {
 public:
  ProgressLine(const char* command, std::optional<bool> wanted);
  void Update(std::uint64_t households);
  // Before the summary is printed: clear the line on a terminal; elsewhere
  // (--progress into a file or pipe) print the final figures.
  void Finish(std::uint64_t households);

 private:
  void Print(std::uint64_t households, bool final);

  const char* command_;
  bool enabled_;
  bool terminal_;
  bool printed_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace povmon::cli

#endif  // POVMON_TOOLS_POVMON_BATCH_RUN_H_
