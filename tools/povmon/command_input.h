// What the commands that read a pack and JSON Lines share (eval, notice,
// workshop, whatif): loading the pack with its problems reported, reading
// the input line by line with every read error reported, checking that what
// was written reached standard output, telling blank lines, and today's date.
#ifndef POVMON_TOOLS_POVMON_COMMAND_INPUT_H_
#define POVMON_TOOLS_POVMON_COMMAND_INPUT_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "povmon/batch.h"
#include "povmon/policy.h"

namespace povmon::cli {

// The longest input line a command reads (16 MiB). A longer line is one
// record with an error (its bytes past the limit are skipped, never held);
// the lines after it are read as usual.
inline constexpr std::size_t kMaxInputLineBytes = std::size_t{16} << 20;

// The pack in `directory`; nullptr after printing every problem to stderr
// as file:line:col: message.
std::shared_ptr<const Policy> LoadPackOrReport(const std::string& directory);

// "povmon COMMAND: --as-of D is outside the dates of pack P (FROM to UNTIL)"
// to stderr and false when `as_of` is outside the pack's dates: one usage
// error rather than one error per input line.
bool AsOfWithinPackOrReport(const char* command, const Policy& policy, absl::CivilDay as_of);

// A file, or standard input for "-", read with read(2) so that a read error
// (a directory, an unreadable file, a closed standard input, an I/O error)
// is never taken for the end of the input. The batch commands (eval,
// notice, whatif) give it to the batch runner as its reader.
class InputFile : public BatchReader {
 public:
  InputFile(const char* command, std::string path);
  ~InputFile() override;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Opens the input; false after printing "povmon COMMAND: cannot read
  // PATH: REASON" to stderr (a directory and a closed standard input
  // included).
  bool Open();

  // Up to `capacity` bytes; *n = 0 at the end. A failed read is
  // DATA_LOSS "cannot read PATH after line N: REASON", N the complete lines
  // read before it.
  absl::Status Read(char* buffer, std::size_t capacity, std::size_t* n) override;

 private:
  const char* command_;
  std::string path_;
  int fd_ = -1;
  bool owned_ = false;
  long lines_ = 0;
};

// The lines of an InputFile, for the commands that read line by line
// (workshop).
class InputLines {
 public:
  InputLines(const char* command, std::string path);

  // Opens the input; false after printing the reason to stderr.
  bool Open();

  // The next line, without its "\n"; false at the end of the input or on a
  // read error (then failed() is true and the error was printed).
  bool Next(std::string* line);

  // OK, or InvalidArgument when the line just read was longer than
  // kMaxInputLineBytes (the line holds its first kMaxInputLineBytes bytes).
  absl::Status LineStatus() const;

  bool failed() const { return failed_; }

 private:
  bool Fill();

  const char* command_;
  InputFile file_;
  bool eof_ = false;
  bool failed_ = false;
  bool too_long_ = false;
  std::unique_ptr<char[]> buffer_;
  std::size_t begin_ = 0, end_ = 0;
};

// Whether everything written to std::cout so far reached standard output;
// false after printing "povmon COMMAND: cannot write standard output:
// REASON" to stderr (once). Call it after each record, so that a full disk
// stops the command instead of deciding the rest of the input for nothing.
bool OutputOk(const char* command);

// What `main` returns: `status`, or kFailed when standard output could not
// be written (flushing it first), so that no command ever loses its output
// and exits 0.
int FinishOutput(int status);

// A line holding only spaces, tabs or a carriage return: not a record, but
// counted, so that line numbers match the file.
bool IsBlankLine(const std::string& line);

// The local date, the default as-of date.
absl::CivilDay Today();

}  // namespace povmon::cli

#endif  // POVMON_TOOLS_POVMON_COMMAND_INPUT_H_
