// What the commands that read a pack and JSON Lines share (eval, notice,
// workshop, whatif): loading the pack with its problems reported, opening
// the input, telling blank lines, and today's date.
#ifndef POVMON_TOOLS_POVMON_COMMAND_INPUT_H_
#define POVMON_TOOLS_POVMON_COMMAND_INPUT_H_

#include <fstream>
#include <istream>
#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "povmon/policy.h"

namespace povmon::cli {

// The pack in `directory`; nullptr after printing every problem to stderr
// as file:line:col: message.
std::shared_ptr<const Policy> LoadPackOrReport(const std::string& directory);

// `path`, or stdin for "-", opened into `file`; nullptr after printing
// "povmon COMMAND: cannot read PATH" to stderr.
std::istream* OpenInput(const char* command, const std::string& path, std::ifstream* file);

// A line holding only spaces, tabs or a carriage return: not a record, but
// counted, so that line numbers match the file.
bool IsBlankLine(const std::string& line);

// The local date, the default as-of date.
absl::CivilDay Today();

}  // namespace povmon::cli

#endif  // POVMON_TOOLS_POVMON_COMMAND_INPUT_H_
