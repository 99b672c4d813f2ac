// povmon eval --format csv: one row per household, money in yuan, zeros
// written, the errors in their own columns (issue 13 §4).
#include <sys/wait.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/rows.h"

namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

const std::string kSource = POVMON_SOURCE_DIR;

struct CliOutput {
  int status = -1;
  std::string out;
};

CliOutput Povmon(const std::string& args) {
  std::string command = std::string(POVMON_CLI) + " " + args + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  CliOutput run;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  int raw = pclose(pipe);
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return run;
}

// RFC 4180 records (CRLF, quoted cells with doubled quotes).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(cell);
      cell.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      rows.emplace_back();
      ++i;
    } else {
      cell += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Row `i` as column → value.
std::map<std::string, std::string> Record(const std::vector<std::vector<std::string>>& rows,
                                          std::size_t i) {
  std::map<std::string, std::string> record;
  for (std::size_t c = 0; c < rows[0].size(); ++c) record[rows[0][c]] = rows[i].at(c);
  return record;
}

TEST(Rows, EvalCsvHasOneRowPerHouseholdMoneyInYuanAndTheErrors) {
  CliOutput r = Povmon("eval --format csv --policy " + kSource + "/policies/hunan-2024 --as-of 2024-11-30 " +
                 kSource + "/examples/households/hunan.jsonl");
  EXPECT_EQ(r.status, 2);  // the last two lines are bad records
  std::vector<std::vector<std::string>> rows = ParseCsv(r.out);
  ASSERT_EQ(rows.size(), 33u);  // the header and 32 households
  EXPECT_THAT(rows[0], ElementsAreArray(povmon::RowColumns()));
  for (const auto& row : rows) ASSERT_EQ(row.size(), rows[0].size());

  // Plan 4 §2(二)①: per capita 4,500 below the 6,500 line, one risk.
  std::map<std::string, std::string> first = Record(rows, 1);
  EXPECT_EQ(first["line"], "1");
  EXPECT_EQ(first["household_id"], "hn-001-unstable-serious-illness");
  EXPECT_EQ(first["category"], "CATEGORY_UNSTABLE_LIFTED_OUT");
  EXPECT_EQ(first["category_rule"], "p4.category.unstable_lifted_out");
  EXPECT_EQ(first["per_capita_net_income_yuan"], "4500.00");
  EXPECT_EQ(first["net_income_yuan"], "13500.00");
  EXPECT_EQ(first["counted_members"], "3");
  EXPECT_EQ(first["risk_types"], "RISK_TYPE_ILLNESS");
  EXPECT_EQ(first["excluded"], "false");
  EXPECT_EQ(first["insurance_claims_yuan"], "0.00");  // zeros written
  EXPECT_EQ(first["error_status"], "");

  std::map<std::string, std::string> bad = Record(rows, 31);
  EXPECT_EQ(bad["line"], "31");
  EXPECT_EQ(bad["household_id"], "bad-invalid-date");
  EXPECT_EQ(bad["error_status"], "INVALID_ARGUMENT");
  EXPECT_EQ(bad["error_field"], "income[2].date");
  EXPECT_THAT(bad["error_message"], HasSubstr("is not a valid date"));
  EXPECT_EQ(bad["category"], "");
}

TEST(Rows, CsvAndExplainDoNotGoTogetherAndOtherFormatsAreRefused) {
  const std::string pack = " --policy " + kSource + "/policies/hunan-2024 --as-of 2024-11-30 ";
  const std::string file = kSource + "/examples/households/hunan.jsonl";
  EXPECT_EQ(Povmon("eval --format csv --explain" + pack + file).status, 1);
  EXPECT_EQ(Povmon("eval --format xml" + pack + file).status, 1);
}

TEST(Rows, CsvCellsAreQuotedAndFormulasDefused) {
  EXPECT_EQ(povmon::CsvLine({"a", "b,c", "say \"hi\"", "=1+1", "-5", "-x"}),
            "a,\"b,c\",\"say \"\"hi\"\"\",'=1+1,-5,'-x\r\n");
}

}  // namespace
