// After warm-up, deciding a household's assistance plan allocates nothing:
// the Decision is reused (protobuf's Clear() keeps the plan's entries and
// their strings), and the stage keeps no per-household heap state. Counted
// with a replaced global operator new.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <new>
#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "povmon/workshop.h"

// The replacements pair malloc with free; GCC cannot see that through the
// inlined operators.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  }
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  }
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace povmon {
namespace {

// A Funan household with a measure from most departments: medical
// assistance over two claims, dibao, housing, pupil aid, microcredit refused
// for age, and the helper (Plan 1 §4(一)).
constexpr char kHousehold[] = R"pb(
  id: "fn-alloc"
  members { id: "m1" relation: RELATION_HEAD registered: true labour_capacity: LABOUR_CAPACITY_FULL
            birth_date: "1958-07-01"
            assistance { full_civil_capacity: true bank_credit_rated: true wants_loan: true able_to_repay: true } }
  members { id: "m2" relation: RELATION_SPOUSE registered: true labour_capacity: LABOUR_CAPACITY_PARTIAL
            birth_date: "1982-09-12" health { serious_illness: true } }
  members { id: "c1" relation: RELATION_CHILD registered: true labour_capacity: LABOUR_CAPACITY_NONE
            birth_date: "2012-03-01" schooling { stage: SCHOOL_STAGE_JUNIOR_SECONDARY } }
  income { date: "2024-01-15" kind: INCOME_KIND_WAGE amount_fen: 1500000 }
  medical_claims { id: "c1" member_id: "m2" date: "2024-02-01" compliant_out_of_pocket_fen: 1600000
                   in_province: true tiered_referral: true assistance_paid_fen: 800000 }
  medical_claims { id: "c2" member_id: "m2" date: "2024-05-20" compliant_out_of_pocket_fen: 600000
                   in_province: false tiered_referral: false }
  housing: HOUSING_SAFETY_UNSAFE
  housing_renovation: HOUSING_RENOVATION_REPAIR
  support: SUPPORT_STATUS_DIBAO
  water: WATER_SAFETY_BROKEN_SUPPLY
)pb";

long CountAllocations(const std::function<void()>& work) {
  g_allocations = 0;
  g_counting = true;
  work();
  g_counting = false;
  return g_allocations.load();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every file of the Funan pack (whatever the pack names: parameters, rules,
// lifecycle...), with or without its measure catalogue.
std::shared_ptr<const Policy> Funan(bool with_measures) {
  const std::filesystem::path dir = std::filesystem::path(POVMON_SOURCE_DIR) / "policies/funan-2024";
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    std::string name = std::filesystem::relative(entry.path(), dir).generic_string();
    if (!entry.is_regular_file() || name.rfind("tests/", 0) == 0) continue;
    files[name] = Slurp(entry.path().string());
  }
  if (!with_measures) {
    std::string& pack = files["pack.textproto"];
    for (std::size_t at = pack.find("measure_files:"); at != std::string::npos;
         at = pack.find("measure_files:")) {
      pack.erase(at, pack.find('\n', at) - at);
    }
  }
  auto policy = Policy::LoadFromFiles(files, "funan");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : nullptr;
}

long AllocationsPer100(std::shared_ptr<const Policy> policy, v1::TraceLevel trace, int* measures) {
  v1::Household h;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kHousehold, &h));
  Evaluator evaluator(policy);
  v1::Decision d;
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 7, 1);
  options.trace = trace;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(evaluator.Evaluate(h, options, &d).ok());
  long allocations = CountAllocations([&] {
    for (int i = 0; i < 100; ++i) EXPECT_TRUE(evaluator.Evaluate(h, options, &d).ok());
  });
  *measures = d.assistance().measures_size();
  return allocations;
}

// Deciding the plan again allocates nothing, with or without the catalogue
// (Decision's sub-messages are `optional`, so Clear() keeps them).
TEST(AssistanceAllocation, DecidingThePlanAgainAllocatesNothing) {
  auto with = Funan(true);
  auto without = Funan(false);
  ASSERT_TRUE(with && without);
  for (v1::TraceLevel trace : {v1::TRACE_LEVEL_RULES, v1::TRACE_LEVEL_FULL}) {
    int measures = 0, none = 0;
    long planned = AllocationsPer100(with, trace, &measures);
    long identified_only = AllocationsPer100(without, trace, &none);
    EXPECT_GE(measures, 8);
    EXPECT_EQ(none, 0);
    EXPECT_EQ(planned, 0) << "trace level " << trace;
    EXPECT_EQ(identified_only, 0) << "trace level " << trace;
  }
}

TEST(AssistanceAllocation, AwardingAWorkshopAgainAllocatesNothing) {
  auto policy = Policy::Load(std::string(POVMON_SOURCE_DIR) + "/policies/xiangyin-2024");
  ASSERT_TRUE(policy.ok()) << policy.status();
  v1::Workshop w;
  w.set_recognised(true);
  for (int i = 0; i < 12; ++i) {
    v1::WorkshopEmployee* e = w.add_employees();
    e->set_lifted_out(true);
    e->set_months_employed(6 + i);
    e->set_average_monthly_wage_fen(100000);
  }
  WorkshopAwarder awarder(*policy);
  v1::WorkshopAward award;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(awarder.Award(w, absl::CivilDay(2024, 7, 1), v1::TRACE_LEVEL_FULL, &award).ok());
  }
  long allocations = CountAllocations([&] {
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(awarder.Award(w, absl::CivilDay(2024, 7, 1), v1::TRACE_LEVEL_FULL, &award).ok());
    }
  });
  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(award.total_fen(), 2000000 + 6 * 100000);
}

}  // namespace
}  // namespace povmon
