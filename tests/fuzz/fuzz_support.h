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

// Every *.textproto of a pack folder and its subfolders (calendar/), by its
// name relative to the pack, as pack.textproto names it; not its tests/.
inline std::map<std::string, std::string> PackFiles(const std::string& pack) {
  std::map<std::string, std::string> files;
  const std::filesystem::path root = SourceDir() + "/" + pack;
  for (auto it = std::filesystem::recursive_directory_iterator(root);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && it->path().filename() == "tests") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".textproto") {
      files[std::filesystem::relative(it->path(), root).generic_string()] = ReadWhole(it->path());
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
