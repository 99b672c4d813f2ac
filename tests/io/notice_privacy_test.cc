// The public-notice export never carries ID numbers, home addresses, phone
// numbers, birth dates or bank card numbers (Plan 10 §3.2), whatever the
// household records hold. The households below carry them in every field
// that takes text — the personal fields, the head's own name, other
// members' names, notes, ids, sources, descriptions, region codes — and the
// CSV and HTML output, from the library and from `povmon notice`, are
// scanned for every one of them in every spelling.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/notice.h"
#include "povmon/policy.h"
#include "src/presentation/notice_redaction.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The planted personal data, by kind.
const std::vector<std::string> kIdNumbers = {
    "430524196603121035", "43052419680902104X", "430524660312103",
    "430524200405211071"};
const std::vector<std::string> kPhones = {"13807391245", "0731-84567890",
                                          "+86 138 0739 1246", "15973112345",
                                          "０７３１８４５６７８９１"};
const std::vector<std::string> kBankCards = {
    "6222021234567890123", "6217 0000 1234 5678 901", "6228-4800-1234-5678"};
const std::vector<std::string> kBirthDates = {"1966-03-12", "1968-09-02",
                                              "2004-05-21"};
const std::vector<std::string> kAddresses = {"湖南省長沙市岳麓區麓山南路932號",
                                             "望城區白沙洲街道金山村3組18號",
                                             "邵東縣團山鎮紅光村五組"};

// Every spelling of a birth date a notice might print.
std::vector<std::string> DateSpellings(const std::string& iso) {
  std::string y = iso.substr(0, 4), m = iso.substr(5, 2), d = iso.substr(8, 2);
  auto strip = [](const std::string& s) {
    return s[0] == '0' ? s.substr(1) : s;
  };
  return {iso,
          y + m + d,
          y + "/" + m + "/" + d,
          y + "." + m + "." + d,
          y + "年" + m + "月" + d + "日",
          y + "年" + strip(m) + "月" + strip(d) + "日",
          y + "/" + strip(m) + "/" + strip(d)};
}

std::string DigitsOnly(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') out.push_back(static_cast<char>(c));
    // Full-width digits ０-９: EF BC 90-99.
    if (c == 0xEF && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0xBC &&
        static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
        static_cast<unsigned char>(s[i + 2]) <= 0x99) {
      out.push_back(
          static_cast<char>('0' + static_cast<unsigned char>(s[i + 2]) - 0x90));
      i += 2;
    }
  }
  return out;
}

// The output with the separators between digits taken out, so that
// "138 0739 1245" and "138-0739-1245" are found as 13807391245.
std::string Squeeze(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool separator = c == ' ' || c == '-' || c == '.' || c == '/' || c == '+';
    if (separator && !out.empty() && out.back() >= '0' && out.back() <= '9' &&
        i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// Substrings of `text` of `n` code points (UTF-8).
std::vector<std::string> Pieces(const std::string& text, std::size_t n) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
      starts.push_back(i);
  }
  starts.push_back(text.size());
  std::vector<std::string> out;
  for (std::size_t i = 0; i + n < starts.size(); ++i) {
    out.push_back(text.substr(starts[i], starts[i + n] - starts[i]));
  }
  return out;
}

// Fails the test for every planted value found in `output`.
void ExpectNoPersonalData(const std::string& output, const std::string& what) {
  std::string squeezed = Squeeze(output);
  std::string
      digits_in_cells;  // full-width digits as ASCII, for the scan below
  for (const std::vector<std::string>* kind :
       {&kIdNumbers, &kPhones, &kBankCards}) {
    for (const std::string& v : *kind) {
      EXPECT_THAT(output, Not(HasSubstr(v))) << what;
      std::string digits = DigitsOnly(v);
      EXPECT_THAT(squeezed, Not(HasSubstr(digits))) << what << ": " << v;
      // The last 8 digits alone identify a phone or a card as well.
      EXPECT_THAT(squeezed, Not(HasSubstr(digits.substr(digits.size() - 8))))
          << what << ": " << v;
    }
  }
  EXPECT_THAT(output, Not(HasSubstr("０７３１"))) << what;
  for (const std::string& d : kBirthDates) {
    for (const std::string& spelling : DateSpellings(d)) {
      EXPECT_THAT(output, Not(HasSubstr(spelling))) << what;
    }
  }
  for (const std::string& address : kAddresses) {
    EXPECT_THAT(output, Not(HasSubstr(address))) << what;
    for (const std::string& piece : Pieces(address, 4)) {
      EXPECT_THAT(output, Not(HasSubstr(piece)))
          << what << ": part of " << address;
    }
  }
}

