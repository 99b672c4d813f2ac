// The error line a batch writes for an input it could not decide: one format
// for the CLI and the C ABI (include/povmon/json.h; architecture
// non-negotiable 7, "every input gets exactly one output").
#include "gtest/gtest.h"
#include "povmon/json.h"

namespace povmon {
namespace {

std::string Record(std::size_t index, long line, std::string_view id, const absl::Status& s) {
  std::string out;
  AppendErrorRecordJson(index, line, id, s, &out);
  return out;
}

TEST(ErrorRecord, NamesRecordLineHouseholdCodeStatusAndField) {
  EXPECT_EQ(Record(2, 3, "bad-invalid-date",
                   absl::InvalidArgumentError(
                       "income[2].date: \"2024-02-30\" is not a valid date (YYYY-MM-DD)")),
            R"({"index":2,"line":3,"household_id":"bad-invalid-date","error":{"code":3,)"
            R"("status":"INVALID_ARGUMENT","field":"income[2].date","message":)"
            R"j("income[2].date: \"2024-02-30\" is not a valid date (YYYY-MM-DD)"}})j");
}

TEST(ErrorRecord, LeavesOutWhatIsNotKnown) {
  // No line (protobuf input), no household id, a message with no field path.
  EXPECT_EQ(Record(0, 0, "", absl::OutOfRangeError("as-of date 2030-01-01 is outside")),
            R"({"index":0,"error":{"code":11,"status":"OUT_OF_RANGE",)"
            R"("message":"as-of date 2030-01-01 is outside"}})");
}

TEST(ErrorRecord, NeverWritesInvalidUtf8) {
  std::string bad_id = "h\xff";
  std::string out = Record(1, 2, bad_id, absl::InvalidArgumentError("members: \xc0\xaf"));
  EXPECT_TRUE(IsValidUtf8(out)) << out;
  EXPECT_EQ(out.find("household_id"), std::string::npos);
  EXPECT_NE(out.find("(the message is not valid UTF-8)"), std::string::npos);
}

TEST(ErrorRecord, FieldIsALowercasePathBeforeTheFirstColon) {
  EXPECT_EQ(ErrorField("members[0].birth_date: bad"), "members[0].birth_date");
  EXPECT_EQ(ErrorField("malformed JSON: Unexpected token"), "");
  EXPECT_EQ(ErrorField(": nothing"), "");
  EXPECT_EQ(ErrorField("no colon here"), "");
}

TEST(Utf8, RejectsEveryMalformedKind) {
  EXPECT_TRUE(IsValidUtf8("防止返貧 ok \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\x80"));              // stray continuation byte
  EXPECT_FALSE(IsValidUtf8("\xe9\x98"));          // truncated sequence
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

TEST(HouseholdJsonUtf8, InvalidUtf8IsAnErrorNotAGuess) {
  v1::Household h;
  absl::Status s = ParseHouseholdJson("{\"id\":\"h\xff\"}", &h);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "input is not valid UTF-8");
}

}  // namespace
}  // namespace povmon
