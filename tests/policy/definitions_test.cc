// Named definitions in packs (issue 13 §6): a definition file's names are
// used like values by rules and measures, type-checked once when the pack
// loads; cycles, unknown names, wrong types and unused definitions are load
// errors at their file positions; and the shipped packs rewritten with
// definitions decide exactly as they did with the expressions written out.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/policy.h"
#include "povmon/v1/policy.pb.h"
#include "src/policy/pack_files.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;

constexpr char kPack[] = R"pb(id: "t"
title_en: "t"
description: "t"
source: "Plan 4"
valid_from: "2024-01-01"
valid_until: "2024-12-31"
income {
  window { kind: WINDOW_KIND_ROLLING_12_MONTHS }
  counted_kinds: [INCOME_KIND_WAGE]
  members: MEMBER_COUNTING_REGISTERED
  citation: "Plan 7 §3(一)"
}
parameter_files: "parameters.textproto"
definition_files: "definitions.textproto"
rule_files: "rules.textproto"
)pb";

constexpr char kParameters[] = R"pb(parameter {
  name: "monitoring_line"
  type: PARAMETER_TYPE_MONEY
  description: "line"
  citation: "Plan 4 §2(三)"
  value { from: "2024-01-01" yuan: "6500.00" }
}
)pb";

std::string Definition(const std::string& name, const std::string& type,
                       const std::string& value) {
  return "definition {\n  name: \"" + name + "\"\n  type: \"" + type + "\"\n  value: \"" + value +
         "\"\n  citation: \"Plan 4 §2(三)\"\n  description_zh: \"中\"\n  description_en: \"en\"\n}\n";
}

std::string Rule(const std::string& id, const std::string& when, const std::string& outcome) {
  return "rule {\n  id: \"" + id + "\"\n  citation: \"Plan 4 §2(三)\"\n  description_zh: \"中\"\n"
         "  description_en: \"en\"\n  when: \"" + when + "\"\n  " + outcome + "\n}\n";
}

absl::StatusOr<std::shared_ptr<const Policy>> Load(const std::string& definitions,
                                                   const std::string& rules,
                                                   std::vector<LoadProblem>* problems) {
  return Policy::LoadFromFiles({{"pack.textproto", kPack},
                                {"parameters.textproto", kParameters},
                                {"definitions.textproto", definitions},
                                {"rules.textproto", rules}},
                               "p", problems);
}

std::vector<LoadProblem> Problems(const std::string& definitions, const std::string& rules) {
  std::vector<LoadProblem> problems;
  auto policy = Load(definitions, rules, &problems);
  EXPECT_FALSE(policy.ok());
  return problems;
}

// One registered member with 5,000.00 of wages in the window.
v1::Decision Decide(const std::shared_ptr<const Policy>& policy) {
  v1::Household h;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(id: "h" members { id: "a" registered: true }
           income { date: "2024-06-01" kind: INCOME_KIND_WAGE amount_fen: 500000 })pb",
      &h));
  Evaluator evaluator(policy);
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 11, 30);
  options.trace = v1::TRACE_LEVEL_FULL;
  v1::Decision d;
  absl::Status s = evaluator.Evaluate(h, options, &d);
  EXPECT_TRUE(s.ok()) << s;
  return d;
}

const v1::TraceEntry* Entry(const v1::Decision& d, const std::string& rule_id) {
  for (const v1::TraceEntry& e : d.trace()) {
    if (e.rule_id() == rule_id) return &e;
  }
  return nullptr;
}

TEST(Definitions, OneDefinitionServesTwoRulesAndShowsItsValueUnderItsName) {
  std::vector<LoadProblem> problems;
  auto policy = Load(Definition("income_per_head", "money", "facts.per_capita_net_income_fen"),
                     Rule("r.marginal", "income_per_head < param.monitoring_line",
                          "category: CATEGORY_MARGINAL_AT_RISK") +
                         Rule("r.watch", "income_per_head < param.monitoring_line + yuan(1000)",
                              "watch: WATCH_GROUP_SERIOUS_ILLNESS"),
                     &problems);
  ASSERT_TRUE(policy.ok()) << policy.status();
  const v1::Decision d = Decide(*policy);
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_MARGINAL_AT_RISK);
  ASSERT_EQ(d.identification().watch_groups_size(), 1);
  EXPECT_EQ(d.identification().watch_groups(0), v1::WATCH_GROUP_SERIOUS_ILLNESS);
  for (const char* id : {"r.marginal", "r.watch"}) {
    const v1::TraceEntry* e = Entry(d, id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_TRUE(e->fired()) << id;
    ASSERT_EQ(e->compared_size(), 1) << id;
    EXPECT_EQ(e->compared(0).left_text(), "income_per_head");
    EXPECT_EQ(e->compared(0).left(), 500000);
  }
}

