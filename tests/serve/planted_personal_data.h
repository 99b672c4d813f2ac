// Households carrying personal data in every text field, and the scan that
// fails a test for any of it found in an output: the notice's privacy test
// (tests/io/notice_privacy_test.cc, Plan 10 §3.2), for the service's
// decision log.
#ifndef POVMON_TESTS_SERVE_PLANTED_PERSONAL_DATA_H_
#define POVMON_TESTS_SERVE_PLANTED_PERSONAL_DATA_H_

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/v1/household.pb.h"

namespace povmon::testing_privacy {

using ::testing::HasSubstr;
using ::testing::Not;

// The planted personal data, by kind.
inline const std::vector<std::string> kIdNumbers = {
    "430524196603121035", "43052419680902104X", "430524660312103",
    "430524200405211071"};
inline const std::vector<std::string> kPhones = {"13807391245", "0731-84567890",
                                          "+86 138 0739 1246", "15973112345",
                                          "０７３１８４５６７８９１"};
inline const std::vector<std::string> kBankCards = {
    "6222021234567890123", "6217 0000 1234 5678 901", "6228-4800-1234-5678"};
inline const std::vector<std::string> kBirthDates = {"1966-03-12", "1968-09-02",
                                              "2004-05-21"};
inline const std::vector<std::string> kAddresses = {"湖南省長沙市岳麓區麓山南路932號",
                                             "望城區白沙洲街道金山村3組18號",
                                             "邵東縣團山鎮紅光村五組"};

// Every spelling of a birth date a notice might print.
inline std::vector<std::string> DateSpellings(const std::string& iso) {
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

inline std::string DigitsOnly(const std::string& s) {
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
inline std::string Squeeze(const std::string& text) {
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
inline std::vector<std::string> Pieces(const std::string& text, std::size_t n) {
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
inline void ExpectNoPersonalData(const std::string& output, const std::string& what) {
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

inline v1::Member* AddMember(v1::Household* h, const std::string& id,
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
inline v1::Household Tempting(int n, const std::string& head_name,
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

}  // namespace povmon::testing_privacy

#endif  // POVMON_TESTS_SERVE_PLANTED_PERSONAL_DATA_H_
