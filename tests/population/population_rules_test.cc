// Population rules: checked at load with file positions, evaluated over a
// place's aggregates with their citation and compared values.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "povmon/population.h"
#include "povmon/population_report.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The mini test pack plus a population file (and its name in pack.textproto).
std::map<std::string, std::string> MiniWith(const std::string& population,
                                            const std::string& regions = "") {
  std::string dir = std::string(POVMON_SOURCE_DIR) + "/tests/testdata/packs/mini/";
  std::map<std::string, std::string> files;
  files["pack.textproto"] = Read(dir + "pack.textproto") +
                            "\nparameter_files: \"population_parameters.textproto\"\n"
                            "population_files: \"population.textproto\"\n" +
                            (regions.empty() ? "" : "region_files: \"regions.textproto\"\n");
  files["parameters.textproto"] = Read(dir + "parameters.textproto");
  files["rules.textproto"] = Read(dir + "rules.textproto");
  files["population_parameters.textproto"] =
      "parameter { name: \"veto_households\" type: PARAMETER_TYPE_INT citation: \"Plan 6 §4(四)\" "
      "description: \"declining households that veto\" value { from: \"2024-01-01\" int: 5 } }\n"
      "parameter { name: \"share_bp\" type: PARAMETER_TYPE_BASIS_POINTS citation: \"Plan 5 §3(二)2\" "
      "description: \"spot-check share\" value { from: \"2024-01-01\" basis_points: 500 } }\n";
  files["population.textproto"] = population;
  if (!regions.empty()) files["regions.textproto"] = regions;
  return files;
}

constexpr char kVeto[] =
    "rule {\n"
    "  id: \"veto\"\n"
    "  citation: \"Plan 6 §4(四)\"\n"
    "  description_zh: \"一票否決\"\n"
    "  description_en: \"veto\"\n"
    "  scope: REGION_LEVEL_TOWNSHIP\n"
    "  outcome: POPULATION_OUTCOME_VETO\n"
    "  when: \"summary.income_declined_households >= param.veto_households\"\n"
    "}\n";

TEST(PopulationRuleLoading, AnUnknownFieldIsReportedAtItsFilePosition) {
  std::string bad = kVeto;
  bad.replace(bad.find("summary.income_declined_households"),
              std::string("summary.income_declined_households").size(), "summary.declined");
  std::vector<LoadProblem> problems;
  auto policy = Policy::LoadFromFiles(MiniWith(bad), "mini", &problems);
  ASSERT_FALSE(policy.ok());
  ASSERT_EQ(problems.size(), 1u) << policy.status();
  EXPECT_EQ(problems[0].file, "mini/population.textproto");
  EXPECT_EQ(problems[0].line, 8);
  EXPECT_EQ(problems[0].column, 18);  // "declined" in summary.declined, inside the quotes
  EXPECT_THAT(problems[0].message, HasSubstr("population rule \"veto\""));
  EXPECT_THAT(problems[0].message, HasSubstr("declined"));
}

TEST(PopulationRuleLoading, ARuleWithoutScopeOutcomeOrCitationIsRejected) {
  std::vector<LoadProblem> problems;
  auto policy = Policy::LoadFromFiles(
      MiniWith("rule { id: \"x\" description_zh: \"甲\" description_en: \"x\" when: \"true\" }\n"
               "rule { id: \"x\" citation: \"Plan 5\" description_zh: \"甲\" description_en: \"x\" "
               "scope: REGION_LEVEL_VILLAGE outcome: POPULATION_OUTCOME_SPOT_CHECK "
               "sample_share_parameter: \"veto_households\" }\n"),
      "mini", &problems);
  ASSERT_FALSE(policy.ok());
  std::string all = std::string(policy.status().message());
  EXPECT_THAT(all, HasSubstr("mini/population.textproto:1:1: population rule \"x\" has no citation"));
  EXPECT_THAT(all, HasSubstr("has no scope"));
  EXPECT_THAT(all, HasSubstr("decides nothing"));
  EXPECT_THAT(all, HasSubstr("mini/population.textproto:2:"));
  EXPECT_THAT(all, HasSubstr("duplicate population rule id \"x\""));
  EXPECT_THAT(all, HasSubstr("scope must be REGION_LEVEL_COUNTY"));
  EXPECT_THAT(all, HasSubstr("\"veto_households\" must be of type PARAMETER_TYPE_BASIS_POINTS"));
}

