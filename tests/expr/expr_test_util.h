// Shared fixtures for the rule-language tests: an Environment with the
// povmon roots and a few parameters, and helpers that compile and evaluate.
#ifndef POVMON_TESTS_EXPR_EXPR_TEST_UTIL_H_
#define POVMON_TESTS_EXPR_EXPR_TEST_UTIL_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "povmon/v1/common.pb.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/facts.pb.h"
#include "povmon/v1/household.pb.h"
#include "src/base/date.h"
#include "src/expr/environment.h"
#include "src/expr/program.h"
#include "src/expr/type.h"
#include "src/expr/value.h"

namespace povmon::expr::testing {

inline Type Bool() { return Type::Of(TypeKind::kBool); }
inline Type Int() { return Type::Of(TypeKind::kInt); }
inline Type Money() { return Type::Of(TypeKind::kMoney); }
inline Type DateType() { return Type::Of(TypeKind::kDate); }
// No expectation: any result type is accepted.
inline Type Any() { return Type(); }

inline std::int64_t Days(std::string_view ymd) {
  std::int64_t d = 0;
  if (!dates::ParseDate(ymd, &d)) return INT64_MIN;
  return d;
}

// Roots: household (0), facts (1), identification (2). Parameters:
// monitoring_line money (0), clearly_exceeds_bp int (1), window_start date
// (2), strict bool (3), big money (4).
inline Environment TestEnvironment() {
  Environment env;
  env.roots = {{"household", povmon::v1::Household::descriptor(), 0},
               {"facts", povmon::v1::Facts::descriptor(), 1},
               {"identification", povmon::v1::Identification::descriptor(), 2}};
  env.parameters = {{"monitoring_line", Type::Of(TypeKind::kMoney), 0},
                    {"clearly_exceeds_bp", Type::Of(TypeKind::kInt), 1},
                    {"window_start", Type::Of(TypeKind::kDate), 2},
                    {"strict", Type::Of(TypeKind::kBool), 3},
                    {"big", Type::Of(TypeKind::kMoney), 4}};
  env.pool = google::protobuf::DescriptorPool::generated_pool();
  // Bare enum names are found among the files already built in the pool:
  // make sure common.proto (RiskType, WatchGroup...) is one of them.
  (void)povmon::v1::RiskType_descriptor();
  return env;
}

inline std::string Format(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    out += std::to_string(d.line) + ":" + std::to_string(d.column) + ": " +
           d.message + "\n";
  }
  return out;
}

class ExprTest : public ::testing::Test {
 protected:
  ExprTest() : env_(TestEnvironment()) {
    params_[0] = Value::Money(650000);
    params_[1] = Value::Int(5000);
    params_[2] = Value::Date(Days("2023-06-01"));
    params_[3] = Value::Bool(true);
    params_[4] = Value::Money(INT64_MAX);
    activation_.roots[0] = &household_;
    activation_.roots[1] = &facts_;
    activation_.roots[2] = &identification_;
    activation_.parameters = params_;
    activation_.as_of_days = Days("2024-03-01");
  }

  void SetHousehold(const std::string& text) {
    household_.Clear();
    ASSERT_TRUE(
        google::protobuf::TextFormat::ParseFromString(text, &household_))
        << text;
  }
  void SetFacts(const std::string& text) {
    facts_.Clear();
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &facts_))
        << text;
  }
  void SetIdentification(const std::string& text) {
    identification_.Clear();
    ASSERT_TRUE(
        google::protobuf::TextFormat::ParseFromString(text, &identification_))
        << text;
  }

  // The diagnostics of compiling `source`, as "line:col: message\n" lines.
  std::string Errors(std::string_view source, Type expected = Bool(),
                     SourcePosition at = {}) {
    std::vector<Diagnostic> diagnostics;
    std::unique_ptr<Program> p =
        Compile(source, env_, expected, at, &diagnostics);
    if (p != nullptr && !diagnostics.empty()) return "program despite errors";
    if (p == nullptr && diagnostics.empty()) return "no program, no errors";
    return Format(diagnostics);
  }

  std::unique_ptr<Program> MustCompile(std::string_view source,
                                       Type expected = Any()) {
    std::vector<Diagnostic> diagnostics;
    std::unique_ptr<Program> p =
        Compile(source, env_, expected, SourcePosition{}, &diagnostics);
    EXPECT_NE(p, nullptr) << source << "\n" << Format(diagnostics);
    return p;
  }

  absl::StatusOr<Value> Run(std::string_view source,
                            ComparisonSink* sink = nullptr) {
    std::unique_ptr<Program> p = MustCompile(source);
    if (p == nullptr) return absl::InternalError("did not compile");
    return p->Evaluate(activation_, &scratch_, sink);
  }

  // Evaluates and returns the integer payload, failing the test on error.
  std::int64_t I(std::string_view source) {
    absl::StatusOr<Value> v = Run(source);
    EXPECT_TRUE(v.ok()) << source << ": " << v.status();
    return v.ok() ? v->i : -424242;
  }
  bool B(std::string_view source) {
    absl::StatusOr<Value> v = Run(source);
    EXPECT_TRUE(v.ok()) << source << ": " << v.status();
    EXPECT_TRUE(!v.ok() || v->tag == ValueTag::kBool) << source;
    return v.ok() && v->i != 0;
  }
  ValueTag Tag(std::string_view source) {
    absl::StatusOr<Value> v = Run(source);
    EXPECT_TRUE(v.ok()) << source << ": " << v.status();
    return v.ok() ? v->tag : ValueTag::kNull;
  }
  // The error message of an evaluation that must fail.
  std::string Fails(std::string_view source) {
    absl::StatusOr<Value> v = Run(source);
    EXPECT_FALSE(v.ok()) << source;
    return v.ok() ? "" : std::string(v.status().message());
  }
  absl::StatusCode Code(std::string_view source) {
    return Run(source).status().code();
  }

  Environment env_;
  Value params_[5];
  povmon::v1::Household household_;
  povmon::v1::Facts facts_;
  povmon::v1::Identification identification_;
  Activation activation_;
  Scratch scratch_;
};

}  // namespace povmon::expr::testing

#endif  // POVMON_TESTS_EXPR_EXPR_TEST_UTIL_H_
