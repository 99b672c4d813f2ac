// `povmon serve`: runs the povmon-serve program installed beside povmon
// (built where gRPC is found: POVMON_SERVE), in this process's place, so
// signals sent to this process reach the server.
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "tools/povmon/command_line.h"
#include "tools/povmon/commands.h"

namespace povmon::cli {

namespace {

// povmon-serve's options (tools/povmon/serve/serve_command.cc, which checks
// the numbers): parsed here too, so that `povmon serve` answers --help
// without the service installed, takes --opt=value, and refuses an unknown
// option or a missing value before starting gRPC. CliServe.FrontKnowsEvery
// ServiceOption (tests/cli) keeps this list and povmon-serve's in step.
struct ServeOption {
  const char* name;
  const char* type;
  const char* help;
};

constexpr ServeOption kServeOptions[] = {
    {"--listen", "HOST:PORT",
     "where to listen (default 127.0.0.1:50051; port 0 picks a free one, printed and written "
     "to --port-file)"},
    {"--port-file", "FILE", "write the port listened on to FILE"},
    {"--workers", "N", "households decided at once (default: one per core)"},
    {"--deadline-ms", "N",
     "longest wait for a worker when the caller's deadline is later or unset (default 30000)"},
    {"--max-message-bytes", "N", "largest request or response (default 4194304)"},
    {"--max-threads", "N",
     "gRPC threads, i.e. calls and streams in progress (default 16 + 4 per worker); more is "
     "RESOURCE_EXHAUSTED"},
    {"--shutdown-grace-ms", "N",
     "on SIGTERM or SIGINT, how long calls in progress may take to finish (default 10000)"},
    {"--decision-log", "FILE",
     "append one JSON line per decided household (request id, pack revision, household id, "
     "category, measures, time; never personal data), rotated by size"},
    {"--decision-log-max-bytes", "N", "rotate when the file would pass N bytes (default 67108864)"},
    {"--decision-log-keep", "N", "old files kept as FILE.1 ... FILE.N (default 5)"},
};

}  // namespace

int ServeProgram(const std::vector<std::string>& args) {
  std::vector<std::string> packs;
  std::vector<std::string> values(std::size(kServeOptions));
  CommandLine line(
      "serve",
      "povmon serve --policy PACK [--policy PACK ...] [--listen HOST:PORT]\n"
      "       [--port-file FILE] [--workers N] [--deadline-ms N] [--max-message-bytes N]\n"
      "       [--max-threads N] [--shutdown-grace-ms N] [--decision-log FILE\n"
      "       [--decision-log-max-bytes N] [--decision-log-keep N]]",
      "The gRPC service (proto/povmon/v1/service.proto): Evaluate, EvaluateStream, Explain, "
      "Packs, health and reflection. It runs povmon-serve, installed beside povmon.",
      "SIGHUP reloads changed packs; SIGTERM or SIGINT stops (exit 0). Exit status 1: a usage "
      "error, a pack that does not load, an address that cannot be listened on.");
  line.Repeated("--policy", &packs, "PACK",
                "a pack folder to serve (repeat for several; requests name the pack by its id)")
      ->required();
  for (std::size_t k = 0; k < std::size(kServeOptions); ++k) {
    line.Value(kServeOptions[k].name, &values[k], kServeOptions[k].type, kServeOptions[k].help);
  }
  if (std::optional<int> done = line.Parse(args)) return *done;
  // povmon-serve's arguments, each option and its value apart.
  std::vector<std::string> forwarded;
  for (const std::string& pack : packs) {
    forwarded.push_back("--policy");
    forwarded.push_back(pack);
  }
  for (std::size_t k = 0; k < std::size(kServeOptions); ++k) {
    if (line.app().count(kServeOptions[k].name) == 0) continue;
    forwarded.push_back(kServeOptions[k].name);
    forwarded.push_back(values[k]);
  }
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
  std::vector<std::string> owned = forwarded;
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