TEST(PopulationRuleLoading, ARegionGivenTwiceIsRejected) {
  std::vector<LoadProblem> problems;
  auto policy = Policy::LoadFromFiles(
      MiniWith(kVeto,
               "region { level: REGION_LEVEL_TOWNSHIP code: \"101\" name: \"甲鎮\" }\n"
               "region { level: REGION_LEVEL_TOWNSHIP code: \"101\" name: \"乙鎮\" }\n"
               "region { level: REGION_LEVEL_TOWNSHIP code: \"102\" delisted_village: true }\n"),
      "mini", &problems);
  ASSERT_FALSE(policy.ok());
  std::string all = std::string(policy.status().message());
  EXPECT_THAT(all, HasSubstr("mini/regions.textproto:2:1: region \"101\" (REGION_LEVEL_TOWNSHIP) is given twice"));
  EXPECT_THAT(all, HasSubstr("mini/regions.textproto:3:1: region \"102\": only a village can be a 出列村"));
}

v1::PopulationSummary TwoTownships(std::int64_t first, std::int64_t second) {
  v1::PopulationSummary s;
  for (auto [code, declined] : {std::pair<const char*, std::int64_t>{"101", first}, {"102", second}}) {
    v1::RegionTally* t = s.add_regions();
    t->set_level(v1::REGION_LEVEL_TOWNSHIP);
    t->mutable_codes()->set_province("43");
    t->mutable_codes()->set_county("4301");
    t->mutable_codes()->set_township(code);
    t->mutable_counts()->set_households(10);
    t->mutable_counts()->set_income_declined_households(declined);
  }
  return s;
}

// Plan 6 §4(四): "抽查檢查及系統比對中發現5戶以上" (以上 includes the bound).
TEST(PopulationRules, FiveDecliningHouseholdsVetoATownshipAndFourDoNot) {
  auto policy = Policy::LoadFromFiles(
      MiniWith(kVeto, "region { level: REGION_LEVEL_TOWNSHIP code: \"101\" name: \"甲鎮\" }\n"),
      "mini");
  ASSERT_TRUE(policy.ok()) << policy.status();
  PopulationOptions options;
  options.as_of = absl::CivilDay(2024, 9, 30);
  options.trace = v1::TRACE_LEVEL_FULL;
  auto report = RunPopulationRules(**policy, TwoTownships(5, 4), options);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->findings_size(), 2);
  const v1::PopulationFinding& five = report->findings(0);
  EXPECT_EQ(five.codes().township(), "101");
  EXPECT_EQ(five.region_name(), "甲鎮");
  EXPECT_TRUE(five.fired());
  EXPECT_EQ(five.outcome(), v1::POPULATION_OUTCOME_VETO);
  EXPECT_EQ(five.citation(), "Plan 6 §4(四)");
  ASSERT_EQ(five.compared_size(), 1);
  EXPECT_EQ(five.compared(0).left_text(), "summary.income_declined_households");
  EXPECT_EQ(five.compared(0).op(), ">=");
  EXPECT_EQ(five.compared(0).left(), 5);
  EXPECT_EQ(five.compared(0).right(), 5);
  EXPECT_FALSE(report->findings(1).fired());
  EXPECT_EQ(report->findings(1).compared(0).left(), 4);

  // At the rules trace level only what fired is reported.
  options.trace = v1::TRACE_LEVEL_RULES;
  report = RunPopulationRules(**policy, TwoTownships(5, 4), options);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->findings_size(), 1);
  EXPECT_EQ(report->findings(0).codes().township(), "101");
}

