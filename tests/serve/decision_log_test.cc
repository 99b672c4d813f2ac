// The decision log: one JSON line per household with the decision's
// category, measures and revision, errors with their field only, the
// household's personal data nowhere, and rotation by size that keeps
// every line whole.
#include "tools/povmon/serve/decision_log.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "tests/serve/planted_personal_data.h"

namespace povmon::serve {
namespace {

using ::testing::HasSubstr;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(DecisionLogTest, ALineSaysWhatWasDecidedAndNothingPersonal) {
  auto policy = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/hunan-2024");
  ASSERT_TRUE(policy.ok());
  Evaluator evaluator(*policy);
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 4, 12);
  std::string all;
  for (int n = 0; n < 13; ++n) {
    v1::Household h = testing_privacy::Tempting(n, "劉建國", "430524104211");
    v1::Decision d;
    ASSERT_TRUE(evaluator.Evaluate(h, options, &d).ok());
    DecisionLogEntry entry;
    entry.time = absl::FromUnixSeconds(1733011200);
    entry.request_id = "req-13807391245";
    entry.method = "Evaluate";
    entry.pack = (*policy)->id();
    entry.revision = (*policy)->revision();
    entry.as_of = "2024-04-12";
    entry.household = &h;
    entry.decision = &d;
    std::string line = DecisionLog::Format(entry);
    google::protobuf::Struct record;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &record).ok()) << line;
    EXPECT_EQ(record.fields().at("time").string_value(), "2024-12-01T00:00:00.000Z");
    EXPECT_EQ(record.fields().at("category").string_value(),
              v1::Category_Name(d.identification().category()));
    EXPECT_EQ(record.fields().at("measures").list_value().values_size(),
              d.assistance().measures_size());
    // "hh-N-<ID number>-<phone>": the digit run may take N with it.
    EXPECT_THAT(record.fields().at("household_id").string_value(),
                ::testing::AllOf(::testing::StartsWith("hh-"), HasSubstr("＊＊＊")));
    EXPECT_EQ(record.fields().at("request_id").string_value(), "req-＊＊＊");
    all += line + "\n";
  }
  testing_privacy::ExpectNoPersonalData(all, "decision log");
  EXPECT_THAT(all, ::testing::Not(HasSubstr("劉建國")));
}

TEST(DecisionLogTest, AnErrorKeepsItsFieldButNotItsMessage) {
  v1::Household h = testing_privacy::Tempting(0, "劉建國", "430524104211");
  DecisionLogEntry entry;
  entry.method = "EvaluateStream";
  entry.household = &h;
  entry.error = absl::InvalidArgumentError(
      "household.members[0].birth_date: \"13807391245\" is not a valid date");
  std::string line = DecisionLog::Format(entry);
  EXPECT_THAT(line, HasSubstr("\"error\":{\"status\":\"INVALID_ARGUMENT\","
                              "\"field\":\"household.members[0].birth_date\"}"));
  EXPECT_THAT(line, ::testing::Not(HasSubstr("1380739")));
  EXPECT_THAT(line, ::testing::Not(HasSubstr("as_of")));
}

TEST(DecisionLogTest, RotatesBySizeKeepingWholeLines) {
  std::string dir = ::testing::TempDir() + "/povmon_log_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  DecisionLogOptions options;
  options.path = dir + "/decisions.jsonl";
  options.max_bytes = 4096;
  options.keep = 2;
  auto log = DecisionLog::Open(options);
  ASSERT_TRUE(log.ok()) << log.status();
  v1::Household h;
  v1::Decision d;
  int written = 0;
  for (; written < 200; ++written) {
    h.set_id("household-" + std::to_string(written));
    DecisionLogEntry entry;
    entry.time = absl::Now();
    entry.method = "Evaluate";
    entry.household = &h;
    entry.decision = &d;
    ASSERT_TRUE((*log)->Write(entry).ok());
  }
  EXPECT_TRUE(std::filesystem::exists(options.path + ".1"));
  EXPECT_TRUE(std::filesystem::exists(options.path + ".2"));
  EXPECT_FALSE(std::filesystem::exists(options.path + ".3"));
  // Newest last: FILE.2, FILE.1, FILE hold the last lines in order, each
  // file at most 4096 bytes, every line whole.
  std::string kept = Read(options.path + ".2") + Read(options.path + ".1") + Read(options.path);
  for (const char* suffix : {".2", ".1", ""}) {
    EXPECT_LE(std::filesystem::file_size(options.path + suffix), 4096u);
  }
  std::istringstream lines(kept);
  std::string line;
  std::vector<int> ids;
  while (std::getline(lines, line)) {
    google::protobuf::Struct record;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &record).ok()) << line;
    ids.push_back(std::stoi(record.fields().at("household_id").string_value().substr(10)));
  }
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.back(), written - 1);
  for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_EQ(ids[i], ids[i - 1] + 1);
  std::filesystem::remove_all(dir);
}

TEST(DecisionLogTest, AnUnwritableLogIsAnErrorNamingTheFile) {
  DecisionLogOptions options;
  options.path = "/nonexistent-dir/decisions.jsonl";
  auto log = DecisionLog::Open(options);
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.status().message(), HasSubstr("/nonexistent-dir/decisions.jsonl: cannot open"));
  options.path = "/dev/full";
  EXPECT_FALSE(DecisionLog::Open(options).ok());  // not a regular file
}

}  // namespace
}  // namespace povmon::serve
