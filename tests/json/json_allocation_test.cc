// Architecture non-negotiable 3, for JSON in and out: once warm, reading a
// household's JSON line into a reused Household (ParseHouseholdJson) and
// printing its Decision into a reused string (DecisionToJson) allocate
// nothing. For every shipped pack, every example household line and the
// pack's own test households (as protobuf prints them, with proto names and
// with JSON names) are read, decided at every trace level and printed twice
// to warm up; reading and printing each again must allocate nothing, and
// the test names any line that does. Counted with a replaced global
// operator new, which is why this is a binary of its own.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"
#include "povmon/json_protobuf.h"
#include "povmon/policy.h"
#include "povmon/v1/policy.pb.h"
#include "src/base/date.h"

// The replacements pair malloc with free; GCC cannot see that through the
// inlined operators.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

void* Allocate(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  }
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace

void* operator new(std::size_t size) {
  void* p = Allocate(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return Allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return Allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace povmon {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = POVMON_SOURCE_DIR;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Line {
  std::string where;
  std::string json;
  std::optional<absl::CivilDay> as_of;  // the test case's date
};

std::vector<Line> PackLines(const fs::path& pack) {
  std::vector<Line> lines;
  for (const auto& entry : fs::directory_iterator(kSource / "examples" / "households")) {
    if (entry.path().extension() != ".jsonl") continue;
    std::istringstream in(Slurp(entry.path()));
    int n = 0;
    for (std::string json; std::getline(in, json);) {
      ++n;
      lines.push_back({absl::StrCat(entry.path().filename().string(), ":", n), json, {}});
    }
  }
  for (const auto& entry : fs::directory_iterator(pack / "tests")) {
    v1::TestSuite suite;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(Slurp(entry.path()), &suite));
    for (const v1::TestCase& c : suite.case_()) {
      if (!c.has_household()) continue;
      for (bool proto_names : {true, false}) {
        google::protobuf::util::JsonPrintOptions options;
        options.preserve_proto_field_names = proto_names;
        Line line;
        line.where = absl::StrCat(entry.path().filename().string(), ": ", c.name(),
                                  proto_names ? "" : " (JSON names)");
        EXPECT_TRUE(
            google::protobuf::util::MessageToJsonString(c.household(), &line.json, options).ok());
        line.as_of = ParseDate(c.as_of());
        lines.push_back(std::move(line));
      }
    }
  }
  return lines;
}

class JsonAllocation : public ::testing::TestWithParam<std::string> {};

TEST_P(JsonAllocation, ReadingAndPrintingAgainAllocateNothing) {
  const fs::path pack = kSource / "policies" / GetParam();
  auto policy = Policy::Load(pack.string());
  ASSERT_TRUE(policy.ok()) << policy.status();
  const std::vector<Line> lines = PackLines(pack);
  for (v1::TraceLevel trace :
       {v1::TRACE_LEVEL_OFF, v1::TRACE_LEVEL_RULES, v1::TRACE_LEVEL_FULL}) {
    Evaluator evaluator(*policy);
    v1::Household household;
    v1::Decision decision;
    std::string json;
    struct Decided {
      const Line* line;
      EvaluateOptions options;
    };
    // Lines that are read and decided; errors build their message, and
    // errors are not the hot path.
    std::vector<Decided> decided;
    for (const Line& line : lines) {
      EvaluateOptions options;
      options.trace = trace;
      options.as_of = line.as_of.value_or(absl::CivilDay(2024, 11, 30));
      if (options.as_of < (*policy)->valid_from() || options.as_of > (*policy)->valid_until()) {
        options.as_of = std::clamp(absl::CivilDay(2024, 11, 30), (*policy)->valid_from(),
                                   (*policy)->valid_until());
      }
      if (ParseHouseholdJson(line.json, &household).ok() &&
          evaluator.Evaluate(household, options, &decision).ok() &&
          DecisionToJson(decision, &json).ok()) {
        decided.push_back({&line, options});
      }
    }
    ASSERT_GE(decided.size(), 20u) << GetParam();
    // One warm-up round: every line once more, after the first pass.
    for (const Decided& d : decided) {
      ASSERT_TRUE(ParseHouseholdJson(d.line->json, &household).ok()) << d.line->where;
      ASSERT_TRUE(evaluator.Evaluate(household, d.options, &decision).ok()) << d.line->where;
      ASSERT_TRUE(DecisionToJson(decision, &json).ok()) << d.line->where;
    }
    std::string allocating;  // the lines that still allocate, and how often
    for (const Decided& d : decided) {
      g_allocations = 0;
      g_counting = true;
      absl::Status read = ParseHouseholdJson(d.line->json, &household);
      g_counting = false;
      const long reading = g_allocations.load();
      ASSERT_TRUE(read.ok()) << d.line->where;
      ASSERT_TRUE(evaluator.Evaluate(household, d.options, &decision).ok()) << d.line->where;
      g_allocations = 0;
      g_counting = true;
      absl::Status printed = DecisionToJson(decision, &json);
      g_counting = false;
      const long printing = g_allocations.load();
      ASSERT_TRUE(printed.ok()) << d.line->where;
      if (reading != 0 || printing != 0) {
        absl::StrAppend(&allocating, "\n  ", d.line->where, ": ", reading, " reading, ", printing,
                        " printing");
      }
    }
    EXPECT_EQ(allocating, "") << GetParam() << ", trace level " << v1::TraceLevel_Name(trace)
                              << ", " << decided.size() << " lines";
    // The count works: protobuf's converter, warm as well, allocates.
    const Decided& first = decided.front();
    ASSERT_TRUE(ParseHouseholdJsonWithProtobuf(first.line->json, &household).ok());
    ASSERT_TRUE(DecisionToJsonWithProtobuf(decision, &json).ok());
    g_allocations = 0;
    g_counting = true;
    absl::Status read = ParseHouseholdJsonWithProtobuf(first.line->json, &household);
    absl::Status printed = DecisionToJsonWithProtobuf(decision, &json);
    g_counting = false;
    ASSERT_TRUE(read.ok() && printed.ok()) << first.line->where;
    EXPECT_GT(g_allocations.load(), 0) << first.line->where;
  }
}

std::vector<std::string> ShippedPacks() {
  std::vector<std::string> packs;
  for (const auto& entry : fs::directory_iterator(kSource / "policies")) {
    if (fs::exists(entry.path() / "pack.textproto")) {
      packs.push_back(entry.path().filename().string());
    }
  }
  std::sort(packs.begin(), packs.end());
  return packs;
}

INSTANTIATE_TEST_SUITE_P(ShippedPacks, JsonAllocation, ::testing::ValuesIn(ShippedPacks()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace povmon
