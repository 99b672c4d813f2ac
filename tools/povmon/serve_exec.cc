// `povmon serve`: runs the povmon-serve program installed beside povmon
// (built where gRPC is found: POVMON_SERVE), in this process's place, so
// signals sent to this process reach the server.
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "tools/povmon/commands.h"

namespace povmon::cli {

int ServeProgram(const std::vector<std::string>& args) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n <= 0) {
    std::cerr << "povmon serve: cannot find this program's folder: " << std::strerror(errno)
              << "\n";
    return kFailed;
  }
  std::string path(self, static_cast<std::size_t>(n));
  path = path.substr(0, path.rfind('/') + 1) + "povmon-serve";
  if (access(path.c_str(), X_OK) != 0) {
    std::cerr << "povmon serve: the gRPC service is not installed (" << path
              << "); it is built with POVMON_SERVE=ON where gRPC is found (Debian: "
                 "libgrpc++-dev, protobuf-compiler-grpc)\n";
    return kFailed;
  }
  std::vector<std::string> owned = args;
  std::vector<char*> argv;
  std::string name = "povmon-serve";
  argv.push_back(name.data());
  for (std::string& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(path.c_str(), argv.data());
  std::cerr << "povmon serve: cannot run " << path << ": " << std::strerror(errno) << "\n";
  return kFailed;
}

}  // namespace povmon::cli
