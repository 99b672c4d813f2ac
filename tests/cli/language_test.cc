// --lang: what officers read is in Simplified Chinese by default, converted
// from the packs' and povmon's Traditional texts by OpenCC (issue 13 §2).
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/language.h"
#include "src/language/english_only.h"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSource = POVMON_SOURCE_DIR;

struct CliOutput {
  int status = -1;
  std::string out;
};

// The CLI's standard output and exit status (stderr dropped).
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

// The code points of a UTF-8 text, each as its own UTF-8 string.
std::vector<std::string> Characters(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

// Every character of the shipped packs' texts that Simplified Chinese writes
// differently (what t2s changes): 與, 戶, 監...
std::set<std::string> TraditionalOnlyCharactersOfThePacks() {
  std::set<std::string> seen;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(kSource + "/policies")) {
    if (entry.path().extension() != ".textproto") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (const std::string& c : Characters(text.str())) {
      if (c.size() == 3) seen.insert(c);  // the CJK ideographs are 3 bytes
    }
  }
  std::set<std::string> traditional;
  for (const std::string& c : seen) {
    absl::StatusOr<std::string> simplified =
        povmon::Localize(c, povmon::Language::kSimplifiedChinese);
    EXPECT_TRUE(simplified.ok()) << simplified.status();
    if (simplified.ok() && *simplified != c) traditional.insert(c);
  }
  return traditional;
}

// The officer-facing outputs of every shipped pack, in the default language.
std::vector<std::pair<std::string, std::string>> DefaultOutputs() {
  const std::string p = " --policy " + kSource + "/policies/";
  const std::string e = " " + kSource + "/examples/";
  std::vector<std::pair<std::string, std::string>> commands = {
      {"hunan explain", "eval --explain" + p + "hunan-2024 --as-of 2024-11-30" + e +
                            "households/hunan.jsonl"},
      {"lingshou explain", "eval --explain" + p + "lingshou-2024 --as-of 2024-11-30" + e +
                               "households/lingshou.jsonl"},
      {"suining explain", "eval --explain" + p + "suining-2024 --as-of 2024-11-30" + e +
                              "households/suining.jsonl"},
      {"yingkou explain", "eval --explain" + p + "yingkou-2024 --as-of 2024-11-30" + e +
                              "households/yingkou.jsonl"},
      {"guizhou explain", "eval --explain" + p + "guizhou-2024 --as-of 2024-11-30" + e +
                              "households/hunan.jsonl"},
      {"funan explain", "eval --explain" + p + "funan-2024 --as-of 2024-07-01" + e +
                            "plans/funan.jsonl"},
      {"lingshou case", "eval --explain" + p + "lingshou-2024 --as-of 2024-12-10" + e +
                            "cases/lingshou.jsonl"},
      {"yingkou case", "eval --explain" + p + "yingkou-2024 --as-of 2024-10-03" + e +
                           "cases/yingkou.jsonl"},
      {"workshop", "workshop --explain" + p + "hunan-2024 --as-of 2024-07-01" + e +
                       "plans/workshops.jsonl"},
      {"notice csv", "notice" + p + "yingkou-2024 --as-of 2024-10-03" + e + "cases/yingkou.jsonl"},
      {"notice html", "notice --format html" + p + "yingkou-2024 --as-of 2024-10-03" + e +
                          "cases/yingkou.jsonl"},
      // The county report: the pack's title, departments and population
      // rules' texts, and the region file's names.
      {"funan report", "report --seed 1" + p + "funan-2024 --as-of 2024-07-01" + e +
                           "plans/funan.jsonl"},
      {"hunan report", "report --seed 1" + p + "hunan-2024 --as-of 2024-11-30" + e +
                           "households/hunan.jsonl"},
      {"yingkou report", "report --seed 7" + p + "yingkou-2024 --as-of 2024-06-01 --regions " +
                             kSource + "/tests/testdata/population/regions.textproto " +
                             kSource + "/tests/testdata/population/households.jsonl"},
  };
  std::vector<std::pair<std::string, std::string>> outputs;
  for (const auto& [name, args] : commands) outputs.emplace_back(name, Povmon(args).out);
  return outputs;
}

