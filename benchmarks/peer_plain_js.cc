#include "benchmarks/peer_plain_js.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "simdjson.h"

namespace povmon::bench {
namespace {

// Single quotes around an argument for /bin/sh.
std::string Quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += "'";
  return out;
}

}  // namespace

absl::StatusOr<PlainJsRun> RunPlainJsPeer(const std::string& peer_dir, const std::string& data,
                                          std::size_t households, int runs) {
  char report_path[] = "/tmp/povmon-plain-js-XXXXXX";
  const int fd = mkstemp(report_path);
  if (fd < 0) return absl::InternalError("cannot create a temporary file for bench.js's report");
  close(fd);
  const std::string command =
      absl::StrCat("cd ", Quoted(peer_dir), " && node bench.js --engines js --n ", households,
                   " --data ", Quoted(data), " --runs ", runs, " --json ",
                   Quoted(report_path), " >&2");
  const int status = std::system(command.c_str());
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::remove(report_path);
    return absl::InternalError(absl::StrCat("`", command, "` failed (status ", status, ")"));
  }
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  const simdjson::error_code loaded = parser.load(report_path).get(report);
  std::remove(report_path);
  if (loaded != simdjson::SUCCESS) {
    return absl::DataLossError(absl::StrCat("bench.js's report ", report_path,
                                            " cannot be read: ", simdjson::error_message(loaded)));
  }
  PlainJsRun run;
  simdjson::dom::element js;
  std::string_view node;
  std::uint64_t n = 0;
  std::int64_t mismatches = 0;
  if (report["results"].at(0).get(js) != simdjson::SUCCESS ||
      js["households_per_cpu_s_median"].get(run.households_per_cpu_second) != simdjson::SUCCESS ||
      js["households_per_s_median"].get(run.households_per_second) != simdjson::SUCCESS ||
      js["mismatches"].get(mismatches) != simdjson::SUCCESS ||
      report["n"].get(n) != simdjson::SUCCESS || report["node"].get(node) != simdjson::SUCCESS) {
    return absl::DataLossError(
        "bench.js's report lacks results[0].households_per_cpu_s_median, "
        "households_per_s_median, mismatches, n or node");
  }
  std::string_view mode;
  if (js["mode"].get(mode) != simdjson::SUCCESS || mode != "js") {
    return absl::DataLossError("bench.js's report: results[0] is not the js mode");
  }
  run.households = n;
  run.mismatches = mismatches;
  run.node_version = std::string(node);
  if (run.households != households || run.households_per_cpu_second <= 0) {
    return absl::DataLossError(absl::StrCat("bench.js decided ", run.households, " households (",
                                            households, " asked) at ",
                                            run.households_per_cpu_second, " per CPU-second"));
  }
  return run;
}

}  // namespace povmon::bench
