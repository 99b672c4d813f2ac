// `povmon test --coverage` (issue 13 item 6): what the pack's own test cases
// never made fire, by file:line.
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

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kSource = POVMON_SOURCE_DIR;
const std::string kMini = kSource + "/tests/testdata/packs/mini";

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
  return std::string(dir ? dir : "/tmp") + "/povmon_coverage_test_" +
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

// The mini pack's two cases (an income exactly at the line, one fen below
// it) make only category.marginal fire: the other six rules are listed where
// they are written, in file order.
TEST(Coverage, ListsTheRulesNoCaseFired) {
  CliRun r = Povmon("test --coverage " + kMini);
  EXPECT_EQ(r.status, 0) << r.err;
  const std::string rules = kMini + "/rules.textproto";
  EXPECT_THAT(r.out, HasSubstr("mini: 2 passed, 0 failed\n"
                               "coverage: 1 of 7 items exercised (fired in at least one test "
                               "case)\n"
                               "  1 of 7 rules exercised\n"
                               "not exercised:\n"
                               "  " + rules + ":1: rule neg.public_salary\n"
                               "  " + rules + ":9: rule neg.car\n"
                               "  " + rules + ":17: rule risk.illness\n"
                               "  " + rules + ":25: rule risk.rigid\n"
                               "  " + rules + ":33: rule category.unstable\n"
                               "  " + rules + ":49: rule category.sudden\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("rule category.marginal")));
  // Without --coverage, the report is as before.
  CliRun plain = Povmon("test " + kMini);
  EXPECT_THAT(plain.out, EndsWith("mini: 2 passed, 0 failed\n"));
}

// A scratch copy of the mini pack with one more test file.
std::string MiniWith(const std::string& name, const std::string& cases) {
  namespace fs = std::filesystem;
  fs::path dir = TempPath(name);
  fs::remove_all(dir);
  fs::create_directories(dir / "tests");
  for (const char* f : {"pack.textproto", "parameters.textproto", "rules.textproto",
                        "tests/cases.textproto"}) {
    fs::copy_file(fs::path(kMini) / f, dir / f);
  }
  std::ofstream(dir / "tests" / "more.textproto") << cases;
  return dir.string();
}

constexpr char kIllnessCase[] = R"pb(case {
  name: "a serious illness is a risk"
  citation: "Plan 4 §2(三)"
  as_of: "2024-11-30"
  household {
    id: "ill"
    members { id: "a" registered: true health { serious_illness: true } }
    income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 2000000 }
  }
  expect { risk_types: RISK_TYPE_ILLNESS }
}
)pb";

// A case that makes risk.illness fire takes it off the list; the count
// follows.
TEST(Coverage, ACaseThatFiresARuleTakesItOffTheList) {
  std::string pack = MiniWith("ill", kIllnessCase);
  CliRun r = Povmon("test --coverage " + pack);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("coverage: 2 of 7 items exercised"));
  EXPECT_THAT(r.out, Not(HasSubstr("rule risk.illness")));
  EXPECT_THAT(r.out, HasSubstr(pack + "/rules.textproto:1: rule neg.public_salary\n"));
  std::filesystem::remove_all(pack);
}

// Coverage does not change the exit status: a failing case is still exit 1,
// and the coverage is still printed; a passing pack with gaps is exit 0.
TEST(Coverage, TheExitStatusIsTheTestsOwn) {
  std::string pack = MiniWith("failing", std::string(kIllnessCase) + R"pb(case {
  name: "deliberately wrong"
  as_of: "2024-11-30"
  household {
    id: "w"
    members { id: "a" registered: true }
    income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 2000000 }
  }
  expect { category: CATEGORY_MARGINAL_AT_RISK }
}
)pb");
  CliRun r = Povmon("test --coverage " + pack);
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, HasSubstr("FAIL deliberately wrong"));
  EXPECT_THAT(r.out, HasSubstr("coverage: 2 of 7 items exercised"));
  EXPECT_EQ(Povmon("test " + pack).status, 1);
  std::filesystem::remove_all(pack);
}

TEST(Coverage, JsonForm) {
  CliRun r = Povmon("test --coverage --format json " + kMini);
  EXPECT_EQ(r.status, 0) << r.err;
  const std::string rules = kMini + "/rules.textproto";
  EXPECT_THAT(r.out, StartsWith("{\"pack\":\"mini\",\"passed\":2,\"failed\":0,\"cases\":["));
  EXPECT_THAT(r.out, HasSubstr("],\"coverage\":{\"exercised\":1,\"total\":7,\"kinds\":[{\"kind\":"
                               "\"rule\",\"exercised\":1,\"total\":7}],\"not_exercised\":[{\"kind\":"
                               "\"rule\",\"id\":\"neg.public_salary\",\"file\":\"" + rules +
                               "\",\"line\":1},"));
  EXPECT_THAT(r.out, EndsWith("\"line\":49}]}}\n"));
}

// Shipped packs: Yingkou (Plan 5) has rules, measures, elimination rules, a
// duty, a green channel and population rules, each counted apart; its cases
// never make Plan 5 §2(一)5's accident risk or §2(二)4's "unstable" blocker
// fire, and those two are listed where their blocks begin. Funan (Plan 1)
// adds a visit cadence.
TEST(Coverage, ShippedPacksCountEveryKind) {
  const std::string yingkou = kSource + "/policies/yingkou-2024";
  CliRun r = Povmon("test --coverage " + yingkou);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr(" of 26 rules exercised\n"));
  EXPECT_THAT(r.out, HasSubstr(" of 7 measures exercised\n"));
  EXPECT_THAT(r.out, HasSubstr(" of 12 elimination rules exercised\n"));
  EXPECT_THAT(r.out, HasSubstr(" of 1 duties exercised\n"));
  EXPECT_THAT(r.out, HasSubstr(" of 1 green channels exercised\n"));
  EXPECT_THAT(r.out, HasSubstr(" of 2 population rules exercised\n"));
  EXPECT_THAT(r.out, HasSubstr("  " + yingkou + "/rules.textproto:41: rule p5.risk.accident\n"));
  EXPECT_THAT(r.out, HasSubstr("  " + yingkou +
                               "/lifecycle.textproto:80: elimination rule p5.elim.unstable\n"));
  // Rules the cases name as fired are not listed.
  EXPECT_THAT(r.out, Not(HasSubstr(" rule p5.risk.illness\n")));
  CliRun funan = Povmon("test --coverage " + kSource + "/policies/funan-2024");
  EXPECT_EQ(funan.status, 0) << funan.out;
  EXPECT_THAT(funan.out, HasSubstr(" of 1 visit cadences exercised\n"));
}

}  // namespace