TEST(Language, NoTraditionalOnlyCharacterOfThePacksReachesTheDefaultOutput) {
  std::set<std::string> traditional = TraditionalOnlyCharactersOfThePacks();
  // The packs are written in Traditional: the check has something to find.
  ASSERT_GT(traditional.size(), 100u);
  ASSERT_TRUE(traditional.count("戶"));
  ASSERT_TRUE(traditional.count("監"));
  for (const auto& [name, out] : DefaultOutputs()) {
    SCOPED_TRACE(name);
    ASSERT_GT(out.size(), 200u) << out;
    std::set<std::string> found;
    for (const std::string& c : Characters(out)) {
      // Names are printed as recorded: 吳春生 is a household head.
      if (traditional.count(c) && c != "吳") found.insert(c);
    }
    std::string listed;
    for (const std::string& c : found) listed += c;
    EXPECT_TRUE(found.empty()) << "Traditional-only characters in the default output: "
                               << listed;
  }
}

TEST(Language, ExplainIsSimplifiedByDefaultTraditionalAndEnglishOnRequest) {
  const std::string args = " --policy " + kSource + "/policies/hunan-2024 --as-of 2024-11-30 " +
                           kSource + "/examples/households/hunan.jsonl";
  CliOutput simplified = Povmon("eval --explain" + args);
  EXPECT_EQ(simplified.status, 2);  // hunan.jsonl ends with two bad records
  EXPECT_THAT(simplified.out, HasSubstr("── 户 Household hn-001-unstable-serious-illness"));
  EXPECT_THAT(simplified.out, HasSubstr("结论 Decision: 脱贫不稳定户 — unstable lifted-out household"));
  EXPECT_THAT(simplified.out, HasSubstr("人均纯收入 per-capita net income"));
  EXPECT_THAT(simplified.out, HasSubstr("无法判定 not decided"));
  // Citations keep the plans' numbering.
  EXPECT_THAT(simplified.out, HasSubstr("(Plan 4 §2(二)①)"));
  EXPECT_EQ(Povmon("eval --explain --lang zh-Hans" + args).out, simplified.out);

  CliOutput traditional = Povmon("eval --explain --lang zh-Hant" + args);
  EXPECT_EQ(traditional.status, 2);
  EXPECT_THAT(traditional.out, HasSubstr("結論 Decision: 脫貧不穩定戶 — unstable lifted-out household"));
  EXPECT_THAT(traditional.out, Not(HasSubstr("脱贫")));

  CliOutput english = Povmon("eval --explain --lang en" + args);
  EXPECT_EQ(english.status, 2);
  EXPECT_THAT(english.out, HasSubstr("── Household hn-001-unstable-serious-illness ── pack hunan-2024"));
  EXPECT_THAT(english.out, HasSubstr("  Decision: unstable lifted-out household\n"));
  EXPECT_THAT(english.out, HasSubstr("  per-capita net income 4,500.00\n"));
  EXPECT_THAT(english.out, HasSubstr("rule p4.category.unstable_lifted_out (Plan 4 §2(二)①)\n"));
  EXPECT_THAT(english.out, HasSubstr("not decided: income[2].date"));
  // No Chinese but in citations ("§2(二)").
  for (const std::string& c : Characters(english.out)) {
    if (c.size() != 3) continue;
    char32_t cp = (static_cast<unsigned char>(c[0]) & 0x0F) << 12 |
                  (static_cast<unsigned char>(c[1]) & 0x3F) << 6 |
                  (static_cast<unsigned char>(c[2]) & 0x3F);
    if (!povmon::IsChineseCodePoint(cp)) continue;
    EXPECT_THAT(english.out, HasSubstr("(" + c + ")")) << c;
  }
  EXPECT_THAT(english.out, HasSubstr("  Assistance plan:\n"));
  EXPECT_THAT(english.out, HasSubstr("      • give what is missing"));
  EXPECT_THAT(english.out, HasSubstr("\n    Measures by department:\n"));
}

TEST(Language, NoticeIsSimplifiedWithLangZhHansAndKeepsNamesAsRecorded) {
  const std::string args = " --policy " + kSource + "/policies/yingkou-2024 --as-of 2024-10-03 " +
                           kSource + "/examples/cases/yingkou.jsonl";
  CliOutput html = Povmon("notice --format html" + args);
  EXPECT_EQ(html.status, 0);
  EXPECT_THAT(html.out, HasSubstr("<html lang=\"zh-Hans\">"));
  EXPECT_THAT(html.out, HasSubstr("公示名单 Public notice"));
  EXPECT_THAT(html.out, HasSubstr("<td>吳春生</td>"));  // the name as recorded
  CliOutput traditional = Povmon("notice --format html --lang zh-Hant" + args);
  EXPECT_THAT(traditional.out, HasSubstr("<html lang=\"zh-Hant\">"));
  EXPECT_THAT(traditional.out, HasSubstr("公示名單 Public notice"));
  CliOutput csv = Povmon("notice" + args);
  EXPECT_THAT(csv.out, HasSubstr("序号 No.,村 Village,户主姓名 Household head"));
  EXPECT_EQ(Povmon("notice --lang en" + args).status, 1);
}

