// The periodic-duties stage (digest §5, [A3]): Plan 4's two screenings a year
// and quarterly assistance review (policies/hunan-2024), the explanation, a
// cadence that needs several records per period, and the errors a duty can
// raise when the pack loads and when it is evaluated.
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

absl::StatusOr<v1::Decision> Decide(const std::shared_ptr<const Policy>& policy,
                                    const std::string& extra, CivilDay as_of) {
  v1::Household h;
  std::string text = R"pb(
                       id: "h"
                       members {
                         id: "m1"
                         registered: true
                         co_resident: true
                         labour_capacity: LABOUR_CAPACITY_FULL
                       }
                       income { date: "2024-01-31" kind: INCOME_KIND_WAGE amount_fen: 500000 }
                     )pb" +
                     extra;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &h)) << text;
  Evaluator evaluator(policy);
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = as_of;
  absl::Status s = evaluator.Evaluate(h, options, &d);
  if (!s.ok()) return s;
  return d;
}

// The mini pack with one lifecycle file holding `lifecycle`.
std::map<std::string, std::string> MiniPack(const std::string& lifecycle) {
  std::map<std::string, std::string> files;
  for (const char* name : {"pack.textproto", "parameters.textproto", "rules.textproto"}) {
    std::ifstream in(std::string(POVMON_SOURCE_DIR) + "/tests/testdata/packs/mini/" + name);
    std::ostringstream ss;
    ss << in.rdbuf();
    files[name] = ss.str();
  }
  files["pack.textproto"] += "lifecycle_files: \"lifecycle.textproto\"\n";
  files["lifecycle.textproto"] = lifecycle;
  return files;
}

const v1::DutyStatus* Find(const v1::Decision& d, const std::string& id) {
  for (const v1::DutyStatus& s : d.duties()) {
    if (s.duty_id() == id) return &s;
  }
  return nullptr;
}

// Plan 4 §5: 每季度至少集中開展一次幫扶效果評估. Monitored since February,
// evaluated in Q1 only: Q2 ended short and Q3 is short too.
TEST(HunanDuties, Plan4QuarterlyReviewOverdueAndExplained) {
  auto policy = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/hunan-2024");
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<v1::Decision> d = Decide(*policy, R"pb(
    monitoring { category: CATEGORY_MARGINAL_AT_RISK identified_on: "2024-02-10" }
    duty_records { date: "2024-03-28" kind: DUTY_KIND_ASSISTANCE_REVIEW }
    duty_records { date: "2024-05-02" kind: DUTY_KIND_SCREENING }
  )pb",
                                          CivilDay(2024, 8, 20));
  ASSERT_TRUE(d.ok()) << d.status();
  const v1::DutyStatus* review = Find(*d, "p4.duty.assistance_review_quarterly");
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->state(), v1::DUTY_STATE_OVERDUE);
  EXPECT_EQ(review->citation(), "Plan 4 §5");
  EXPECT_EQ(review->next_due(), "2024-06-30");
  EXPECT_EQ(review->interval_months(), 3);
  EXPECT_EQ(review->at_least(), 1);
  EXPECT_EQ(review->period_start(), "2024-07-01");
  EXPECT_EQ(review->period_end(), "2024-09-30");
  EXPECT_EQ(review->last_done(), "2024-03-28");
  ASSERT_EQ(review->missed_size(), 1);
  EXPECT_EQ(review->missed(0).start(), "2024-04-01");
  EXPECT_EQ(review->missed(0).end(), "2024-06-30");

  // §2(四)② 每年不少於兩次: one screening so far; the second is due by 31 December.
  const v1::DutyStatus* screening = Find(*d, "p4.duty.screening_twice_a_year");
  ASSERT_NE(screening, nullptr);
  EXPECT_EQ(screening->state(), v1::DUTY_STATE_DUE);
  EXPECT_EQ(screening->at_least(), 2);
  EXPECT_EQ(screening->done_in_period(), 1);
  EXPECT_EQ(screening->next_due(), "2024-12-31");

  const std::string text = Explain(*d, **policy);
  EXPECT_THAT(text, HasSubstr("Duty p4.duty.assistance_review_quarterly (Plan 4 §5): "));
  EXPECT_THAT(text, HasSubstr("OVERDUE, 應於 was due by 2024-06-30"));
  EXPECT_THAT(text, HasSubstr("0 of 1 done; 上次 last 2024-03-28"));
  EXPECT_THAT(text, HasSubstr("! 未完成 not done 2024-04-01 – 2024-06-30"));
  EXPECT_THAT(text, HasSubstr("1 of 2 done; 上次 last 2024-05-02"));
}

// A household no duty applies to carries no duty status at all.
TEST(HunanDuties, ADutyNotOwedIsNotReported) {
  auto policy = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/hunan-2024");
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<v1::Decision> d = Decide(*policy, "", CivilDay(2024, 8, 20));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(Find(*d, "p4.duty.assistance_review_quarterly"), nullptr);
  EXPECT_NE(Find(*d, "p4.duty.screening_twice_a_year"), nullptr);
}

constexpr char kThreeAMonth[] =
    "duty { id: \"d\" citation: \"c\" description_zh: \"z\" description_en: \"e\"\n"
    "  when: \"true\" counts: DUTY_KIND_SCREENING interval_months: \"1\"\n"
    "  at_least: \"3\" since: \"date(\\\"2024-05-01\\\")\" }\n";

