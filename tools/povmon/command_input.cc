#include "tools/povmon/command_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "povmon/date.h"
#include "tools/povmon/commands.h"

namespace povmon::cli {
namespace {

constexpr std::size_t kReadChunk = 1 << 16;

std::string InputName(const std::string& path) {
  return path == "-" ? "standard input" : path;
}

}  // namespace

std::shared_ptr<const Policy> LoadPackOrReport(const std::string& directory) {
  std::vector<LoadProblem> problems;
  auto policy = Policy::Load(directory, &problems);
  if (policy.ok()) return *policy;
  for (const LoadProblem& p : problems) std::cerr << p.ToString() << "\n";
  return nullptr;
}

bool AsOfWithinPackOrReport(const char* command, const Policy& policy, absl::CivilDay as_of) {
  if (as_of >= policy.valid_from() && as_of <= policy.valid_until()) return true;
  std::cerr << "povmon " << command << ": --as-of " << FormatDate(as_of)
            << " is outside the dates of pack " << policy.id() << " ("
            << FormatDate(policy.valid_from()) << " to " << FormatDate(policy.valid_until())
            << "); give a date within them\n";
  return false;
}

InputFile::InputFile(const char* command, std::string path)
    : command_(command), path_(std::move(path)) {}

InputFile::~InputFile() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

bool InputFile::Open() {
  auto fail = [&](int error) {
    std::cerr << "povmon " << command_ << ": cannot read " << InputName(path_) << ": "
              << std::strerror(error) << "\n";
    return false;
  };
  if (path_ == "-") {
    fd_ = STDIN_FILENO;
  } else {
    do {
      fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) return fail(errno);
    owned_ = true;
  }
  struct stat st;
  if (::fstat(fd_, &st) != 0) return fail(errno);  // a closed standard input: EBADF
  if (S_ISDIR(st.st_mode)) return fail(EISDIR);
  return true;
}

absl::Status InputFile::Read(char* buffer, std::size_t capacity, std::size_t* n) {
  for (;;) {
    ssize_t got = ::read(fd_, buffer, capacity);
    if (got >= 0) {
      *n = static_cast<std::size_t>(got);
      for (const char* p = buffer; (p = static_cast<const char*>(
                                        std::memchr(p, '\n', buffer + *n - p))) != nullptr;
           ++p) {
        ++lines_;
      }
      return absl::OkStatus();
    }
    if (errno == EINTR) continue;
    int error = errno;
    *n = 0;
    return absl::DataLossError(absl::StrCat("cannot read ", InputName(path_), " after line ",
                                            lines_, ": ", std::strerror(error)));
  }
}

InputLines::InputLines(const char* command, std::string path)
    : command_(command), file_(command, std::move(path)) {}

bool InputLines::Open() {
  if (!file_.Open()) {
    failed_ = true;
    return false;
  }
  buffer_ = std::make_unique<char[]>(kReadChunk);
  return true;
}

bool InputLines::Fill() {
  if (eof_ || failed_) return false;
  std::size_t n = 0;
  if (absl::Status s = file_.Read(buffer_.get(), kReadChunk, &n); !s.ok()) {
    std::cerr << "povmon " << command_ << ": " << s.message() << "\n";
    failed_ = true;
    return false;
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  begin_ = 0;
  end_ = n;
  return true;
}

bool InputLines::Next(std::string* line) {
  line->clear();
  too_long_ = false;
  bool any = false;
  for (;;) {
    if (begin_ == end_ && !Fill()) {
      if (failed_) return false;
      return any;  // a last line without "\n"
    }
    any = true;
    const char* start = buffer_.get() + begin_;
    std::size_t available = end_ - begin_;
    const void* newline = std::memchr(start, '\n', available);
    std::size_t take =
        newline == nullptr ? available : static_cast<const char*>(newline) - start;
    // Keep at most kMaxInputLineBytes of a line; skip the rest of it.
    std::size_t room = kMaxInputLineBytes - std::min(kMaxInputLineBytes, line->size());
    if (take > room) too_long_ = true;
    line->append(start, std::min(take, room));
    begin_ += take;
    if (newline != nullptr) {
      ++begin_;
      return true;
    }
  }
}

absl::Status InputLines::LineStatus() const {
  if (!too_long_) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "the line is longer than the limit of ", kMaxInputLineBytes,
      " bytes (16 MiB); it was not read"));
}

namespace {

bool write_failure_reported = false;

void ReportWriteFailure(const char* command, int error) {
  if (write_failure_reported) return;
  write_failure_reported = true;
  std::cerr << "povmon" << (*command == '\0' ? "" : " ") << command
            << ": cannot write standard output: " << std::strerror(error == 0 ? EIO : error)
            << "\n";
}

}  // namespace

bool OutputOk(const char* command) {
  if (std::cout.good() && !std::ferror(stdout)) return true;
  ReportWriteFailure(command, errno);
  return false;
}

int FinishOutput(int status) {
  // A write that already failed (one longer than stdout's buffer, such as
  // the top-level help, fails at once) left its errno: nothing is written
  // after output fails. Otherwise the flush below sets it.
  if (!std::cout.good() || std::ferror(stdout)) {
    ReportWriteFailure("", errno);
    return kFailed;
  }
  errno = 0;
  std::cout.flush();
  if (std::cout.good() && std::fflush(stdout) == 0 && !std::ferror(stdout)) return status;
  ReportWriteFailure("", errno);
  return kFailed;
}

bool IsBlankLine(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

absl::CivilDay Today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return absl::CivilDay(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

}  // namespace povmon::cli
