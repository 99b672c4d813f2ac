// The service's packs: a snapshot taken by a request outlives the reload
// that replaces it (the request finishes on its revision); a reload that
// fails keeps the old revision and reports every problem.
#include "tools/povmon/serve/pack_registry.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/json.h"

namespace povmon::serve {
namespace {

using ::testing::HasSubstr;

class PackRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/povmon_registry_" + std::to_string(::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    pack_ = dir_ + "/hunan";
    std::filesystem::copy(std::string(POVMON_SOURCE_DIR) + "/policies/hunan-2024", pack_,
                          std::filesystem::copy_options::recursive);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Append(const std::string& file, const std::string& text) {
    std::ofstream(pack_ + "/" + file, std::ios::app) << text;
  }
  std::string dir_, pack_;
};

TEST_F(PackRegistryTest, ARequestFinishesOnTheRevisionItStartedWith) {
  auto registry = PackRegistry::Load({pack_});
  ASSERT_TRUE(registry.ok()) << registry.status();
  auto before = (*registry)->Find("hunan-2024");
  ASSERT_TRUE(before.ok());
  std::shared_ptr<const LoadedPack> in_flight = *before;
  const std::string old_revision = in_flight->revision();

  std::ostringstream log;
  auto unchanged = (*registry)->Reload(log);
  ASSERT_EQ(unchanged.size(), 1u);
  EXPECT_FALSE(unchanged[0].changed());
  EXPECT_EQ((*(*registry)->Find(""))->revision(), old_revision);

  Append("rules.textproto", "# a new revision\n");
  auto outcomes = (*registry)->Reload(log);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_TRUE(outcomes[0].changed());
  std::shared_ptr<const LoadedPack> after = *(*registry)->Find("hunan-2024");
  EXPECT_NE(after->revision(), old_revision);
  EXPECT_EQ(after->reloads(), 1);
  EXPECT_THAT(log.str(), HasSubstr("revision " + old_revision + " -> " + after->revision()));

  // The request that started before still decides on its own revision.
  EXPECT_EQ(in_flight->revision(), old_revision);
  v1::Household h;
  std::ifstream in(std::string(POVMON_SOURCE_DIR) + "/examples/households/hunan.jsonl");
  std::string line;
  std::getline(in, line);
  ASSERT_TRUE(ParseHouseholdJson(line, &h).ok());
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 11, 30);
  v1::Decision old_decision, new_decision;
  {
    LoadedPack::Lease lease = in_flight->Acquire();
    ASSERT_TRUE(lease.evaluator().Evaluate(h, options, &old_decision).ok());
  }
  {
    LoadedPack::Lease lease = after->Acquire();
    ASSERT_TRUE(lease.evaluator().Evaluate(h, options, &new_decision).ok());
  }
  EXPECT_EQ(old_decision.pack_revision(), old_revision);
  EXPECT_EQ(new_decision.pack_revision(), after->revision());
}

TEST_F(PackRegistryTest, AFailedReloadKeepsTheOldRevisionAndReportsEveryProblem) {
  auto registry = PackRegistry::Load({pack_});
  ASSERT_TRUE(registry.ok());
  const std::string revision = (*(*registry)->Find(""))->revision();
  Append("rules.textproto", "rules { id: \n");
  Append("parameters.textproto", "parameters { nonsense: 1 }\n");
  std::ostringstream log;
  auto outcomes = (*registry)->Reload(log);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_FALSE(outcomes[0].changed());
  ASSERT_GE(outcomes[0].problems.size(), 2u);
  EXPECT_EQ((*(*registry)->Find("hunan-2024"))->revision(), revision);
  EXPECT_EQ((*registry)->ReloadProblems("hunan-2024"), outcomes[0].problems);
  for (const std::string& p : outcomes[0].problems) EXPECT_THAT(log.str(), HasSubstr(p));
  EXPECT_THAT(log.str(), HasSubstr("failed; revision " + revision + " goes on serving"));
}

TEST_F(PackRegistryTest, AFolderNowHoldingAnotherPackIsNotSwapped) {
  auto registry = PackRegistry::Load({pack_});
  ASSERT_TRUE(registry.ok());
  std::string text;
  {
    std::ifstream in(pack_ + "/pack.textproto");
    std::stringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  std::size_t at = text.find("\"hunan-2024\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 12, "\"renamed-2024\"");
  std::ofstream(pack_ + "/pack.textproto", std::ios::trunc) << text;
  std::ostringstream log;
  auto outcomes = (*registry)->Reload(log);
  ASSERT_EQ(outcomes[0].problems.size(), 1u);
  EXPECT_THAT(outcomes[0].problems[0], HasSubstr("now holds pack \"renamed-2024\""));
  EXPECT_TRUE((*registry)->Find("hunan-2024").ok());
  EXPECT_FALSE((*registry)->Find("renamed-2024").ok());
}

TEST_F(PackRegistryTest, FindNamesThePackField) {
  auto registry = PackRegistry::Load(
      {pack_, std::string(POVMON_SOURCE_DIR) + "/policies/lingshou-2024"});
  ASSERT_TRUE(registry.ok());
  auto none = (*registry)->Find("");
  EXPECT_EQ(none.status().message(),
            "pack: required when the server holds several packs (hunan-2024, lingshou-2024)");
  auto unknown = (*registry)->Find("x");
  EXPECT_EQ(unknown.status().message(),
            "pack: no pack \"x\" is served (hunan-2024, lingshou-2024)");
  EXPECT_EQ((*(*registry)->Find("lingshou-2024"))->id(), "lingshou-2024");
}

}  // namespace
}  // namespace povmon::serve
