// Issue 9 items 2-4 end to end: `povmon eval --summary` on the batch runner
// (the same summary whatever --jobs), summaries of shards merged by
// `povmon report --from-summary` into the report of the whole, and the
// errors of both commands naming the file and the reason.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
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

const std::string kSource = POVMON_SOURCE_DIR;
const std::string kYingkou = kSource + "/policies/yingkou-2024";
const std::string kData = kSource + "/tests/testdata/population";
const std::string kHouseholds = kData + "/households.jsonl";
const std::string kRegions = kData + "/regions.textproto";

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
          ("povmon_population_cli_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

CliRun Povmon(const std::string& args) {
  std::string out = Scratch("out"), err = Scratch("err");
  std::string command = std::string(POVMON_CLI) + " " + args + " < /dev/null > " + out + " 2> " + err;
  int raw = std::system(command.c_str());
  CliRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}

const std::string kEval = "eval --policy " + kYingkou + " --as-of 2024-06-01 --regions " +
                          kRegions + " --seed 7";

// The summary is counted on the runner's in-order sink: --jobs changes
// neither the decisions nor the summary, and --summary changes no decision.
TEST(PopulationCli, EvalSummaryIsTheSameWhateverTheJobs) {
  std::string one = Scratch("one.json"), two = Scratch("two.json");
  CliRun r1 = Povmon(kEval + " --jobs 1 --summary " + one + " " + kHouseholds);
  CliRun r2 = Povmon(kEval + " --jobs 2 --summary " + two + " " + kHouseholds);
  CliRun plain = Povmon("eval --policy " + kYingkou + " --as-of 2024-06-01 " + kHouseholds);
  EXPECT_EQ(r1.status, 0) << r1.err;
  EXPECT_EQ(r2.status, 0) << r2.err;
  EXPECT_THAT(r1.err, HasSubstr("povmon eval: 9 decided, 0 not decided\n"));
  EXPECT_THAT(r1.err, HasSubstr("summary written to " + one +
                                " (7 places, 2 population finding(s), spot-check seed 7)"));
  EXPECT_EQ(r1.out, r2.out);
  EXPECT_EQ(r1.out, plain.out);
  std::string s1 = Slurp(one), s2 = Slurp(two);
  EXPECT_EQ(s1, s2);
  // Plan 5 §2(四)1: 河口村's unresolved monitored people over 2% of its
  // rural registered population (3 of 100: 30000 > 20000 in basis points).
  EXPECT_THAT(s1, HasSubstr("\"rule_id\":\"p5.population.focus_village\""));
  EXPECT_THAT(s1, HasSubstr("\"region_name\":\"河口村\""));
  EXPECT_THAT(s1, HasSubstr("\"left\":\"30000\",\"right\":\"20000\""));
  // The spot check names its seed and its household.
  EXPECT_THAT(s1, HasSubstr("\"sample\":{\"seed\":\"7\",\"share_bp\":500,"
                            "\"eligible_households\":\"7\",\"sample_size\":\"1\","
                            "\"household_ids\":[\"yk-04\"]}"));
  std::remove(one.c_str());
  std::remove(two.c_str());
}

TEST(PopulationCli, SeedAndRegionsGoWithSummary) {
  CliRun r = Povmon(kEval + " " + kHouseholds);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("--seed goes with --summary FILE"));
  // --regions also names the villages of --explain (issue 13 §2).
  r = Povmon("eval --policy " + kYingkou + " --as-of 2024-06-01 --regions " + kRegions + " " +
             kHouseholds);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("--regions goes with --summary FILE (the places' figures) or "
                               "--explain (the villages' names)"));
}

TEST(PopulationCli, ASummaryThatCannotBeWrittenIsExit1WithTheReason) {
  CliRun r = Povmon(kEval + " --summary /nonexistent/dir/s.json " + kHouseholds);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("povmon eval: cannot write /nonexistent/dir/s.json: No such file "
                               "or directory"));
}

TEST(PopulationCli, UnreadableRegionAndSummaryFilesNameFileAndReason) {
  CliRun regions = Povmon("eval --policy " + kYingkou + " --as-of 2024-06-01 --regions " + kData +
                          " --summary " + Scratch("s.json") + " " + kHouseholds);
  EXPECT_EQ(regions.status, 1);
  EXPECT_THAT(regions.err, HasSubstr("povmon eval: cannot read region file " + kData +
                                     ": Is a directory"));
  CliRun summary =
      Povmon("report --policy " + kYingkou + " --from-summary /nonexistent/s.json");
  EXPECT_EQ(summary.status, 1);
  EXPECT_THAT(summary.err, HasSubstr("povmon report: cannot read summary /nonexistent/s.json: No "
                                     "such file or directory"));
  CliRun input = Povmon("report --policy " + kYingkou + " --as-of 2024-06-01 " + kData);
  EXPECT_EQ(input.status, 1);
  EXPECT_THAT(input.err, HasSubstr("povmon report: cannot read " + kData + ": Is a directory"));
  EXPECT_EQ(input.out, "");
  CliRun late = Povmon("report --policy " + kYingkou + " --as-of 2030-01-01 " + kHouseholds);
  EXPECT_EQ(late.status, 1);
  EXPECT_THAT(late.err, HasSubstr("--as-of 2030-01-01 is outside the dates of pack yingkou-2024"));
}

// Issue 9 item 2: shards summarised apart and merged give the report of the
// whole, byte for byte.
TEST(PopulationCli, ReportFromMergedShardsEqualsTheReportOfTheWhole) {
  std::vector<std::string> lines = absl::StrSplit(Slurp(kHouseholds), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 9u);
  std::string shard_a = Scratch("a.jsonl"), shard_b = Scratch("b.jsonl");
  {
    std::ofstream a(shard_a), b(shard_b);
    for (std::size_t i = 0; i < lines.size(); ++i) (i % 2 == 0 ? a : b) << lines[i] << "\n";
  }
  std::string sum_a = Scratch("a.json"), sum_b = Scratch("b.json");
  ASSERT_EQ(Povmon(kEval + " --summary " + sum_a + " " + shard_a).status, 0);
  ASSERT_EQ(Povmon(kEval + " --summary " + sum_b + " " + shard_b).status, 0);
  std::string whole = Scratch("whole.html"), merged = Scratch("merged.html");
  CliRun w = Povmon("report --policy " + kYingkou + " --as-of 2024-06-01 --regions " + kRegions +
                    " --seed 7 --jobs 2 --out " + whole + " " + kHouseholds);
  EXPECT_EQ(w.status, 0) << w.err;
  EXPECT_THAT(w.err, HasSubstr("povmon report: 9 households, 0 not decided, written to " + whole));
  CliRun m = Povmon("report --policy " + kYingkou + " --regions " + kRegions + " --out " + merged +
                    " --from-summary " + sum_a + " --from-summary " + sum_b);
  EXPECT_EQ(m.status, 0) << m.err;
  std::string html = Slurp(whole);
  EXPECT_THAT(html, HasSubstr("河口村"));
  EXPECT_THAT(html, HasSubstr("Plan 5 §2(四)1"));
  EXPECT_THAT(html, Not(HasSubstr("yk-04")));  // no household id in the page
  EXPECT_THAT(html, Not(HasSubstr("张秀英")));
  EXPECT_TRUE(html == Slurp(merged)) << "the merged shards' report differs from the whole's";
  for (const std::string& p : {shard_a, shard_b, sum_a, sum_b, whole, merged}) {
    std::remove(p.c_str());
  }
}

}  // namespace
