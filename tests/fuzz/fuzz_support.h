// What the fuzz targets share: the source tree (for packs), reading a pack
// folder into memory, and a fatal check that libFuzzer reports as a crash.
#ifndef POVMON_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define POVMON_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace povmon::fuzz {

inline std::string SourceDir() {
  const char* env = std::getenv("POVMON_SOURCE_DIR");
  return env != nullptr ? env : POVMON_SOURCE_DIR;
}

inline std::string ReadWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every *.textproto directly in a pack folder, by name.
inline std::map<std::string, std::string> PackFiles(const std::string& pack) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/" + pack)) {
    if (entry.is_regular_file() && entry.path().extension() == ".textproto") {
      files[entry.path().filename().string()] = ReadWhole(entry.path());
    }
  }
  return files;
}

// An invariant broken: abort, so that libFuzzer keeps the input.
#define POVMON_FUZZ_CHECK(condition)                                              \
  do {                                                                            \
    if (!(condition)) {                                                           \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, \
                   #condition);                                                   \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

}  // namespace povmon::fuzz

#endif  // POVMON_TESTS_FUZZ_FUZZ_SUPPORT_H_