TEST(PopulationRules, AnAsOfDateOutsideThePackIsAnError) {
  auto policy = Policy::LoadFromFiles(MiniWith(kVeto), "mini");
  ASSERT_TRUE(policy.ok());
  PopulationOptions options;
  auto report = RunPopulationRules(**policy, TwoTownships(5, 4), options);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  options.as_of = absl::CivilDay(2030, 1, 1);
  report = RunPopulationRules(**policy, TwoTownships(5, 4), options);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kOutOfRange);
}

TEST(PopulationReportJson, RoundTripsAndRefusesUnknownFields) {
  auto policy = Policy::LoadFromFiles(MiniWith(kVeto), "mini");
  ASSERT_TRUE(policy.ok());
  PopulationOptions options;
  options.as_of = absl::CivilDay(2024, 9, 30);
  auto report = RunPopulationRules(**policy, TwoTownships(6, 0), options);
  ASSERT_TRUE(report.ok());
  std::string json;
  ASSERT_TRUE(PopulationReportToJson(*report, &json).ok());
  EXPECT_THAT(json, HasSubstr("\"income_declined_households\":\"6\""));
  v1::PopulationReport back;
  ASSERT_TRUE(ParsePopulationReportJson(json, &back).ok());
  EXPECT_EQ(back.SerializeAsString(), report->SerializeAsString());
  absl::Status s = ParsePopulationReportJson("{\"summery\":{}}", &back);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("summery"));
}

// The pack's own words are public policy text: a title's income period
// (yingkou-2023's, Plan 5) reads as written, where a region file's digits
// are redacted (the test above).
TEST(PopulationReportHtml, ShowsThePacksTitleWithItsDates) {
  auto policy = Policy::LoadFromFiles(MiniWith(kVeto), "mini");
  ASSERT_TRUE(policy.ok()) << policy.status();
  PopulationOptions options;
  options.as_of = absl::CivilDay(2024, 9, 30);
  auto report = RunPopulationRules(**policy, TwoTownships(5, 4), options);
  ASSERT_TRUE(report.ok());
  report->set_pack_title_zh(
      "營口市防止返貧監測幫扶集中排查(2023年5月1日至2024年4月30日收入測算周期)");
  auto html = RenderPopulationReportHtml(*report);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html,
              HasSubstr("营口市防止返贫监测帮扶集中排查(2023年5月1日至2024年4月30日收入测算周期)"));
  auto traditional = RenderPopulationReportHtml(*report, Language::kTraditionalChinese);
  ASSERT_TRUE(traditional.ok()) << traditional.status();
  // zh-Hant passes the whole page through OpenCC's s2t once, which writes
  // 周期 as 週期.
  EXPECT_THAT(*traditional,
              HasSubstr("營口市防止返貧監測幫扶集中排查(2023年5月1日至2024年4月30日收入測算週期)"));
}

