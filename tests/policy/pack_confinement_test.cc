// Issue 12 items 4 and 5: the pack loader reads only regular files inside
// the pack folder, within the limits of povmon/limits.h, and every string of
// a pack is valid UTF-8. Each problem names the file (pack.textproto with
// the line and column that names the file, and the field) and why.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/limits.h"
#include "povmon/policy.h"

namespace povmon {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::string kPacks = std::string(POVMON_SOURCE_DIR) + "/tests/testdata/packs";
const std::string kBad = kPacks + "/bad";

std::vector<std::string> LoadProblems(const std::string& dir) {
  std::vector<LoadProblem> problems;
  auto policy = Policy::Load(dir, &problems);
  std::vector<std::string> out;
  for (const LoadProblem& p : problems) out.push_back(p.ToString());
  EXPECT_EQ(policy.ok(), out.empty());
  return out;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A copy of the mini pack in a scratch folder, with pack.textproto's
// rule_files line replaced by `rule_files`.
class ScratchPack {
 public:
  explicit ScratchPack(const std::string& rule_files) {
    dir_ = fs::temp_directory_path() /
           absl::StrCat("povmon_confinement_", ::getpid(), "_", counter_++);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string pack = Slurp(kPacks + "/mini/pack.textproto");
    std::string from = "rule_files: \"rules.textproto\"";
    pack.replace(pack.find(from), from.size(), rule_files);
    std::ofstream(dir_ / "pack.textproto") << pack;
    fs::copy_file(kPacks + "/mini/parameters.textproto", dir_ / "parameters.textproto");
  }
  ~ScratchPack() { fs::remove_all(dir_); }
  std::string dir() const { return dir_.string(); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

TEST(PackConfinement, ARuleFileNamedWithDotDotIsRefusedAndNeverRead) {
  std::vector<std::string> problems = LoadProblems(kBad + "/outside");
  ASSERT_EQ(problems.size(), 1u) << testing::PrintToString(problems);
  EXPECT_EQ(problems[0], kBad +
                             "/outside/pack.textproto:21:1: cannot read rule file "
                             "\"../../mini/rules.textproto\" (rule_files): it leaves the pack "
                             "folder (\"..\"); pack files stay inside it");
}

TEST(PackConfinement, AnAbsoluteRuleFileIsRefused) {
  std::vector<std::string> problems = LoadProblems(kBad + "/absolute");
  ASSERT_EQ(problems.size(), 1u) << testing::PrintToString(problems);
  EXPECT_EQ(problems[0], kBad +
                             "/absolute/pack.textproto:20:1: cannot read rule file "
                             "\"/etc/passwd\" (rule_files): it is an absolute path; pack files "
                             "are named relative to the pack folder");
}

TEST(PackConfinement, ASymbolicLinkLeadingOutOfThePackIsRefused) {
  ASSERT_TRUE(fs::is_symlink(kBad + "/symlink_escape/rules.textproto"));
  std::vector<std::string> problems = LoadProblems(kBad + "/symlink_escape");
  ASSERT_EQ(problems.size(), 1u) << testing::PrintToString(problems);
  EXPECT_EQ(problems[0], kBad +
                             "/symlink_escape/pack.textproto:20:1: cannot read rule file "
                             "\"rules.textproto\" (rule_files): it is a symbolic link leading "
                             "out of the pack folder");
}

TEST(PackConfinement, ASymbolicLinkInsideThePackIsFollowed) {
  ScratchPack pack("rule_files: \"link.textproto\"");
  fs::copy_file(kPacks + "/mini/rules.textproto", pack.path("rules.textproto"));
  fs::create_symlink("rules.textproto", pack.path("link.textproto"));
  EXPECT_THAT(LoadProblems(pack.dir()), IsEmpty());
}

TEST(PackConfinement, ADirectoryNamedAsARuleFileIsAnError) {
  std::vector<std::string> problems = LoadProblems(kBad + "/directory_rule");
  ASSERT_EQ(problems.size(), 1u) << testing::PrintToString(problems);
  EXPECT_EQ(problems[0], kBad +
                             "/directory_rule/pack.textproto:20:1: cannot read rule file "
                             "\"rules.textproto\" (rule_files): it is a directory, not a file");
}

// A pipe (or a device such as /dev/zero linked into the pack) is never
// opened for reading: no hang on a pipe without a writer, no memory growing
// without bound on an endless device.
TEST(PackConfinement, APipeNamedAsARuleFileIsRefusedWithoutReading) {
  ScratchPack pack("rule_files: \"rules.textproto\"");
  ASSERT_EQ(::mkfifo(pack.path("rules.textproto").c_str(), 0600), 0);
  std::vector<std::string> problems = LoadProblems(pack.dir());
  ASSERT_EQ(problems.size(), 1u) << testing::PrintToString(problems);
  EXPECT_THAT(problems[0], HasSubstr("pack.textproto:20:1: cannot read rule file "
                                     "\"rules.textproto\" (rule_files): it is not a regular file"));
}

TEST(PackConfinement, APackFileOverTheSizeLimitIsRefused) {
  ScratchPack pack("rule_files: \"rules.textproto\"");
  {
    std::ofstream rules(pack.path("rules.textproto"), std::ios::binary);
    rules << Slurp(kPacks + "/mini/rules.textproto");
    rules << std::string(kMaxPackFileBytes, '#') << "\n";
  }
  std::vector<std::string> problems = LoadProblems(pack.dir());
  ASSERT_EQ(problems.size(), 1u) << testing::PrintToString(problems);
  EXPECT_THAT(problems[0],
              HasSubstr("pack.textproto:20:1: cannot read rule file \"rules.textproto\" "
                        "(rule_files): it is "));
  EXPECT_THAT(problems[0], HasSubstr("bytes, more than the limit of 8388608 bytes (8 MiB)"));
}

TEST(PackConfinement, AMissingRuleFileSaysSo) {
  ScratchPack pack("rule_files: \"nowhere.textproto\"");
  EXPECT_THAT(LoadProblems(pack.dir()),
              ElementsAre(pack.path("pack.textproto") +
                          ":20:1: cannot read rule file \"nowhere.textproto\" (rule_files): no "
                          "such file in the pack"));
}

// From memory (Policy::LoadFromFiles, the C ABI's povmon_policy_load_from_files)
// the same names and sizes are refused.
TEST(PackConfinement, LoadFromFilesRefusesNamesLeavingThePackAndOversizeFiles) {
  std::map<std::string, std::string> files;
  std::string pack = Slurp(kPacks + "/mini/pack.textproto");
  std::string from = "rule_files: \"rules.textproto\"";
  pack.replace(pack.find(from), from.size(),
               "rule_files: \"../rules.textproto\"\nrule_files: \"big.textproto\"");
  files["pack.textproto"] = pack;
  files["parameters.textproto"] = Slurp(kPacks + "/mini/parameters.textproto");
  files["../rules.textproto"] = Slurp(kPacks + "/mini/rules.textproto");
  files["big.textproto"] = std::string(kMaxPackFileBytes + 1, '#');
  std::vector<LoadProblem> problems;
  EXPECT_FALSE(Policy::LoadFromFiles(files, "p", &problems).ok());
  std::vector<std::string> text;
  for (const LoadProblem& p : problems) text.push_back(p.ToString());
  EXPECT_THAT(text, ElementsAre(HasSubstr("p/pack.textproto:20:1: cannot read rule file "
                                          "\"../rules.textproto\" (rule_files): it leaves the "
                                          "pack folder"),
                                "p/pack.textproto:21:1: cannot read rule file \"big.textproto\" "
                                "(rule_files): it is 8388609 bytes, more than the limit of "
                                "8388608 bytes (8 MiB) for one pack file"));
}

TEST(PackLimits, MoreRulesThanTheLimitIsOneProblem) {
  std::map<std::string, std::string> files;
  files["pack.textproto"] = Slurp(kPacks + "/mini/pack.textproto");
  files["parameters.textproto"] = Slurp(kPacks + "/mini/parameters.textproto");
  std::string rules;
  for (int i = 0; i <= kMaxPackRules; ++i) {
    absl::StrAppend(&rules, "rule { id: \"r", i,
                    "\" citation: \"c\" description_zh: \"中\" description_en: \"e\" when: "
                    "\"true\" watch: WATCH_GROUP_SERIOUS_ILLNESS }\n");
  }
  files["rules.textproto"] = rules;
  std::vector<LoadProblem> problems;
  EXPECT_FALSE(Policy::LoadFromFiles(files, "p", &problems).ok());
  ASSERT_EQ(problems.size(), 1u) << problems[0].ToString();
  EXPECT_EQ(problems[0].ToString(),
            absl::StrCat("p/rules.textproto:", kMaxPackRules + 1,
                         ":1: the pack has more than 10000 rules (the limit, povmon/limits.h); "
                         "this rule and the ones after it were not read"));
}

// Item 5: \377 in a description passed `check`; the library then logged
// protobuf errors per household and JSON output dropped bytes.
TEST(PackText, InvalidUtf8InAPackStringIsALoadErrorAtItsByte) {
  std::vector<std::string> problems = LoadProblems(kBad + "/invalid_utf8");
  ASSERT_EQ(problems.size(), 1u) << testing::PrintToString(problems);
  EXPECT_EQ(problems[0], kBad +
                             "/invalid_utf8/rules.textproto:13:45: field \"description_en\" is "
                             "not valid UTF-8 (byte 0xFF at byte 26 of its value); every text "
                             "in a pack is UTF-8");
}

TEST(PackText, ValidChineseTextAndOtherEscapesStillLoad) {
  std::map<std::string, std::string> files;
  files["pack.textproto"] = Slurp(kPacks + "/mini/pack.textproto");
  files["parameters.textproto"] = Slurp(kPacks + "/mini/parameters.textproto");
  std::string rules = Slurp(kPacks + "/mini/rules.textproto");
  // 中 written as octal escapes is valid UTF-8.
  std::string from = "description_en: \"The household owns a car\"";
  rules.replace(rules.find(from), from.size(), "description_en: \"car \\344\\270\\255\"");
  files["rules.textproto"] = rules;
  std::vector<LoadProblem> problems;
  auto policy = Policy::LoadFromFiles(files, "p", &problems);
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ((*policy)->FindRule("neg.car")->description_en(), "car 中");
}

// Item 6: a negative amount of money in a parameter file.
TEST(PackMoney, ANegativeMoneyParameterIsRefused) {
  std::vector<std::string> problems = LoadProblems(kBad + "/negative_money");
  ASSERT_EQ(problems.size(), 1u) << testing::PrintToString(problems);
  EXPECT_THAT(problems[0], HasSubstr("/negative_money/parameters.textproto:7:3: parameter "
                                     "\"monitoring_line\": \"-7000.00\" is negative; a money "
                                     "value is zero or more"));
}

}  // namespace
}  // namespace povmon
