// What-if policies (Policy::WithChanges): "what if the line rises to 7,000?"
// asked of the engine's test pack (tests/testdata/packs/mini: Plan 4 §2(三)'s
// monitoring line of 6,500 in 2024, 7,000 from 2025).
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/explain.h"
#include "povmon/policy.h"

namespace povmon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::shared_ptr<const Policy> Mini() {
  auto p = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/tests/testdata/packs/mini");
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : nullptr;
}

// 6,800.00 per person: above 2024's line of 6,500, below 7,000.
constexpr char kHousehold[] = R"pb(
  id: "h6800"
  members { id: "a" registered: true }
  income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 680000 }
)pb";

v1::Decision Decide(const std::shared_ptr<const Policy>& policy, absl::CivilDay as_of) {
  v1::Household h;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kHousehold, &h));
  Evaluator evaluator(policy);
  EvaluateOptions options;
  options.as_of = as_of;
  v1::Decision d;
  absl::Status s = evaluator.Evaluate(h, options, &d);
  EXPECT_TRUE(s.ok()) << s;
  return d;
}

std::vector<ParameterChange> Changes(std::vector<std::string> texts) {
  std::vector<ParameterChange> out;
  for (const std::string& t : texts) {
    absl::StatusOr<ParameterChange> c = ParameterChange::Parse(t);
    EXPECT_TRUE(c.ok()) << c.status();
    if (c.ok()) out.push_back(*c);
  }
  return out;
}

TEST(ParameterChange, ParsesNameValueAndFrom) {
  absl::StatusOr<ParameterChange> c = ParameterChange::Parse("monitoring_line=7000.00@2024-07-01");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->name, "monitoring_line");
  EXPECT_EQ(c->value, "7000.00");
  EXPECT_EQ(c->from, "2024-07-01");
  EXPECT_EQ(c->ToString(), "monitoring_line=7000.00@2024-07-01");
  c = ParameterChange::Parse("monitoring_line=7000");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->from, "");
  EXPECT_EQ(c->ToString(), "monitoring_line=7000");
}

TEST(ParameterChange, BadTextSaysHowToWriteIt) {
  EXPECT_EQ(ParameterChange::Parse("monitoring_line").status().message(),
            "what-if \"monitoring_line\": write NAME=VALUE or NAME=VALUE@YYYY-MM-DD");
  EXPECT_EQ(ParameterChange::Parse("=7000").status().message(),
            "what-if \"=7000\": write NAME=VALUE or NAME=VALUE@YYYY-MM-DD");
  EXPECT_EQ(ParameterChange::Parse("monitoring_line=").status().message(),
            "what-if \"monitoring_line=\": no value after =");
  EXPECT_EQ(ParameterChange::Parse("monitoring_line=7000@July").status().message(),
            "what-if \"monitoring_line=7000@July\": \"July\" after @ is not a date (YYYY-MM-DD)");
}

// Plan 4 §2(三): below the line (strictly) is monitored. Raising the line
// to 7,000 brings the 6,800 household in; the pack itself is unchanged.
TEST(WhatIf, RaisingTheLineTo7000MonitorsA6800Household) {
  auto pack = Mini();
  ASSERT_TRUE(pack);
  auto what_if = pack->WithChanges(Changes({"monitoring_line=7000"}));
  ASSERT_TRUE(what_if.ok()) << what_if.status();
  absl::CivilDay as_of(2024, 11, 30);
  v1::Decision before = Decide(pack, as_of);
  v1::Decision after = Decide(*what_if, as_of);
  EXPECT_EQ(before.identification().category(), v1::CATEGORY_NONE);
  EXPECT_EQ(after.identification().category(), v1::CATEGORY_MARGINAL_AT_RISK);
  EXPECT_EQ(Decide(pack, as_of).identification().category(), v1::CATEGORY_NONE);
  // The decision says it was made under a what-if, and with another revision.
  EXPECT_THAT(before.what_if(), ElementsAre());
  EXPECT_THAT(after.what_if(), ElementsAre("monitoring_line=7000"));
  EXPECT_EQ(after.pack_id(), "mini");
  EXPECT_NE(after.pack_revision(), before.pack_revision());
  EXPECT_EQ((*what_if)->revision(), after.pack_revision());
  EXPECT_THAT(Explain(after, **what_if),
              HasSubstr("假設 WHAT-IF, not the plans' parameters: monitoring_line=7000\n"));
  ASSERT_EQ((*what_if)->changes().size(), 1u);
  EXPECT_TRUE(pack->changes().empty());
}

