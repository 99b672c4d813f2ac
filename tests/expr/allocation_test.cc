// Evaluation allocates nothing on the heap once the Scratch has grown to the
// program's size. Counted with a replaced global operator new.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "tests/expr/expr_test_util.h"

// The replacements below pair malloc with free; GCC cannot see that through
// the inlined operators.
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
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace povmon::expr::testing {
namespace {

class CountAllocations {
 public:
  CountAllocations() {
    g_allocations = 0;
    g_counting = true;
  }
  ~CountAllocations() { g_counting = false; }
  long count() const { return g_allocations.load(); }
};

class NullSink : public ComparisonSink {
 public:
  void Compared(std::string_view, std::string_view, std::string_view,
                const Value&, const Value& right, const Type&, bool) override {
    total += right.i;
  }
  std::int64_t total = 0;
};

class AllocationTest : public ExprTest {
 protected:
  void SetUp() override {
    SetHousehold(R"pb(
      id: "h1"
      lifted_out: true
      members {
        id: "m1"
        birth_date: "1958-02-28"
        relation: RELATION_HEAD
        schooling { stage: SCHOOL_STAGE_NOT_IN_SCHOOL }
      }
      members {
        id: "m2"
        birth_date: "2006-07-15"
        relation: RELATION_CHILD
        schooling { stage: SCHOOL_STAGE_SENIOR_SECONDARY }
      }
      members {
        id: "m3"
        birth_date: "2008-01-31"
        relation: RELATION_CHILD
        schooling { stage: SCHOOL_STAGE_VOCATIONAL }
      }
      income {
        date: "2023-12-31"
        kind: INCOME_KIND_WAGE
        amount_fen: 1200000
        member_id: "m1"
      }
      income {
        date: "2023-08-31"
        kind: INCOME_KIND_BUSINESS
        amount_fen: 300000
        member_id: "m1"
      }
      income {
        date: "2023-05-31"
        kind: INCOME_KIND_DIBAO
        amount_fen: 50000
        member_id: "m2"
      }
      expenditure {
        date: "2023-09-01"
        kind: EXPENDITURE_KIND_EDUCATION
        amount_fen: 700000
      }
    )pb");
    SetFacts(
        "per_capita_net_income_fen: 516666 counted_members: 3 window_start: "
        "\"2023-03-01\"");
    SetIdentification("risk_types: RISK_TYPE_ILLNESS");
  }
};

constexpr char kRule[] =
    "facts.per_capita_net_income_fen < param.monitoring_line && "
    "household.lifted_out && "
    "param.strict && household.id != \"\" && "
    "RISK_TYPE_ILLNESS in identification.risk_types && "
    "count(filter(household.members, m, years_between(m.birth_date, as_of) < "
    "18), c, "
    "c.schooling.stage in [SCHOOL_STAGE_SENIOR_SECONDARY, "
    "SCHOOL_STAGE_VOCATIONAL]) >= 2 && "
    "sum(filter(filter(household.income, i, i.date >= facts.window_start), j, "
    "j.kind != INCOME_KIND_DIBAO), k, k.amount_fen) * 10000 > "
    "sum(household.expenditure, e, e.amount_fen) * param.clearly_exceeds_bp && "
    "any(household.members, m, m.relation == RELATION_HEAD && "
    "add_months(m.birth_date, 12 * 60) <= as_of && "
    "any(household.income, i, i.member_id == m.id)) && "
    "days_between(param.window_start, as_of) > 30 && "
    "max(year(as_of), month(as_of)) == 2024";

TEST_F(AllocationTest, NoHeapAllocationAfterTheFirstEvaluation) {
  std::unique_ptr<Program> p = MustCompile(kRule, Bool());
  ASSERT_NE(p, nullptr);
  absl::StatusOr<Value> first = p->Evaluate(activation_, &scratch_, nullptr);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(first->i);
  bool all_true = true;
  long allocations = 0;
  {
    CountAllocations counter;
    for (int i = 0; i < 100; ++i) {
      absl::StatusOr<Value> v = p->Evaluate(activation_, &scratch_, nullptr);
      all_true = all_true && v.ok() && v->i == 1;
    }
    allocations = counter.count();
  }
  EXPECT_TRUE(all_true);
  EXPECT_EQ(allocations, 0);
}

TEST_F(AllocationTest, NoHeapAllocationWithASink) {
  std::unique_ptr<Program> p = MustCompile(kRule, Bool());
  ASSERT_NE(p, nullptr);
  NullSink sink;
  ASSERT_TRUE(p->Evaluate(activation_, &scratch_, &sink).ok());
  long allocations = 0;
  {
    CountAllocations counter;
    for (int i = 0; i < 10; ++i)
      (void)p->Evaluate(activation_, &scratch_, &sink);
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
  EXPECT_GT(sink.total, 0);
}

TEST_F(AllocationTest, TheFirstEvaluationOnlyGrowsTheScratch) {
  std::unique_ptr<Program> p = MustCompile(kRule, Bool());
  ASSERT_NE(p, nullptr);
  long allocations = 0;
  {
    CountAllocations counter;
    (void)p->Evaluate(activation_, &scratch_, nullptr);
    allocations = counter.count();
  }
  // The slots, their stamps (for the values cached per evaluation) and the
  // columns a loop reads its elements' fields into.
  EXPECT_EQ(allocations, 3);
  // A smaller program on the grown scratch allocates nothing.
  std::unique_ptr<Program> small =
      MustCompile("any(household.members, m, true)", Bool());
  ASSERT_NE(small, nullptr);
  {
    CountAllocations counter;
    (void)small->Evaluate(activation_, &scratch_, nullptr);
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0);
}

TEST_F(AllocationTest, TheCounterSeesAllocations) {
  long allocations = 0;
  {
    CountAllocations counter;
    std::vector<int> v(1000, 7);
    allocations = counter.count();
    EXPECT_EQ(v[999], 7);
  }
  EXPECT_GE(allocations, 1);
}

}  // namespace
}  // namespace povmon::expr::testing