// Issue 13 §2: the county report follows --lang like the explanation and
// the notice: its own words and the pack's texts in Simplified by default.
TEST(Language, ReportIsSimplifiedByDefaultAndTraditionalOnRequest) {
  const std::string args = " --seed 1 --policy " + kSource +
                           "/policies/funan-2024 --as-of 2024-07-01 " + kSource +
                           "/examples/plans/funan.jsonl";
  CliOutput simplified = Povmon("report" + args);
  EXPECT_EQ(simplified.status, 0);
  EXPECT_THAT(simplified.out, HasSubstr("<html lang=\"zh-Hans\">"));
  EXPECT_THAT(simplified.out, HasSubstr("<h1>防止返贫动态监测汇总报告</h1>"));
  // The pack's title and departments, written in Traditional.
  EXPECT_THAT(simplified.out, HasSubstr("政策包 阜南县强化脱贫监测户、边缘户帮扶措施方案(2024年)"));
  EXPECT_THAT(simplified.out,
              HasSubstr("<tr><td>县住建局 county housing and urban-rural development bureau</td>"
                        "<td>一次性</td><td class=\"n\">1</td><td class=\"n\">1</td>"
                        "<td class=\"n dept-total\">6,000.00</td>"));
  // The loan ceiling's range, grouped once (it printed 1,50,,000.00).
  EXPECT_THAT(simplified.out, HasSubstr("<td class=\"n\">0.00 – 150,000.00</td>"));
  EXPECT_EQ(Povmon("report --lang zh-Hans" + args).out, simplified.out);

  CliOutput traditional = Povmon("report --lang zh-Hant" + args);
  EXPECT_EQ(traditional.status, 0);
  EXPECT_THAT(traditional.out, HasSubstr("<html lang=\"zh-Hant\">"));
  EXPECT_THAT(traditional.out, HasSubstr("<h1>防止返貧動態監測彙總報告</h1>"));
  EXPECT_THAT(traditional.out, HasSubstr("政策包 阜南縣強化脫貧監測戶、邊緣戶幫扶措施方案(2024年)"));
  EXPECT_THAT(traditional.out,
              HasSubstr("<tr><td>縣住建局 county housing and urban-rural development bureau</td>"));
  EXPECT_THAT(traditional.out, Not(HasSubstr("监测")));

  // The report has no English text: --lang en is refused as the notice's is.
  CliOutput english = Povmon("report --lang en" + args);
  EXPECT_EQ(english.status, 1);
  EXPECT_TRUE(english.out.empty());
  EXPECT_EQ(Povmon("report --lang fr" + args).status, 1);
}

TEST(Language, AnUnknownLanguageIsAUsageError) {
  CliOutput r = Povmon("eval --explain --lang fr --policy " + kSource +
                 "/policies/hunan-2024 --as-of 2024-11-30 " + kSource +
                 "/examples/households/hunan.jsonl");
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.out.empty());
  absl::StatusOr<povmon::Language> fr = povmon::ParseLanguage("fr");
  ASSERT_FALSE(fr.ok());
  EXPECT_THAT(std::string(fr.status().message()), HasSubstr("zh-Hans (Simplified Chinese, the default)"));
  EXPECT_EQ(povmon::ParseLanguage("zh-CN").value(), povmon::Language::kSimplifiedChinese);
  EXPECT_EQ(povmon::ParseLanguage("zh-TW").value(), povmon::Language::kTraditionalChinese);
}

TEST(Language, EnglishOnlyKeepsCitationsValuesAndAlignment) {
  EXPECT_EQ(povmon::EnglishOnly("  計入收入 counted income         13,500.00\n"
                                "    脫貧不穩定戶:脫貧戶,年人均純收入低於監測基準線。\n"
                                "  結論 Decision: 脫貧不穩定戶 — unstable lifted-out household\n"
                                "  計入人口 counted members         3 (戶籍 registered)\n"
                                "rule p4.x (Plan 4 §2(二)①)\n"),
            "  counted income         13,500.00\n"
            "  Decision: unstable lifted-out household\n"
            "  counted members         3 (registered)\n"
            "rule p4.x (Plan 4 §2(二)①)\n");
  EXPECT_EQ(povmon::EnglishOnly("no Chinese at all\n\n"), "no Chinese at all\n\n");
}

