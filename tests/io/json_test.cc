// Households read from JSON: every error names the field (issue 2 §8).
#include "povmon/json.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/json_protobuf.h"

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

// Runs `parse` on its own thread and returns its status, or fails the
// whole test binary at once if it has not returned within ten seconds: a
// hung parse cannot be stopped, and a test that hangs would hold up the
// suite instead of failing.
absl::Status WithinDeadline(const char* what, std::function<absl::Status()> parse) {
  auto done = std::make_shared<std::promise<absl::Status>>();
  std::future<absl::Status> result = done->get_future();
  std::thread([done, parse] { done->set_value(parse()); }).detach();
  if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    std::fprintf(stderr, "FAILED: %s did not return within 10 s (a hang)\n", what);
    std::fflush(stderr);
    std::_Exit(1);
  }
  return result.get();
}

// Issue 12 item 1: a form feed before an array element put the JSON path
// into an endless loop (the strictness pass after protobuf's parser did not
// skip \f, which protobuf's parser does, and did not advance on '}'). Both
// the reader every front end uses and protobuf's path (kept for the
// benchmarks and differential tests) must return.
TEST(HouseholdJson, FormFeedBeforeAnArrayElementDoesNotHang) {
  // The audit's record (tests/fuzz/regressions/household_json/form-feed-hang.json).
  const std::string record = "{\"members\":[\f{}]}";
  absl::Status read = WithinDeadline("ParseHouseholdJson", [&record] {
    v1::Household h;
    return ParseHouseholdJson(record, &h);
  });
  // And it is refused: \f is not JSON whitespace.
  EXPECT_FALSE(read.ok());
  // Protobuf's path reads it (its parser skips \f) and now returns.
  EXPECT_TRUE(WithinDeadline("ParseHouseholdJsonWithProtobuf", [&record] {
                v1::Household h;
                return ParseHouseholdJsonWithProtobuf(record, &h);
              }).ok());
  // The same with \v, and before an object's key and a scalar value.
  for (const char* other : {"{\"members\":[\v{}]}", "{\f\"id\":\"a\"}", "{\"id\":\v\"a\"}",
                            "{\"members\":[{}\f,{\v}\v]\f}"}) {
    WithinDeadline(other, [other] {
      v1::Household h;
      return ParseHouseholdJsonWithProtobuf(other, &h);
    }).IgnoreError();
    EXPECT_FALSE(WithinDeadline(other, [other] {
                   v1::Household h;
                   return ParseHouseholdJson(other, &h);
                 }).ok())
        << other;
  }
}

// Issue 12 item 3: one dialect, strict RFC 8259 with one name per field.
// Protobuf's parser read single quotes, bare keys and \f, and the
// strictness pass after it skipped them, so 'lifted_out':'false' was
// decided (and the category changed). Now none of them is read.
TEST(HouseholdJson, SingleQuotesAndBareKeysAreRefusedWithTheColumn) {
  EXPECT_EQ(Error(R"({'lifted_out':'false'})"),
            "malformed JSON: line 1, column 2: expected a key in double quotes, found a single "
            "quote (JSON strings and keys take double quotes)");
  EXPECT_EQ(Error(R"({"lifted_out":'false'})"),
            "malformed JSON: line 1, column 15: expected a value, found a single quote (JSON "
            "strings and keys take double quotes)");
  EXPECT_EQ(Error(R"({lifted_out:"false"})"),
            "malformed JSON: line 1, column 2: expected a key in double quotes, found 'l'");
}

TEST(HouseholdJson, FormFeedAndVerticalTabAreNotWhitespace) {
  EXPECT_EQ(Error("{\"members\":[\f{}]}"),
            "malformed JSON: line 1, column 13: expected a value, found a form feed (\\f), "
            "which is not JSON whitespace");
  EXPECT_EQ(Error("{\"id\":\"a\"\v}"),
            "malformed JSON: line 1, column 10: expected ',' or '}' after a field, found a "
            "vertical tab (\\v), which is not JSON whitespace");
  EXPECT_EQ(Error("\xef\xbb\xbf{}"),
            "malformed JSON: line 1, column 1: expected a value, found a byte order mark "
            "(U+FEFF)");
}

