// The povmon command line's argument parsing (issue 13 item 3, CLI11):
// --help on every command, --opt=value, one usage error naming the option.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kSource = POVMON_SOURCE_DIR;
const std::string kMini = kSource + "/tests/testdata/packs/mini";
const std::string kHunan = kSource + "/policies/hunan-2024";
const std::string kYingkou = kSource + "/policies/yingkou-2024";
const std::string kHouseholds = kSource + "/examples/households/hunan.jsonl";

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/povmon_command_line_test_" +
         std::to_string(::getpid()) + "_" + name;
}

CliRun RunProgram(const std::string& program, const std::string& args,
           const std::string& stdin_text = "") {
  std::string in = TempPath("in"), out = TempPath("out"), err = TempPath("err");
  std::ofstream(in) << stdin_text;
  std::string command = program + " " + args + " < " + in + " > " + out + " 2> " + err;
  int raw = std::system(command.c_str());
  CliRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  std::remove(in.c_str());
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}

CliRun Povmon(const std::string& args, const std::string& stdin_text = "") {
  return RunProgram(POVMON_CLI, args, stdin_text);
}

const char* const kCommands[] = {"check",  "test",   "eval",  "workshop", "notice",
                                 "whatif", "report", "serve", "version"};

// Every command answers --help and -h on standard output with its usage
// line and exit 0, whatever else is on the line; `povmon help COMMAND` too.
TEST(CommandLine, EveryCommandAnswersHelp) {
  for (const char* command : kCommands) {
    for (const char* flag : {" --help", " -h"}) {
      CliRun r = Povmon(std::string(command) + flag);
      EXPECT_EQ(r.status, 0) << command << flag << r.err;
      EXPECT_THAT(r.out, StartsWith(std::string("usage: povmon ") + command)) << command << flag;
      EXPECT_THAT(r.out, HasSubstr("-h,--help")) << command;
      EXPECT_EQ(r.err, "") << command << flag;
    }
    CliRun help = Povmon(std::string("help ") + command);
    EXPECT_EQ(help.status, 0) << command;
    EXPECT_EQ(help.out, Povmon(std::string(command) + " --help").out) << command;
  }
  // --help wins over the rest of the line, also after other options.
  CliRun eval = Povmon("eval --policy " + kMini + " --as-of 2030-01-01 --help");
  EXPECT_EQ(eval.status, 0) << eval.err;
  EXPECT_THAT(eval.out, HasSubstr("--policy PACK"));
  EXPECT_THAT(eval.out, HasSubstr("--as-of YYYY-MM-DD"));
  EXPECT_THAT(eval.out, HasSubstr("Exit status: 0 every line decided, 2 some lines not decided"));
  // It used to be taken for a pack folder.
  CliRun check = Povmon("check --help");
  EXPECT_THAT(check.out, Not(HasSubstr("problems in --help")));
  EXPECT_THAT(check.out, HasSubstr("PACK"));
}

// Every option the command documents in its help is listed (each command's
// own words, not the top-level summary).
TEST(CommandLine, HelpListsTheCommandsOptions) {
  struct Expect {
    const char* command;
    std::vector<std::string> options;
  };
  const Expect expects[] = {
      {"eval", {"--policy", "--as-of", "--explain", "--trace", "--format", "--lang", "--jobs",
                "--progress", "--summary", "--seed", "--regions", "FILE"}},
      {"notice", {"--policy", "--as-of", "--format", "--out", "--lang", "--jobs"}},
      {"whatif", {"--policy", "--set", "--as-of", "--format", "--jobs"}},
      {"report", {"--policy", "--as-of", "--regions", "--seed", "--out", "--from-summary"}},
      {"workshop", {"--policy", "--as-of", "--explain", "--lang"}},
      {"test", {"PACK", "--format"}},
      {"serve", {"--policy", "--listen", "--port-file", "--workers", "--decision-log"}},
  };
  for (const Expect& e : expects) {
    CliRun r = Povmon(std::string(e.command) + " --help");
    for (const std::string& option : e.options) {
      EXPECT_THAT(r.out, HasSubstr(option)) << e.command;
    }
  }
}

// The top level still lists the commands, and says how to get a command's
// options.
TEST(CommandLine, TopLevelHelpListsTheCommands) {
  for (const char* flag : {"--help", "-h", "help"}) {
    CliRun r = Povmon(flag);
    EXPECT_EQ(r.status, 0) << flag;
    EXPECT_THAT(r.out, StartsWith("usage: povmon <command> [options]"));
    for (const char* command : kCommands) {
      EXPECT_THAT(r.out, HasSubstr(std::string("\n  ") + command + " ")) << command;
    }
    EXPECT_THAT(r.out, HasSubstr("povmon COMMAND --help"));
  }
  CliRun none = Povmon("");
  EXPECT_EQ(none.status, 1);
  EXPECT_THAT(none.err, StartsWith("usage: povmon <command> [options]"));
}