v1::Member* AddMember(v1::Household* h, const std::string& id,
                      v1::Relation relation, const std::string& name,
                      int index) {
  v1::Member* m = h->add_members();
  m->set_id(id);
  m->set_relation(relation);
  m->set_name(name);
  m->set_registered(true);
  m->set_co_resident(true);
  m->set_labour_capacity(v1::LABOUR_CAPACITY_PARTIAL);
  m->mutable_health()->set_serious_illness(true);
  m->set_id_number(kIdNumbers[index % kIdNumbers.size()]);
  m->set_birth_date(kBirthDates[index % kBirthDates.size()]);
  m->set_phone(kPhones[index % kPhones.size()]);
  m->set_address(kAddresses[index % kAddresses.size()]);
  m->set_bank_card(kBankCards[index % kBankCards.size()]);
  return m;
}

// A household below Hunan's line with an ill member, identified by a case
// whose village notice is in force on 2024-04-12, carrying personal data
// everywhere. `head_name` and `village` vary.
v1::Household Tempting(int n, const std::string& head_name,
                       const std::string& village) {
  v1::Household h;
  h.set_id("hh-" + std::to_string(n) + "-" + kIdNumbers[0] + "-" + kPhones[0]);
  h.mutable_region()->set_province("430000 " + kPhones[1]);
  h.mutable_region()->set_county(kAddresses[0]);
  h.mutable_region()->set_township(kBankCards[0]);
  h.mutable_region()->set_village(village);
  h.set_lifted_out(true);
  AddMember(&h, "m1-" + kIdNumbers[1], v1::RELATION_HEAD, head_name, n);
  AddMember(&h, "m2", v1::RELATION_SPOUSE,
            "李桂蘭 " + kPhones[3] + " " + kAddresses[1], n + 1);
  AddMember(&h, "m3", v1::RELATION_CHILD,
            "劉志強(身份證" + kIdNumbers[3] + ",生於" + kBirthDates[2] + ")",
            n + 2);
  v1::IncomeRecord* income = h.add_income();
  income->set_date("2024-01-31");
  income->set_kind(v1::INCOME_KIND_WAGE);
  income->set_amount_fen(1500000);
  income->set_source("工資卡 " + kBankCards[1] + " 戶主手機 " + kPhones[0]);
  income->set_member_id("m1-" + kIdNumbers[1]);
  v1::Asset* asset = h.add_assets();
  asset->set_kind(v1::ASSET_KIND_DEPOSITS);
  asset->set_description("存摺 " + kBankCards[2] + " 開戶人生日 " +
                         kBirthDates[0]);
  v1::Visit* visit = h.add_visits();
  visit->set_date("2024-04-01");
  visit->set_channel(v1::VISIT_CHANNEL_IN_PERSON);
  visit->set_helper("幫扶人 王明 " + kPhones[4]);
  visit->set_note("戶主電話" + kPhones[0] + ",住址" + kAddresses[0] +
                  ",出生1966年3月12日,銀行卡" + kBankCards[0] + ",身份證" +
                  kIdNumbers[0]);
  v1::Intervention* measure = h.mutable_monitoring()->add_measures();
  measure->set_kind(v1::INTERVENTION_KIND_MEDICAL);
  measure->set_measure_id("medical " + kIdNumbers[2]);
  measure->set_department("醫保局 " + kPhones[1]);
  v1::CaseRecord* c = h.add_cases();
  c->set_id("case-" + kIdNumbers[0]);
  c->set_kind(v1::CASE_KIND_IDENTIFICATION);
  auto event = [&](v1::CaseStep step, const char* date, const char* end = "") {
    v1::CaseEvent* e = c->add_events();
    e->set_step(step);
    e->set_date(date);
    e->set_end_date(end);
    e->set_note("聯繫電話 " + kPhones[2] + " 地址 " + kAddresses[2]);
    e->set_reference(kIdNumbers[1]);
    return e;
  };
  event(v1::CASE_STEP_APPLICATION, "2024-04-02")
      ->set_authorisation_signed(true);
  event(v1::CASE_STEP_HOME_VERIFICATION, "2024-04-03")->set_people(2);
  event(v1::CASE_STEP_VILLAGE_REVIEW, "2024-04-08");
  event(v1::CASE_STEP_VILLAGE_NOTICE, "2024-04-09");
  return h;
}