TEST(HouseholdJson, SyntaxErrorsGiveLineAndColumnInCharacters) {
  EXPECT_EQ(Error("{\n  \"id\": \"a\",\n  \"members\": [{},]\n}"),
            "malformed JSON: line 3, column 18: expected a value, found ']'");
  // Columns count characters: 刘建国 is three, not nine bytes.
  EXPECT_EQ(Error(R"({"id":"刘建国" "x":1})"),
            "malformed JSON: line 1, column 13: expected ',' or '}' after a field, found '\"'");
  EXPECT_EQ(Error(R"({"id":"x",)"),
            "malformed JSON: line 1, column 11: expected a key in double quotes, found the end "
            "of the input");
  EXPECT_EQ(Error(R"({"id":"\x"})"),
            "malformed JSON: line 1, column 8: \\x is not a JSON escape (JSON has \\\" \\\\ \\/ "
            "\\b \\f \\n \\r \\t and \\uXXXX)");
  EXPECT_EQ(Error(R"({"lifted_out":True})"),
            "malformed JSON: line 1, column 15: expected a value, found 'T'");
}

// A field given twice was last-wins in protobuf's parser (and a repeated
// field given twice was merged), whether under one name or under its proto
// name and its JSON name: `liftedOut` then `lifted_out` decided by the
// second. One name per field: the second is refused, with its column.
TEST(HouseholdJson, AFieldGivenTwiceIsRefused) {
  EXPECT_EQ(Error(R"({"liftedOut":true,"lifted_out":false})"),
            "lifted_out: the field is given twice, as \"liftedOut\" and as \"lifted_out\" (two "
            "names of one field); give each field once (line 1, column 19)");
  EXPECT_EQ(Error(R"({"members":[{"id":"a"}],"members":[{"id":"b"}]})"),
            "members: the field is given twice; give each field once (line 1, column 25)");
  EXPECT_EQ(Error(R"({"members":[{"id":"a","id":"b"}]})"),
            "members[0].id: the field is given twice; give each field once (line 1, column 23)");
  EXPECT_EQ(Error(R"({"lifted_out_year":5,"lifted_out_year":null})"),
            "lifted_out_year: the field is given twice; give each field once (line 1, column 22)");
  EXPECT_EQ(ErrorField(Error(R"({"region":{},"region":{}})")), "region");
}

// Issue 12 item 6: a NUL inside a string was accepted. No household text
// holds one, and C callers would cut the text there.
TEST(HouseholdJson, ANulInAStringIsRefused) {
  EXPECT_EQ(Error(R"({"id":"a\u0000b"})"),
            "id: a NUL character (\\u0000) is not allowed in a string (line 1, column 9)");
  EXPECT_EQ(Error(R"({"members":[{},{"name":"\u0000"}]})"),
            "members[1].name: a NUL character (\\u0000) is not allowed in a string (line 1, "
            "column 25)");
  EXPECT_EQ(Error(std::string("{\"id\":\"a\0b\"}", 12)),
            "malformed JSON: line 1, column 9: the control character U+0000 inside a string "
            "must be written as an escape");
}

TEST(HouseholdJson, IntegersAreWrittenAsJsonIntegers) {
  EXPECT_EQ(Error(R"({"lifted_out_year":1e3})"),
            "lifted_out_year: the value must be a whole number from -2147483648 to 2147483647, "
            "written as JSON digits (no fraction, exponent, '+' or leading zero; quotes allowed), "
            "not 1e3 (line 1, column 20)");
  EXPECT_THAT(Error(R"({"lifted_out_year":"007"})"), HasSubstr("not \"007\" (line 1, column 20)"));
  v1::Household h;
  ASSERT_TRUE(ParseHouseholdJson(R"({"lifted_out_year":"2016","income":[{"amount_fen":-5}]})", &h)
                  .ok());
  EXPECT_EQ(h.lifted_out_year(), 2016);
}

// Limits (include/povmon/json.h): a record's length and its nesting.
TEST(HouseholdJson, LimitsOnLengthAndNestingAreClearErrors) {
  std::string big = R"({"id":")" + std::string(kMaxHouseholdJsonBytes, 'x') + R"("})";
  EXPECT_EQ(Error(big), absl::StrCat("the household's JSON is ", big.size(),
                                     " bytes, over the limit of 4194304 bytes (4 MiB)"));
  std::string deep = R"({"members":)" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_EQ(Error(deep),
            "malformed JSON: line 1, column 75: nested deeper than 64 levels of objects and "
            "arrays (the limit)");
  // 64 levels is within the limit: the error is then the schema's.
  std::string at_limit = R"({"members":)" + std::string(63, '[') + std::string(63, ']') + "}";
  EXPECT_THAT(Error(at_limit), HasSubstr("members"));
  EXPECT_THAT(Error(at_limit), ::testing::Not(HasSubstr("nested deeper")));
}