// Issue 13 §2: --lang en kept Funan's refusals unreadable ("§4(一) is
// (marginal households only)"): the pack writes them in English around
// Chinese words that have no English. Such words stay; a gloss in
// parentheses after its English goes, and nothing is left doubled.
TEST(Language, EnglishKeepsTheChineseAPacksSentenceIsWrittenAround) {
  EXPECT_EQ(povmon::EnglishOnly(
                "         不適用 not given: §4(一) is 邊緣戶幫扶 (marginal households only): the "
                "industry awards are for marginal households (邊緣戶享受貧困戶產業扶貧項目獎補政策); "
                "a lifted-out household gets the registered-poor policies under §4(二) (Plan 1 "
                "§4(一)3)\n"),
            "         not given: §4(一) is 邊緣戶幫扶 (marginal households only): the industry "
            "awards are for marginal households; a lifted-out household gets the registered-poor "
            "policies under §4(二) (Plan 1 §4(一)3)\n");
  EXPECT_EQ(povmon::EnglishOnly("         不適用 not given: 三免一助 is for students of registered "
                                "lifted-out (防返貧) households (Plan 2 §4(四))"),
            "         not given: 三免一助 is for students of registered lifted-out households "
            "(Plan 2 §4(四))");
  EXPECT_EQ(povmon::EnglishOnly("         因為 because: a member of a marginal household (邊緣戶) "
                                "(Plan 1 §4(一)2)"),
            "         because: a member of a marginal household (Plan 1 §4(一)2)");
  EXPECT_EQ(povmon::EnglishOnly(
                "      • 每戶邊緣戶都要明確一名幫扶聯系人……脫貧監測戶的幫扶責任人要一如既往壓實包保"
                "責任 every marginal household has a named helper (幫扶聯系人); a monitored "
                "lifted-out household keeps its responsible person (幫扶責任人), whose duties "
                "continue (Plan 1 §5(一))"),
            "      • every marginal household has a named helper; a monitored lifted-out household "
            "keeps its responsible person, whose duties continue (Plan 1 §5(一))");
  EXPECT_EQ(povmon::EnglishOnly("    時限 deadline p2.deadline.county_decision: 20個工作日 20 "
                                "working days to 縣(市)級審定 county decision, from 2024-09-20"),
            "    deadline p2.deadline.county_decision: 20 working days to county decision, from "
            "2024-09-20");
  EXPECT_EQ(povmon::EnglishOnly("  村 Village 东山村（990101101201）\n"),
            "  Village 东山村（990101101201）\n");
  EXPECT_EQ(povmon::EnglishOnly("  principle “缺什麼補什麼” applies\n"),
            "  principle “缺什麼補什麼” applies\n");
}

// The same through the CLI: a lifted-out household under the Funan pack,
// whose marginal-household measures are refused.
TEST(Language, FunansRefusalsReadInEnglish) {
  std::ifstream in(kSource + "/examples/plans/funan.jsonl");
  std::string first;
  std::getline(in, first);
  const std::string marker = "\"lifted_out\":false";
  ASSERT_NE(first.find(marker), std::string::npos) << first.substr(0, 80);
  first.replace(first.find(marker), marker.size(), "\"lifted_out\":true");
  const std::string path = testing::TempDir() + "/funan_lifted_out.jsonl";
  std::ofstream(path) << first << "\n";
  CliOutput english = Povmon("eval --explain --lang en --policy " + kSource +
                             "/policies/funan-2024 --as-of 2024-07-01 " + path);
  EXPECT_EQ(english.status, 0);
  EXPECT_THAT(english.out, HasSubstr("  Decision: unstable lifted-out household\n"));
  EXPECT_THAT(english.out,
              HasSubstr("\n         not given: §4(一) is 邊緣戶幫扶 (marginal households only): free "
                        "entrepreneurship training is for marginal households; a lifted-out "
                        "household gets the registered-poor policies under §4(二) (Plan 1 "
                        "§4(一)2)\n"));
  EXPECT_THAT(english.out, Not(HasSubstr("§4(一) is (marginal")));
  EXPECT_THAT(english.out, Not(HasSubstr("household  (")));  // a gloss's leftovers
}

}  // namespace
