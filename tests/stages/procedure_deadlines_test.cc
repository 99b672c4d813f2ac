// The procedure stage: deadlines on the working-day calendar (Plan 2's 20
// working days across the National Day week, policies/lingshou-2024), Plan
// 5's 15/10/10-day limits, notices in working days and the green channel
// (policies/yingkou-2024), and the load-time checks of procedures.
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/explain.h"
#include "povmon/policy.h"

namespace povmon {
namespace {

using absl::CivilDay;
using ::testing::HasSubstr;

std::shared_ptr<const Policy> LoadPack(const std::string& name) {
  auto p = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/" + name);
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : nullptr;
}

absl::StatusOr<v1::Decision> Decide(const std::shared_ptr<const Policy>& policy,
                                    const std::string& events, CivilDay as_of,
                                    const std::string& extra = "") {
  v1::Household h;
  std::string text =
      R"pb(
        id: "h"
        members {
          id: "m1"
          registered: true
          co_resident: true
          labour_capacity: LABOUR_CAPACITY_FULL
        }
        income { date: "2024-03-31" kind: INCOME_KIND_WAGE amount_fen: 600000 }
        cases { id: "c1" kind: CASE_KIND_IDENTIFICATION)pb" +
      std::string(" ") + events + " } " + extra;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &h)) << text;
  Evaluator evaluator(policy);
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = as_of;
  options.trace = v1::TRACE_LEVEL_FULL;
  absl::Status s = evaluator.Evaluate(h, options, &d);
  if (!s.ok()) return s;
  return d;
}

const v1::DeadlineStatus* Deadline(const v1::Decision& d,
                                   const std::string& id) {
  for (const v1::DeadlineStatus& s : d.procedure().cases(0).deadlines()) {
    if (s.id() == id) return &s;
  }
  return nullptr;
}

bool HasFinding(const v1::Decision& d, v1::ProcedureFindingKind kind,
                v1::CaseStep step) {
  for (const v1::ProcedureFinding& f : d.procedure().cases(0).findings()) {
    if (f.kind() == kind && f.step() == step) return true;
  }
  return false;
}

// ------------------------------------------------------------ Plan 2

constexpr char kLingshouClue[] = R"pb(
  events {
    step: CASE_STEP_CLUE
    date: "2024-09-20"
    channel: CLUE_CHANNEL_SELF_APPLICATION
  }
)pb";

class LingshouProcedureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    policy_ = new std::shared_ptr<const Policy>(LoadPack("lingshou-2024"));
  }
  static void TearDownTestSuite() { delete policy_; }
  static std::shared_ptr<const Policy>* policy_;
};
std::shared_ptr<const Policy>* LingshouProcedureTest::policy_ = nullptr;

// Plan 2 §3(四)3: 一般不超過20個工作日. The National Day week and its two
// worked weekend days move the due date from 18 to 23 October 2024.
TEST_F(LingshouProcedureTest, Plan2TwentyWorkingDaysAcrossNationalDayWeek) {
  struct Case {
    CivilDay as_of;
    std::string decided_on;  // empty: not decided
    v1::DeadlineState state;
  } cases[] = {
      {CivilDay(2024, 10, 18), "", v1::DEADLINE_STATE_RUNNING},
      {CivilDay(2024, 10, 22), "", v1::DEADLINE_STATE_RUNNING},
      {CivilDay(2024, 10, 23), "", v1::DEADLINE_STATE_DUE_TODAY},
      {CivilDay(2024, 10, 24), "", v1::DEADLINE_STATE_OVERDUE},
      {CivilDay(2024, 10, 31), "2024-10-23", v1::DEADLINE_STATE_MET},
      {CivilDay(2024, 10, 31), "2024-10-24", v1::DEADLINE_STATE_MISSED},
  };
  for (const Case& c : cases) {
    std::string events = kLingshouClue;
    if (!c.decided_on.empty()) {
      events += "events { step: CASE_STEP_COUNTY_DECISION date: \"" +
                c.decided_on + "\" }";
    }
    absl::StatusOr<v1::Decision> d = Decide(*policy_, events, c.as_of);
    ASSERT_TRUE(d.ok()) << d.status();
    const v1::DeadlineStatus* s = Deadline(*d, "p2.deadline.county_decision");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->due(), "2024-10-23");
    EXPECT_EQ(s->days(), 20);
    EXPECT_EQ(s->day_count(), v1::DAY_COUNT_WORKING_DAYS);
    EXPECT_EQ(s->citation(), "Plan 2 §3(四)3");
    EXPECT_EQ(s->state(), c.state)
        << absl::FormatCivilTime(c.as_of) << " " << c.decided_on;
  }
}

