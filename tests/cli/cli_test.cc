// The povmon command line, end to end (issue 2 §8).
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

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
  return std::string(dir ? dir : "/tmp") + "/povmon_cli_test_" + std::to_string(::getpid()) +
         "_" + name;
}

CliRun Povmon(const std::string& args, const std::string& stdin_text = "") {
  std::string in = TempPath("in"), out = TempPath("out"), err = TempPath("err");
  std::ofstream(in) << stdin_text;
  std::string command = std::string(POVMON_CLI) + " " + args + " < " + in + " > " + out +
                        " 2> " + err;
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

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(Cli, CheckAcceptsAGoodPack) {
  CliRun r = Povmon("check " + kMini);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("ok — pack mini, 7 rules"));
}

// The summary counts every part of the pack, so a file dropped from
// pack.textproto shows: Plan 2 (Lingshou) has its catalogue, three
// elimination rules, two procedures, the visit cadence, no periodic duty,
// its two population rules and a 2024–2025 working-day calendar.
TEST(Cli, CheckCountsMeasuresLifecycleAndCalendar) {
  CliRun r = Povmon("check " + kSource + "/policies/lingshou-2024");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  // Its named definitions are counted too (policies/lingshou-2024/definitions.textproto).
  EXPECT_THAT(r.out, HasSubstr(" rules, 1 definition, 2024-01-01 to "));
  EXPECT_THAT(r.out, HasSubstr("  assistance: 14 measures, 5 principles; lifecycle: 3 elimination "
                               "rules, 2 procedures, 1 visit cadence, 0 periodic duties; "
                               "population: 2 rules, 0 named places; working-day calendar "
                               "2024–2025\n"));
  CliRun mini = Povmon("check " + kMini);
  EXPECT_THAT(mini.out, HasSubstr("  assistance: 0 measures, 0 principles; no lifecycle files\n"));
  EXPECT_THAT(mini.out, HasSubstr("ok — pack mini, 7 rules, 0 definitions, "));
}

TEST(Cli, CheckPrintsEveryProblemWithItsPositionAndFails) {
  CliRun r = Povmon("check " + kSource + "/tests/testdata/packs/bad");
  EXPECT_EQ(r.status, 1);
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_THAT(lines[0], StartsWith(kSource + "/tests/testdata/packs/bad/rules.textproto:6:"));
  EXPECT_THAT(lines[1], HasSubstr("rules.textproto:9:1: rule \"risk.illness\" has no citation"));
  EXPECT_EQ(lines[2], "2 problems in " + kSource + "/tests/testdata/packs/bad");
}

TEST(Cli, TestRunsThePackCases) {
  CliRun r = Povmon("test " + kMini);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("PASS exactly at the line is not below it  [Plan 4 §2(三)]"));
  EXPECT_THAT(r.out, HasSubstr("mini: 2 passed, 0 failed"));
}

constexpr char kGood1[] =
    R"({"id":"g1","members":[{"id":"a","registered":true}],"income":[{"date":"2024-06-01","kind":"INCOME_KIND_WAGE","amount_fen":"500000"}]})";
constexpr char kGood2[] =
    R"({"id":"g2","members":[{"id":"a","registered":true}],"income":[{"date":"2024-06-01","kind":"INCOME_KIND_WAGE","amount_fen":900000}]})";
constexpr char kBadDate[] =
    R"({"id":"bad-date","members":[{"id":"a","registered":true,"birth_date":"2024-02-30"}]})";
constexpr char kNoMembers[] = R"({"id":"empty"})";