TEST(Definitions, AChainOfDefinitionsInAnyOrder) {
  // `net_short` names `shortfall`, written after it, which names `wages`.
  std::vector<LoadProblem> problems;
  auto policy = Load(
      Definition("net_short", "bool", "shortfall > yuan(1000)") +
          Definition("shortfall", "money", "param.monitoring_line - wages") +
          Definition("wages", "money",
                     "sum(filter(household.income, i, i.kind == INCOME_KIND_WAGE), i, i.amount_fen)"),
      Rule("r.short", "net_short && shortfall == yuan(1500)", "category: CATEGORY_MARGINAL_AT_RISK"),
      &problems);
  ASSERT_TRUE(policy.ok()) << policy.status();
  const v1::Decision d = Decide(*policy);
  EXPECT_EQ(d.identification().category(), v1::CATEGORY_MARGINAL_AT_RISK);
  const v1::TraceEntry* e = Entry(d, "r.short");
  ASSERT_NE(e, nullptr);
  // The bool definition's own comparison, as written in the definition,
  // then the rule's, with the definition's value under its name.
  ASSERT_EQ(e->compared_size(), 2);
  EXPECT_EQ(e->compared(0).left_text(), "shortfall");
  EXPECT_EQ(e->compared(0).right_text(), "yuan(1000)");
  EXPECT_EQ(e->compared(0).left(), 150000);
  EXPECT_EQ(e->compared(1).left_text(), "shortfall");
  EXPECT_EQ(e->compared(1).left(), 150000);
}

TEST(Definitions, ADefinitionInsideAComprehensionKeepsItsOwnVariables) {
  // The rule's `i` and the definition's `i` are different variables.
  std::vector<LoadProblem> problems;
  auto policy = Load(
      Definition("wages", "money",
                 "sum(filter(household.income, i, i.kind == INCOME_KIND_WAGE), i, i.amount_fen)"),
      Rule("r.any", "any(household.income, i, i.amount_fen == wages)",
           "category: CATEGORY_MARGINAL_AT_RISK"),
      &problems);
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ(Decide(*policy).identification().category(), v1::CATEGORY_MARGINAL_AT_RISK);
}

// A household of one registered member, no income, as of 2024-11-30 (so
// facts.counted_members - 1 is zero).
absl::Status EvaluateOneMemberHousehold(const std::shared_ptr<const Policy>& policy) {
  v1::Household h;
  if (!google::protobuf::TextFormat::ParseFromString(
          R"pb(id: "h" members { id: "a" registered: true })pb", &h)) {
    return absl::InternalError("test household does not parse");
  }
  Evaluator evaluator(policy);
  EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 11, 30);
  v1::Decision d;
  return evaluator.Evaluate(h, options, &d);
}

TEST(Definitions, AnEvaluationErrorInsideADefinitionQuotesTheDefinition) {
  std::vector<LoadProblem> problems;
  auto policy = Load(Definition("per_other_member", "money",
                                "facts.net_income_fen / (facts.counted_members - 1)"),
                     Rule("r", "per_other_member < param.monitoring_line",
                          "category: CATEGORY_MARGINAL_AT_RISK"),
                     &problems);
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::Status s = EvaluateOneMemberHousehold(*policy);
  ASSERT_FALSE(s.ok());
  // Column 22 of the definition's text: the `/`.
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("division by zero in \"facts.net_income_fen / (facts.counted_members - 1)\" "
                        "(line 1, column 22)"));
}

TEST(Definitions, AnEvaluationErrorCountsColumnsInCharacters) {
  // The comparison with "户主" (two characters, six bytes) comes first, so
  // the `/` is column 45 of the definition's text as an editor counts it
  // (column 49 in bytes).
  std::vector<LoadProblem> problems;
  auto policy = Load(Definition("per_other_member", "money",
                                "household.id != \\\"户主\\\" ? facts.net_income_fen / "
                                "(facts.counted_members - 1) : fen(0)"),
                     Rule("r", "per_other_member < param.monitoring_line",
                          "category: CATEGORY_MARGINAL_AT_RISK"),
                     &problems);
  ASSERT_TRUE(policy.ok()) << policy.status() << (problems.empty() ? "" : problems[0].message);
  absl::Status s = EvaluateOneMemberHousehold(*policy);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("division by zero in \"facts.net_income_fen / (facts.counted_members - 1)\" "
                        "(line 1, column 45)"));
}

