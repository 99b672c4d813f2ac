// Households read from JSON: every error names the field (issue 2 §8).
#include "povmon/json.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;

std::string Error(const std::string& json) {
  v1::Household h;
  absl::Status s = ParseHouseholdJson(json, &h);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  return std::string(s.message());
}

TEST(HouseholdJson, ParsesSnakeAndCamelCaseAndInt64AsStringOrNumber) {
  v1::Household h;
  ASSERT_TRUE(ParseHouseholdJson(
                  R"({"id":"h","liftedOut":true,"members":[{"birth_date":"1960-02-29"}],)"
                  R"("income":[{"amount_fen":"100"},{"amountFen":200}]})",
                  &h)
                  .ok());
  EXPECT_TRUE(h.lifted_out());
  EXPECT_EQ(h.income(0).amount_fen() + h.income(1).amount_fen(), 300);
}

// The proto3 JSON mapping writes a bool as true or false. Protobuf 3.21's
// parser would also read "yes", "t" or "0"; povmon refuses them, naming the
// field, at any depth and under either field-name spelling.
TEST(HouseholdJson, ABoolGivenAsAStringIsRefused) {
  EXPECT_EQ(Error(R"({"id":"h","lifted_out":"yes"})"),
            "lifted_out: a bool must be true or false, not the string \"yes\"");
  EXPECT_EQ(Error(R"({"members":[{"id":"a","registered":true},)"
                  R"({"id":"b","health":{"seriousIllness":"1"}}]})"),
            "members[1].health.serious_illness: a bool must be true or false, not the string "
            "\"1\"");
  v1::Household h;
  EXPECT_TRUE(ParseHouseholdJson(
                  R"({"id":"h \"quoted\" {[","lifted_out":false,"members":[{"registered":true,)"
                  R"("health":{"serious_illness":false}}],"income":[{"amount_fen":"-5"}]})",
                  &h)
                  .ok());
  EXPECT_TRUE(h.members(0).registered());
}

TEST(HouseholdJson, InvalidDateNamesTheFieldPath) {
  EXPECT_EQ(Error(R"({"members":[{},{"birth_date":"2024-02-30"}]})"),
            "members[1].birth_date: \"2024-02-30\" is not a valid date (YYYY-MM-DD)");
  EXPECT_EQ(Error(R"({"negative_list_facts":{"whole_household_absent_since":"yesterday"}})"),
            "negative_list_facts.whole_household_absent_since: \"yesterday\" is not a valid date "
            "(YYYY-MM-DD)");
}

TEST(HouseholdJson, UnknownFieldNamesThePath) {
  EXPECT_EQ(Error(R"({"members":[{"registred":true}]})"),
            "members[0].registred: unknown field \"registred\"");
}

TEST(HouseholdJson, UnknownTopLevelFieldIsNamed) {
  EXPECT_EQ(Error(R"({"id":"x","annual_income_yuan":5})"),
            "annual_income_yuan: unknown field \"annual_income_yuan\"");
}

TEST(HouseholdJson, WrongTypeNamesThePath) {
  EXPECT_THAT(Error(R"({"income":[{"amount_fen":"1,200.00"}]})"),
              HasSubstr("income[0].amount_fen: invalid value"));
  EXPECT_THAT(Error(R"({"members":[{"labour_capacity":"LOTS"}]})"),
              HasSubstr("members[0].labour_capacity: invalid value \"LOTS\""));
}

TEST(HouseholdJson, MalformedJsonSaysSo) {
  EXPECT_THAT(Error(R"({"id":"x",)"), HasSubstr("malformed JSON"));
}

TEST(HouseholdJson, IdIsFoundEvenInABadRecord) {
  EXPECT_EQ(HouseholdIdOf(R"({"members":[{"id":"m1"}],"id":"h-9","x":)"), "h-9");
  EXPECT_EQ(HouseholdIdOf(R"({"name":"id","other":{"id":"inner"}})"), "");
  EXPECT_EQ(HouseholdIdOf("not json"), "");
}

TEST(DecisionJson, UsesProtoFieldNames) {
  v1::Decision d;
  d.set_household_id("h");
  d.mutable_facts()->set_per_capita_net_income_fen(584000);
  std::string out;
  ASSERT_TRUE(DecisionToJson(d, &out).ok());
  EXPECT_EQ(out, R"({"household_id":"h","facts":{"per_capita_net_income_fen":"584000"}})");
}

TEST(JsonQuote, EscapesControlCharacters) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n\x01"), R"("a\"b\\c\n\u0001")");
}

}  // namespace
}  // namespace povmon
