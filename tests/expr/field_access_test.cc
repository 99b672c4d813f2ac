// The generated accessors (src/expr/field_access.h) read what Reflection
// reads, for every field of the schema's messages that rules can read; and
// a rule gets the day number of a date its caller already knows
// (KnownDates) instead of parsing the text, while a date it does not know is
// parsed as before.
#include "src/expr/field_access.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "povmon/v1/decision.pb.h"
#include "povmon/v1/facts.pb.h"
#include "povmon/v1/household.pb.h"
#include "povmon/v1/lifecycle.pb.h"
#include "tests/expr/expr_test_util.h"

namespace povmon::expr::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Every field has an accessor, except maps and the kinds rules cannot read.
void ExpectEveryField(const Descriptor* d) {
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_map() || f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE ||
        f->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT ||
        f->cpp_type() == FieldDescriptor::CPPTYPE_UINT64) {
      continue;
    }
    const FieldAccess* a = FindFieldAccess(f);
    ASSERT_NE(a, nullptr) << f->full_name();
    EXPECT_EQ(a->get != nullptr, !f->is_repeated()) << f->full_name();
    EXPECT_EQ(a->size != nullptr && a->element != nullptr, f->is_repeated()) << f->full_name();
  }
}

TEST(FieldAccess, EveryFieldOfTheRootsHasAnAccessor) {
  for (const Descriptor* d :
       {v1::Household::descriptor(), v1::Member::descriptor(), v1::IncomeRecord::descriptor(),
        v1::ExpenditureRecord::descriptor(), v1::Facts::descriptor(),
        v1::Identification::descriptor(), v1::LifecycleFacts::descriptor()}) {
    ExpectEveryField(d);
  }
}

// What Reflection reads, as a Value with the accessors' tags.
Value ByReflection(const Message& m, const FieldDescriptor* f, int index) {
  const Reflection* r = m.GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      return Value::Bool(index < 0 ? r->GetBool(m, f) : r->GetRepeatedBool(m, f, index));
    case FieldDescriptor::CPPTYPE_INT32:
      return Value::Int(index < 0 ? r->GetInt32(m, f) : r->GetRepeatedInt32(m, f, index));
    case FieldDescriptor::CPPTYPE_INT64:
      return Value::Int(index < 0 ? r->GetInt64(m, f) : r->GetRepeatedInt64(m, f, index));
    case FieldDescriptor::CPPTYPE_UINT32:
      return Value::Int(index < 0 ? r->GetUInt32(m, f) : r->GetRepeatedUInt32(m, f, index));
    case FieldDescriptor::CPPTYPE_ENUM:
      return Value::Enum(index < 0 ? r->GetEnumValue(m, f)
                                   : r->GetRepeatedEnumValue(m, f, index));
    case FieldDescriptor::CPPTYPE_STRING: {
      Value v;
      v.tag = ValueTag::kString;
      v.s = index < 0 ? r->GetStringReference(m, f, nullptr)
                      : r->GetRepeatedStringReference(m, f, index, nullptr);
      return v;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Value v;
      v.tag = ValueTag::kMessage;
      v.message = index < 0 ? &r->GetMessage(m, f) : &r->GetRepeatedMessage(m, f, index);
      return v;
    }
    default:
      return Value();
  }
}

// Compare accessor and Reflection on every field of `m` and, recursively,
// of its sub-messages.
void ExpectSameReads(const Message& m) {
  const Descriptor* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const FieldAccess* a = FindFieldAccess(f);
    if (a == nullptr) continue;
    const int n = f->is_repeated() ? a->size(m) : 1;
    if (f->is_repeated()) {
      ASSERT_EQ(n, m.GetReflection()->FieldSize(m, f)) << f->full_name();
    }
    for (int k = 0; k < n; ++k) {
      const Value got = f->is_repeated() ? a->element(m, k) : a->get(m);
      const Value want = ByReflection(m, f, f->is_repeated() ? k : -1);
      ASSERT_EQ(got.tag, want.tag) << f->full_name();
      EXPECT_EQ(got.i, want.i) << f->full_name();
      EXPECT_EQ(got.s, want.s) << f->full_name();
      EXPECT_EQ(got.s.data(), want.s.data()) << f->full_name() << ": not a view into the message";
      EXPECT_EQ(got.message, want.message) << f->full_name();
      if (got.message != nullptr) ExpectSameReads(*got.message);
    }
  }
}

