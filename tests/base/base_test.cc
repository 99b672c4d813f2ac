#include <limits>

#include "gtest/gtest.h"
#include "src/base/date.h"
#include "src/base/money.h"
#include "src/base/sha256.h"

namespace povmon {
namespace {

TEST(Date, ParsesOnlyRealDays) {
  EXPECT_EQ(ParseDate("2024-02-29"), absl::CivilDay(2024, 2, 29));
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2024-02-30"));
  EXPECT_FALSE(ParseDate("2024-2-01"));
  EXPECT_FALSE(ParseDate("2024-13-01"));
  EXPECT_FALSE(ParseDate(""));
  EXPECT_FALSE(ParseDate("2024-01-01x"));
}

TEST(Date, EpochDaysRoundTrip) {
  EXPECT_EQ(DaysSinceEpoch(absl::CivilDay(1970, 1, 2)), 1);
  EXPECT_EQ(DayFromEpochDays(DaysSinceEpoch(absl::CivilDay(2024, 5, 1))), absl::CivilDay(2024, 5, 1));
  EXPECT_EQ(FormatDate(absl::CivilDay(2024, 5, 1)), "2024-05-01");
}

TEST(Date, AddMonthsClampsToTheMonthEnd) {
  EXPECT_EQ(AddMonthsClamped(absl::CivilDay(2024, 1, 31), 1), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(AddMonthsClamped(absl::CivilDay(2024, 2, 29), -12), absl::CivilDay(2023, 2, 28));
}

TEST(Money, ParsesYuanExactly) {
  EXPECT_EQ(ParseYuan("6500.00"), 650000);
  EXPECT_EQ(ParseYuan("6500"), 650000);
  EXPECT_EQ(ParseYuan("312.5"), 31250);
  EXPECT_EQ(ParseYuan("-0.05"), -5);
  EXPECT_FALSE(ParseYuan("12.345"));
  EXPECT_FALSE(ParseYuan("12."));
  EXPECT_FALSE(ParseYuan("1e3"));
  EXPECT_FALSE(ParseYuan("99999999999999999999"));
}

TEST(Money, FormatsWithSeparators) {
  EXPECT_EQ(FormatYuan(584000), "5,840.00");
  EXPECT_EQ(FormatYuan(-5), "-0.05");
  EXPECT_EQ(FormatYuan(0), "0.00");
  EXPECT_EQ(FormatYuan(123456789012), "1,234,567,890.12");
  EXPECT_EQ(FormatYuan(std::numeric_limits<std::int64_t>::min()), "-92,233,720,368,547,758.08");
}

TEST(Money, FloorDivisionRoundsDown) {
  EXPECT_EQ(FloorDiv(7, 2), 3);
  EXPECT_EQ(FloorDiv(-7, 2), -4);
  EXPECT_EQ(FloorDiv(-6, 2), -3);
}

TEST(Sha256, KnownDigests) {
  Sha256 empty;
  EXPECT_EQ(empty.HexDigest(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 abc;
  abc.Update("abc");
  EXPECT_EQ(abc.HexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 long_input;
  long_input.Update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  EXPECT_EQ(long_input.HexDigest(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

}  // namespace
}  // namespace povmon
