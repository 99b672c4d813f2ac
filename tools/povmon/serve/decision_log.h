// The service's decision log (as OPA keeps one): one JSON object per line
// for every household the service decided or refused,
//
//   {"time":"2026-12-03T23:59:01.123Z","request_id":"...","method":"Evaluate",
//    "pack":"hunan-2024","revision":"<sha256>","household_id":"hn-001",
//    "as_of":"2024-11-30","category":"CATEGORY_...","monitored":true,
//    "measures":[{"id":"...","amount_fen":"120000"}]}
//
// and for a household that was not decided "error":{"status":"INVALID_ARGUMENT",
// "field":"household.members[0].birth_date"} in place of the decision's
// fields. Never personal data: no names, ID numbers, phone numbers,
// addresses, birth dates or bank cards; the household id and the caller's
// request id go through the notice's redaction rules (povmon/redaction.h),
// error messages (which may quote the record) are left out, only the field
// path is kept.
//
// The file is rotated by size: when a line would take it past max_bytes it
// becomes FILE.1 (FILE.1 becomes FILE.2, ..., up to `keep` old files) and a
// new FILE is started. Lines are whole: each is written with one write(2)
// on a file opened O_APPEND.
#ifndef POVMON_TOOLS_POVMON_SERVE_DECISION_LOG_H_
#define POVMON_TOOLS_POVMON_SERVE_DECISION_LOG_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon::serve {

struct DecisionLogOptions {
  std::string path;
  std::uint64_t max_bytes = std::uint64_t{64} << 20;
  int keep = 5;
};

// What one log line is about.
struct DecisionLogEntry {
  absl::Time time;
  std::string_view request_id;
  std::string_view method;    // "Evaluate", "EvaluateStream", "Explain"
  std::string_view pack;
  std::string_view revision;
  std::string_view as_of;     // YYYY-MM-DD as parsed; empty when it was not

  const v1::Household* household = nullptr;  // as received (never written out)
  const v1::Decision* decision = nullptr;    // or
  absl::Status error;
};

class DecisionLog {
 public:
  // Opens (creating or appending to) options.path.
  static absl::StatusOr<std::unique_ptr<DecisionLog>> Open(const DecisionLogOptions& options);
  ~DecisionLog();
  DecisionLog(const DecisionLog&) = delete;
  DecisionLog& operator=(const DecisionLog&) = delete;

  // Append one line (thread-safe). A failed write or rotation is an error
  // naming the file: the service then refuses to answer without its record.
  absl::Status Write(const DecisionLogEntry& entry);

  // The line Write would append, without its newline.
  static std::string Format(const DecisionLogEntry& entry);

 private:
  explicit DecisionLog(DecisionLogOptions options) : options_(std::move(options)) {}
  absl::Status OpenFile();
  absl::Status Rotate();

  DecisionLogOptions options_;
  std::mutex mutex_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace povmon::serve

#endif  // POVMON_TOOLS_POVMON_SERVE_DECISION_LOG_H_
