// Household records checked before any figure is derived: member
// references, unique member ids, negative amounts (issue 11; issue 12 item 6).
#include "src/facts/household_checks.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

v1::Household House(const std::string& text) {
  v1::Household h;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &h)) << text;
  return h;
}

constexpr char kMembers[] = R"pb(
  id: "h1"
  members { id: "m1" registered: true }
  members { id: "m2" registered: true }
)pb";

absl::Status Check(const std::string& extra) {
  return CheckHousehold(House(std::string(kMembers) + extra));
}

TEST(HouseholdChecks, AGoodHouseholdPasses) {
  EXPECT_TRUE(Check(R"pb(
    income { date: "2024-01-01" kind: INCOME_KIND_WAGE amount_fen: 100 member_id: "m1" }
    income { date: "2024-01-01" kind: INCOME_KIND_BUSINESS amount_fen: -500 }
    expenditure { date: "2024-01-01" amount_fen: 100 member_id: "m2" }
    medical_claims { id: "c1" member_id: "m2" compliant_out_of_pocket_fen: 100 }
    previous_period_income_fen: -100
  )pb").ok());
}

TEST(HouseholdChecks, MedicalClaimNamingNoMemberIsAnErrorWithTheFieldPath) {
  absl::Status s = Check(R"pb(medical_claims { id: "c1" member_id: "m3" compliant_out_of_pocket_fen: 100 })pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()),
              StartsWith("medical_claims[0].member_id: \"m3\" names no member of the household"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("(members: m1, m2)"));
}

TEST(HouseholdChecks, TheMemberNamedBeforeIsTriedFirstAndNothingElseChanges) {
  // References alternate between members, repeat one, and then name one
  // that is not there right after one that is: the check tries the member
  // named before first, and must still look at every member, and still
  // refuse a name no member has.
  EXPECT_TRUE(Check(R"pb(
    income { date: "2024-01-01" amount_fen: 1 member_id: "m2" }
    income { date: "2024-01-01" amount_fen: 1 member_id: "m2" }
    income { date: "2024-01-01" amount_fen: 1 member_id: "m1" }
    expenditure { date: "2024-01-01" amount_fen: 1 member_id: "m1" }
    expenditure { date: "2024-01-01" amount_fen: 1 member_id: "m2" }
    medical_claims { id: "c1" member_id: "m1" }
    monitoring { measures { member_id: "m2" } measures { member_id: "m1" } }
  )pb").ok());
  EXPECT_THAT(std::string(Check(R"pb(
    income { date: "2024-01-01" amount_fen: 1 member_id: "m2" }
    income { date: "2024-01-01" amount_fen: 1 member_id: "m" }
  )pb").message()),
              StartsWith("income[1].member_id: \"m\" names no member"));
  EXPECT_THAT(std::string(Check(R"pb(
    income { date: "2024-01-01" amount_fen: 1 member_id: "m2" }
    monitoring { measures { member_id: "m2" } measures { member_id: "m22" } }
  )pb").message()),
              StartsWith("monitoring.measures[1].member_id: \"m22\" names no member"));
  // The member named before may not exist in the next household checked.
  EXPECT_TRUE(CheckHousehold(House(R"pb(
    members { id: "a" }
    income { date: "2024-01-01" amount_fen: 1 member_id: "a" }
  )pb")).ok());
}

TEST(HouseholdChecks, IncomeAndExpenditureNamingNoMemberAreErrors) {
  EXPECT_THAT(std::string(Check(R"pb(
    income { date: "2024-01-01" amount_fen: 1 member_id: "m1" }
    income { date: "2024-01-01" amount_fen: 1 member_id: "M1" })pb").message()),
              StartsWith("income[1].member_id: \"M1\" names no member"));
  EXPECT_THAT(std::string(Check(R"pb(expenditure { date: "2024-01-01" amount_fen: 1 member_id: "x" })pb")
                              .message()),
              StartsWith("expenditure[0].member_id: \"x\" names no member"));
  EXPECT_THAT(std::string(Check(R"pb(monitoring { measures { member_id: "x" } })pb").message()),
              StartsWith("monitoring.measures[0].member_id: \"x\" names no member"));
}

// Member ids are compared byte for byte (inline, eight bytes at a time): for
// every length up to 24, an id differing from a member's in any one byte,
// or one byte shorter or longer, names no member, and the id itself does;
// and two members with that id are a duplicate.
TEST(HouseholdChecks, MemberIdsAreComparedByEveryByte) {
  for (std::size_t n = 1; n <= 24; ++n) {
    std::string id;
    for (std::size_t i = 0; i < n; ++i) id.push_back(static_cast<char>('a' + i));
    v1::Household h;
    h.add_members()->set_id("x" + id);  // tried first, differs
    h.add_members()->set_id(id);
    h.add_income()->set_member_id(id);
    ASSERT_TRUE(CheckHousehold(h).ok()) << id;
    std::vector<std::string> others = {id.substr(0, n - 1), id + "z"};
    for (std::size_t i = 0; i < n; ++i) {
      std::string other = id;
      other[i] = static_cast<char>(other[i] ^ 0x20);
      others.push_back(other);
    }
    for (const std::string& other : others) {
      if (other.empty()) continue;
      h.mutable_income(0)->set_member_id(other);
      absl::Status s = CheckHousehold(h);
      EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << id << " against " << other;
      EXPECT_THAT(std::string(s.message()), HasSubstr("names no member")) << other;
    }
    h.mutable_income(0)->set_member_id(id);
    h.add_members()->set_id(id);
    EXPECT_THAT(std::string(CheckHousehold(h).message()),
                HasSubstr("members[2].id: \"" + id + "\" is also members[1].id"))
        << id;
  }
}

TEST(HouseholdChecks, DuplicateMemberIdsAreAnError) {
  absl::Status s = Check(R"pb(members { id: "m1" registered: false })pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "members[2].id: \"m1\" is also members[0].id: member ids must be unique within a "
            "household");
}

TEST(HouseholdChecks, NegativeAmountsWhereNoneIsMeaningfulAreErrors) {
  EXPECT_THAT(std::string(Check(R"pb(income { date: "2024-01-01" kind: INCOME_KIND_WAGE amount_fen: -1 })pb")
                              .message()),
              StartsWith("income[0].amount_fen: -1 fen is negative; only business income"));
  EXPECT_THAT(std::string(Check(R"pb(expenditure { date: "2024-01-01" amount_fen: -1 })pb").message()),
              StartsWith("expenditure[0].amount_fen: -1 fen is negative"));
  EXPECT_THAT(std::string(Check(R"pb(medical_claims { compliant_out_of_pocket_fen: -1 })pb").message()),
              StartsWith("medical_claims[0].compliant_out_of_pocket_fen: -1 fen is negative"));
  EXPECT_THAT(std::string(Check(R"pb(medical_claims { assistance_paid_fen: -1 })pb").message()),
              StartsWith("medical_claims[0].assistance_paid_fen"));
  EXPECT_THAT(std::string(Check(R"pb(assets { value_fen: -1 })pb").message()),
              StartsWith("assets[0].value_fen"));
  EXPECT_THAT(std::string(Check(R"pb(negative_list_facts { deposits_and_securities_fen: -1 })pb").message()),
              StartsWith("negative_list_facts.deposits_and_securities_fen"));
  EXPECT_THAT(std::string(Check(R"pb(negative_list_facts { supporters_annual_income_fen: -1 })pb").message()),
              StartsWith("negative_list_facts.supporters_annual_income_fen"));
  EXPECT_THAT(std::string(Check(R"pb(dibao { monthly_payment_fen: -1 })pb").message()),
              StartsWith("dibao.monthly_payment_fen"));
  EXPECT_THAT(std::string(Check(R"pb(dibao { job_costs_fen: -1 })pb").message()),
              StartsWith("dibao.job_costs_fen"));
  EXPECT_THAT(std::string(Check(R"pb(dibao { grade: -1 })pb").message()), StartsWith("dibao.grade"));
  EXPECT_THAT(std::string(Check(R"pb(monitoring { measures { amount_fen: -1 } })pb").message()),
              StartsWith("monitoring.measures[0].amount_fen"));
}

TEST(HouseholdChecks, WageShareOutsideItsRangeIsAnError) {
  EXPECT_THAT(std::string(CheckHousehold(House(R"pb(
    members { id: "m1" employment { unstable_wage_share_bp: 10001 } })pb")).message()),
              StartsWith("members[0].employment.unstable_wage_share_bp: 10001 is outside 0..10000"));
}

TEST(HouseholdChecks, EmptyReferencesAndEmptyIdsAreAllowed) {
  EXPECT_TRUE(CheckHousehold(House(R"pb(
    members { registered: true }
    members { registered: true }
    income { date: "2024-01-01" amount_fen: 1 })pb")).ok());
}

}  // namespace
}  // namespace povmon