TEST(Cli, EvalDecidesEveryGoodLineInOrderAndNamesTheBadOnes) {
  std::string input = std::string(kGood1) + "\n{not json\n" + kBadDate + "\n\n" + kNoMembers +
                      "\n" + kGood2 + "\n";
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-11-30 -", input);
  EXPECT_EQ(r.status, 2) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;
  EXPECT_THAT(lines[0], HasSubstr("\"household_id\":\"g1\""));
  EXPECT_THAT(lines[0], HasSubstr("\"category\":\"CATEGORY_MARGINAL_AT_RISK\""));
  // The same error record as the C ABI's batch (povmon.h, povmon_evaluate_batch).
  EXPECT_THAT(lines[1], StartsWith("{\"index\":1,\"line\":2,\"error\":{\"code\":3,"
                                   "\"status\":\"INVALID_ARGUMENT\""));
  EXPECT_THAT(lines[2], StartsWith("{\"index\":2,\"line\":3,\"household_id\":\"bad-date\""));
  EXPECT_THAT(lines[2], HasSubstr("\"field\":\"members[0].birth_date\""));
  EXPECT_THAT(lines[2], HasSubstr("is not a valid date"));
  // Line 4 is blank: skipped, but line numbers still match the file.
  EXPECT_THAT(lines[3], StartsWith("{\"index\":3,\"line\":5,\"household_id\":\"empty\""));
  EXPECT_THAT(lines[3], HasSubstr("\"field\":\"members\""));
  EXPECT_THAT(lines[4], HasSubstr("\"household_id\":\"g2\""));
  EXPECT_THAT(lines[4], HasSubstr("\"category\":\"CATEGORY_NONE\""));
  EXPECT_THAT(r.err, HasSubstr("2 decided, 3 not decided"));
}

TEST(Cli, EvalUnknownFieldNamesTheField) {
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-11-30",
                 R"({"id":"x","members":[{"registred":true}]})" "\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out, HasSubstr("\"field\":\"members[0].registred\""));
  EXPECT_THAT(r.out, HasSubstr("\"message\":\"members[0].registred: unknown field \\\"registred\\\"\""));
}

TEST(Cli, EvalWrongFieldTypeNamesTheField) {
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-11-30",
                    R"({"id":"x","members":[{"registered":true}],"income":[{"amount_fen":"1,200.00"}]})" "\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out, HasSubstr("\"household_id\":\"x\""));
  EXPECT_THAT(r.out, HasSubstr("\"field\":\"income[0].amount_fen\""));
}

TEST(Cli, EvalExitsZeroWhenEveryLineIsDecided) {
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-11-30", std::string(kGood1) + "\n");
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST(Cli, EvalExplainPrintsChineseAndEnglishWithTheRuleAndValues) {
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-11-30 --explain",
                 std::string(kGood1) + "\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("边缘易致贫户 — marginal household at risk"));
  EXPECT_THAT(r.out, HasSubstr("rule category.marginal (Plan 4 §2(二))"));
  EXPECT_THAT(r.out, HasSubstr("facts.per_capita_net_income_fen = 5,000.00  <  param.monitoring_line = 6,500.00  → true"));
  EXPECT_THAT(r.out, HasSubstr("人均纯收入 per-capita net income 5,000.00"));
}

// Once, as a usage error (issue 12 item 6), not once per household.
TEST(Cli, EvalRejectsAnAsOfOutsideThePack) {
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2030-01-01", std::string(kGood1) + "\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("outside the dates of pack mini"));
}

TEST(Cli, EvalWithAPackThatDoesNotLoadFails) {
  CliRun r = Povmon("eval --policy " + kSource + "/tests/testdata/packs/bad --as-of 2024-06-01",
                 std::string(kGood1) + "\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("has no citation"));
}

TEST(Cli, UnknownCommandAndBadOptionsAreUsageErrors) {
  EXPECT_EQ(Povmon("frobnicate").status, 1);
  EXPECT_EQ(Povmon("eval --as-of 2024-11-30").status, 1);
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-13-01");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("--as-of \"2024-13-01\" is not a date"));
}