TEST(Definitions, ACycleIsAnErrorAtTheNameThatClosesIt) {
  auto problems = Problems(Definition("a", "money", "b + yuan(1)") +
                               Definition("b", "money", "facts.net_income_fen - a"),
                           Rule("r", "a > yuan(0)", "category: CATEGORY_MARGINAL_AT_RISK"));
  ASSERT_FALSE(problems.empty());
  bool found = false;
  for (const LoadProblem& p : problems) {
    if (p.message.find("definitions form a cycle: a -> b -> a") == std::string::npos) continue;
    found = true;
    EXPECT_EQ(p.file, "p/definitions.textproto");
    // Line 12 of the file: `  value: "facts.net_income_fen - a"`; `a` is
    // column 34.
    EXPECT_EQ(p.line, 12) << p.ToString();
    EXPECT_EQ(p.column, 34) << p.ToString();
    EXPECT_THAT(p.message, HasSubstr("definition \"b\""));
  }
  EXPECT_TRUE(found) << problems[0].ToString();
}

TEST(Definitions, ADefinitionNamingItselfIsACycle) {
  auto problems = Problems(Definition("a", "money", "a + yuan(1)"),
                           Rule("r", "a > yuan(0)", "category: CATEGORY_MARGINAL_AT_RISK"));
  ASSERT_FALSE(problems.empty());
  EXPECT_THAT(problems[0].message, HasSubstr("definitions form a cycle: a -> a"));
  EXPECT_EQ(problems[0].line, 4);
  EXPECT_EQ(problems[0].column, 11);
}

TEST(Definitions, DefinitionsNestAtMostEightDeep) {
  // d1 names d0, d2 names d1, ...: a rule naming d7 opens eight
  // definitions (d7 .. d0, the most), one naming d8 nine.
  auto chain = [](int n) {
    std::string defs = Definition("d0", "money", "facts.net_income_fen");
    for (int k = 1; k <= n; ++k) {
      defs += Definition("d" + std::to_string(k), "money", "d" + std::to_string(k - 1) + " + yuan(1)");
    }
    return defs;
  };
  std::vector<LoadProblem> problems;
  auto policy = Load(chain(7), Rule("r", "d7 > yuan(0)", "category: CATEGORY_MARGINAL_AT_RISK"),
                     &problems);
  EXPECT_TRUE(policy.ok()) << policy.status();
  problems = Problems(chain(8), Rule("r", "d8 > yuan(0)", "category: CATEGORY_MARGINAL_AT_RISK"));
  ASSERT_FALSE(problems.empty());
  EXPECT_THAT(problems[0].message, HasSubstr("definitions nest deeper than 8 levels"));
}

TEST(Definitions, AnUnknownNameSuggestsTheDefinition) {
  // In a rule ...
  auto problems = Problems(Definition("income_per_head", "money", "facts.per_capita_net_income_fen"),
                           Rule("r", "income_per_haed < param.monitoring_line",
                                "category: CATEGORY_MARGINAL_AT_RISK"));
  // (and the definition, named nowhere now, is unused).
  ASSERT_EQ(problems.size(), 2u) << problems[0].ToString();
  EXPECT_THAT(problems[1].message, HasSubstr("is used by no rule"));
  EXPECT_EQ(problems[0].file, "p/rules.textproto");
  EXPECT_EQ(problems[0].line, 6);
  EXPECT_EQ(problems[0].column, 10);
  EXPECT_THAT(problems[0].message,
              HasSubstr("unknown name \"income_per_haed\"; did you mean \"income_per_head\"?"));

  // ... and in a definition, at its position in the definition file.
  problems = Problems(Definition("income_per_head", "money", "facts.per_capita_net_income_fen") +
                          Definition("short", "bool", "income_per_haed < param.monitoring_line"),
                      Rule("r", "short && income_per_head > yuan(0)",
                           "category: CATEGORY_MARGINAL_AT_RISK"));
  ASSERT_GE(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, "p/definitions.textproto");
  EXPECT_EQ(problems[0].line, 12);
  EXPECT_EQ(problems[0].column, 11);
  EXPECT_THAT(problems[0].message,
              HasSubstr("definition \"short\": unknown name \"income_per_haed\"; did you mean "
                        "\"income_per_head\"?"));
}