// The clock starts at the earliest of the clue and the application.
TEST_F(LingshouProcedureTest,
       Plan2ClockStartsAtTheEarlierOfApplicationAndDiscovery) {
  absl::StatusOr<v1::Decision> d = Decide(
      *policy_,
      R"pb(events { step: CASE_STEP_CLUE date: "2024-09-23" }
           events { step: CASE_STEP_APPLICATION date: "2024-09-20" })pb",
      CivilDay(2024, 9, 30));
  ASSERT_TRUE(d.ok());
  const v1::DeadlineStatus* s = Deadline(*d, "p2.deadline.county_decision");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->from_date(), "2024-09-20");
  EXPECT_EQ(s->due(), "2024-10-23");
  // The application was recorded before the clue: out of order.
  EXPECT_TRUE(HasFinding(*d, v1::PROCEDURE_FINDING_KIND_OUT_OF_ORDER,
                         v1::CASE_STEP_APPLICATION));
}

TEST_F(LingshouProcedureTest, Plan2OverdueDecisionIsTheNextStepsDueDate) {
  absl::StatusOr<v1::Decision> d =
      Decide(*policy_, kLingshouClue, CivilDay(2024, 10, 24));
  ASSERT_TRUE(d.ok());
  const v1::CaseStatus& cs = d->procedure().cases(0);
  EXPECT_EQ(cs.next_step(), v1::CASE_STEP_VILLAGE_REVIEW);
  EXPECT_EQ(cs.next_due(), "2024-10-23");
  EXPECT_EQ(cs.next_due_deadline(), "p2.deadline.county_decision");
  EXPECT_TRUE(HasFinding(*d, v1::PROCEDURE_FINDING_KIND_OVERDUE,
                         v1::CASE_STEP_COUNTY_DECISION));
  std::string text = Explain(*d, **policy_);
  EXPECT_THAT(
      text,
      HasSubstr("時限 deadline p2.deadline.county_decision: 20個工作日 20 "
                "working days to 縣(市)級審定 county decision, from "
                "2024-09-20, due 2024-10-23: 已逾期 OVERDUE (Plan 2 §3(四)3)"));
  EXPECT_THAT(text, HasSubstr("! 逾期 overdue: 縣(市)級審定 county decision "
                              "was due by 2024-10-23"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "下一步 next: 村民主評議 village review, 須於 due by 2024-10-23"));
}

// ------------------------------------------------------------ Plan 5

class YingkouProcedureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    policy_ = new std::shared_ptr<const Policy>(LoadPack("yingkou-2024"));
  }
  static void TearDownTestSuite() { delete policy_; }
  static std::shared_ptr<const Policy>* policy_;
};
std::shared_ptr<const Policy>* YingkouProcedureTest::policy_ = nullptr;

// Plan 10 §3.2 (the pack's choice for Plan 5): at least 5 working days.
TEST_F(YingkouProcedureTest, NoticeOfFiveWorkingDaysOverTheHoliday) {
  std::string base = R"pb(
    events { step: CASE_STEP_CLUE date: "2024-09-24" }
    events { step: CASE_STEP_HOME_VERIFICATION date: "2024-09-25" }
  )pb";
  absl::StatusOr<v1::Decision> short_notice =
      Decide(*policy_, base + R"pb(events {
                                     step: CASE_STEP_VILLAGE_NOTICE
                                     date: "2024-09-27"
                                     end_date: "2024-10-08"
                                   })pb",
             CivilDay(2024, 10, 20));
  ASSERT_TRUE(short_notice.ok()) << short_notice.status();
  const v1::NoticeStatus& n = short_notice->procedure().cases(0).notices(0);
  EXPECT_EQ(n.earliest_end(), "2024-10-09");
  EXPECT_EQ(n.counted_days(), 4);
  EXPECT_TRUE(n.too_short());
  EXPECT_TRUE(HasFinding(*short_notice, v1::PROCEDURE_FINDING_KIND_SHORT_NOTICE,
                         v1::CASE_STEP_VILLAGE_NOTICE));

  absl::StatusOr<v1::Decision> running = Decide(
      *policy_,
      base +
          R"pb(events { step: CASE_STEP_VILLAGE_NOTICE date: "2024-09-27" })pb",
      CivilDay(2024, 10, 5));
  ASSERT_TRUE(running.ok());
  const v1::CaseStatus& cs = running->procedure().cases(0);
  EXPECT_TRUE(cs.notices(0).in_force());
  EXPECT_EQ(cs.next_step(), v1::CASE_STEP_DATA_COMPARISON);
  EXPECT_EQ(cs.next_not_before(), "2024-10-10");
  // 15 calendar days from the clue: the notice alone outlasts the limit.
  EXPECT_EQ(cs.next_due(), "2024-10-09");
}