// Two --set of one parameter from different days: each line shows the value
// it makes from its own day (both used to show the as-of value, 7,500.00),
// then what is in force on the as-of date.
TEST(Cli, WhatIfTwoChangesOfOneParameterShowEachFromItsDay) {
  CliRun r = Povmon("whatif --policy " + kSource + "/policies/hunan-2024 --as-of 2024-11-30 " +
                    "--set monitoring_line=7000@2024-06-01 --set monitoring_line=7500@2024-10-01 " +
                    kSource + "/examples/households/hunan.jsonl");
  EXPECT_EQ(r.status, 2) << r.err;  // two lines of the file are deliberately bad
  EXPECT_THAT(r.out, HasSubstr("what-if on pack hunan-2024 as of 2024-11-30:\n"
                               "  monitoring_line: 6,500.00 → 7,000.00 from 2024-06-01  "
                               "(--set monitoring_line=7000@2024-06-01)\n"
                               "  monitoring_line: 6,500.00 → 7,500.00 from 2024-10-01  "
                               "(--set monitoring_line=7500@2024-10-01)\n"
                               "  monitoring_line on 2024-11-30: 6,500.00 → 7,500.00\n"));
  // A change from after the as-of date is shown from its day, and is not in
  // force on the as-of date.
  CliRun later = Povmon("whatif --policy " + kSource + "/policies/hunan-2024 --as-of 2024-11-30 " +
                        "--set monitoring_line=7000@2024-12-01 " + kSource +
                        "/examples/households/hunan.jsonl");
  EXPECT_THAT(later.out, HasSubstr("  monitoring_line: 6,500.00 → 7,000.00 from 2024-12-01  "
                                   "(--set monitoring_line=7000@2024-12-01)\n"
                                   "  monitoring_line on 2024-11-30: 6,500.00 → 6,500.00\n"));
  EXPECT_THAT(later.out, HasSubstr("0 of 30 decided differently\n"));
}

// `povmon whatif` on the quick-start households (examples/households/
// hunan.jsonl) under Plan 4 §2(三)'s line raised from 6,500 to 7,000: the
// five households at 6,500-6,800 per person come in, the two bad lines are
// reported, and nothing else changes.
TEST(Cli, WhatIfTheLineRisesTo7000) {
  const std::string args = "whatif --policy " + kSource + "/policies/hunan-2024 --set " +
                           "monitoring_line=7000 --as-of 2024-11-30 " + kSource +
                           "/examples/households/hunan.jsonl";
  CliRun r = Povmon(args);
  EXPECT_EQ(r.status, 2) << r.err;  // two lines of the file are deliberately bad
  EXPECT_THAT(r.out, HasSubstr("  monitoring_line: 6,500.00 → 7,000.00 on 2024-11-30"));
  EXPECT_THAT(r.out, HasSubstr("32 households read: 30 decided both ways, 2 not decided\n"));
  EXPECT_THAT(r.out, HasSubstr("6 of 30 decided differently\nmonitored: 20 → 24\n"));
  // At exactly 7,000.00 a household is neither below the line nor above it
  // (高於 and 超過 are strict, Plan 4 §2(三), §2(二)③).
  EXPECT_THAT(r.out, HasSubstr("  CATEGORY_SUDDEN_SEVERE_HARDSHIP → CATEGORY_NONE: 1\n"));
  EXPECT_THAT(r.out, HasSubstr("  CATEGORY_NONE → CATEGORY_MARGINAL_AT_RISK: 5\n"));
  EXPECT_THAT(r.out, HasSubstr("  hn-007-exact-line (per capita 6,500.00): CATEGORY_NONE → "
                               "CATEGORY_MARGINAL_AT_RISK; now monitored; measures 0 → 2; "
                               "ELIMINATION_STATUS_NOT_MONITORED → ELIMINATION_STATUS_NEWLY_IDENTIFIED\n"));
  EXPECT_THAT(r.out, HasSubstr("  line 31 (bad-invalid-date): income[2].date: "));

  CliRun jsonl = Povmon(args + " --format jsonl");
  std::vector<std::string> lines = Lines(jsonl.out);
  ASSERT_EQ(lines.size(), 32u) << "one line per household, in order";
  EXPECT_THAT(lines[6], StartsWith("{\"index\":6,\"line\":7,\"household_id\":"
                                   "\"hn-007-exact-line\",\"changed\":true,\"pack\":"
                                   "{\"category\":\"CATEGORY_NONE\""));
  EXPECT_THAT(lines[6], HasSubstr("\"what_if\":{\"category\":\"CATEGORY_MARGINAL_AT_RISK\""));
  EXPECT_THAT(lines[30], StartsWith("{\"index\":30,\"line\":31,\"household_id\":"
                                    "\"bad-invalid-date\",\"error\":{\"code\":3,"));
}

