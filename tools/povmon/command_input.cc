#include "tools/povmon/command_input.h"

#include <ctime>
#include <iostream>
#include <vector>

namespace povmon::cli {

std::shared_ptr<const Policy> LoadPackOrReport(const std::string& directory) {
  std::vector<LoadProblem> problems;
  auto policy = Policy::Load(directory, &problems);
  if (policy.ok()) return *policy;
  for (const LoadProblem& p : problems) std::cerr << p.ToString() << "\n";
  return nullptr;
}

std::istream* OpenInput(const char* command, const std::string& path, std::ifstream* file) {
  if (path == "-") return &std::cin;
  file->open(path);
  if (!*file) {
    std::cerr << "povmon " << command << ": cannot read " << path << "\n";
    return nullptr;
  }
  return file;
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
