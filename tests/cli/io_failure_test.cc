// Issue 12 item 2: a read or write failure is exit 1 with the reason, in
// every command, never a silent loss with exit 0. Before the fix,
// `povmon eval > /dev/full` exited 0 with every decision lost, and a
// directory, an unreadable file or a closed standard input read as empty
// (for `notice`: an empty public list, exit 0).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kSource = POVMON_SOURCE_DIR;
const std::string kMini = kSource + "/tests/testdata/packs/mini";
const std::string kHunan = kSource + "/policies/hunan-2024";
const std::string kHouseholds = kSource + "/examples/households/hunan.jsonl";
const std::string kWorkshops = kSource + "/examples/plans/workshops.jsonl";

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Scratch(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("povmon_io_failure_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

// `povmon ARGS` through the shell with `redirections` (which may send
// standard output to /dev/full or close standard input); stderr captured,
// stdout captured unless redirected.
CliRun Povmon(const std::string& args, const std::string& redirections,
           bool capture_stdout = true) {
  std::string out = Scratch("out"), err = Scratch("err");
  std::string command = std::string(POVMON_CLI) + " " + args + " " + redirections +
                        (capture_stdout ? " > " + out : "") + " 2> " + err;
  int raw = std::system(command.c_str());
  CliRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}

// ------------------------------------------------------------ writes

constexpr char kFull[] = "No space left on device";

TEST(OutputToAFullDisk, EvalFailsWithTheReason) {
  CliRun r = Povmon("eval --policy " + kHunan + " --as-of 2024-11-30 " + kHouseholds,
                 "> /dev/full", false);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("povmon eval: cannot write standard output: "));
  EXPECT_THAT(r.err, HasSubstr(kFull));
  EXPECT_THAT(r.err, Not(HasSubstr("decided,")));  // no success summary
}

TEST(OutputToAFullDisk, EvalExplainFailsWithTheReason) {
  CliRun r = Povmon("eval --explain --policy " + kHunan + " --as-of 2024-11-30 " + kHouseholds,
                 "> /dev/full", false);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr(kFull));
}

TEST(OutputToAFullDisk, NoticeFailsWithTheReason) {
  CliRun r = Povmon("notice --policy " + kHunan + " --as-of 2024-11-30 " + kHouseholds,
                 "> /dev/full", false);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("povmon notice: cannot write standard output: "));
  EXPECT_THAT(r.err, HasSubstr(kFull));
}

TEST(OutputToAFullDisk, NoticeOutFileOnAFullDiskFailsWithTheReason) {
  CliRun r = Povmon("notice --policy " + kHunan + " --as-of 2024-11-30 --out /dev/full " +
                     kHouseholds,
                 "");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("povmon notice: cannot write /dev/full: "));
  EXPECT_THAT(r.err, HasSubstr(kFull));
}

TEST(OutputToAFullDisk, WhatIfFailsWithTheReasonInBothFormats) {
  for (const char* format : {"text", "jsonl"}) {
    CliRun r = Povmon(std::string("whatif --format ") + format + " --policy " + kHunan +
                       " --set monitoring_line=7000 --as-of 2024-11-30 " + kHouseholds,
                   "> /dev/full", false);
    EXPECT_EQ(r.status, 1) << format << r.err;
    EXPECT_THAT(r.err, HasSubstr(kFull)) << format;
  }
}

TEST(OutputToAFullDisk, WorkshopFailsWithTheReason) {
  CliRun r = Povmon("workshop --policy " + kHunan + " --as-of 2024-07-01 " + kWorkshops,
                 "> /dev/full", false);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr(kFull));
}

TEST(OutputToAFullDisk, CheckTestAndVersionFailWithTheReason) {
  // --help and eval --help are longer than stdout's buffer, so their write
  // fails at once rather than in the final flush.
  for (const std::string& args : {"check " + kMini, "test " + kMini, std::string("version"),
                                 std::string("--help"), std::string("help --help"),
                                 std::string("eval --help"), std::string("check --help")}) {
    CliRun r = Povmon(args, "> /dev/full", false);
    EXPECT_EQ(r.status, 1) << args << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("povmon: cannot write standard output: ")) << args;
    EXPECT_THAT(r.err, HasSubstr(kFull)) << args;
  }
}

// ------------------------------------------------------------ reads

TEST(UnreadableInput, ADirectoryIsAReadErrorInEveryCommand) {
  for (const std::string& args :
       {"eval --policy " + kMini + " --as-of 2024-11-30 ",
        "notice --policy " + kMini + " --as-of 2024-11-30 ",
        "whatif --policy " + kMini + " --set monitoring_line=7000 --as-of 2024-11-30 ",
        "workshop --policy " + kHunan + " --as-of 2024-07-01 "}) {
    CliRun r = Povmon(args + kSource + "/examples", "");
    EXPECT_EQ(r.status, 1) << args << r.err;
    EXPECT_THAT(r.err, HasSubstr("cannot read " + kSource + "/examples: Is a directory")) << args;
    EXPECT_EQ(r.out, "") << args;
  }
}