TEST(Definitions, ADeclaredTypeThatDisagreesNamesBothTypes) {
  auto problems = Problems(Definition("income_per_head", "int", "facts.per_capita_net_income_fen"),
                           Rule("r", "income_per_head < param.monitoring_line",
                                "category: CATEGORY_MARGINAL_AT_RISK"));
  ASSERT_GE(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, "p/definitions.textproto");
  EXPECT_EQ(problems[0].line, 3);
  EXPECT_THAT(problems[0].message,
              HasSubstr("definition \"income_per_head\" is declared type \"int\" but its value "
                        "has type \"money\""));
  // The rule that names it is told where to look, not given a second
  // type error.
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_THAT(problems[1].message,
              HasSubstr("definition \"income_per_head\" has errors (reported where it is defined)"));

  // A misspelt type gets a suggestion.
  problems = Problems(Definition("income_per_head", "mony", "facts.per_capita_net_income_fen"),
                      Rule("r", "income_per_head < param.monitoring_line",
                           "category: CATEGORY_MARGINAL_AT_RISK"));
  ASSERT_GE(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("declared type \"mony\" (did you mean \"money\"?)"));
}

TEST(Definitions, AnUnusedDefinitionIsAnError) {
  auto problems = Problems(Definition("income_per_head", "money", "facts.per_capita_net_income_fen"),
                           Rule("r", "facts.per_capita_net_income_fen < param.monitoring_line",
                                "category: CATEGORY_MARGINAL_AT_RISK"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, "p/definitions.textproto");
  EXPECT_EQ(problems[0].line, 1);
  EXPECT_THAT(problems[0].message,
              HasSubstr("definition \"income_per_head\" is used by no rule, measure or other "
                        "expression"));
}

// Every word the language gives a meaning, whatever the expression's kind,
// is refused as a definition name: functions, comprehensions, literals,
// as_of and the roots.
TEST(Definitions, TheLanguagesOwnWordsAreNotDefinitionNames) {
  for (const char* name : {"months_between", "add_months", "day", "filter", "sum", "has", "yuan",
                           "date", "as_of", "true", "in", "param", "member", "summary"}) {
    auto problems = Problems(Definition(name, "bool", "1 == 1") + Definition("x", "bool", "true"),
                             Rule("r", "x", "category: CATEGORY_MARGINAL_AT_RISK"));
    std::vector<std::string> messages;
    for (const LoadProblem& p : problems) messages.push_back(p.ToString());
    EXPECT_THAT(messages, ::testing::Contains(HasSubstr(
                              std::string("definition name \"") + name +
                              "\" is already a name of the rule language")))
        << name;
  }
  // A name the language does not use is fine.
  std::vector<LoadProblem> problems;
  EXPECT_TRUE(Load(Definition("months_apart", "bool", "1 == 1"),
                   Rule("r", "months_apart", "category: CATEGORY_MARGINAL_AT_RISK"), &problems)
                  .ok())
      << (problems.empty() ? "" : problems[0].ToString());
}

TEST(Definitions, NamesAndHeadersAreChecked) {
  auto problems = Problems(
      Definition("household", "bool", "true") + Definition("x", "bool", "true") +
          Definition("x", "bool", "false") + "definition {\n  name: \"y\"\n  type: \"bool\"\n"
                                             "  value: \"true\"\n}\n",
      Rule("r", "x && y", "category: CATEGORY_MARGINAL_AT_RISK"));
  std::vector<std::string> messages;
  for (const LoadProblem& p : problems) messages.push_back(p.ToString());
  EXPECT_THAT(messages, ::testing::Contains(HasSubstr(
                            "definition name \"household\" is already a name of the rule language")));
  EXPECT_THAT(messages, ::testing::Contains(HasSubstr(
                            "duplicate definition \"x\" (first defined at p/definitions.textproto:10)")));
  EXPECT_THAT(messages, ::testing::Contains(HasSubstr("definition \"y\" has no citation")));
  // A comprehension variable may not hide a definition.
  problems = Problems(Definition("wages", "money", "facts.net_income_fen"),
                      Rule("r", "any(household.income, wages, wages.amount_fen > yuan(0))",
                           "category: CATEGORY_MARGINAL_AT_RISK"));
  ASSERT_GE(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("variable \"wages\" shadows a name already in scope"));
}

// ------------------------------------------------------------ shipped packs

// The pack's files with every definition written out in place (in
// parentheses) and definition_files dropped: the pack as it was before it
// named its expressions.
std::map<std::string, std::string> WrittenOut(const std::map<std::string, std::string>& files) {
  v1::PolicyPack pack;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(files.at("pack.textproto"), &pack));
  std::vector<std::pair<std::regex, std::string>> names;
  for (const std::string& name : pack.definition_files()) {
    v1::DefinitionFile file;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(files.at(name), &file));
    for (const v1::Definition& d : file.definition()) {
      names.emplace_back(std::regex("([^A-Za-z0-9_.])" + d.name() + "(?![A-Za-z0-9_])"),
                         "$1(" + d.value() + ")");
    }
  }
  std::map<std::string, std::string> out;
  for (const auto& [name, text] : files) {
    bool is_definitions = false;
    for (const std::string& d : pack.definition_files()) is_definitions = is_definitions || d == name;
    if (is_definitions) continue;
    std::string t = text;
    if (name == "pack.textproto") {
      t = std::regex_replace(t, std::regex("\ndefinition_files: \"[^\"]*\""), "\n");
    } else {
      // Until no name is left (definitions name definitions).
      for (int round = 0; round < 10; ++round) {
        std::string before = t;
        for (const auto& [re, value] : names) t = std::regex_replace(t, re, value);
        if (t == before) break;
      }
    }
    out[name] = t;
  }
  return out;
}