TEST_F(YingkouProcedureTest, AWorkingDayDateOutsideTheCalendarIsAnError) {
  absl::StatusOr<v1::Decision> d =
      Decide(*policy_, R"pb(
               events { step: CASE_STEP_CLUE date: "2023-12-18" }
               events { step: CASE_STEP_HOME_VERIFICATION date: "2023-12-19" }
               events {
                 step: CASE_STEP_VILLAGE_NOTICE
                 date: "2023-12-25"
                 end_date: "2023-12-29"
               }
             )pb",
             CivilDay(2024, 5, 10));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(
      std::string(d.status().message()),
      HasSubstr(
          "cases[0] (case \"c1\"): CASE_STEP_VILLAGE_NOTICE from 2023-12-25: "
          "2023-12-25 is "
          "outside the pack's working-day calendar (it covers 2024–2025)"));
}

// Plan 5 §4(二): 比對時間不得超過10天; §2(一)5: 錄入系統後10日內完成幫扶計劃.
TEST_F(YingkouProcedureTest, ComparisonAndPlanLimits) {
  absl::StatusOr<v1::Decision> d =
      Decide(*policy_, R"pb(
               events { step: CASE_STEP_CLUE date: "2024-06-03" }
               events { step: CASE_STEP_HOME_VERIFICATION date: "2024-06-04" }
               events {
                 step: CASE_STEP_VILLAGE_NOTICE
                 date: "2024-06-05"
                 end_date: "2024-06-12"
               }
               events { step: CASE_STEP_DATA_COMPARISON date: "2024-06-13" }
               events { step: CASE_STEP_COUNTY_DECISION date: "2024-06-14" }
               events { step: CASE_STEP_SYSTEM_ENTRY date: "2024-06-14" }
             )pb",
             CivilDay(2024, 6, 24));
  ASSERT_TRUE(d.ok()) << d.status();
  const v1::DeadlineStatus* comparison = Deadline(*d, "p5.deadline.comparison");
  ASSERT_NE(comparison, nullptr);
  EXPECT_EQ(comparison->due(), "2024-06-23");
  EXPECT_EQ(comparison->state(), v1::DEADLINE_STATE_OVERDUE);
  const v1::DeadlineStatus* plan = Deadline(*d, "p5.deadline.assistance_plan");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->due(), "2024-06-24");
  EXPECT_EQ(plan->state(), v1::DEADLINE_STATE_DUE_TODAY);
  const v1::DeadlineStatus* total = Deadline(*d, "p5.deadline.identification");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->state(), v1::DEADLINE_STATE_MET);
  // The comparison and the plan run alongside the other steps: the decision
  // before the comparison's results is not out of order.
  EXPECT_FALSE(HasFinding(*d, v1::PROCEDURE_FINDING_KIND_OUT_OF_ORDER,
                          v1::CASE_STEP_COUNTY_DECISION));
  EXPECT_EQ(d->procedure().cases(0).next_step(), v1::CASE_STEP_ASSISTANCE_PLAN);
  EXPECT_EQ(d->procedure().cases(0).next_due(), "2024-06-24");
}

