// Villages by name on the public notice and in explanations (issue 13 §2):
// "东山村（990101101201）" where the pack's region files or the county's own
// (--regions) name the village, the code alone where nothing does. The
// households are examples/cases/yingkou.jsonl moved to the made-up province
// 99 (tests/testdata/regions/), whose names are invented.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/explain.h"
#include "povmon/json.h"
#include "povmon/notice.h"
#include "povmon/place_names.h"
#include "povmon/policy.h"
#include "povmon/population.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSource = POVMON_SOURCE_DIR;
const std::string kData = kSource + "/tests/testdata/regions";
const std::string kArgs = " --policy " + kSource + "/policies/yingkou-2024 --as-of 2024-10-03";

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

CliRun Povmon(const std::string& args) {
  // One file per test process and call: CTest runs the tests in parallel.
  static int calls = 0;
  const std::string err_path = testing::TempDir() + "/place_names_stderr_" +
                               std::to_string(::getpid()) + "_" + std::to_string(++calls) +
                               ".txt";
  std::string command = std::string(POVMON_CLI) + " " + args + " 2>" + err_path;
  FILE* pipe = popen(command.c_str(), "r");
  CliRun run;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  int raw = pclose(pipe);
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream err(err_path);
  std::stringstream text;
  text << err.rdbuf();
  run.err = text.str();
  return run;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(PlaceNames, TheNoticeNamesTheVillageFromTheCountysRegionFile) {
  const std::string regions = " --regions " + kData + "/regions.textproto ";
  CliRun csv = Povmon("notice" + kArgs + regions + kData + "/households.jsonl");
  EXPECT_EQ(csv.status, 0) << csv.err;
  // The region file writes 東山村: the notice is in Simplified by default.
  EXPECT_THAT(csv.out, HasSubstr("\r\n1,\"东山村（990101101201）\",\"周玉梅\",\"纳入监测 entry into "
                                 "monitoring\""));
  EXPECT_THAT(csv.out, HasSubstr("\r\n3,\"东山村（990101101201）\",\"吳春生\","));
  CliRun html = Povmon("notice --format html" + kArgs + regions + kData + "/households.jsonl");
  EXPECT_EQ(html.status, 0) << html.err;
  EXPECT_THAT(html.out, HasSubstr("<h2>村 Village 东山村（990101101201）</h2>"));
  CliRun traditional =
      Povmon("notice --format html --lang zh-Hant" + kArgs + regions + kData + "/households.jsonl");
  EXPECT_THAT(traditional.out, HasSubstr("<h2>村 Village 東山村（990101101201）</h2>"));
}

TEST(PlaceNames, AVillageNoRegionFileNamesShowsByItsCode) {
  CliRun csv = Povmon("notice" + kArgs + " " + kData + "/households.jsonl");
  EXPECT_EQ(csv.status, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("\r\n1,\"990101101201\",\"周玉梅\","));
  EXPECT_THAT(csv.out, Not(HasSubstr("东山村")));
  CliRun html = Povmon("notice --format html" + kArgs + " " + kData + "/households.jsonl");
  EXPECT_THAT(html.out, HasSubstr("<h2>村 Village 990101101201</h2>"));
  CliRun explain = Povmon("eval --explain" + kArgs + " " + kData + "/households.jsonl");
  EXPECT_EQ(explain.status, 0) << explain.err;
  EXPECT_THAT(explain.out, HasSubstr("\n  村 Village 990101101201\n"));
}

TEST(PlaceNames, TheExplanationNamesTheVillageFromTheCountysRegionFile) {
  const std::string regions = " --regions " + kData + "/regions.textproto ";
  CliRun explain = Povmon("eval --explain" + kArgs + regions + kData + "/households.jsonl");
  EXPECT_EQ(explain.status, 0) << explain.err;
  EXPECT_THAT(explain.out, HasSubstr(" 截至 as of 2024-10-03\n  村 Village 东山村（990101101201）\n"));
  // Each household once, in input order, as without --regions.
  EXPECT_EQ(explain.out.find("── 户 Household yk-case-"), 0u) << explain.out.substr(0, 200);
  CliRun plain = Povmon("eval --explain" + kArgs + " " + kData + "/households.jsonl");
  std::string named = plain.out;
  for (std::size_t at = named.find("Village 990101101201"); at != std::string::npos;
       at = named.find("Village 990101101201", at)) {
    named.replace(at, 20, "Village 东山村（990101101201）");
  }
  EXPECT_EQ(explain.out, named);
  // English keeps the name as written: it has no English.
  CliRun english =
      Povmon("eval --explain --lang en" + kArgs + regions + kData + "/households.jsonl");
  EXPECT_THAT(english.out, HasSubstr("\n  Village 東山村（990101101201）\n"));
}

TEST(PlaceNames, RegionsOptionErrors) {
  // --regions names places for --explain and --summary; plain JSON has none.
  CliRun json = Povmon("eval" + kArgs + " --regions " + kData + "/regions.textproto " + kData +
                    "/households.jsonl");
  EXPECT_EQ(json.status, 1);
  EXPECT_THAT(json.err, HasSubstr("--regions goes with --summary FILE"));
  const std::string bad =
      testing::TempDir() + "/bad_regions_" + std::to_string(::getpid()) + ".textproto";
  std::ofstream(bad) << "region { level: REGION_LEVEL_VILLAGE code: \"990101101201\" nme: \"x\" }\n";
  CliRun notice = Povmon("notice" + kArgs + " --regions " + bad + " " + kData + "/households.jsonl");
  EXPECT_EQ(notice.status, 1);
  EXPECT_TRUE(notice.out.empty());
  EXPECT_THAT(notice.err, HasSubstr("povmon notice: " + bad + ":1:"));
  CliRun missing = Povmon("eval --explain" + kArgs + " --regions /nonexistent/r.textproto " + kData +
                       "/households.jsonl");
  EXPECT_EQ(missing.status, 1);
  EXPECT_THAT(missing.err,
              HasSubstr("povmon eval: cannot read region file /nonexistent/r.textproto"));
}

// The yingkou pack with the test region file among its region_files.
std::shared_ptr<const Policy> YingkouWithRegions() {
  std::map<std::string, std::string> files;
  const std::string dir = kSource + "/policies/yingkou-2024";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    files[std::filesystem::relative(entry.path(), dir).string()] = Slurp(entry.path().string());
  }
  files["pack.textproto"] += "\nregion_files: \"regions.textproto\"\n";
  files["regions.textproto"] = Slurp(kData + "/regions.textproto");
  auto policy = Policy::LoadFromFiles(files, "yingkou-with-regions");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : nullptr;
}