TEST(PopulationReportHtml, ShowsNamesCitationsAndNoCodesOfPeople) {
  auto policy = Policy::LoadFromFiles(
      MiniWith(kVeto,
               "region { level: REGION_LEVEL_TOWNSHIP code: \"101\" name: \"甲鎮 电话13912345678\" }\n"),
      "mini");
  ASSERT_TRUE(policy.ok()) << policy.status();
  PopulationOptions options;
  options.as_of = absl::CivilDay(2024, 9, 30);
  auto report = RunPopulationRules(**policy, TwoTownships(5, 4), options);
  ASSERT_TRUE(report.ok());
  auto html = RenderPopulationReportHtml(*report);
  ASSERT_TRUE(html.ok());
  EXPECT_THAT(*html, HasSubstr("<html lang=\"zh-Hans\">"));
  EXPECT_THAT(*html, HasSubstr("一票否决"));
  EXPECT_THAT(*html, HasSubstr("Plan 6 §4(四)"));
  // The region file's name in the page's script: Simplified by default
  // (issue 13 §2), as written for zh-Hant.
  EXPECT_THAT(*html, HasSubstr("<tr data-code=\"101\"><td>甲镇 电话＊＊＊</td>"));
  EXPECT_THAT(*html, ::testing::Not(HasSubstr("甲鎮")));
  // A phone number in a region file's text is redacted like a notice's.
  EXPECT_THAT(*html, ::testing::Not(HasSubstr("13912345678")));
  EXPECT_THAT(*html, ::testing::Not(HasSubstr("<script")));
  auto traditional = RenderPopulationReportHtml(*report, Language::kTraditionalChinese);
  ASSERT_TRUE(traditional.ok()) << traditional.status();
  EXPECT_THAT(*traditional, HasSubstr("<html lang=\"zh-Hant\">"));
  EXPECT_THAT(*traditional, HasSubstr("<tr data-code=\"101\"><td>甲鎮 電話＊＊＊</td>"));
  EXPECT_THAT(*traditional, HasSubstr("一票否決"));
  EXPECT_THAT(*traditional, ::testing::Not(HasSubstr("13912345678")));
  EXPECT_EQ(RenderPopulationReportHtml(*report, Language::kEnglish).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(RenderPopulationReportHtml(v1::PopulationReport()).ok());
}

// A byte that is not UTF-8 where a quote belongs: protobuf's parser quotes
// the token it did not expect as found, and the problem carried the raw
// byte (found by the fuzz target region_file; its reproducer is in
// tests/fuzz/regressions/region_file/). Problems are text: the byte is
// shown escaped, in a region file as in any pack file.
TEST(RegionFile, AStrayByteIsShownEscapedInTheProblem) {
  std::vector<v1::RegionInfo> regions;
  absl::Status s = ParseRegionFile(
      "region { level: REGION_LEVEL_PROVINCE code: \"210000\" name: \xa2\xe8\xbe\xbd\" }\n",
      "regions.textproto", &regions);
  ASSERT_FALSE(s.ok());
  const std::string message(s.message());
  EXPECT_TRUE(IsValidUtf8(message)) << message;
  EXPECT_THAT(message, HasSubstr("regions.textproto:1:"));
  EXPECT_THAT(message, HasSubstr("\\xA2"));

  std::vector<LoadProblem> problems;
  auto policy = Policy::LoadFromFiles(MiniWith("rule { id: \xa2x\" }\n"), "mini", &problems);
  ASSERT_FALSE(policy.ok());
  ASSERT_FALSE(problems.empty());
  for (const LoadProblem& p : problems) EXPECT_TRUE(IsValidUtf8(p.message)) << p.message;
}

// Protobuf's JSON parser quotes the input around an error, cut at a byte
// count: inside a Chinese character the message held half of it, and the
// refusal of a summary file was not UTF-8 text (found by the fuzz target
// population_summary; the reproducer is its regression file).
TEST(PopulationReportJson, ARefusalQuotingHalfACharacterIsText) {
  const std::string json = Read(std::string(POVMON_SOURCE_DIR) +
                                "/tests/fuzz/regressions/population_summary/"
                                "error-snippet-cut-inside-a-character.json");
  ASSERT_TRUE(IsValidUtf8(json));
  v1::PopulationReport report;
  absl::Status s = ParsePopulationReportJson(json, &report);
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(IsValidUtf8(std::string(s.message()))) << s.message();
  EXPECT_THAT(std::string(s.message()), HasSubstr("population report: "));
}

// The page shows the first 12 bytes of the pack's revision (a sha256 in
// hex); a revision read from a file with a character across byte 12 was cut
// inside it and the page was not UTF-8 (found by the fuzz target
// population_summary). It is cut before the character instead.
TEST(PopulationReportHtml, ARevisionIsNotCutInsideACharacter) {
  v1::PopulationReport report;
  report.mutable_summary();
  report.set_pack_revision("3951d67f1\xcc\x9c\xcd\x8f" "4dc81e5808");
  auto html = RenderPopulationReportHtml(report);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_TRUE(IsValidUtf8(*html));
  EXPECT_THAT(*html, HasSubstr("版本 3951d67f1\xcc\x9c）"));
}

// Measures without an amount (jobs, training) have no department row, which
// counts money only: the page says so and lists them by measure, rather than
// saying the summary has no assistance plans.
TEST(PopulationReportHtml, MeasuresWithoutMoneyAreNotReportedAsNoPlans) {
  v1::PopulationReport report;
  v1::RegionTally* t = report.mutable_summary()->add_regions();
  t->set_level(v1::REGION_LEVEL_PROVINCE);
  t->mutable_codes()->set_province("990000");
  t->mutable_counts()->set_households(3);
  t->mutable_counts()->set_planned_households(2);
  v1::MeasureTally* m = t->mutable_counts()->add_measures();
  m->set_measure_id("p6.jobs.public_welfare_post");
  m->set_department("人社局");
  m->set_households(2);
  m->set_measures(2);
  auto html = RenderPopulationReportHtml(report);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, ::testing::Not(HasSubstr("本次汇总没有帮扶计划")));
  EXPECT_THAT(*html, HasSubstr("<p>本次汇总的帮扶措施都没有确定金额或金额区间，各项措施见下表。</p>"));
  EXPECT_THAT(*html, HasSubstr("<code>p6.jobs.public_welfare_post</code></td><td>人社局</td>"));
  // With no measures at all it still says there are no plans.
  t->mutable_counts()->clear_measures();
  auto empty = RenderPopulationReportHtml(report);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_THAT(*empty, HasSubstr("<p>本次汇总没有帮扶计划。</p>"));
}