// The head's name, spelt every way a record might hold it.
std::vector<v1::Household> Households() {
  const std::string village = "430524104211";
  return {
      Tempting(0, "劉建國", village),
      Tempting(1, "劉建國 " + kIdNumbers[0], village),
      Tempting(2, "劉建國" + kPhones[0], village),
      Tempting(3, "劉建國(" + kAddresses[0] + ")", village),
      Tempting(4, "劉建國" + kAddresses[0], village),
      Tempting(5, kPhones[0], village),
      Tempting(6, "劉建國 1966年3月12日生", village),
      Tempting(7, "劉建國/" + kBankCards[1], village),
      Tempting(8, "劉建國", kPhones[0]),
      Tempting(9, "劉建國", kIdNumbers[0]),
      Tempting(10, "劉建國", "4305241966031"),
      Tempting(11, kAddresses[1], village),
      Tempting(12, "劉建國,電話" + kPhones[2], village),
  };
}

class NoticePrivacyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto p =
        Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/hunan-2024");
    ASSERT_TRUE(p.ok()) << p.status();
    policy_ = new std::shared_ptr<const Policy>(*p);
  }
  static void TearDownTestSuite() { delete policy_; }

  NoticeList Build() {
    NoticeList list;
    list.pack_id = (*policy_)->id();
    list.as_of = "2024-04-12";
    Evaluator evaluator(*policy_);
    long line = 0;
    for (const v1::Household& h : Households()) {
      v1::Decision d;
      EvaluateOptions options;
      options.as_of = absl::CivilDay(2024, 4, 12);
      absl::Status s = evaluator.Evaluate(h, options, &d);
      EXPECT_TRUE(s.ok()) << s;
      AddNotices(h, d, **policy_, ++line, &list);
    }
    return list;
  }

  static std::shared_ptr<const Policy>* policy_;
};
std::shared_ptr<const Policy>* NoticePrivacyTest::policy_ = nullptr;

TEST_F(NoticePrivacyTest, Plan10CsvAndHtmlCarryNoneOfTheFiveKinds) {
  NoticeList list = Build();
  ASSERT_EQ(list.entries.size(), Households().size());
  std::string csv = NoticeCsv(list);
  std::string html = NoticeHtml(list);
  ExpectNoPersonalData(csv, "CSV");
  ExpectNoPersonalData(html, "HTML");
  for (const std::string& w : list.warnings) ExpectNoPersonalData(w, "warning");
}

TEST_F(NoticePrivacyTest, TheNoticeStillSaysWhoAndWhatAndWhen) {
  NoticeList list = Build();
  ASSERT_FALSE(list.entries.empty());
  const NoticeEntry& clean = list.entries[0];
  EXPECT_EQ(clean.head_name, "劉建國");
  EXPECT_EQ(clean.village, "430524104211");
  EXPECT_EQ(clean.start, "2024-04-09");
  EXPECT_EQ(clean.end, "2024-04-15");  // 7 days (Plan 4 §2(五))
  EXPECT_THAT(clean.decision, HasSubstr("脫貧不穩定戶"));
  EXPECT_THAT(clean.citation, HasSubstr("Plan 4"));
  // Names followed by numbers, dates or addresses keep only the name.
  for (int i : {1, 2, 3, 6, 7, 12})
    EXPECT_EQ(list.entries[i].head_name, "劉建國") << i;
  // A name run into an address, a phone number for a name, an address for a
  // name: withheld, with a warning for the operator.
  for (int i : {4, 5, 11})
    EXPECT_THAT(list.entries[i].head_name, HasSubstr("withheld")) << i;
  // Village codes that are not 12-digit division codes are withheld.
  for (int i : {8, 9, 10})
    EXPECT_THAT(list.entries[i].village, HasSubstr("withheld")) << i;
  EXPECT_GE(list.warnings.size(), 6u);
  std::string csv = NoticeCsv(list);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_THAT(csv, HasSubstr("\"劉建國\""));
  EXPECT_THAT(NoticeHtml(list), HasSubstr("<td>劉建國</td>"));
}

