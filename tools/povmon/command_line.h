// Every povmon subcommand's arguments, parsed the same way by CLI11
// (Debian's libcli11-dev, header-only):
//   - --help and -h print the command's help to standard output (exit 0);
//   - --opt=value and --opt value are the same;
//   - an unknown option (with the nearest known one, when one is close), a
//     missing value, a required option left out or an argument too many is
//     ONE usage error naming it, on standard error, followed by the
//     command's usage line (exit 1, kFailed).
// The commands check the values themselves after parsing (dates, formats,
// numbers), so that each keeps its own message.
#ifndef POVMON_TOOLS_POVMON_COMMAND_LINE_H_
#define POVMON_TOOLS_POVMON_COMMAND_LINE_H_

#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"

namespace povmon::cli {

class CommandLine {
 public:
  // `command`: "eval"; `usage`: the synopsis, "povmon eval --policy PACK
  // [...]" (continuation lines indented); `description`: what the command
  // does, the help's first paragraph; `footer`: the help's last paragraph
  // (exit statuses), may be empty.
  CommandLine(const char* command, std::string usage, std::string description,
              std::string footer = "");
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  CLI::App& app() { return app_; }

  // An option taking one value (TYPE shown in the help); given twice, the
  // last one counts.
  CLI::Option* Value(const std::string& names, std::string* value, const std::string& type,
                     const std::string& help);
  // An option that may be repeated, each time with one value, kept in order.
  CLI::Option* Repeated(const std::string& names, std::vector<std::string>* values,
                        const std::string& type, const std::string& help);
  // The input, FILE or "-" (standard input; also when absent).
  CLI::Option* Input(std::string* path, const std::string& help);

  // nullopt when the command should go on; otherwise the exit status:
  // kOk after printing the help (--help, -h) to standard output, kFailed
  // after printing one usage error.
  std::optional<int> Parse(const std::vector<std::string>& args);

  // "povmon COMMAND: MESSAGE" and the usage line on standard error; kFailed.
  int UsageError(const std::string& message) const;

  const std::string& usage() const { return usage_; }

 private:
  std::string Message(const CLI::ParseError& error) const;
  // "--as-of needs a value (--policy is an option)" when an option took
  // another option for its value; empty otherwise.
  std::string OptionTakenForAValue() const;
  // " (did you mean --policy?)" for an option a letter or two away.
  std::string Suggestion(const std::string& option) const;

  std::string command_;
  std::string usage_;
  CLI::App app_;
};

}  // namespace povmon::cli

#endif  // POVMON_TOOLS_POVMON_COMMAND_LINE_H_