TEST(Cli, WhatIfRefusesAnUnknownParameterAndNeedsAChange) {
  CliRun r = Povmon("whatif --policy " + kMini + " --set monitoring_lin=7000 -", "");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("what-if monitoring_lin=7000: the pack has no parameter "
                               "\"monitoring_lin\""));
  CliRun none = Povmon("whatif --policy " + kMini + " -", "");
  EXPECT_EQ(none.status, 1);
  EXPECT_THAT(none.err, HasSubstr("usage: povmon whatif"));
}

// Issue 11: a record naming no member, duplicate member ids and a negative
// amount where none is meaningful are errors naming the field; the other
// lines are still decided, in order (issue 12 item 6: negative money).
TEST(Cli, EvalRefusesUnknownMemberReferencesDuplicateIdsAndNegativeMoney) {
  std::string input =
      std::string(R"({"id":"claim","members":[{"id":"a","registered":true}],)"
                  R"("medical_claims":[{"id":"c1","member_id":"b","compliant_out_of_pocket_fen":"100"}]})") +
      "\n" + R"({"id":"dup","members":[{"id":"a","registered":true},{"id":"a","registered":true}]})" +
      "\n" + R"({"id":"neg","members":[{"id":"a","registered":true}],)"
              R"("expenditure":[{"date":"2024-06-01","amount_fen":"-100"}]})" +
      "\n" + kGood1 + "\n";
  CliRun r = Povmon("eval --policy " + kMini + " --as-of 2024-11-30", input);
  EXPECT_EQ(r.status, 2) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_THAT(lines[0], HasSubstr("\"household_id\":\"claim\""));
  EXPECT_THAT(lines[0], HasSubstr("\"field\":\"medical_claims[0].member_id\""));
  EXPECT_THAT(lines[0], HasSubstr("names no member of the household (members: a)"));
  EXPECT_THAT(lines[1], HasSubstr("\"field\":\"members[1].id\""));
  EXPECT_THAT(lines[1], HasSubstr("member ids must be unique"));
  EXPECT_THAT(lines[2], HasSubstr("\"field\":\"expenditure[0].amount_fen\""));
  EXPECT_THAT(lines[2], HasSubstr("-100 fen is negative"));
  EXPECT_THAT(lines[3], HasSubstr("\"household_id\":\"g1\""));
  EXPECT_THAT(r.err, HasSubstr("1 decided, 3 not decided"));
}

// Issue 11: a household identified now but not yet monitored in its record is
// "newly identified", not "not a monitored household".
TEST(Cli, ExplainSaysNewlyIdentifiedForAHouseholdJustIdentified) {
  CliRun r = Povmon("eval --policy " + kSource + "/policies/hunan-2024 --as-of 2024-07-01 --explain",
                    R"({"id":"new","lifted_out":true,"members":[{"id":"m1","registered":true,)"
                    R"("labour_capacity":"LABOUR_CAPACITY_FULL","health":{"serious_illness":true}}],)"
                    R"("income":[{"date":"2024-01-31","kind":"INCOME_KIND_WAGE","amount_fen":"500000"}]})" "\n");
  EXPECT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_THAT(r.out, HasSubstr("新识别,尚未纳入监测"));  // Simplified by default
  EXPECT_THAT(r.out, HasSubstr("newly identified, not yet in monitoring"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("not a monitored household")));
}

