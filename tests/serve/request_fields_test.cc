// The service's request fields (tools/povmon/serve/request_fields.h): every
// refusal of a bad household starts with a field path, as service.proto
// promises ("A bad request is INVALID_ARGUMENT whose message starts with
// the field path").
#include "tools/povmon/serve/request_fields.h"

#include <string>
#include <string_view>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/json.h"

namespace povmon::serve {
namespace {

std::string Field(const absl::Status& s) {
  return std::string(ErrorField(std::string_view(s.message().data(), s.message().size())));
}

TEST(RequestFields, AnEngineErrorNamingAFieldIsPrefixedWithHousehold) {
  absl::Status s = InHousehold(absl::InvalidArgumentError("members[0].birth_date: bad"));
  EXPECT_EQ(s.message(), "household.members[0].birth_date: bad");
  EXPECT_EQ(Field(s), "household.members[0].birth_date");
}

// An engine error about the household that names no field of it (a
// measure's or a rule's) came back as INVALID_ARGUMENT with no field path
// (found by the serve_request fuzz target): its field is the household.
TEST(RequestFields, AnInvalidArgumentNamingNoFieldIsTheHouseholds) {
  absl::Status s = InHousehold(absl::InvalidArgumentError(
      "measure \"age\" (t/measures.textproto:1) for member m: birth_date is empty"));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Field(s), "household");
  EXPECT_THAT(std::string(s.message()), ::testing::StartsWith("household: measure \"age\""));
  // Other codes are not about a bad request: unchanged.
  absl::Status overflow = absl::OutOfRangeError("money overflow while summing income");
  EXPECT_EQ(InHousehold(overflow), overflow);
  EXPECT_TRUE(InHousehold(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace povmon::serve