// `povmon help --help` (or -h, or help) is the list of commands, not "unknown
// command".
TEST(CommandLine, HelpAboutHelpListsTheCommands) {
  const std::string top = Povmon("--help").out;
  for (const char* flag : {"--help", "-h", "help"}) {
    CliRun r = Povmon(std::string("help ") + flag);
    EXPECT_EQ(r.status, 0) << flag << r.err;
    EXPECT_EQ(r.out, top) << flag;
    EXPECT_EQ(r.err, "") << flag;
  }
}

// `--help=x` is a usage error (exit 1), not a request for help.
TEST(CommandLine, HelpTakesNoValue) {
  for (const char* command : {"check", "test", "eval", "notice", "report", "version"}) {
    for (const char* flag : {"--help=x", "--help=", "-h=1"}) {
      CliRun r = Povmon(std::string(command) + " " + flag);
      EXPECT_EQ(r.status, 1) << command << " " << flag;
      EXPECT_THAT(r.err, HasSubstr(std::string("povmon ") + command + ": --help takes no value (" +
                                   flag + ")"))
          << command << " " << flag;
      EXPECT_EQ(r.out, "") << command << " " << flag;
    }
  }
}

// The top-level summary of each command shows every option of the command's
// own usage line (they used to drift: eval's --format and --lang were missing).
TEST(CommandLine, TopLevelSummaryShowsEveryOptionOfEachUsageLine) {
  const std::string top = Povmon("--help").out;
  for (const char* command : {"check", "test", "eval", "workshop", "notice", "whatif", "report"}) {
    // The command's block of the top-level summary: from its line to the
    // next command's.
    const std::size_t begin = top.find(std::string("\n  ") + command + " ");
    ASSERT_NE(begin, std::string::npos) << command;
    std::size_t end = top.find("\n\n", begin + 1);
    for (const char* other : kCommands) {
      const std::size_t at = top.find(std::string("\n  ") + other + " ", begin + 1);
      if (at != std::string::npos && at < end) end = at;
    }
    const std::string block = top.substr(begin, end - begin);
    // The command's own usage: its first lines, up to the first blank line.
    const std::string help = Povmon(std::string(command) + " --help").out;
    const std::string usage = help.substr(0, help.find("\n\n"));
    std::size_t at = 0;
    int options = 0;
    while ((at = usage.find("--", at)) != std::string::npos) {
      std::size_t stop = usage.find_first_of(" ]|=\n", at);
      const std::string option = usage.substr(at, stop - at);
      at = stop;
      if (option == "--") continue;
      ++options;
      EXPECT_THAT(block, HasSubstr(option)) << command << " --help shows " << option
                                            << ", the top-level summary does not";
    }
    if (std::string(command) != "check") {
      EXPECT_GT(options, 0) << command;
    }
  }
}

// --opt=value is --opt value.
TEST(CommandLine, OptionEqualsValueIsTheSameAsTwoArguments) {
  const std::string household =
      R"({"id":"g1","members":[{"id":"a","registered":true}],"income":[{"date":"2024-06-01","kind":"INCOME_KIND_WAGE","amount_fen":"500000"}]})"
      "\n";
  CliRun spaced = Povmon("eval --policy " + kMini + " --as-of 2024-11-30 --trace full -",
                         household);
  CliRun equals = Povmon("eval --policy=" + kMini + " --as-of=2024-11-30 --trace=full -",
                         household);
  EXPECT_EQ(spaced.status, 0) << spaced.err;
  EXPECT_EQ(equals.status, 0) << equals.err;
  EXPECT_EQ(equals.out, spaced.out);
  EXPECT_THAT(equals.out, HasSubstr("\"category\":\"CATEGORY_MARGINAL_AT_RISK\""));

  CliRun notice = Povmon("notice --policy=" + kHunan + " --as-of=2024-11-30 --format=html " +
                         kHouseholds);
  EXPECT_EQ(notice.status, 2) << notice.err;  // two lines of the file are bad
  EXPECT_THAT(notice.out, HasSubstr("<html lang=\"zh-Hans\">"));

  CliRun whatif = Povmon("whatif --policy=" + kHunan +
                         " --set=monitoring_line=7000 --as-of=2024-11-30 --jobs=1 " + kHouseholds);
  EXPECT_EQ(whatif.status, 2) << whatif.err;
  EXPECT_THAT(whatif.out, HasSubstr("6 of 30 decided differently"));

  CliRun test = Povmon("test --format=json " + kMini);
  EXPECT_EQ(test.status, 0) << test.err;
  EXPECT_THAT(test.out, StartsWith("{\"pack\":\"mini\",\"passed\":2,\"failed\":0,"));
}