// A report read from a file (povmon report --from-summary) may hold figures
// each of which fits in 64 bits but whose totals do not: two provinces of
// 2^62 households each summed past INT64_MAX (signed overflow, which the
// sanitizer build stops at; the normal build showed a negative total).
// The page is refused instead. A delisted village of 2^59 unresolved people
// against one registered person (a share of 2^63 basis points, which wrapped
// to INT64_MIN and was then negated to sort the villages) renders too.
TEST(PopulationReportHtml, RefusesAReportWhoseTotalsDoNotFitIn64Bits) {
  v1::PopulationReport report;
  for (const char* province : {"110000", "120000"}) {
    v1::RegionTally* t = report.mutable_summary()->add_regions();
    t->set_level(v1::REGION_LEVEL_PROVINCE);
    t->mutable_codes()->set_province(province);
    t->mutable_counts()->set_households(std::int64_t{1} << 62);
  }
  auto html = RenderPopulationReportHtml(report);
  EXPECT_EQ(html.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(html.status().message()), HasSubstr("do not fit in 64 bits"));

  report.mutable_summary()->mutable_regions()->RemoveLast();
  v1::DepartmentTally* d =
      report.mutable_summary()->mutable_regions(0)->mutable_counts()->add_departments();
  d->set_department("民政局");
  d->set_basis(v1::AMOUNT_BASIS_ONE_OFF);
  d->set_total_fen(INT64_MAX);
  v1::DepartmentTally* e =
      report.mutable_summary()->mutable_regions(0)->mutable_counts()->add_departments();
  *e = *d;
  e->set_basis(v1::AMOUNT_BASIS_PER_YEAR);  // another row, whose amount adds to the headline
  EXPECT_EQ(RenderPopulationReportHtml(report).status().code(),
            absl::StatusCode::kInvalidArgument);

  report.mutable_summary()->mutable_regions(0)->mutable_counts()->clear_departments();
  v1::RegionTally* village = report.mutable_summary()->add_regions();
  village->set_level(v1::REGION_LEVEL_VILLAGE);
  village->mutable_codes()->set_village("110000101201");
  village->mutable_counts()->set_unresolved_monitored_people(std::int64_t{1} << 59);
  v1::RegionInfo* info = report.add_regions();
  info->set_level(v1::REGION_LEVEL_VILLAGE);
  info->set_code("110000101201");
  info->set_delisted_village(true);
  info->set_rural_registered_people(1);
  html = RenderPopulationReportHtml(report);
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_THAT(*html, HasSubstr("id=\"delisted\""));
}

}  // namespace
}  // namespace povmon
