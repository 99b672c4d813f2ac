#include "tools/povmon/serve/decision_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "povmon/json.h"
#include "povmon/redaction.h"

namespace povmon::serve {
namespace {

absl::Status FileError(const std::string& path, const char* what, int error) {
  return absl::InternalError(
      absl::StrCat("decision log ", path, ": ", what, ": ", std::strerror(error)));
}

void AppendField(std::string* out, const char* key, std::string_view value) {
  absl::StrAppend(out, ",\"", key, "\":", JsonQuote(value));
}

}  // namespace

absl::StatusOr<std::unique_ptr<DecisionLog>> DecisionLog::Open(const DecisionLogOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("decision log: no file given");
  if (options.max_bytes < 4096) {
    return absl::InvalidArgumentError("decision log: the rotation size must be at least 4096 bytes");
  }
  if (options.keep < 1) return absl::InvalidArgumentError("decision log: keep at least 1 old file");
  std::unique_ptr<DecisionLog> log(new DecisionLog(options));
  absl::Status s = log->OpenFile();
  if (!s.ok()) return s;
  return log;
}

DecisionLog::~DecisionLog() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status DecisionLog::OpenFile() {
  int fd = ::open(options_.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) return FileError(options_.path, "cannot open", errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return FileError(options_.path, "cannot stat", e);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(
        absl::StrCat("decision log ", options_.path, ": not a regular file"));
  }
  fd_ = fd;
  size_ = static_cast<std::uint64_t>(st.st_size);
  return absl::OkStatus();
}

absl::Status DecisionLog::Rotate() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  // FILE.(keep-1) -> FILE.keep, ..., FILE -> FILE.1; the oldest is replaced.
  for (int i = options_.keep - 1; i >= 0; --i) {
    std::string from = i == 0 ? options_.path : absl::StrCat(options_.path, ".", i);
    std::string to = absl::StrCat(options_.path, ".", i + 1);
    if (::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT) {
      return FileError(from, "cannot rotate", errno);
    }
  }
  return OpenFile();
}

std::string DecisionLog::Format(const DecisionLogEntry& entry) {
  static const v1::Household kNoHousehold;
  const v1::Household& household = entry.household ? *entry.household : kNoHousehold;
  std::string out = absl::StrCat(
      "{\"time\":",
      JsonQuote(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", entry.time, absl::UTCTimeZone())));
  AppendField(&out, "request_id", RedactIdentifier(entry.request_id, household));
  AppendField(&out, "method", entry.method);
  AppendField(&out, "pack", entry.pack);
  AppendField(&out, "revision", entry.revision);
  AppendField(&out, "household_id", RedactIdentifier(household.id(), household));
  // The date as the service parsed it (never the caller's text).
  if (!entry.as_of.empty()) AppendField(&out, "as_of", entry.as_of);
  if (entry.decision != nullptr) {
    const v1::Decision& d = *entry.decision;
    AppendField(&out, "category", v1::Category_Name(d.identification().category()));
    absl::StrAppend(&out, ",\"monitored\":", d.assistance().monitored() ? "true" : "false",
                    ",\"measures\":[");
    bool first = true;
    for (const v1::PlanMeasure& m : d.assistance().measures()) {
      absl::StrAppend(&out, first ? "" : ",", "{\"id\":", JsonQuote(m.measure_id()));
      if (m.has_amount()) absl::StrAppend(&out, ",\"amount_fen\":\"", m.amount_fen(), "\"");
      if (m.has_range()) {
        absl::StrAppend(&out, ",\"min_fen\":\"", m.min_fen(), "\",\"max_fen\":\"", m.max_fen(),
                        "\"");
      }
      out += "}";
      first = false;
    }
    out += "]";
  } else {
    std::string_view field =
        ErrorField(std::string_view(entry.error.message().data(), entry.error.message().size()));
    absl::StrAppend(&out, ",\"error\":{\"status\":",
                    JsonQuote(absl::StatusCodeToString(entry.error.code())));
    if (!field.empty()) AppendField(&out, "field", RedactIdentifier(field, household));
    out += "}";
  }
  out += "}";
  return out;
}

absl::Status DecisionLog::Write(const DecisionLogEntry& entry) {
  std::string line = Format(entry);
  line += '\n';
  std::lock_guard<std::mutex> lock(mutex_);
  absl::Status ready = absl::OkStatus();
  if (fd_ < 0) {
    ready = OpenFile();  // after a failure
  } else if (size_ > 0 && size_ + line.size() > options_.max_bytes) {
    ready = Rotate();
  }
  if (!ready.ok()) return ready;
  std::size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return FileError(options_.path, "write failed", n < 0 ? errno : ENOSPC);
    done += static_cast<std::size_t>(n);
  }
  size_ += line.size();
  return absl::OkStatus();
}

}  // namespace povmon::serve