TEST(FieldAccess, ReadsWhatReflectionReads) {
  v1::Household h;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    id: "430000-1" lifted_out: true previous_period_income_fen: 1234567
    members { id: "m1" birth_date: "1960-02-29" registered: true
              labour_capacity: LABOUR_CAPACITY_PARTIAL
              health { serious_illness: true disability_grade: DISABILITY_GRADE_2 }
              employment { public_body_stable_salary: true } }
    members { id: "m2" co_resident: true schooling { high_fee_private_school: true } }
    income { date: "2024-03-01" kind: INCOME_KIND_WAGE amount_fen: 1800000 }
    income { date: "2024-04-01" kind: INCOME_KIND_INSURANCE_CLAIM amount_fen: -5 }
    expenditure { date: "2024-05-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 100000 }
    assets { kind: ASSET_KIND_CAR origin: ASSET_ORIGIN_PURCHASED }
  )pb", &h));
  ExpectSameReads(h);
  // Unset sub-messages read as their defaults, as Reflection gives them.
  v1::Household empty;
  ExpectSameReads(empty);
}

bool IsNumber(const FieldDescriptor* f) {
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_ENUM:
      return !f->is_repeated();
    default:
      return false;
  }
}

// Every column read of `m`'s repeated message fields (each number field of
// the elements and of their singular message fields, set or not) gives, per
// element, what Reflection reads; other paths have none.
void ExpectSameColumns(const Message& m, int* checked) {
  const Descriptor* d = m.GetDescriptor();
  const Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* list = d->field(i);
    if (!list->is_repeated() || list->is_map() ||
        list->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    const int size = r->FieldSize(m, list);
    const Descriptor* e = list->message_type();
    for (int j = 0; j < e->field_count(); ++j) {
      const FieldDescriptor* leaf = e->field(j);
      const bool via = !leaf->is_repeated() && leaf->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
      ASSERT_EQ(FindColumnRead(list, nullptr, leaf) != nullptr, IsNumber(leaf))
          << list->full_name() << " " << leaf->full_name();
      if (IsNumber(leaf)) {
        std::vector<std::int64_t> column(static_cast<std::size_t>(size) + 1, -77);
        FindColumnRead(list, nullptr, leaf)(m, column.data());
        for (int k = 0; k < size; ++k) {
          EXPECT_EQ(column[static_cast<std::size_t>(k)],
                    ByReflection(r->GetRepeatedMessage(m, list, k), leaf, -1).i)
              << list->full_name() << "[" << k << "]." << leaf->name();
          ++*checked;
        }
        EXPECT_EQ(column[static_cast<std::size_t>(size)], -77) << "wrote past the list";
      }
      if (!via) continue;
      const Descriptor* sub = leaf->message_type();
      for (int k = 0; k < sub->field_count(); ++k) {
        const FieldDescriptor* g = sub->field(k);
        ASSERT_EQ(FindColumnRead(list, leaf, g) != nullptr, IsNumber(g))
            << list->full_name() << " " << leaf->name() << "." << g->name();
        if (!IsNumber(g)) continue;
        std::vector<std::int64_t> column(static_cast<std::size_t>(size), -77);
        FindColumnRead(list, leaf, g)(m, column.data());
        for (int x = 0; x < size; ++x) {
          const Message& element = r->GetRepeatedMessage(m, list, x);
          // An unset message field reads as its default instance.
          const Message& held = element.GetReflection()->GetMessage(element, leaf);
          EXPECT_EQ(column[static_cast<std::size_t>(x)], ByReflection(held, g, -1).i)
              << list->full_name() << "[" << x << "]." << leaf->name() << "." << g->name();
          ++*checked;
        }
      }
    }
    // A deeper path, or a leaf that is not the list's element's, has none.
    for (int j = 0; j < e->field_count(); ++j) {
      EXPECT_EQ(FindColumnRead(list, e->field(j), e->field(j)), nullptr);
    }
  }
}

