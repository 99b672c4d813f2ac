// `povmon serve`: the gRPC service (proto/povmon/v1/service.proto).
//
// Signals: SIGHUP reloads every pack folder (a changed pack serves new
// requests on its new revision, requests in flight finish on the old one; a
// pack that fails to load keeps serving its old revision and every problem
// is printed); SIGTERM and SIGINT stop taking calls, let the calls in
// progress finish (up to --shutdown-grace-ms, 10 seconds) and exit 0. gRPC
// waits out the grace period while any client keeps a connection open.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tools/povmon/commands.h"
#include "tools/povmon/serve/decision_log.h"
#include "tools/povmon/serve/pack_registry.h"
#include "tools/povmon/serve/server.h"

namespace povmon::cli {
namespace {

constexpr char kServeUsage[] =
    "usage: povmon serve --policy PACK [--policy PACK ...] [--listen HOST:PORT]\n"
    "       [--port-file FILE] [--workers N] [--deadline-ms N] [--max-message-bytes N]\n"
    "       [--max-threads N] [--shutdown-grace-ms N] [--decision-log FILE [--decision-log-max-bytes N]\n"
    "       [--decision-log-keep N]]\n"
    "  --policy PACK        a pack folder to serve (repeat for several; requests name\n"
    "                       the pack by its id)\n"
    "  --listen HOST:PORT   where to listen (default 127.0.0.1:50051; port 0 picks a\n"
    "                       free one, printed and written to --port-file)\n"
    "  --workers N          households decided at once (default: one per core)\n"
    "  --deadline-ms N      longest wait for a worker when the caller's deadline is\n"
    "                       later or unset (default 30000)\n"
    "  --max-message-bytes N  largest request or response (default 4194304)\n"
    "  --max-threads N      gRPC threads, i.e. calls and streams in progress\n"
    "                       (default 16 + 4 per worker); more is RESOURCE_EXHAUSTED\n"
    "  --shutdown-grace-ms N  on SIGTERM or SIGINT, how long calls in progress may\n"
    "                       take to finish (default 10000)\n"
    "  --decision-log FILE  append one JSON line per decided household (request id,\n"
    "                       pack revision, household id, category, measures, time;\n"
    "                       never personal data), rotated by size\n"
    "  --decision-log-max-bytes N  rotate when the file would pass N bytes\n"
    "                       (default 67108864)\n"
    "  --decision-log-keep N  old files kept as FILE.1 ... FILE.N (default 5)\n"
    "SIGHUP reloads changed packs; SIGTERM or SIGINT stops.\n";

std::optional<long long> Number(const std::string& text, long long min, long long max) {
  long long v = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return std::nullopt;
  }
  return v;
}

// Write the port to `path` through a temporary file, so a reader never sees
// half of it.
bool WritePortFile(const std::string& path, int port) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << "\n";
    out.close();
    if (!out) return false;
  }
  return std::rename(temporary.c_str(), path.c_str()) == 0;
}

}  // namespace

int Serve(const std::vector<std::string>& args) {
  std::vector<std::string> packs;
  serve::ServerOptions options;
  std::string port_file;
  absl::Duration grace = absl::Seconds(10);
  serve::DecisionLogOptions log_options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        std::cerr << "povmon serve: " << flag << " needs a value\n";
        return std::nullopt;
      }
      return args[++i];
    };
    auto number = [&](const char* flag, long long min,
                      long long max) -> std::optional<long long> {
      auto v = value(flag);
      if (!v) return std::nullopt;
      auto n = Number(*v, min, max);
      if (!n) {
        std::cerr << "povmon serve: " << flag << " must be a whole number from " << min
                  << " to " << max << ", not \"" << *v << "\"\n";
      }
      return n;
    };
    std::optional<long long> n;
    if (a == "--policy") {
      auto v = value("--policy");
      if (!v) return kFailed;
      packs.push_back(*v);
    } else if (a == "--listen") {
      auto v = value("--listen");
      if (!v) return kFailed;
      options.listen = *v;
    } else if (a == "--port-file") {
      auto v = value("--port-file");
      if (!v) return kFailed;
      port_file = *v;
    } else if (a == "--workers") {
      if (!(n = number("--workers", 1, 1024))) return kFailed;
      options.workers = static_cast<int>(*n);
    } else if (a == "--deadline-ms") {
      if (!(n = number("--deadline-ms", 1, 86400000))) return kFailed;
      options.deadline = absl::Milliseconds(*n);
    } else if (a == "--max-message-bytes") {
      if (!(n = number("--max-message-bytes", 1024, 1ll << 30))) return kFailed;
      options.max_message_bytes = static_cast<std::size_t>(*n);
    } else if (a == "--max-threads") {
      if (!(n = number("--max-threads", 2, 100000))) return kFailed;
      options.max_threads = static_cast<int>(*n);
    } else if (a == "--shutdown-grace-ms") {
      if (!(n = number("--shutdown-grace-ms", 0, 3600000))) return kFailed;
      grace = absl::Milliseconds(*n);
    } else if (a == "--decision-log") {
      auto v = value("--decision-log");
      if (!v) return kFailed;
      log_options.path = *v;
    } else if (a == "--decision-log-max-bytes") {
      if (!(n = number("--decision-log-max-bytes", 4096, 1ll << 40))) return kFailed;
      log_options.max_bytes = static_cast<std::uint64_t>(*n);
    } else if (a == "--decision-log-keep") {
      if (!(n = number("--decision-log-keep", 1, 1000))) return kFailed;
      log_options.keep = static_cast<int>(*n);
    } else if (a == "--help" || a == "-h") {
      std::cout << kServeUsage;
      return kOk;
    } else {
      std::cerr << "povmon serve: unknown option " << a << "\n" << kServeUsage;
      return kFailed;
    }
  }
  if (packs.empty()) {
    std::cerr << kServeUsage;
    return kFailed;
  }

  // Signals are taken by this thread alone (sigwait below): block them
  // before gRPC starts its threads, which inherit the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto registry = serve::PackRegistry::Load(packs);
  if (!registry.ok()) {
    std::cerr << "povmon serve: cannot load the packs:\n" << registry.status().message() << "\n";
    return kFailed;
  }
  std::unique_ptr<serve::DecisionLog> log;
  if (!log_options.path.empty()) {
    auto opened = serve::DecisionLog::Open(log_options);
    if (!opened.ok()) {
      std::cerr << "povmon serve: " << opened.status().message() << "\n";
      return kFailed;
    }
    log = *std::move(opened);
  }
  auto server = serve::Server::Start(registry->get(), log.get(), options);
  if (!server.ok()) {
    std::cerr << "povmon serve: " << server.status().message() << "\n";
    return kFailed;
  }
  std::cerr << "povmon serve: listening on port " << (*server)->port() << " ("
            << options.listen << "), " << (*server)->workers() << " workers; packs:";
  for (const auto& pack : (*registry)->All()) {
    std::cerr << " " << pack->id() << "@" << pack->revision().substr(0, 12);
  }
  std::cerr << std::endl;
  if (!port_file.empty() && !WritePortFile(port_file, (*server)->port())) {
    std::cerr << "povmon serve: cannot write the port to " << port_file << ": "
              << std::strerror(errno) << "\n";
    (*server)->Shutdown(absl::Seconds(1));
    return kFailed;
  }

  for (;;) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) continue;
    if (signal == SIGHUP) {
      (*registry)->Reload(std::cerr);
      continue;
    }
    std::cerr << "povmon serve: " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
              << ", stopping" << std::endl;
    break;
  }
  (*server)->Shutdown(grace);
  return kOk;
}

}  // namespace povmon::cli