// Every reproducer the household JSON fuzz target keeps
// (tests/fuzz/regressions/household_json/, the hang among them) returns
// within the deadline, here in every build, not only the clang fuzzing one.
TEST(HouseholdJson, EveryFuzzRegressionReturnsWithinTheDeadline) {
  namespace fs = std::filesystem;
  const fs::path folder = fs::path(POVMON_SOURCE_DIR) / "tests/fuzz/regressions/household_json";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string record = bytes.str();
    const std::string name = entry.path().filename().string();
    absl::Status read = WithinDeadline(name.c_str(), [&record] {
      v1::Household h;
      return ParseHouseholdJson(record, &h);
    });
    // Each is a record povmon's dialect refuses, with a message.
    EXPECT_FALSE(read.ok()) << name;
    EXPECT_FALSE(read.message().empty()) << name;
    ++files;
  }
  EXPECT_GE(files, 10);
}

TEST(HouseholdJson, IdIsFoundEvenInABadRecord) {
  EXPECT_EQ(HouseholdIdOf(R"({"members":[{"id":"m1"}],"id":"h-9","x":)"), "h-9");
  EXPECT_EQ(HouseholdIdOf(R"({"name":"id","other":{"id":"inner"}})"), "");
  EXPECT_EQ(HouseholdIdOf("not json"), "");
}

// An error record names the household the decision would have named: the
// id's escapes decoded as the reader decodes them (issue 12).
TEST(HouseholdJson, IdOfABadRecordHasItsEscapesDecodedAsTheReaderDecodesThem) {
  // \u escapes, a surrogate pair (U+1F600), JSON's one-letter escapes.
  EXPECT_EQ(HouseholdIdOf(R"({"id":"h\u00e9-\ud83d\ude00","members":"x"})"),
            "h\xc3\xa9-\xf0\x9f\x98\x80");
  EXPECT_EQ(HouseholdIdOf(R"({"id":"\u6751\u0041\/\"\\\t","members":"x"})"),
            "\xe6\x9d\x91" "A/\"\\\t");
  // The key too may be escaped; the id's raw UTF-8 is kept as it is.
  EXPECT_EQ(HouseholdIdOf(R"({"\u0069d":"戶-7","members":"x"})"), "戶-7");
  // A raw control character is refused by the reader, but its meaning is
  // plain: kept (the CLI shows it escaped).
  EXPECT_EQ(HouseholdIdOf("{\"id\":\"bad\x1b[31m\",\"members\":\"x\"}"), "bad\x1b[31m");
}

TEST(HouseholdJson, IdOfABadRecordIsTheOneTheDecisionCarriesWhereTheRecordIsRead) {
  // Every record the reader accepts: HouseholdIdOf finds the id it read.
  for (const char* json : {
           R"({"id":"h\u00e9-\ud83d\ude00","members":[{"id":"m\u0031"}]})",
           R"({"members":[{"id":"inner"}],"\u0069d":"\u6751\/1"})",
           R"({"id":"\ud834\udd1e\b\f\n\r\t"})",
           R"({"lifted_out":true})",
       }) {
    v1::Household h;
    ASSERT_TRUE(ParseHouseholdJson(json, &h).ok()) << json;
    EXPECT_EQ(HouseholdIdOf(json), h.id()) << json;
  }
}

TEST(HouseholdJson, IdOfABadRecordIsEmptyWhereTheReaderCouldNotReadTheId) {
  for (const char* json : {
           R"({"id":"h\x41"})",           // an escape JSON does not define
           R"({"id":"h\u00G1"})",         // not four hex digits
           R"({"id":"h\u00e"})",          // cut short
           R"({"id":"h\ud83d"})",         // a high surrogate alone
           R"({"id":"h\ud83dx"})",        // ... followed by no \u
           R"({"id":"h\ud83d\u0041"})",   // ... followed by no low surrogate
           R"({"id":"h\ude00"})",         // a low surrogate first
           R"({"id":"h\u0000"})",         // a NUL
           R"({"id":"h-1)",               // cut off inside the id
           R"({"id":"h\)",                // cut off inside an escape
       }) {
    v1::Household h;
    EXPECT_FALSE(ParseHouseholdJson(json, &h).ok()) << json;
    EXPECT_EQ(HouseholdIdOf(json), "") << json;
  }
  static constexpr char kRawNul[] = "{\"id\":\"h\0\",\"x\":1}";
  EXPECT_EQ(HouseholdIdOf(std::string(kRawNul, sizeof kRawNul - 1)), "");  // a raw NUL
  EXPECT_EQ(HouseholdIdOf("{\"id\":\"h\xff\"}"), "");                      // not UTF-8
  EXPECT_EQ(HouseholdIdOf("{\"id\":\"h\xe6\x9d\"}"), "");                  // a cut sequence
  // A key that is not "id" once decoded, or cannot be decoded, names nothing.
  EXPECT_EQ(HouseholdIdOf(R"({"\u0069e":"x","members":"x"})"), "");
  EXPECT_EQ(HouseholdIdOf(R"({"i\q":"x","members":"x"})"), "");
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
