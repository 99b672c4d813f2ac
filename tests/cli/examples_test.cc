// The example households (examples/households/*.jsonl) give the decisions
// their README promises: one output per input line, in order, bad lines
// named by line and field (issue 2 §9, "done when").
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

using ::testing::HasSubstr;

const std::string kSource = POVMON_SOURCE_DIR;

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> Eval(const std::string& pack, const std::string& file) {
  std::string command = std::string(POVMON_CLI) + " eval --policy " + kSource + "/policies/" +
                        pack + " --as-of 2024-11-30 " + kSource + "/examples/households/" + file +
                        " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::vector<std::string> lines;
  char buffer[1 << 16];
  std::string current;
  while (fgets(buffer, sizeof buffer, pipe.get()) != nullptr) {
    current += buffer;
    if (!current.empty() && current.back() == '\n') {
      current.pop_back();
      lines.push_back(current);
      current.clear();
    }
  }
  return lines;
}

// Expected rows: line, household id, category or "error", and the negative-
// list items (or the error's field).
void CheckExamples(const std::string& name, const std::string& pack) {
  std::vector<std::string> expected =
      ReadLines(kSource + "/examples/households/expected/" + name + ".tsv");
  std::vector<std::string> inputs = ReadLines(kSource + "/examples/households/" + name + ".jsonl");
  std::vector<std::string> outputs = Eval(pack, name + ".jsonl");
  ASSERT_FALSE(expected.empty());
  ASSERT_EQ(outputs.size(), inputs.size()) << "one output per input line";
  ASSERT_EQ(outputs.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    std::vector<std::string> row = absl::StrSplit(expected[i], '\t');
    ASSERT_EQ(row.size(), 4u) << expected[i];
    SCOPED_TRACE(name + " line " + row[0] + " " + row[1]);
    EXPECT_THAT(outputs[i], HasSubstr("\"household_id\":\"" + row[1] + "\""));
    if (row[2] == "error") {
      // Every line of these files is a record, so record index = line - 1.
      EXPECT_THAT(outputs[i], HasSubstr("{\"index\":" + std::to_string(std::stol(row[0]) - 1) +
                                        ",\"line\":" + row[0] + ","));
      if (!row[3].empty()) {
        EXPECT_THAT(outputs[i], HasSubstr("\"field\":\"" + row[3] + "\""));
      }
      continue;
    }
    EXPECT_THAT(outputs[i], HasSubstr("\"category\":\"CATEGORY_" + row[2] + "\""));
    std::vector<std::string> items = absl::StrSplit(row[3], ',', absl::SkipEmpty());
    for (const std::string& item : items) {
      std::string bare = item.substr(0, item.find('('));
      EXPECT_THAT(outputs[i], HasSubstr("\"item\":\"NEGATIVE_LIST_ITEM_" + bare + "\""));
      if (item.find("(overridden)") != std::string::npos) {
        EXPECT_THAT(outputs[i], HasSubstr("\"overridden\":true"));
      }
    }
  }
}

TEST(Examples, HunanPlan4HouseholdsIncludingTwoBadLines) { CheckExamples("hunan", "hunan-2024"); }
TEST(Examples, SuiningPlan3NegativeListAndOverrides) { CheckExamples("suining", "suining-2024"); }
TEST(Examples, LingshouPlan2NegativeList) { CheckExamples("lingshou", "lingshou-2024"); }
TEST(Examples, YingkouPlan5FixedWindow) { CheckExamples("yingkou", "yingkou-2024"); }
TEST(Examples, EveryKindOfBadRecordIsReportedAndNoneIsLost) { CheckExamples("bad", "hunan-2024"); }

}  // namespace