// Repeated options keep every value, in order: --set and --from-summary.
TEST(CommandLine, RepeatedOptionsKeepEveryValue) {
  CliRun r = Povmon("whatif --policy " + kHunan + " --set monitoring_line=7000 --set=" +
                    "monitoring_line=6000@2024-12-01 --as-of 2024-11-30 " + kHouseholds);
  EXPECT_EQ(r.status, 2) << r.err;
  // Both changes, each from its own day (the first from the pack's first).
  EXPECT_THAT(r.out, HasSubstr("  monitoring_line: 6,500.00 → 7,000.00 from 2024-01-01  "
                               "(--set monitoring_line=7000)\n"
                               "  monitoring_line: 6,500.00 → 6,000.00 from 2024-12-01  "
                               "(--set monitoring_line=6000@2024-12-01)\n"
                               "  monitoring_line on 2024-11-30: 6,500.00 → 7,000.00\n"));
  // The input after a --set is the input, not a second value of --set.
  EXPECT_THAT(r.out, HasSubstr("32 households read"));
}

TEST(CommandLine, AnUnknownOptionIsOneUsageErrorNamingIt) {
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"eval --policy " + kMini + " --frobnicate", "povmon eval: unknown option --frobnicate\n"},
      {"eval --polcy " + kMini, "povmon eval: unknown option --polcy (did you mean --policy?)\n"},
      {"eval --policy " + kMini + " --as-of=2024-11-30 --explian",
       "povmon eval: unknown option --explian (did you mean --explain?)\n"},
      {"notice --policy " + kMini + " --fromat=html",
       "povmon notice: unknown option --fromat (did you mean --format?)\n"},
      {"whatif --policy " + kMini + " --set monitoring_line=7000 --zzz",
       "povmon whatif: unknown option --zzz\n"},
      {"report --policy " + kMini + " --form-summary x.json",
       "povmon report: unknown option --form-summary (did you mean --from-summary?)\n"},
      {"workshop --policy " + kHunan + " --as-of 2024-07-01 -x", "povmon workshop: unknown option -x\n"},
      {"check --strict " + kMini, "povmon check: unknown option --strict\n"},
      {"test " + kMini + " --coverag", "povmon test: unknown option --coverag"},
      {"version --verbose", "povmon version: unknown option --verbose\n"},
      {"serve --policy " + kMini + " --port 5", "povmon serve: unknown option --port"},
  };
  for (const Case& c : cases) {
    CliRun r = Povmon(c.args);
    EXPECT_EQ(r.status, 1) << c.args;
    EXPECT_THAT(r.err, StartsWith(c.message)) << c.args;
    EXPECT_THAT(r.err, HasSubstr("\nusage: povmon ")) << c.args;
    EXPECT_EQ(r.out, "") << c.args;
    // One error, not one per argument.
    std::size_t first = r.err.find("unknown option");
    EXPECT_EQ(r.err.find("unknown option", first + 1), std::string::npos) << c.args << r.err;
  }
}

TEST(CommandLine, AMissingValueIsOneUsageErrorNamingTheOption) {
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"eval --policy", "povmon eval: --policy needs a value\n"},
      {"eval --policy " + kMini + " --as-of", "povmon eval: --as-of needs a value\n"},
      {"eval --as-of --policy " + kMini,
       "povmon eval: --as-of needs a value (--policy is an option)\n"},
      {"eval --policy --explain", "povmon eval: --policy needs a value (--explain is an option)\n"},
      {"eval --policy " + kMini + " --jobs", "povmon eval: --jobs needs a value\n"},
      {"eval --policy=", "povmon eval: --policy needs a value\n"},
      {"notice --policy " + kMini + " --out", "povmon notice: --out needs a value\n"},
      {"whatif --policy " + kMini + " --set", "povmon whatif: --set needs a value\n"},
      {"report --policy " + kMini + " --from-summary", "povmon report: --from-summary needs a value\n"},
      {"workshop --policy " + kHunan + " --as-of", "povmon workshop: --as-of needs a value\n"},
      {"test " + kMini + " --format", "povmon test: --format needs a value\n"},
      {"serve --policy", "povmon serve: --policy needs a value\n"},
  };
  for (const Case& c : cases) {
    CliRun r = Povmon(c.args);
    EXPECT_EQ(r.status, 1) << c.args;
    EXPECT_THAT(r.err, StartsWith(c.message)) << c.args;
    EXPECT_EQ(r.out, "") << c.args;
  }
}