TEST(WhatIf, AChangeAppliesFromItsDateOnAndReplacesLaterValues) {
  auto pack = Mini();
  ASSERT_TRUE(pack);
  // From 1 July 2024 the line is 6,900: still 6,500 in June, and 6,900 (not
  // the pack's 7,000) in 2025.
  auto what_if = pack->WithChanges(Changes({"monitoring_line=6900@2024-07-01"}));
  ASSERT_TRUE(what_if.ok()) << what_if.status();
  EXPECT_EQ(Decide(*what_if, absl::CivilDay(2024, 6, 30)).identification().category(),
            v1::CATEGORY_NONE);
  EXPECT_EQ(Decide(*what_if, absl::CivilDay(2024, 7, 1)).identification().category(),
            v1::CATEGORY_MARGINAL_AT_RISK);
  // Two changes of one parameter make a schedule; a variant of a variant
  // keeps the first change.
  auto stepped = (*what_if)->WithChanges(Changes({"monitoring_line=6700@2025-01-01"}));
  ASSERT_TRUE(stepped.ok()) << stepped.status();
  EXPECT_EQ(Decide(*stepped, absl::CivilDay(2024, 12, 31)).identification().category(),
            v1::CATEGORY_MARGINAL_AT_RISK);
  EXPECT_EQ(Decide(*stepped, absl::CivilDay(2025, 3, 1)).identification().category(),
            v1::CATEGORY_NONE);
  EXPECT_THAT(Decide(*stepped, absl::CivilDay(2025, 3, 1)).what_if(),
              ElementsAre("monitoring_line=6900@2024-07-01", "monitoring_line=6700@2025-01-01"));
}

TEST(WhatIf, EveryBadChangeIsReportedNamingIt) {
  auto pack = Mini();
  ASSERT_TRUE(pack);
  std::vector<LoadProblem> problems;
  auto what_if = pack->WithChanges(
      Changes({"monitoring_lin=7000", "monitoring_line=7,000", "clearly_exceeds_bp=half",
               "monitoring_line=7000@2023-12-31"}),
      &problems);
  ASSERT_FALSE(what_if.ok());
  EXPECT_EQ(what_if.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> lines;
  for (const LoadProblem& p : problems) lines.push_back(p.ToString());
  EXPECT_THAT(lines[0], HasSubstr("what-if monitoring_lin=7000: the pack has no parameter "
                                  "\"monitoring_lin\" (it has: "));
  EXPECT_THAT(lines[0], HasSubstr("monitoring_line"));
  EXPECT_EQ(lines[1],
            "what-if monitoring_line=7,000: parameter \"monitoring_line\": \"7,000\" is not an "
            "amount in yuan (at most two decimals)");
  EXPECT_EQ(lines[2],
            "what-if clearly_exceeds_bp=half: parameter \"clearly_exceeds_bp\" is "
            "PARAMETER_TYPE_BASIS_POINTS: \"half\" is not a whole number");
  EXPECT_EQ(lines[3],
            "what-if monitoring_line=7000@2023-12-31: from \"2023-12-31\" is not a date within "
            "the pack's dates (2024-01-01 to 2025-12-31)");
  EXPECT_EQ(lines.size(), 4u);
}

// Issue 12 item 6: "monitoring_line=-1" made a what-if policy whose line
// is below zero, so nobody was below it.
TEST(WhatIf, NegativeMoneyInAChangeIsRefused) {
  auto pack = Mini();
  ASSERT_TRUE(pack);
  std::vector<LoadProblem> problems;
  auto what_if = pack->WithChanges(Changes({"monitoring_line=-1"}), &problems);
  ASSERT_FALSE(what_if.ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].ToString(),
            "what-if monitoring_line=-1: parameter \"monitoring_line\": \"-1\" is negative; a "
            "money value is zero or more");
  EXPECT_TRUE(pack->WithChanges(Changes({"monitoring_line=0"})).ok());
}

}  // namespace
}  // namespace povmon