TEST(UnreadableInput, AMissingFileIsAReadError) {
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-11-30 /nonexistent/h.jsonl", "");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("povmon eval: cannot read /nonexistent/h.jsonl: No such file or "
                               "directory"));
}

// Permissions do not stop root; an unreadable file is then one whose read
// fails: /proc/self/mem opens, and reading its first page is an I/O error.
TEST(UnreadableInput, AFileWhoseReadFailsIsAReadErrorNotTheEnd) {
  if (::geteuid() != 0) {
    std::string path = Scratch("unreadable.jsonl");
    std::ofstream(path) << "{}\n";
    ASSERT_EQ(::chmod(path.c_str(), 0), 0);
    CliRun r = Povmon("notice --policy " + kMini + " --as-of 2024-11-30 " + path, "");
    std::remove(path.c_str());
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr("cannot read " + path + ": Permission denied"));
  }
  for (const char* command : {"eval", "notice"}) {
    CliRun r = Povmon(std::string(command) + " --policy " + kMini +
                       " --as-of 2024-11-30 /proc/self/mem",
                   "");
    EXPECT_EQ(r.status, 1) << command << r.err;
    EXPECT_THAT(r.err, HasSubstr("cannot read /proc/self/mem after line 0: Input/output error"))
        << command;
  }
}

TEST(UnreadableInput, AClosedStandardInputIsAReadError) {
  for (const std::string& args :
       {"eval --policy " + kMini + " --as-of 2024-11-30", "notice --policy " + kMini +
                                                              " --as-of 2024-11-30",
        "whatif --policy " + kMini + " --set monitoring_line=7000 --as-of 2024-11-30 -"}) {
    CliRun r = Povmon(args, "<&-");
    EXPECT_EQ(r.status, 1) << args << r.err;
    EXPECT_THAT(r.err, HasSubstr("cannot read standard input: Bad file descriptor")) << args;
  }
}

// An empty input is not an error: nothing to decide, exit 0.
TEST(UnreadableInput, AnEmptyInputIsStillFine) {
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-11-30", "< /dev/null");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("0 decided, 0 not decided"));
}

// A line past the 16 MiB limit is one error record; the lines around it are
// decided, and memory stays bounded.
TEST(InputLimits, ALineLongerThanTheLimitIsOneErrorRecord) {
  std::string path = Scratch("long.jsonl");
  {
    std::ofstream out(path, std::ios::binary);
    std::string good =
        R"({"id":"g1","members":[{"id":"a","registered":true}],"income":[{"date":"2024-06-01","kind":"INCOME_KIND_WAGE","amount_fen":"500000"}]})";
    out << good << "\n{\"id\":\"" << std::string((16u << 20) + 10, 'x') << "\"}\n" << good << "\n";
  }
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-11-30 " + path, "");
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 2) << r.err;
  std::istringstream lines(r.out);
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  std::getline(lines, third);
  EXPECT_THAT(first, HasSubstr("\"household_id\":\"g1\""));
  EXPECT_THAT(second, HasSubstr("\"index\":1,\"line\":2"));
  EXPECT_THAT(second, HasSubstr("the line is longer than the limit of 16777216 bytes (16 MiB)"));
  EXPECT_THAT(third, HasSubstr("\"household_id\":\"g1\""));
}

// The what-if comparison (include/povmon/what_if.h) counts such a line as
// not decided, in both of its formats, and goes on.
TEST(InputLimits, ALineLongerThanTheLimitIsNotDecidedInTheWhatIf) {
  std::string path = Scratch("long-whatif.jsonl");
  {
    std::ofstream out(path, std::ios::binary);
    std::string good =
        R"({"id":"g1","members":[{"id":"a","registered":true}],"income":[{"date":"2024-06-01","kind":"INCOME_KIND_WAGE","amount_fen":"500000"}]})";
    out << good << "\n{\"id\":\"" << std::string((16u << 20) + 10, 'x') << "\"}\n" << good << "\n";
  }
  const std::string command =
      "whatif --policy " + kMini + " --set monitoring_line=7000 --as-of 2024-11-30 ";
  CliRun jsonl = Povmon(command + "--format jsonl " + path, "");
  CliRun text = Povmon(command + path, "");
  std::remove(path.c_str());
  EXPECT_EQ(jsonl.status, 2) << jsonl.err;
  std::istringstream lines(jsonl.out);
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  std::getline(lines, third);
  EXPECT_THAT(first, HasSubstr("{\"index\":0,\"line\":1,\"household_id\":\"g1\""));
  EXPECT_THAT(second, HasSubstr("\"index\":1,\"line\":2"));
  EXPECT_THAT(second, HasSubstr("the line is longer than the limit of 16777216 bytes (16 MiB)"));
  EXPECT_THAT(third, HasSubstr("{\"index\":2,\"line\":3,\"household_id\":\"g1\""));
  EXPECT_EQ(text.status, 2) << text.err;
  EXPECT_THAT(text.out, HasSubstr("3 households read: 2 decided both ways, 1 not decided\n"));
  EXPECT_THAT(text.out, HasSubstr("\nnot decided:\n  line 2"));
  EXPECT_THAT(text.out, HasSubstr("the line is longer than the limit of 16777216 bytes"));
  EXPECT_THAT(text.err, HasSubstr("povmon whatif: 2 decided both ways, 0 differently, "
                                  "1 not decided"));
}

