// The example case histories (examples/cases/) and assistance plans
// (examples/plans/) give what their READMEs promise, run as the READMEs
// run them (issue 3 §5 and issue 4 §6: examples in examples/).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSource = POVMON_SOURCE_DIR;

// The CLI's standard output, one entry per line.
std::vector<std::string> Povmon(const std::string& args) {
  std::string command = std::string(POVMON_CLI) + " " + args + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::vector<std::string> lines;
  std::string current;
  char buffer[1 << 16];
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

std::vector<std::string> Eval(const std::string& pack, const std::string& as_of,
                              const std::string& file) {
  return Povmon("eval --policy " + kSource + "/policies/" + pack + " --as-of " + as_of + " " +
             kSource + "/examples/" + file);
}

// Plan 2 §3(四)3: the county decides within 20 working days of the
// application; §3(五)3: an in-person income survey every month.
TEST(ExampleCases, LingshouTwentyWorkingDaysAcrossNationalDayAndMonthlyVisits) {
  std::vector<std::string> out = Eval("lingshou-2024", "2024-12-10", "cases/lingshou.jsonl");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_THAT(out[0], HasSubstr("\"household_id\":\"ls-case-01-entry-over-national-day\""));
  EXPECT_THAT(out[0], HasSubstr("\"due\":\"2024-10-23\",\"done_on\":\"2024-10-23\","
                                "\"state\":\"DEADLINE_STATE_MET\""));
  EXPECT_THAT(out[0], HasSubstr("\"state\":\"VISIT_STATE_OVERDUE\""));
  EXPECT_THAT(out[0], HasSubstr("\"next_due\":\"2024-11-30\""));
  EXPECT_THAT(out[1], HasSubstr("\"due\":\"2024-10-23\",\"done_on\":\"2024-10-24\","
                                "\"state\":\"DEADLINE_STATE_MISSED\""));
  // Plan 2 §3(六): income stable for more than a year, no longer identified.
  EXPECT_THAT(out[2], HasSubstr("\"status\":\"ELIMINATION_STATUS_MAY_BE_ELIMINATED\""));
  EXPECT_THAT(out[2], HasSubstr("\"next_step\":\"CASE_STEP_HOUSEHOLD_CONSENT\""));
}

// Plan 5 §2(一): 5-working-day notices, the green channel; §2(二)4: under
// half a year of measures is tracked attention; §2(二)3-4: rechecks revert.
TEST(ExampleCases, YingkouNoticesGreenChannelTrackedAttentionAndRevert) {
  std::vector<std::string> out = Eval("yingkou-2024", "2024-10-03", "cases/yingkou.jsonl");
  ASSERT_EQ(out.size(), 5u);
  EXPECT_THAT(out[0], HasSubstr("\"start\":\"2024-09-27\""));
  EXPECT_THAT(out[0], HasSubstr("\"earliest_end\":\"2024-10-09\""));
  EXPECT_THAT(out[1], HasSubstr("\"green_channel\":true"));
  EXPECT_THAT(out[3], HasSubstr("\"status\":\"ELIMINATION_STATUS_TRACKED_ATTENTION\","
                                "\"earliest_date\":\"2024-11-28\""));
  EXPECT_THAT(out[4], HasSubstr("\"status\":\"ELIMINATION_STATUS_REVERT\""));
}

// Plan 10 §3.2: the notice lists the three notices in force, with the head's
// name but never the phone number recorded after it.
TEST(ExampleCases, YingkouNoticeListsTheNoticesInForceAndNoPhoneNumber) {
  std::vector<std::string> csv = Povmon("notice --policy " + kSource +
                                     "/policies/yingkou-2024 --as-of 2024-10-03 " + kSource +
                                     "/examples/cases/yingkou.jsonl");
  ASSERT_EQ(csv.size(), 4u);  // the header and lines 1-3
  std::string all;
  for (const std::string& line : csv) all += line + "\n";
  EXPECT_THAT(csv[3], HasSubstr("\"吳春生\""));
  EXPECT_THAT(csv[3], HasSubstr("\"2024-09-27\",\"2024-10-09\""));
  // The record's name field reads "吳春生 (電話 13998701234)", and it also has
  // the phone and ID number fields: none of them reaches the notice.
  EXPECT_THAT(all, Not(HasSubstr("13998701234")));
  EXPECT_THAT(all, Not(HasSubstr("電話")));
  EXPECT_THAT(all, Not(HasSubstr("210881197203154411")));
}

// Plan 1 §4(一): the full household plan of examples/plans/funan.jsonl.
TEST(ExamplePlans, FunanFullPlanSingleRiskAndNoLabour) {
  std::vector<std::string> out = Eval("funan-2024", "2024-07-01", "plans/funan.jsonl");
  ASSERT_EQ(out.size(), 3u);
  // Medical (§4(一)6(2)): 16,000 × 50% + 6,000 × 30% under the 10,000 cap,
  // less 8,000 paid; dibao 8,400 × 4 − 16,000; repair 6,000 (§4(一)5).
  EXPECT_THAT(out[0], HasSubstr("\"measure_id\":\"p1.medical.assistance\""));
  EXPECT_THAT(out[0], HasSubstr("\"amount_fen\":\"180000\""));
  EXPECT_THAT(out[0], HasSubstr("\"amount_fen\":\"1760000\""));
  EXPECT_THAT(out[0], HasSubstr("\"amount_fen\":\"600000\""));
  // §4(一)5: a marginal household not in dibao gets no housing subsidy.
  std::string given = out[1].substr(0, out[1].find("\"not_applied\""));
  EXPECT_THAT(given, Not(HasSubstr("p1.housing.")));
  EXPECT_THAT(out[1], HasSubstr("\"not_applied\":[{\"measure_id\":\"p1.housing.rebuild\""));
  EXPECT_THAT(out[1], HasSubstr("\"reason\":\"marginal household not in dibao or dispersed "
                                "extreme-poverty support\""));
  // No labour capacity: guarantees and no development measure.
  EXPECT_THAT(out[2], Not(HasSubstr("MEASURE_KIND_DEVELOPMENT")));
  EXPECT_THAT(out[2].substr(out[2].find("\"not_applied\"")),
              HasSubstr("\"measure_id\":\"p1.microcredit\""));
}

// Plan 6 §3.5: 10-19 lifted-out people earn 20,000, plus 1,000 for each
// employed 12 months or more; fewer than 5 earn nothing.
TEST(ExamplePlans, WorkshopAwards) {
  std::vector<std::string> out = Povmon("workshop --policy " + kSource +
                                     "/policies/xiangyin-2024 --as-of 2024-07-01 " + kSource +
                                     "/examples/plans/workshops.jsonl");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_THAT(out[0], HasSubstr("\"workshop_id\":\"ws-bamboo-weaving\""));
  EXPECT_THAT(out[0], HasSubstr("\"total_fen\":\"2400000\""));
  EXPECT_THAT(out[1], HasSubstr("\"workshop_id\":\"ws-garment\""));
  EXPECT_THAT(out[1], Not(HasSubstr("\"total_fen\"")));
}

}  // namespace