// Several records per period: each month needs three; May has three, June two.
TEST(DutyCadence, SeveralRecordsPerPeriod) {
  auto p = Policy::LoadFromFiles(MiniPack(kThreeAMonth), "mini");
  ASSERT_TRUE(p.ok()) << p.status();
  absl::StatusOr<v1::Decision> d = Decide(*p, R"pb(
    duty_records { date: "2024-05-01" kind: DUTY_KIND_SCREENING }
    duty_records { date: "2024-05-15" kind: DUTY_KIND_SCREENING }
    duty_records { date: "2024-05-31" kind: DUTY_KIND_SCREENING }
    duty_records { date: "2024-06-03" kind: DUTY_KIND_SCREENING }
    duty_records { date: "2024-06-04" kind: DUTY_KIND_SCREENING }
    duty_records { date: "2024-04-30" kind: DUTY_KIND_SCREENING }
  )pb",
                                          CivilDay(2024, 6, 30));
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->duties_size(), 1);
  EXPECT_EQ(d->duties(0).state(), v1::DUTY_STATE_DUE_TODAY);
  EXPECT_EQ(d->duties(0).done_in_period(), 2);
  EXPECT_EQ(d->duties(0).missed_size(), 0);

  absl::StatusOr<v1::Decision> july = Decide(*p, R"pb(
    duty_records { date: "2024-05-01" kind: DUTY_KIND_SCREENING }
    duty_records { date: "2024-06-03" kind: DUTY_KIND_SCREENING }
  )pb",
                                             CivilDay(2024, 7, 2));
  ASSERT_TRUE(july.ok()) << july.status();
  EXPECT_EQ(july->duties(0).state(), v1::DUTY_STATE_OVERDUE);
  EXPECT_EQ(july->duties(0).next_due(), "2024-05-31");
  EXPECT_EQ(july->duties(0).missed_size(), 2);
}

TEST(DutyCadence, AtLeastMustBeACount) {
  std::string pack = kThreeAMonth;
  pack.replace(pack.find("at_least: \"3\""), 13, "at_least: \"0\"");
  auto p = Policy::LoadFromFiles(MiniPack(pack), "mini");
  ASSERT_TRUE(p.ok()) << p.status();
  absl::StatusOr<v1::Decision> d = Decide(*p, "", CivilDay(2024, 6, 30));
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(std::string(d.status().message()),
              HasSubstr("duty \"d\" at_least (mini/lifecycle.textproto:3): 0 is not a count "
                        "of records (1 to 366)"));
}

TEST(DutyWindow, AWindowThatEndsBeforeItStartsIsAnError) {
  auto p = Policy::LoadFromFiles(
      MiniPack("duty { id: \"w\" citation: \"c\" description_zh: \"z\" description_en: \"e\"\n"
               "  when: \"true\" counts: DUTY_KIND_HOME_SCREENING\n"
               "  window_from: \"date(\\\"2024-05-27\\\")\" window_until: \"date(\\\"2024-04-27\\\")\" }\n"),
      "mini");
  ASSERT_TRUE(p.ok()) << p.status();
  absl::StatusOr<v1::Decision> d = Decide(*p, "", CivilDay(2024, 6, 30));
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(std::string(d.status().message()),
              HasSubstr("the window ends (2024-04-27) before it starts (2024-05-27)"));
}

TEST(DutyLoad, ProblemsNameTheDutyAndItsPosition) {
  std::vector<LoadProblem> problems;
  auto p = Policy::LoadFromFiles(
      MiniPack("duty { id: \"both\" citation: \"c\" description_zh: \"z\" description_en: \"e\"\n"
               "  when: \"true\" counts: DUTY_KIND_SCREENING interval_months: \"3\"\n"
               "  since: \"as_of\" window_from: \"as_of\" window_until: \"as_of\" }\n"
               "duty { id: \"none\" citation: \"c\" description_zh: \"z\" description_en: \"e\"\n"
               "  when: \"true\" }\n"
               "duty { id: \"unspecified\" citation: \"c\" description_zh: \"z\" description_en: \"e\"\n"
               "  when: \"true\" counts: DUTY_KIND_SCREENING counts: DUTY_KIND_UNSPECIFIED\n"
               "  interval_months: \"3\" since: \"as_of\" }\n"),
      "mini", &problems);
  ASSERT_FALSE(p.ok());
  std::vector<std::string> texts;
  for (const LoadProblem& problem : problems) texts.push_back(problem.ToString());
  EXPECT_THAT(texts,
              ::testing::ElementsAre(
                  "mini/lifecycle.textproto:1:1: duty \"both\" has both a cadence "
                  "(interval_months, since) and a window (window_from, window_until): give one",
                  "mini/lifecycle.textproto:4:1: duty \"none\" counts no records: name at least "
                  "one DutyKind in counts (e.g. counts: DUTY_KIND_SCREENING)",
                  "mini/lifecycle.textproto:4:1: duty \"none\" has neither a cadence "
                  "(interval_months and since) nor a window (window_from and window_until)",
                  "mini/lifecycle.textproto:7:44: duty \"unspecified\" counts "
                  "DUTY_KIND_UNSPECIFIED, which no record may carry"));
}

}  // namespace
}  // namespace povmon