TEST(CommandLine, ARequiredOptionLeftOutOrAnArgumentTooManyIsAUsageError) {
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"eval --as-of 2024-11-30", "povmon eval: --policy PACK is required\n"},
      {"whatif --policy " + kMini, "povmon whatif: --set NAME=VALUE[@YYYY-MM-DD] is required\n"},
      {"workshop --policy " + kHunan, "povmon workshop: --as-of YYYY-MM-DD is required\n"},
      {"check", "povmon check: PACK is required\n"},
      {"test", "povmon test: PACK is required\n"},
      {"serve", "povmon serve: --policy PACK is required\n"},
      {"check " + kMini + " " + kMini, "povmon check: one PACK at most; \"" + kMini +
                                           "\" is one too many\n"},
      {"eval --policy " + kMini + " a.jsonl b.jsonl",
       "povmon eval: one FILE at most; \"b.jsonl\" is one too many\n"},
      {"version 2", "povmon version: one argument at most; \"2\" is one too many\n"},
  };
  for (const Case& c : cases) {
    CliRun r = Povmon(c.args);
    EXPECT_EQ(r.status, 1) << c.args;
    EXPECT_THAT(r.err, StartsWith(c.message)) << c.args;
    EXPECT_EQ(r.out, "") << c.args;
  }
}

// A value the command checks itself is still one usage error with the usage
// line, and the commands keep their own words for it.
TEST(CommandLine, ABadValueIsOneUsageError) {
  CliRun r = Povmon("eval --policy " + kMini + " --trace=most");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, StartsWith("povmon eval: --trace must be off, rules or full\nusage: "));
  CliRun jobs = Povmon("notice --policy " + kMini + " --jobs=-3");
  EXPECT_EQ(jobs.status, 1);
  EXPECT_THAT(jobs.err, StartsWith("povmon notice: --jobs \"-3\" is not a number of worker "
                                   "threads from 1 to 256 (0: every core)\n"));
  CliRun test = Povmon("test --format xml " + kMini);
  EXPECT_EQ(test.status, 1);
  EXPECT_THAT(test.err, StartsWith("povmon test: --format must be text or json, not \"xml\"\n"));
  CliRun seed = Povmon("report --policy " + kMini + " --seed=-1");
  EXPECT_EQ(seed.status, 1);
  EXPECT_THAT(seed.err, StartsWith("povmon report: --seed \"-1\" is not a whole number"));
}

// Issue 13 item 3: an as-of date outside the pack's dates is one usage
// error (exit 1, nothing on standard output), not one error per input line,
// in every command that decides households or workshops.
TEST(CommandLine, AnAsOfOutsideThePackIsOneUsageErrorInEveryCommand) {
  std::string input;
  for (int i = 0; i < 5; ++i) input += Slurp(kHouseholds);
  for (const std::string& args :
       {"eval --policy " + kHunan + " --as-of 2030-01-01",
        "eval --policy " + kHunan + " --as-of 2030-01-01 --explain",
        "notice --policy " + kHunan + " --as-of 2030-01-01",
        "whatif --policy " + kHunan + " --set monitoring_line=7000 --as-of 2030-01-01",
        "report --policy " + kHunan + " --as-of 2030-01-01",
        "workshop --policy " + kHunan + " --as-of 2030-01-01"}) {
    CliRun r = Povmon(args, input);
    EXPECT_EQ(r.status, 1) << args;
    EXPECT_EQ(r.out, "") << args;
    std::string command = args.substr(0, args.find(' '));
    EXPECT_EQ(r.err, "povmon " + command +
                         ": --as-of 2030-01-01 is outside the dates of pack hunan-2024 "
                         "(2024-01-01 to 2024-12-31); give a date within them\n")
        << args;
  }
}

// `povmon serve` parses its options before starting the service: what it
// lists is what povmon-serve takes.
TEST(CommandLine, ServeFrontKnowsEveryServiceOption) {
  const std::string serve = std::string(POVMON_CLI) + "-serve";
  if (::access(serve.c_str(), X_OK) != 0) GTEST_SKIP() << "povmon-serve is not built";
  CliRun service = RunProgram(serve, "--help");
  CliRun front = Povmon("serve --help");
  ASSERT_EQ(front.status, 0);
  std::regex option("--[a-z][a-z-]+");
  std::set<std::string> service_options, front_options;
  for (std::sregex_iterator it(service.out.begin(), service.out.end(), option), end; it != end;
       ++it) {
    service_options.insert(it->str());
  }
  for (std::sregex_iterator it(front.out.begin(), front.out.end(), option), end; it != end;
       ++it) {
    front_options.insert(it->str());
  }
  ASSERT_FALSE(service_options.empty()) << service.out;
  for (const std::string& o : service_options) {
    EXPECT_TRUE(front_options.count(o) > 0) << o << " is missing from povmon serve --help";
  }
}

}  // namespace
