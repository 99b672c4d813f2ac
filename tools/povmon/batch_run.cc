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

bool ParseBatchFlag(const char* command, const std::vector<std::string>& args, std::size_t* i,
                    BatchFlags* flags, bool* error) {
  const std::string& a = args[*i];
  *error = false;
  if (a == "--progress") {
    flags->progress = true;
    return true;
  }
  if (a == "--no-progress") {
    flags->progress = false;
    return true;
  }
  std::string value;
  if (a == "--jobs" || a == "-j") {
    if (*i + 1 >= args.size()) {
      std::cerr << "povmon " << command << ": " << a << " needs a value\n";
      *error = true;
      return true;
    }
    value = args[++*i];
  } else if (a.rfind("--jobs=", 0) == 0) {
    value = a.substr(7);
  } else {
    return false;
  }
  int jobs = 0;
  if (!absl::SimpleAtoi(value, &jobs) || jobs < 0 || jobs > 256) {
    std::cerr << "povmon " << command << ": --jobs \"" << value
              << "\" is not a number of worker threads from 1 to 256 (0: every core)\n";
    *error = true;
    return true;
  }
  flags->jobs = jobs;
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