// Plan 5 §2(一)5: 綠色通道, 先行落實幫扶措施、後履行程序.
TEST_F(YingkouProcedureTest, GreenChannelLetsTheAssistancePlanComeFirst) {
  std::string events = R"pb(
    events { step: CASE_STEP_CLUE date: "2024-06-03" }
    events { step: CASE_STEP_ASSISTANCE_PLAN date: "2024-06-04" }
  )pb";
  std::string ill = R"pb(members {
                           id: "m2"
                           registered: true
                           health { serious_illness: true }
                         })pb";
  absl::StatusOr<v1::Decision> open =
      Decide(*policy_, events, CivilDay(2024, 6, 10),
             ill + R"pb(sudden_shock: true sudden_shock_on: "2024-05-30")pb");
  ASSERT_TRUE(open.ok()) << open.status();
  const v1::CaseStatus& cs = open->procedure().cases(0);
  EXPECT_TRUE(cs.green_channel());
  EXPECT_EQ(cs.green_channel_citation(), "Plan 5 §2(一)5");
  EXPECT_TRUE(HasFinding(*open,
                         v1::PROCEDURE_FINDING_KIND_EARLY_BY_GREEN_CHANNEL,
                         v1::CASE_STEP_ASSISTANCE_PLAN));
  EXPECT_FALSE(HasFinding(*open, v1::PROCEDURE_FINDING_KIND_SKIPPED,
                          v1::CASE_STEP_VILLAGE_NOTICE));
  EXPECT_THAT(Explain(*open, **policy_),
              HasSubstr("綠色通道 green channel open"));

  absl::StatusOr<v1::Decision> closed =
      Decide(*policy_, events, CivilDay(2024, 6, 10), ill);
  ASSERT_TRUE(closed.ok());
  EXPECT_FALSE(closed->procedure().cases(0).green_channel());
  EXPECT_TRUE(HasFinding(*closed, v1::PROCEDURE_FINDING_KIND_SKIPPED,
                         v1::CASE_STEP_VILLAGE_NOTICE));
}

TEST_F(YingkouProcedureTest, ACaseOfAKindThePackHasNoProcedureForIsReported) {
  v1::Household h;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(
        id: "h"
        members {
          id: "m1"
          registered: true
          labour_capacity: LABOUR_CAPACITY_FULL
        }
        cases {
          id: "exit"
          kind: CASE_KIND_RISK_ELIMINATION
          events { step: CASE_STEP_VILLAGE_PROPOSAL date: "2024-06-03" }
        }
      )pb",
      &h));
  Evaluator evaluator(*policy_);
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = CivilDay(2024, 6, 10);
  ASSERT_TRUE(evaluator.Evaluate(h, options, &d).ok());
  ASSERT_EQ(d.procedure().cases_size(), 1);
  ASSERT_EQ(d.procedure().cases(0).findings_size(), 1);
  EXPECT_EQ(d.procedure().cases(0).findings(0).kind(),
            v1::PROCEDURE_FINDING_KIND_NO_PROCEDURE);
}

// ------------------------------------------------------------ loading

std::map<std::string, std::string> MiniFiles(
    const std::string& extra_pack_lines) {
  std::map<std::string, std::string> files;
  for (const char* name :
       {"pack.textproto", "parameters.textproto", "rules.textproto"}) {
    std::ifstream in(std::string(POVMON_SOURCE_DIR) +
                     "/tests/testdata/packs/mini/" + name);
    std::ostringstream ss;
    ss << in.rdbuf();
    files[name] = ss.str();
  }
  files["pack.textproto"] +=
      "lifecycle_files: \"lifecycle.textproto\"\n" + extra_pack_lines;
  return files;
}

std::vector<std::string> Problems(std::map<std::string, std::string> files) {
  std::vector<LoadProblem> problems;
  auto p = Policy::LoadFromFiles(files, "mini", &problems);
  EXPECT_FALSE(p.ok());
  std::vector<std::string> out;
  for (const LoadProblem& pr : problems) out.push_back(pr.ToString());
  return out;
}

constexpr char kWorkingDayProcedure[] =
    "procedure {\n"
    "  id: \"p\" kind: CASE_KIND_IDENTIFICATION citation: \"Plan 2 §3(四)\" "
    "description_zh: \"z\" description_en: \"e\"\n"
    "  step { step: CASE_STEP_CLUE citation: \"c\" }\n"
    "  step { step: CASE_STEP_COUNTY_DECISION citation: \"c\" }\n"
    "  deadline { id: \"d\" citation: \"c\" description_zh: \"z\" "
    "description_en: \"e\"\n"
    "    from: CASE_STEP_CLUE to: CASE_STEP_COUNTY_DECISION days: \"20\" "
    "day_count: DAY_COUNT_WORKING_DAYS }\n"
    "}\n";

TEST(ProcedureLoading, WorkingDaysWithoutACalendarAreRejected) {
  std::map<std::string, std::string> files = MiniFiles("");
  files["lifecycle.textproto"] = kWorkingDayProcedure;
  EXPECT_THAT(Problems(files),
              ::testing::ElementsAre(
                  "mini/lifecycle.textproto:5:3: deadline \"d\" counts working "
                  "days, but the pack has no calendar_files"));
}