// ------------------------------------------------------------ as-of date

// Issue 12 item 6: a date outside the pack failed every line (exit 2, one
// error per household) instead of once.
TEST(AsOfOutsideThePack, IsOneUsageErrorInEveryCommand) {
  for (std::string command : {"eval", "notice", "whatif --set monitoring_line=7000"}) {
    CliRun r = Povmon(command + " --policy " + kMini + " --as-of 2030-01-01 " + kHouseholds, "");
    EXPECT_EQ(r.status, 1) << command << r.err;
    EXPECT_EQ(r.out, "") << command;
    EXPECT_THAT(r.err, HasSubstr("--as-of 2030-01-01 is outside the dates of pack mini "
                                 "(2024-01-01 to 2025-12-31)"))
        << command;
  }
}

// ------------------------------------------------------------ explain

// Issue 12 item 6: an id carrying ESC [ 2 J cleared the terminal of whoever
// read the explanation.
TEST(ExplainOutput, TerminalEscapesInIdsAreMadeVisible) {
  std::string path = Scratch("escape.jsonl");
  std::ofstream(path)
      << R"({"id":"evil\u001b[2J\u001b]0;owned\u0007","members":[{"id":"a","registered":true}]})"
      << "\n"
      << "{\"id\":\"bad\x1b[31m\",\"members\":\"x\"}\n";  // a raw ESC: not JSON
  CliRun r = Povmon("eval --explain --policy " + kMini + " --as-of 2024-11-30 " + path, "");
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x07'), std::string::npos) << r.out;
  EXPECT_THAT(r.out, HasSubstr("evil\\x1B[2J\\x1B]0;owned\\x07"));
  EXPECT_THAT(r.out, HasSubstr("(household bad\\x1B[31m)"));
}

// The what-if report (WhatIfComparison::SummaryText) prints ids and error
// messages from the input the same way.
TEST(WhatIfOutput, TerminalEscapesInIdsAreMadeVisible) {
  std::string path = Scratch("escape-whatif.jsonl");
  std::ofstream(path)
      << R"({"id":"evil\u001b[2J","members":[{"id":"a","registered":true}],"income":[{"date":"2024-06-01","kind":"INCOME_KIND_WAGE","amount_fen":"660000"}]})"
      << "\n"
      << "{\"id\":\"bad\x1b[31m\",\"members\":\"x\"}\n"  // a raw ESC: not JSON
      << R"({"id":"bad\u001b[32m","members":"x"})" << "\n";   // the same, escaped
  CliRun r = Povmon("whatif --policy " + kMini + " --set monitoring_line=7000 --as-of 2024-11-30 " +
                        path,
                    "");
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\nhouseholds decided differently:\n  evil\\x1B[2J (per capita "));
  EXPECT_THAT(r.out, HasSubstr("\nnot decided:\n  line 2 (bad\\x1B[31m): "));
  // HouseholdIdOf decodes the \u001b of a record the reader refuses.
  EXPECT_THAT(r.out, HasSubstr("\n  line 3 (bad\\x1B[32m): "));
}

// An error record names the household its decision would have named: the
// id's \u escapes decoded (a surrogate pair to one character), so a
// department system matches the error to its household (issue 12).
TEST(EvalOutput, AnErrorRecordNamesTheIdTheDecisionWould) {
  std::string path = Scratch("escaped-ids.jsonl");
  std::ofstream(path)
      << R"({"id":"\u6751-7\ud83c\udfe0","members":[{"id":"a","registered":true}]})" << "\n"
      << R"({"id":"\u6751-7\ud83c\udfe0","members":"x"})" << "\n"
      << R"({"id":"\u6751-8\ud83c","members":"x"})" << "\n";  // a lone surrogate: no id
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-11-30 " + path, "");
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 2) << r.err;
  std::istringstream lines(r.out);
  std::string decided, refused, unnamed;
  std::getline(lines, decided);
  std::getline(lines, refused);
  std::getline(lines, unnamed);
  // 村-7🏠 as the decision names it, and the same in the error record.
  const std::string named = "\"household_id\":\"\xe6\x9d\x91-7\xf0\x9f\x8f\xa0\"";
  EXPECT_THAT(decided, HasSubstr(named));
  EXPECT_THAT(refused, StartsWith("{\"index\":1,\"line\":2," + named + ",\"error\":"));
  EXPECT_THAT(refused, HasSubstr("\"field\":\"members\""));
  EXPECT_THAT(unnamed, StartsWith("{\"index\":2,\"line\":3,\"error\":"));
  EXPECT_THAT(unnamed, HasSubstr("high surrogate without a low one"));
}

}  // namespace
