// povmon: check and test policy packs, and decide households.
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "povmon/version.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/command_line.h"
#include "tools/povmon/commands.h"

namespace {

constexpr char kUsage[] =
    "usage: povmon <command> [options]\n"
    "\n"
    "commands:\n"
    "  check PACK                 validate a policy pack; print every problem as\n"
    "                             file:line:col: message (exit 0 ok, 1 problems)\n"
    "  test PACK [--coverage] [--format text|json]\n"
    "                             run the pack's test cases (PACK/tests/*.textproto);\n"
    "                             --coverage lists the rules and measures no case fired\n"
    "                             (exit 0 all passed, 1 otherwise)\n"
    "  eval --policy PACK [--as-of YYYY-MM-DD] [--explain] [--trace off|rules|full]\n"
    "       [--format json|csv] [--lang zh-Hans|zh-Hant|en] [--jobs N]\n"
    "       [--progress|--no-progress] [--summary FILE [--seed N]] [--regions FILE]\n"
    "       [FILE|-]\n"
    "                             decide households given as JSON Lines (stdin when\n"
    "                             FILE is - or absent); one decision or error object per\n"
    "                             input line, in order (--format csv: one row per\n"
    "                             household, money in yuan; exit 0 all decided, 2 some\n"
    "                             errors, 1 usage or pack errors); --summary writes the\n"
    "                             counts by village, township, county and province and\n"
    "                             the pack's population rules' findings as JSON (--seed:\n"
    "                             the spot check's seed, random when absent; --regions:\n"
    "                             names, 出列村 and populations of the places, also\n"
    "                             for --explain)\n"
    "  workshop --policy PACK --as-of YYYY-MM-DD [--explain]\n"
    "       [--lang zh-Hans|zh-Hant|en] [FILE|-]\n"
    "                             the award an employment workshop earns (Plan 6\n"
    "                             §3.5), workshops given as JSON Lines\n"
    "  notice --policy PACK [--as-of YYYY-MM-DD] [--format csv|html] [--out PATH]\n"
    "       [--lang zh-Hans|zh-Hant] [--regions FILE] [--jobs N]\n"
    "       [--progress|--no-progress] [FILE|-]\n"
    "                             the public-notice list (Plan 10 §3.2): every notice in\n"
    "                             force on the date, with the head's name, the decision,\n"
    "                             its reason and the notice's dates; never ID numbers,\n"
    "                             addresses, phone numbers, birth dates or bank cards\n"
    "                             (exit 0, 2 when some lines were not decided)\n"
    "  whatif --policy PACK --set NAME=VALUE[@YYYY-MM-DD] [--set ...]\n"
    "       [--as-of YYYY-MM-DD] [--format text|jsonl] [--jobs N]\n"
    "       [--progress|--no-progress] [FILE|-]\n"
    "                             decide households under the pack and under the pack\n"
    "                             with parameters changed; print what changes: categories,\n"
    "                             who is monitored, assistance amounts, elimination\n"
    "                             (exit 0, 2 when some lines were not decided)\n"
    "  report --policy PACK [--as-of YYYY-MM-DD] [--regions FILE] [--seed N]\n"
    "       [--out PATH] [--lang zh-Hans|zh-Hant] [--jobs N] [--progress|--no-progress]\n"
    "       [--from-summary FILE ...] [FILE|-]\n"
    "                             one self-contained HTML page for a county officer\n"
    "                             (figures and tables by place, flagged places with their\n"
    "                             citations, measures by department; no personal data),\n"
    "                             from households or from merged --summary files\n"
    "                             (exit 0, 2 when some lines were not decided)\n"
    "  serve --policy PACK [--policy PACK ...] [--listen HOST:PORT] [--decision-log FILE]\n"
    "                             the gRPC service (proto/povmon/v1/service.proto):\n"
    "                             Evaluate, EvaluateStream, Explain, Packs, health and\n"
    "                             reflection; SIGHUP reloads changed packs (povmon serve\n"
    "                             --help for every option)\n"
    "  version                    print the version\n"
    "\n"
    "povmon COMMAND --help (or -h, or povmon help COMMAND) describes every option of a\n"
    "command. --jobs N decides on N worker threads (default: one per core); --progress\n"
    "shows a progress line on standard error (default: when it is a terminal). Options\n"
    "take their value as --opt VALUE or --opt=VALUE. Exit status: 0 ok, 1 a usage error,\n"
    "a failed check or test, a pack that does not load, input that cannot be read or\n"
    "output that cannot be written; 2 (eval, workshop, notice, whatif, report) some\n"
    "input lines were not decided.\n";

}  // namespace

namespace {

int Version(const std::vector<std::string>& args) {
  povmon::cli::CommandLine line("version", "povmon version", "Print povmon's version.");
  if (std::optional<int> done = line.Parse(args)) return *done;
  std::cout << "povmon " << POVMON_VERSION_STRING << "\n";
  return povmon::cli::kOk;
}

int Run(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      (std::strcmp(argv[1], "help") == 0 && argc == 2)) {
    (argc < 2 ? std::cerr : std::cout) << kUsage;
    return argc < 2 ? povmon::cli::kFailed : povmon::cli::kOk;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  // `povmon help COMMAND` is `povmon COMMAND --help`; `povmon help --help`
  // (or -h, or help) is the list of commands.
  if (command == "help") {
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << kUsage;
      return povmon::cli::kOk;
    }
    command = args[0];
    args = {"--help"};
  }
  if (command == "check") return povmon::cli::Check(args);
  if (command == "test") return povmon::cli::Test(args);
  if (command == "eval") return povmon::cli::Eval(args);
  if (command == "workshop") return povmon::cli::Workshop(args);
  if (command == "notice") return povmon::cli::Notice(args);
  if (command == "whatif") return povmon::cli::WhatIf(args);
  if (command == "report") return povmon::cli::Report(args);
  if (command == "serve") return povmon::cli::ServeProgram(args);
  if (command == "version") return Version(args);
  if (command == "--version" && args.empty()) return Version(args);
  std::cerr << "povmon: unknown command \"" << command << "\"\n\n" << kUsage;
  return povmon::cli::kFailed;
}

}  // namespace

int main(int argc, char** argv) {
  // Whatever the command, output that did not reach standard output (a full
  // disk, a closed pipe, /dev/full) is exit 1 with the reason
  // (tools/povmon/command_input.h), never a silent 0.
  return povmon::cli::FinishOutput(Run(argc, argv));
}
