// Architecture non-negotiable 3: no heap allocation per household after
// warm-up. For every shipped pack, one Evaluator decides every household of
// the pack's own test cases into one reused Decision, at every trace level;
// once each household has been decided twice, deciding each again allocates
// nothing, and the test names any household that does. Counted with a
// replaced global operator new.
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

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
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

struct Case {
  std::string where;  // file: case name
  v1::Household household;
  EvaluateOptions options;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The households of the pack's test cases (workshop cases have none).
std::vector<Case> PackCases(const fs::path& pack) {
  std::vector<Case> cases;
  for (const auto& entry : fs::directory_iterator(pack / "tests")) {
    v1::TestSuite suite;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(Slurp(entry.path()), &suite))
        << entry.path();
    for (const v1::TestCase& c : suite.case_()) {
      if (!c.has_household()) continue;
      Case k;
      k.where = entry.path().filename().string() + ": " + c.name();
      k.household = c.household();
      std::optional<absl::CivilDay> as_of = ParseDate(c.as_of());
      if (!as_of) continue;
      k.options.as_of = *as_of;
      cases.push_back(std::move(k));
    }
  }
  return cases;
}

class EngineAllocation : public ::testing::TestWithParam<std::string> {};

TEST_P(EngineAllocation, DecidingAgainAllocatesNothingAtEveryTraceLevel) {
  const fs::path pack = fs::path(POVMON_SOURCE_DIR) / "policies" / GetParam();
  auto policy = Policy::Load(pack.string());
  ASSERT_TRUE(policy.ok()) << policy.status();
  std::vector<Case> cases = PackCases(pack);
  ASSERT_GE(cases.size(), 5u) << pack;
  for (v1::TraceLevel trace :
       {v1::TRACE_LEVEL_OFF, v1::TRACE_LEVEL_RULES, v1::TRACE_LEVEL_FULL}) {
    Evaluator evaluator(*policy);
    v1::Decision decision;
    // Households the engine refuses (test cases of error messages) are left
    // out: an error builds its message, and errors are not the hot path.
    std::vector<const Case*> decidable;
    for (Case& c : cases) {
      c.options.trace = trace;
      if (evaluator.Evaluate(c.household, c.options, &decision).ok()) decidable.push_back(&c);
    }
    ASSERT_GE(decidable.size(), 5u) << pack;
    // One warm-up round: every household once more, after the first pass.
    for (const Case* c : decidable) {
      ASSERT_TRUE(evaluator.Evaluate(c->household, c->options, &decision).ok()) << c->where;
    }
    std::string allocating;  // the households that still allocate, and how often
    for (const Case* c : decidable) {
      g_allocations = 0;
      g_counting = true;
      absl::Status s = evaluator.Evaluate(c->household, c->options, &decision);
      g_counting = false;
      ASSERT_TRUE(s.ok()) << c->where;
      if (g_allocations.load() != 0) {
        allocating += "\n  " + c->where + ": " + std::to_string(g_allocations.load());
      }
    }
    EXPECT_EQ(allocating, "") << GetParam() << ", trace level " << v1::TraceLevel_Name(trace)
                              << ", " << decidable.size() << " households";
  }
}

std::vector<std::string> ShippedPacks() {
  std::vector<std::string> packs;
  for (const auto& entry : fs::directory_iterator(fs::path(POVMON_SOURCE_DIR) / "policies")) {
    if (fs::exists(entry.path() / "pack.textproto")) {
      packs.push_back(entry.path().filename().string());
    }
  }
  std::sort(packs.begin(), packs.end());
  return packs;
}

INSTANTIATE_TEST_SUITE_P(ShippedPacks, EngineAllocation, ::testing::ValuesIn(ShippedPacks()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace povmon