// The mini pack answers for 2024-2025: a calendar of 2024 alone is not enough.
TEST(ProcedureLoading, TheCalendarMustCoverEveryYearOfThePack) {
  std::map<std::string, std::string> files =
      MiniFiles("calendar_files: \"calendar/cn-2024.textproto\"\n");
  files["lifecycle.textproto"] = kWorkingDayProcedure;
  std::ifstream in(std::string(POVMON_SOURCE_DIR) +
                   "/policies/lingshou-2024/calendar/cn-2024.textproto");
  std::ostringstream ss;
  ss << in.rdbuf();
  files["calendar/cn-2024.textproto"] = ss.str();
  EXPECT_THAT(Problems(files),
              ::testing::ElementsAre(HasSubstr(
                  "deadline \"d\" counts working days, but the calendar has no "
                  "2025, a year of the pack's dates (it covers 2024)")));
}

TEST(ProcedureLoading, StepsDeadlinesAndGreenChannelAreChecked) {
  std::map<std::string, std::string> files =
      MiniFiles("calendar_files: \"missing.textproto\"\n");
  files["lifecycle.textproto"] =
      "procedure {\n"
      "  id: \"p\" kind: CASE_KIND_IDENTIFICATION citation: \"c\" "
      "description_zh: \"z\" description_en: \"e\"\n"
      "  step { step: CASE_STEP_CLUE citation: \"c\" notice_days: \"5\" }\n"
      "  step { step: CASE_STEP_VILLAGE_NOTICE citation: \"c\" }\n"
      "  step { step: CASE_STEP_DATA_COMPARISON citation: \"c\" "
      "parallel_after: CASE_STEP_SYSTEM_ENTRY }\n"
      "  step { step: CASE_STEP_CLUE }\n"
      "  deadline { id: \"d\" citation: \"c\" description_zh: \"z\" "
      "description_en: \"e\"\n"
      "    from: CASE_STEP_APPLICATION to: CASE_STEP_COUNTY_DECISION days: "
      "\"yuan(5)\" day_count: DAY_COUNT_CALENDAR_DAYS }\n"
      "  green_channel { id: \"g\" citation: \"c\" description_zh: \"z\" "
      "description_en: \"e\" when: \"true\" }\n"
      "}\n"
      "procedure { id: \"q\" kind: CASE_KIND_IDENTIFICATION citation: \"c\" "
      "description_zh: \"z\" description_en: \"e\"\n"
      "  step { step: CASE_STEP_CLUE citation: \"c\" } }\n";
  EXPECT_THAT(
      Problems(files),
      ::testing::UnorderedElementsAre(
          HasSubstr("cannot read calendar file \"missing.textproto\""),
          HasSubstr("lifecycle.textproto:3:3: procedure \"p\" step "
                    "CASE_STEP_CLUE: notice_days is for notice steps only"),
          HasSubstr("lifecycle.textproto:4:3: procedure \"p\" step "
                    "CASE_STEP_VILLAGE_NOTICE has no notice_days"),
          HasSubstr("lifecycle.textproto:4:3: procedure \"p\" step "
                    "CASE_STEP_VILLAGE_NOTICE has no notice_day_count"),
          HasSubstr("lifecycle.textproto:5:3: procedure \"p\" step "
                    "CASE_STEP_DATA_COMPARISON: parallel_after names "
                    "CASE_STEP_SYSTEM_ENTRY, which is not an earlier step"),
          HasSubstr("lifecycle.textproto:6:3: procedure \"p\" step "
                    "CASE_STEP_CLUE appears twice"),
          HasSubstr("lifecycle.textproto:6:3: procedure \"p\" step "
                    "CASE_STEP_CLUE has no citation"),
          HasSubstr("lifecycle.textproto:7:3: deadline \"d\": from "
                    "CASE_STEP_APPLICATION is not a step of procedure \"p\""),
          HasSubstr(
              "lifecycle.textproto:7:3: deadline \"d\": to "
              "CASE_STEP_COUNTY_DECISION is not a step of procedure \"p\""),
          HasSubstr("lifecycle.textproto:8:70: deadline \"d\" days: expected "
                    "int, found money"),
          HasSubstr("lifecycle.textproto:9:3: green channel \"g\" has no "
                    "early_steps"),
          HasSubstr("lifecycle.textproto:11:1: procedure \"q\": the pack "
                    "already has a procedure for CASE_KIND_IDENTIFICATION")));
}

}  // namespace
}  // namespace povmon