TEST_F(NoticePrivacyTest, OnlyNoticesInForceAreListed) {
  std::vector<v1::Household> households = Households();
  Evaluator evaluator(*policy_);
  NoticeList before, after;
  for (auto [date, list] : {std::pair{absl::CivilDay(2024, 4, 8), &before},
                            std::pair{absl::CivilDay(2024, 4, 16), &after}}) {
    v1::Decision d;
    EvaluateOptions options;
    options.as_of = date;
    ASSERT_TRUE(evaluator.Evaluate(households[0], options, &d).ok());
    AddNotices(households[0], d, **policy_, 1, list);
  }
  EXPECT_TRUE(before.entries.empty());  // not posted yet
  EXPECT_TRUE(after.entries.empty());   // the 7 days are over
}

TEST(NoticeRedaction, ShapesOfTheFiveKindsAreRemoved) {
  EXPECT_EQ(RedactPatterns("電話 138-0739-1245 號"), "電話 ＊＊＊ 號");
  EXPECT_EQ(RedactPatterns("身份證43052419680902104X。"), "身份證＊＊＊。");
  EXPECT_EQ(RedactPatterns("生於1966年3月12日"), "生於＊＊＊");
  EXPECT_EQ(RedactPatterns("生於一九六六年三月十二日"), "生於＊＊＊");
  EXPECT_EQ(RedactPatterns("卡號６２２２０２１２３４５６"), "卡號＊＊＊");
  EXPECT_EQ(RedactPatterns("5 人, 5000 元, 第 3 組"), "5 人, 5000 元, 第 3 組");
}

TEST(NoticeRedaction, NamesAreCutToWhatANameCanBe) {
  EXPECT_EQ(SanitiseName("劉建國"), "劉建國");
  EXPECT_EQ(SanitiseName(" 劉建國 13807391245"), "劉建國");
  EXPECT_EQ(SanitiseName("阿依古麗·買買提"), "阿依古麗·買買提");
  EXPECT_EQ(SanitiseName("Li Wei 13807391245"), "Li Wei");
  EXPECT_EQ(SanitiseName("劉建國湖南省長沙市"), "");
  EXPECT_EQ(SanitiseName("13807391245"), "");
  EXPECT_EQ(SanitiseName("金山村3組"), "");
}

// ------------------------------------------------------------ the command

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_F(NoticePrivacyTest, Plan10TheCommandLeaksNothingEither) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("povmon-notice-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string input = (dir / "households.jsonl").string();
  {
    std::ofstream out(input);
    for (const v1::Household& h : Households()) {
      std::string json;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(h, &json).ok());
      out << json << "\n";
    }
  }
  for (const char* format : {"csv", "html"}) {
    std::string out = (dir / (std::string("notice.") + format)).string();
    std::string err = (dir / (std::string("stderr.") + format)).string();
    std::string command = std::string(POVMON_CLI) + " notice --policy " +
                          POVMON_SOURCE_DIR +
                          "/policies/hunan-2024 --as-of 2024-04-12 --format " +
                          format + " --out " + out + " " + input + " 2> " + err;
    ASSERT_EQ(std::system(command.c_str()), 0) << command << "\n"
                                               << ReadAll(err);
    std::string text = ReadAll(out);
    EXPECT_THAT(text, HasSubstr("劉建國"));
    ExpectNoPersonalData(text, format);
    ExpectNoPersonalData(ReadAll(err), std::string("stderr of ") + format);
  }
  std::filesystem::remove_all(dir);
}

// ------------------------------------------------------------ issue 12 item 6

// A phone number written in Han numerals passed as a "name" (13 letters
// with a middle dot) and the shape rules saw no digits.
TEST(NoticeRedaction, PhoneNumbersInHanNumeralsAreRemoved) {
  EXPECT_EQ(RedactPatterns("電話一三八〇七三九一二四五"), "電話＊＊＊");
  EXPECT_EQ(RedactPatterns("電話幺三八 零七三九 幺二四五。"), "電話＊＊＊。");
  EXPECT_EQ(RedactPatterns("卡號陸貳貳貳零貳壹貳參肆"), "卡號＊＊＊");
  EXPECT_EQ(RedactPatterns("138〇七三九1245"), "＊＊＊");
  // Counts and short numbers written in Han numerals stay.
  EXPECT_EQ(RedactPatterns("家中三口人,第五組,二十三歲"), "家中三口人,第五組,二十三歲");
}