struct Case {
  v1::Household household;
  absl::CivilDay as_of;
};

// The example households (on 2024-11-30) and the households of the pack's
// own test cases (on their dates).
std::vector<Case> Households(const std::string& pack) {
  std::vector<Case> out;
  for (const char* file : {"hunan", "lingshou", "suining", "yingkou"}) {
    std::ifstream in(std::string(POVMON_SOURCE_DIR) + "/examples/households/" + file + ".jsonl");
    std::string line;
    while (std::getline(in, line)) {
      Case c{v1::Household(), absl::CivilDay(2024, 11, 30)};
      if (google::protobuf::util::JsonStringToMessage(line, &c.household).ok()) out.push_back(c);
    }
  }
  const std::filesystem::path tests =
      std::filesystem::path(POVMON_SOURCE_DIR) / "policies" / pack / "tests";
  for (const auto& entry : std::filesystem::directory_iterator(tests)) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    v1::TestSuite suite;
    if (!google::protobuf::TextFormat::ParseFromString(text.str(), &suite)) continue;
    for (const v1::TestCase& t : suite.case_()) {
      absl::CivilDay day;
      if (!t.has_household() || !absl::ParseCivilTime(t.as_of(), &day)) continue;
      out.push_back(Case{t.household(), day});
    }
  }
  return out;
}

// Everything but the pack's revision (its files differ) and the operands'
// source texts (a comparison names the definition instead of its text).
std::string Comparable(v1::Decision d) {
  d.clear_pack_revision();
  std::string text;
  google::protobuf::TextFormat::PrintToString(d, &text);
  return std::regex_replace(text, std::regex("(left_text|right_text): \"[^\\n]*\""), "$1");
}

TEST(Definitions, ShippedPacksDecideAsWithTheExpressionsWrittenOut) {
  for (const char* pack : {"hunan-2024", "xiangyin-2024"}) {
    const std::vector<Case> households = Households(pack);
    ASSERT_GT(households.size(), 60u) << pack;
    std::map<std::string, std::string> files;
    std::map<std::string, std::string> unreadable;
    ReadPackFolder(std::string(POVMON_SOURCE_DIR) + "/policies/" + pack, &files, &unreadable);
    ASSERT_TRUE(files.count("definitions.textproto")) << pack;
    std::vector<LoadProblem> problems;
    auto with = Policy::LoadFromFiles(files, pack, &problems);
    ASSERT_TRUE(with.ok()) << with.status();
    const std::map<std::string, std::string> written_out = WrittenOut(files);
    EXPECT_EQ(written_out.at("measures.textproto").find("dibao_line"), std::string::npos);
    auto without = Policy::LoadFromFiles(written_out, pack, &problems);
    ASSERT_TRUE(without.ok()) << without.status();
    Evaluator a(*with);
    Evaluator b(*without);
    EvaluateOptions options;
    options.trace = v1::TRACE_LEVEL_FULL;
    int decided = 0;
    int dibao = 0;
    for (const Case& c : households) {
      const v1::Household& h = c.household;
      options.as_of = c.as_of;
      v1::Decision da;
      v1::Decision db;
      absl::Status sa = a.Evaluate(h, options, &da);
      absl::Status sb = b.Evaluate(h, options, &db);
      ASSERT_EQ(sa.ToString(), sb.ToString()) << pack << " " << h.id();
      if (!sa.ok()) continue;
      ++decided;
      const std::string ta = Comparable(da);
      EXPECT_EQ(ta, Comparable(db)) << pack << " " << h.id();
      if (ta.find("guarantee.dibao\"") != std::string::npos) ++dibao;
    }
    EXPECT_GT(decided, 50) << pack;
    EXPECT_GT(dibao, 0) << pack << ": no household reached the dibao measure";
  }
}

}  // namespace
}  // namespace povmon