// Plan 6 (湘陰縣) §2(三)2, §3: the screening's two periods side by side, the
// findings and the rule with the figures it compared.
TEST(Cli, ExplainShowsPlan6ScreeningWithBothPeriodsAndTheTarget) {
  CliRun r = Povmon("eval --policy " + kSource + "/policies/xiangyin-2024 --as-of 2024-07-28 --explain",
                    R"({"id":"xy","lifted_out":true,"members":[{"id":"m1","registered":true,)"
                    R"("labour_capacity":"LABOUR_CAPACITY_FULL"}],"income":[)"
                    R"({"date":"2023-03-31","kind":"INCOME_KIND_WAGE","amount_fen":"2000000"},)"
                    R"({"date":"2024-03-31","kind":"INCOME_KIND_WAGE","amount_fen":"2200000"}]})" "\n");
  EXPECT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_THAT(r.out, HasSubstr("2023-10-01 – 2024-07-28 vs 上年同期 2022-10-01 – 2023-07-28"));
  EXPECT_THAT(r.out, HasSubstr("22,000.00  上年同期 last year 20,000.00"));
  EXPECT_THAT(r.out, HasSubstr("(+10.00%)"));
  EXPECT_THAT(r.out, HasSubstr("SCREENING_FINDING_TARGET_MET"));
  EXPECT_THAT(r.out, HasSubstr("rule p6.screen.target_met (Plan 6 §3)"));
  EXPECT_THAT(r.out, HasSubstr("SCREENING_FINDING_INCOME_UP"));
}

// ----------------------------------------------------------------- batches

// A few thousand households (the examples under fresh ids) with bad lines
// among them.
std::string ManyHouseholds(int copies, long* records) {
  std::vector<std::string> examples =
      Lines(Slurp(kSource + "/examples/households/hunan.jsonl"));
  std::string out;
  *records = 0;
  for (int k = 0; k < copies; ++k) {
    for (const std::string& line : examples) {
      out += "{\"id\":\"c" + std::to_string(k) + "-" + line.substr(7) + "\n";
      ++*records;
    }
    if (k % 10 == 3) {
      out += "{\"id\":\"broken\",\"members\":[\n\n{\"id\":\"x\",\"name\":\"\xff\"}\r\n";
      *records += 2;
    }
  }
  return out;
}

// Issue 9: --jobs 2 (and more) writes exactly what --jobs 1 writes.
TEST(Cli, EvalJobsGiveByteIdenticalOutput) {
  long records = 0;
  const std::string input = ManyHouseholds(100, &records);
  const std::string args = "eval --policy " + kSource + "/policies/hunan-2024 --as-of 2024-11-30";
  CliRun one = Povmon(args + " --jobs 1", input);
  EXPECT_EQ(one.status, 2) << one.err;
  EXPECT_EQ(static_cast<long>(Lines(one.out).size()), records);
  // The ten broken records repeat their two ids ("broken", "x"): 18 warnings.
  EXPECT_EQ(one.err,
            "povmon eval: 3000 decided, 220 not decided, 18 with a household id used before "
            "(warnings)\n");
  for (const char* jobs : {" --jobs 2", " --jobs=3", " -j 8", ""}) {
    CliRun many = Povmon(args + jobs, input);
    EXPECT_EQ(many.status, 2) << jobs;
    EXPECT_TRUE(many.out == one.out) << jobs << ": the output differs from --jobs 1";
    EXPECT_EQ(many.err, one.err) << jobs;
  }
}