TEST(FieldAccess, ColumnReadsReadWhatReflectionReads) {
  v1::Household h;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    members { id: "m1" registered: true labour_capacity: LABOUR_CAPACITY_PARTIAL
              health { serious_illness: true disability_grade: DISABILITY_GRADE_2 }
              employment { public_body_stable_salary: true unstable_wage_share_bp: 4200 } }
    members { id: "m2" co_resident: true schooling { high_fee_private_school: true } }
    members { id: "m3" employment { village_secretary_or_director: true } }
    income { date: "2024-03-01" kind: INCOME_KIND_WAGE amount_fen: 1800000 }
    income { date: "2024-04-01" kind: INCOME_KIND_BUSINESS amount_fen: -5 }
    expenditure { date: "2024-05-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 100000 }
    assets { kind: ASSET_KIND_CAR origin: ASSET_ORIGIN_PURCHASED value_fen: 3 }
    assets { kind: ASSET_KIND_COMMERCIAL_HOUSING_IN_TOWN }
  )pb", &h));
  int checked = 0;
  ExpectSameColumns(h, &checked);
  EXPECT_GT(checked, 50);
  // Lists of the other roots, and the empty lists of an empty household.
  v1::Identification id;
  ExpectSameColumns(id, &checked);
  v1::Household empty;
  ExpectSameColumns(empty, &checked);
  // Not a list of messages.
  EXPECT_EQ(FindColumnRead(v1::Identification::descriptor()->FindFieldByName("risk_types"),
                           nullptr, v1::Member::descriptor()->FindFieldByName("registered")),
            nullptr);
}

class KnownDatesTest : public ExprTest {};

TEST_F(KnownDatesTest, AKnownDateIsReadWithoutParsingAndAnUnknownOneIsParsed) {
  SetHousehold(R"pb(
    income { date: "2024-03-01" kind: INCOME_KIND_WAGE amount_fen: 100 }
    income { date: "2024-04-01" kind: INCOME_KIND_WAGE amount_fen: 200 }
  )pb");
  SetFacts(R"pb(window_start: "2023-03-01")pb");
  // Parsed from the text.
  EXPECT_EQ(I("facts.window_start"), Days("2023-03-01"));
  EXPECT_EQ(I("sum(filter(household.income, r, r.date >= date(\"2024-04-01\")), r, r.amount_fen)"),
            200);
  // The caller's day numbers win: here deliberately unlike the text, to see
  // that they are what the rule reads.
  KnownDates known;
  known.Add(KnownDates::One{v1::Facts::descriptor()->FindFieldByName("window_start"), &facts_,
                            Days("2020-01-01")});
  const std::int64_t income_days[] = {Days("2024-05-01"), Days("2024-01-01")};
  known.Add(KnownDates::Column{v1::IncomeRecord::descriptor()->FindFieldByName("date"),
                               &household_, v1::Household::descriptor()->FindFieldByName("income"),
                               income_days, 2});
  activation_.known_dates = &known;
  EXPECT_EQ(I("facts.window_start"), Days("2020-01-01"));
  EXPECT_EQ(I("sum(filter(household.income, r, r.date >= date(\"2024-04-01\")), r, r.amount_fen)"),
            100);
  // Another message of the same type is not the known one: parsed.
  v1::Facts other;
  other.set_window_start("2022-02-02");
  activation_.roots[1] = &other;
  EXPECT_EQ(I("facts.window_start"), Days("2022-02-02"));
}

TEST_F(KnownDatesTest, ABodyReadsTheSameOutsideValueOncePerEvaluationAndAlwaysTheCurrentOne) {
  SetHousehold(R"pb(
    expenditure { date: "2024-03-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 100 }
    expenditure { date: "2024-06-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 200 }
    expenditure { date: "2024-09-01" kind: EXPENDITURE_KIND_EDUCATION amount_fen: 400 }
  )pb");
  std::unique_ptr<Program> p = MustCompile(
      "sum(filter(household.expenditure, e, e.date >= facts.window_start && "
      "e.date <= facts.window_end), e, e.amount_fen + facts.counted_income_fen)");
  ASSERT_NE(p, nullptr);
  SetFacts(R"pb(window_start: "2024-01-01" window_end: "2024-12-31" counted_income_fen: 1)pb");
  absl::StatusOr<Value> v = p->Evaluate(activation_, &scratch_, nullptr);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->i, 703);
  // The next evaluation reads the facts again (nothing is kept across).
  SetFacts(R"pb(window_start: "2024-05-01" window_end: "2024-12-31" counted_income_fen: 10)pb");
  v = p->Evaluate(activation_, &scratch_, nullptr);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->i, 620);
  // An error in the outside value is still the error it was.
  SetFacts(R"pb(window_start: "2024-13-01" window_end: "2024-12-31")pb");
  v = p->Evaluate(activation_, &scratch_, nullptr);
  EXPECT_FALSE(v.ok());
  // With no element, the outside value is never read (as before).
  SetHousehold("");
  v = p->Evaluate(activation_, &scratch_, nullptr);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->i, 0);
}

}  // namespace
}  // namespace povmon::expr::testing