TEST(NoticeRedaction, ANameEndsWhereANumberInHanDigitsBegins) {
  EXPECT_EQ(SanitiseName("阿依·一三八〇七三九一二四五"), "阿依");
  EXPECT_EQ(SanitiseName("劉建國一三八〇七三九一二四五"), "劉建國");
  EXPECT_EQ(SanitiseName("王一三"), "王一三");  // a name may hold numerals
}

TEST_F(NoticePrivacyTest, AHeadNameCarryingAPhoneInHanNumeralsKeepsOnlyTheName) {
  v1::Household h = Tempting(13, "阿依·一三八〇七三九一二四五", "430524104211");
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 4, 12);
  ASSERT_TRUE(Evaluator(*policy_).Evaluate(h, options, &d).ok());
  NoticeList list;
  AddNotices(h, d, **policy_, 1, &list);
  ASSERT_EQ(list.entries.size(), 1u);
  EXPECT_EQ(list.entries[0].head_name, "阿依");
  EXPECT_THAT(NoticeCsv(list), Not(HasSubstr("一三八")));
}

// The head's address copied into the name field: a place name reads as a
// name, and the address value equal to the shown name was not redacted.
TEST_F(NoticePrivacyTest, AHeadNameThatIsTheHouseholdsAddressIsWithheld) {
  v1::Household h = Tempting(14, "桃花源", "430524104211");
  h.mutable_members(0)->set_address("桃花源");
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 4, 12);
  ASSERT_TRUE(Evaluator(*policy_).Evaluate(h, options, &d).ok());
  NoticeList list;
  AddNotices(h, d, **policy_, 1, &list);
  ASSERT_EQ(list.entries.size(), 1u);
  EXPECT_THAT(list.entries[0].head_name, HasSubstr("withheld"));
  EXPECT_THAT(NoticeCsv(list), Not(HasSubstr("桃花源")));
}

TEST(NoticeRedaction, ErrorMessagesNeverQuoteTheRecord) {
  v1::Household h;
  h.add_members()->set_address("岳麓區麓山南路");
  EXPECT_EQ(RedactErrorMessage("members[0].address: \"岳麓區麓山南路\" is not valid", h),
            "members[0].address: \"＊＊＊\" is not valid");
  EXPECT_EQ(RedactErrorMessage("unknown field “湖南省長沙市” at column 3", h),
            "unknown field ＊＊＊ at column 3");
  // A key from the record as the start of a field path.
  EXPECT_EQ(RedactErrorMessage("湖南省長沙市岳麓區: unknown field \"湖南省\"", h),
            "＊＊＊: unknown field \"＊＊＊\"");
  EXPECT_EQ(RedactErrorMessage("no member lives at 岳麓區麓山南路", h),
            "no member lives at ＊＊＊");
  EXPECT_EQ(RedactErrorMessage("bad \x1b[2J 'it\\'s' \"open", h),
            "bad \\x1B[2J '＊＊＊' \"＊＊＊");
}

TEST(NoticeCommand, ErrorMessagesOnStderrNeverQuoteAddressText) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("povmon-notice-errors-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string input = (dir / "in.jsonl").string();
  std::ofstream(input)
      << "{\"id\":\"a\",\"members\":[{\"id\":\"m\",\"address\":\"岳麓區麓山南路\","
         "\"birth_date\":\"岳麓區麓山南路\"}]}\n"
      << "{\"湖南省長沙市岳麓區\":1}\n";
  std::string err = (dir / "err").string();
  std::string command = std::string(POVMON_CLI) + " notice --policy " + POVMON_SOURCE_DIR +
                        "/policies/hunan-2024 --as-of 2024-04-12 " + input + " > /dev/null 2> " +
                        err;
  int status = std::system(command.c_str());
  std::string text = ReadAll(err);
  EXPECT_EQ(WEXITSTATUS(status), 2) << text;
  EXPECT_THAT(text, HasSubstr("line 1 not decided"));
  EXPECT_THAT(text, HasSubstr("line 2 not decided"));
  EXPECT_THAT(text, Not(HasSubstr("麓山")));
  EXPECT_THAT(text, Not(HasSubstr("長沙")));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace povmon