TEST(Cli, EvalWarnsAboutADuplicateHouseholdId) {
  std::vector<std::string> examples =
      Lines(Slurp(kSource + "/examples/households/hunan.jsonl"));
  const std::string input = examples[0] + "\n" + examples[1] + "\n" + examples[0] + "\n";
  CliRun r = Povmon("eval --policy " + kSource + "/policies/hunan-2024 --as-of 2024-11-30", input);
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0], Not(HasSubstr("warnings")));
  EXPECT_THAT(lines[2], HasSubstr(",\"warnings\":[{\"code\":\"WARNING_CODE_DUPLICATE_HOUSEHOLD_ID\","
                                  "\"message\":\"household id \\\"hn-001-unstable-serious-illness"
                                  "\\\" was already used by record 0 (line 1) of this batch\","
                                  "\"first_index\":\"0\",\"first_line\":\"1\",\"field\":\"id\"}],"
                                  "\"region\":{\"province\":\"430000\",\"county\":\"430524\","
                                  "\"township\":\"430524104\",\"village\":\"430524104211\"}"));
  EXPECT_EQ(r.err,
            "povmon eval: 3 decided, 0 not decided, 1 with a household id used before "
            "(warnings)\n");
  CliRun explained = Povmon(
      "eval --policy " + kSource + "/policies/hunan-2024 --as-of 2024-11-30 --explain", input);
  EXPECT_THAT(explained.out,
              HasSubstr("── line 3: 警告 warning: household id \"hn-001-unstable-serious-illness\" "
                        "was already used by record 0 (line 1) of this batch\n"));
}

TEST(Cli, EvalProgressLineAndJobsFlags) {
  long records = 0;
  const std::string input = ManyHouseholds(3, &records);
  const std::string args = "eval --policy " + kSource + "/policies/hunan-2024 --as-of 2024-11-30";
  // Standard error is a file here: no progress unless asked for.
  CliRun quiet = Povmon(args, input);
  EXPECT_THAT(quiet.err, Not(HasSubstr("households,")));
  CliRun asked = Povmon(args + " --progress --jobs 2", input);
  EXPECT_THAT(asked.err, HasSubstr("povmon eval: " + std::to_string(records) + " households, "));
  EXPECT_THAT(asked.err, HasSubstr("/s, "));
  EXPECT_EQ(asked.out, quiet.out);
  CliRun off = Povmon(args + " --progress --no-progress", input);
  EXPECT_THAT(off.err, Not(HasSubstr("households,")));
  for (const char* bad : {"--jobs -1", "--jobs 257", "--jobs two", "--jobs"}) {
    CliRun r = Povmon(args + " " + bad, input);
    EXPECT_EQ(r.status, 1) << bad;
    EXPECT_THAT(r.err, HasSubstr("--jobs")) << bad;
    EXPECT_TRUE(r.out.empty()) << bad;
  }
}

TEST(Cli, NoticeAndWhatIfTakeJobsAndAgree) {
  long records = 0;
  const std::string input = ManyHouseholds(20, &records);
  const std::string pack = " --policy " + kSource + "/policies/hunan-2024 --as-of 2024-11-30";
  CliRun notice1 = Povmon("notice" + pack + " --jobs 1", input);
  CliRun notice2 = Povmon("notice" + pack + " --jobs 2", input);
  EXPECT_EQ(notice1.status, 2);
  EXPECT_FALSE(notice1.out.empty());
  EXPECT_TRUE(notice1.out == notice2.out);
  EXPECT_EQ(notice1.err, notice2.err);
  const std::string whatif = "whatif" + pack + " --set monitoring_line=7000 --format jsonl";
  CliRun whatif1 = Povmon(whatif + " --jobs 1", input);
  CliRun whatif2 = Povmon(whatif + " --jobs 2", input);
  EXPECT_EQ(whatif1.status, 2);
  EXPECT_EQ(static_cast<long>(Lines(whatif1.out).size()), records);
  EXPECT_TRUE(whatif1.out == whatif2.out);
}

}  // namespace
