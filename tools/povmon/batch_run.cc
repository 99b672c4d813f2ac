#include "tools/povmon/batch_run.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace povmon::cli {
namespace {
constexpr std::size_t kOutputBlock = 256 * 1024;
}  // namespace

void BatchFlags::AddTo(CommandLine* line) {
  jobs_option_ = line->Value("-j,--jobs", &jobs_text_, "N",
              "decide on N worker threads, 1 to 256 (default 0: one per core); the output is "
              "the same whatever N");
  progress_option_ = line->app().add_flag(
      "--progress,!--no-progress", progress_flag_,
      "turn the progress line on standard error on or off (default: on when standard error "
      "is a terminal); the last one given counts");
}

bool BatchFlags::Finish(const CommandLine& line) {
  if (progress_option_ != nullptr && progress_option_->count() > 0) progress = progress_flag_;
  if (jobs_option_ == nullptr || jobs_option_->count() == 0) return true;
  if (!absl::SimpleAtoi(jobs_text_, &jobs) || jobs < 0 || jobs > 256) {
    line.UsageError("--jobs \"" + jobs_text_ +
                    "\" is not a number of worker threads from 1 to 256 (0: every core)");
    return false;
  }
  return true;
}

Output::~Output() { (void)Flush(true); }

absl::Status Output::Flush(bool force) {
  if (buffer_.empty() || (!force && buffer_.size() < kOutputBlock)) return absl::OkStatus();
  std::cout.flush();  // anything written through std::cout goes first
  std::size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t wrote = ::write(STDOUT_FILENO, buffer_.data() + done, buffer_.size() - done);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      int error = errno;
      buffer_.clear();
      return absl::DataLossError(
          absl::StrCat("cannot write standard output: ", std::strerror(error)));
    }
    done += static_cast<std::size_t>(wrote);
  }
  buffer_.clear();
  return absl::OkStatus();
}

ProgressLine::ProgressLine(const char* command, std::optional<bool> wanted)
    : command_(command),
      terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {
  enabled_ = wanted.value_or(terminal_);
}

void ProgressLine::Update(std::uint64_t households) {
  if (!enabled_ || households % 256 != 0) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(terminal_ ? 250 : 1000)) return;
  last_ = now;
  Print(households, false);
}

void ProgressLine::Print(std::uint64_t households, bool /*final*/) {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = seconds > 0 ? static_cast<double>(households) / seconds : 0;
  std::string text = absl::StrFormat("povmon %s: %d households, %.0f/s, %.1f s", command_,
                                     households, rate, seconds);
  if (terminal_) {
    std::fprintf(stderr, "\r%s\033[K", text.c_str());
  } else {
    std::fprintf(stderr, "%s\n", text.c_str());
  }
  std::fflush(stderr);
  printed_ = true;
}

void ProgressLine::Finish(std::uint64_t households) {
  if (!enabled_) return;
  if (!terminal_) {
    Print(households, true);
  } else if (printed_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
}

}  // namespace povmon::cli