TEST(PlaceNames, APacksRegionFilesNameTheVillageWithoutAnOption) {
  std::shared_ptr<const Policy> policy = YingkouWithRegions();
  ASSERT_NE(policy, nullptr);
  NoticeCollector notices(policy, absl::CivilDay(2024, 10, 3));
  std::istringstream lines(Slurp(kData + "/households.jsonl"));
  std::string line;
  long number = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    ASSERT_TRUE(notices.AddJson(line, ++number).ok());
  }
  ASSERT_EQ(notices.list().entries.size(), 3u);
  EXPECT_EQ(notices.list().entries[0].village, "990101101201");
  EXPECT_EQ(notices.list().entries[0].village_name, "東山村");
  EXPECT_THAT(NoticeCsv(notices.list()), HasSubstr("\r\n1,\"东山村（990101101201）\",\"周玉梅\","));

  v1::Household household;
  std::istringstream first(Slurp(kData + "/households.jsonl"));
  std::getline(first, line);
  ASSERT_TRUE(ParseHouseholdJson(line, &household).ok());
  Evaluator evaluator(policy);
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 10, 3);
  v1::Decision decision;
  ASSERT_TRUE(evaluator.Evaluate(household, options, &decision).ok());
  EXPECT_THAT(Explain(decision, *policy), HasSubstr("\n  村 Village 東山村（990101101201）\n"));
  absl::StatusOr<std::string> simplified = ExplainIn(decision, *policy);
  ASSERT_TRUE(simplified.ok());
  EXPECT_THAT(*simplified, HasSubstr("\n  村 Village 东山村（990101101201）\n"));

  // A county's own file replaces the pack's name of the same village.
  std::vector<v1::RegionInfo> county;
  ASSERT_TRUE(ParseRegionFile("region { level: REGION_LEVEL_VILLAGE code: \"990101101201\" "
                              "name: \"西河村\" }",
                              "county.textproto", &county)
                  .ok());
  PlaceNames places(*policy);
  EXPECT_EQ(places.Village("990101101201"), "東山村（990101101201）");
  places.Add(county);
  EXPECT_EQ(places.Village("990101101201"), "西河村（990101101201）");
  EXPECT_EQ(places.Village("990101101299"), "990101101299");
  EXPECT_THAT(Explain(decision, *policy, places), HasSubstr("\n  村 Village 西河村（990101101201）\n"));
}

}  // namespace
}  // namespace povmon
