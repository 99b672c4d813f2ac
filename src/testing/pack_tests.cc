#include "povmon/pack_tests.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"
#include "povmon/workshop.h"
#include "src/base/date.h"
#include "src/base/money.h"
#include "src/policy/text_source.h"
#include "src/testing/assistance_expectations.h"
#include "src/testing/lifecycle_expectations.h"
#include "src/testing/pack_coverage.h"
#include "src/testing/population_cases.h"

namespace povmon {
namespace {

template <typename NameFn>
void CheckPresent(const google::protobuf::RepeatedField<int>& want,
                  const google::protobuf::RepeatedField<int>& got, const char* what,
                  bool present, NameFn name, std::vector<std::string>* failures) {
  for (int w : want) {
    bool found = std::find(got.begin(), got.end(), w) != got.end();
    if (found != present) {
      failures->push_back(absl::StrCat(what, ": expected ", name(w),
                                       present ? " to be present" : " to be absent"));
    }
  }
}

void CheckMoney(bool has, std::int64_t want, std::int64_t got, const char* what,
                std::vector<std::string>* failures) {
  if (has && want != got) {
    failures->push_back(absl::StrCat(what, ": expected ", FormatYuan(want), " (", want,
                                      " fen), got ", FormatYuan(got), " (", got, " fen)"));
  }
}

void Check(const v1::Expectation& e, const v1::Decision& d, std::vector<std::string>* f) {
  const v1::Identification& id = d.identification();
  if (e.has_category() && e.category() != id.category()) {
    f->push_back(absl::StrCat("category: expected ", v1::Category_Name(e.category()), ", got ",
                              v1::Category_Name(id.category())));
  }
  auto risk = [](int v) { return v1::RiskType_Name(static_cast<v1::RiskType>(v)); };
  auto watch = [](int v) { return v1::WatchGroup_Name(static_cast<v1::WatchGroup>(v)); };
  auto situation = [](int v) { return v1::Situation_Name(static_cast<v1::Situation>(v)); };
  CheckPresent(e.risk_types(), id.risk_types(), "risk type", true, risk, f);
  CheckPresent(e.absent_risk_types(), id.risk_types(), "risk type", false, risk, f);
  CheckPresent(e.watch_groups(), id.watch_groups(), "watch group", true, watch, f);
  CheckPresent(e.situations(), id.situations(), "situation", true, situation, f);
  auto screening = [](int v) {
    return v1::ScreeningFinding_Name(static_cast<v1::ScreeningFinding>(v));
  };
  CheckPresent(e.screening(), id.screening(), "screening finding", true, screening, f);
  CheckPresent(e.absent_screening(), id.screening(), "screening finding", false, screening, f);
  const v1::IncomeScreening& sc = d.facts().screening();
  CheckMoney(e.has_screening_current_total_fen(), e.screening_current_total_fen(),
             sc.current().total_fen(), "screening: income this period", f);
  CheckMoney(e.has_screening_previous_total_fen(), e.screening_previous_total_fen(),
             sc.previous().total_fen(), "screening: income in the same period last year", f);
  if (e.has_screening_period_start() && e.screening_period_start() != sc.period_start()) {
    f->push_back(absl::StrCat("screening period start: expected ", e.screening_period_start(),
                              ", got ", sc.period_start()));
  }
  if (e.has_screening_period_end() && e.screening_period_end() != sc.period_end()) {
    f->push_back(absl::StrCat("screening period end: expected ", e.screening_period_end(),
                              ", got ", sc.period_end()));
  }
  for (int item : e.negative_list()) {
    bool found = std::any_of(id.negative_list_hits().begin(), id.negative_list_hits().end(),
                             [&](const v1::NegativeListHit& h) { return h.item() == item; });
    if (!found) {
      f->push_back(absl::StrCat("negative list: expected a hit on ",
                                v1::NegativeListItem_Name(item)));
    }
  }
  for (int item : e.overridden()) {
    bool found = std::any_of(
        id.negative_list_hits().begin(), id.negative_list_hits().end(),
        [&](const v1::NegativeListHit& h) { return h.item() == item && h.overridden(); });
    if (!found) {
      f->push_back(absl::StrCat("negative list: expected ", v1::NegativeListItem_Name(item),
                                " to be set aside by a village review"));
    }
  }
  if (e.has_excluded() && e.excluded() != id.excluded()) {
    f->push_back(absl::StrCat("excluded: expected ", e.excluded(), ", got ", id.excluded()));
  }
  const v1::Facts& facts = d.facts();
  CheckMoney(e.has_per_capita_net_income_fen(), e.per_capita_net_income_fen(),
             facts.per_capita_net_income_fen(), "per-capita net income", f);
  CheckMoney(e.has_net_income_fen(), e.net_income_fen(), facts.net_income_fen(), "net income", f);
  CheckMoney(e.has_rigid_expenditure_fen(), e.rigid_expenditure_fen(),
             facts.rigid_expenditure_fen(), "rigid expenditure", f);
  if (e.has_counted_members() && e.counted_members() != facts.counted_members()) {
    f->push_back(absl::StrCat("counted members: expected ", e.counted_members(), ", got ",
                              facts.counted_members()));
  }
  if (e.has_window_start() && e.window_start() != facts.window_start()) {
    f->push_back(absl::StrCat("window start: expected ", e.window_start(), ", got ",
                              facts.window_start()));
  }
  if (e.has_window_end() && e.window_end() != facts.window_end()) {
    f->push_back(
        absl::StrCat("window end: expected ", e.window_end(), ", got ", facts.window_end()));
  }
  auto fired = [&](const std::string& id_) {
    return std::any_of(d.trace().begin(), d.trace().end(),
                       [&](const v1::TraceEntry& t) { return t.fired() && t.rule_id() == id_; });
  };
  for (const std::string& r : e.fired()) {
    if (!fired(r)) f->push_back(absl::StrCat("rule ", r, ": expected to fire, did not"));
  }
  for (const std::string& r : e.not_fired()) {
    if (fired(r)) f->push_back(absl::StrCat("rule ", r, ": expected not to fire, it did"));
  }
}

bool ReadFile(const std::filesystem::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

}  // namespace

absl::StatusOr<std::vector<PackCaseResult>> RunPackTests(const std::string& pack_dir,
                                                         std::shared_ptr<const Policy> policy,
                                                         PackCoverage* coverage) {
  CoverageCollector collector;
  CoverageCollector* collect = coverage != nullptr ? &collector : nullptr;
  std::filesystem::path dir = std::filesystem::path(pack_dir) / "tests";
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  }
  if (ec) return absl::NotFoundError(absl::StrCat(dir.string(), ": ", ec.message()));
  if (files.empty()) {
    return absl::NotFoundError(absl::StrCat(dir.string(), ": no test files (*.textproto)"));
  }
  std::sort(files.begin(), files.end());
  Evaluator evaluator(policy);
  WorkshopAwarder awarder(policy);  // workshop cases (Plan 6 §3.5)
  v1::WorkshopAward award;
  std::vector<PackCaseResult> results;
  const google::protobuf::FieldDescriptor* case_field =
      v1::TestSuite::descriptor()->FindFieldByName("case");
  for (const std::filesystem::path& path : files) {
    std::string content;
    if (!ReadFile(path, &content)) return absl::NotFoundError(absl::StrCat(path.string(), ": cannot read"));
    TextSource src(path.string(), content);
    ProblemList problems;
    v1::TestSuite suite;
    if (!src.Parse(&suite, &problems)) {
      std::vector<std::string> lines;
      for (const LoadProblem& p : problems.problems()) lines.push_back(p.ToString());
      return absl::InvalidArgumentError(absl::StrJoin(lines, "\n"));
    }
    v1::Decision decision;
    for (int i = 0; i < suite.case__size(); ++i) {
      const v1::TestCase& tc = suite.case_(i);
      PackCaseResult r;
      r.file = path.string();
      r.line = src.FieldPosition(nullptr, case_field, i).line;
      r.name = tc.name().empty() ? absl::StrCat("case ", i + 1) : tc.name();
      r.citation = tc.citation();
      std::optional<absl::CivilDay> as_of = ParseDate(tc.as_of());
      absl::Status status;
      if (!as_of) {
        status = absl::InvalidArgumentError(
            absl::StrCat("as_of \"", tc.as_of(), "\" is not a date (YYYY-MM-DD)"));
        r.failures.push_back(std::string(status.message()));
      } else {
        status = ValidateHousehold(tc.household());
        if (status.ok() && tc.has_workshop()) {
          status = awarder.Award(tc.workshop(), *as_of, v1::TRACE_LEVEL_FULL, &award);
          if (status.ok() && collect != nullptr) collect->AddWorkshopAward(award);
        } else if (status.ok()) {
          EvaluateOptions options;
          options.as_of = *as_of;
          options.trace = v1::TRACE_LEVEL_FULL;
          status = evaluator.Evaluate(tc.household(), options, &decision);
          if (status.ok() && collect != nullptr) collect->AddDecision(decision);
        }
        const std::string& want_error = tc.expect().error_contains();
        if (!want_error.empty()) {
          if (status.ok()) {
            r.failures.push_back(absl::StrCat("expected an error containing \"", want_error,
                                              "\", but the household was decided"));
          } else if (!absl::StrContains(status.message(), want_error)) {
            r.failures.push_back(absl::StrCat("expected an error containing \"", want_error,
                                              "\", got: ", status.message()));
          }
        } else if (!status.ok()) {
          r.failures.push_back(absl::StrCat("evaluation failed: ", status.message()));
        } else if (tc.has_workshop()) {
          CheckWorkshopExpectation(tc.expect(), award, &r.failures);
        } else {
          Check(tc.expect(), decision, &r.failures);
          CheckAssistanceExpectation(tc.expect(), decision, &r.failures);
          CheckLifecycleExpectation(tc.expect(), decision, &r.failures);
        }
      }
      r.passed = r.failures.empty();
      results.push_back(std::move(r));
    }
    RunPopulationCases(suite, src, policy, &results, collect);
  }
  if (coverage != nullptr) collector.Fill(*policy, coverage);
  return results;
}

}  // namespace povmon
