// Loading a pack: read its files, parse them with positions, check every
// part, plan every rule. Every problem is collected; a pack with any problem
// is rejected with all of them.
#include <algorithm>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "povmon/policy.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/facts.pb.h"
#include "src/base/date.h"
#include "src/base/money.h"
#include "src/policy/definition_loader.h"
#include "src/policy/expression_field.h"
#include "src/policy/identifier.h"
#include "src/policy/lifecycle_loader.h"
#include "src/policy/pack_files.h"
#include "src/policy/policy_impl.h"
#include "src/policy/text_source.h"
#include "src/population/population_loader.h"

namespace povmon {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

const FieldDescriptor* Field(const Descriptor* d, const char* name) {
  return d->FindFieldByName(name);
}

class Loader {
 public:
  Loader(const std::map<std::string, std::string>& files, std::string label,
         const std::vector<ParameterChange>& changes,
         const std::map<std::string, std::string>* unreadable)
      : files_(files),
        label_(std::move(label)),
        changes_(changes),
        impl_(std::make_unique<PolicyImpl>()),
        pack_files_(&files_, label_, &problems_, unreadable) {
    impl_->label = label_;
  }

  absl::StatusOr<std::shared_ptr<const Policy>> Run(std::vector<LoadProblem>* out) {
    LoadPackFile();
    if (pack_ok_) {
      for (int i = 0; i < impl_->pack.parameter_files_size(); ++i) {
        LoadParameterFile(i);
      }
      ApplyChanges();
      BuildEnvironment();
      DefinitionLoader definitions(impl_->pack, &pack_files_, &problems_);
      definitions.Load(&impl_->environment);
      for (int i = 0; i < impl_->pack.rule_files_size(); ++i) LoadRuleFile(i);
      if (impl_->pack.rule_files_size() == 0) {
        problems_.Add(Path("pack.textproto"), 0, 0, "the pack names no rule_files");
      }
      CheckCategoryRules();
      LoadMeasures();
      LoadLifecycleFiles();
      LoadPopulationFiles();
      definitions.ReportUnused();
    }
    if (out != nullptr) *out = problems_.problems();
    if (!problems_.empty()) {
      std::vector<std::string> lines;
      for (const LoadProblem& p : problems_.problems()) lines.push_back(p.ToString());
      return absl::InvalidArgumentError(absl::StrJoin(lines, "\n"));
    }
    impl_->revision = pack_files_.Revision(ChangesText());
    impl_->files = files_;
    impl_->changes = changes_;
    return PolicyImpl::Wrap(std::move(impl_));
  }

 private:
  std::string Path(const std::string& name) const { return pack_files_.Path(name); }

  void Error(const TextSource& src, FilePosition at, std::string message) {
    problems_.Add(src.name(), at.line, at.column, std::move(message));
  }

  // ------------------------------------------------------------ pack.textproto
  void LoadPackFile() {
    TextSource* opened = pack_files_.OpenPack();
    if (opened == nullptr) return;
    TextSource& src = *opened;
    v1::PolicyPack& pack = impl_->pack;
    if (!src.Parse(&pack, &problems_)) return;
    const Descriptor* d = v1::PolicyPack::descriptor();
    auto at = [&](const char* f) { return src.FieldPosition(nullptr, Field(d, f)); };
    FilePosition top{1, 1};
    if (pack.id().empty()) Error(src, top, "pack has no id");
    if (pack.title_en().empty() && pack.title_zh().empty()) Error(src, top, "pack has no title");
    if (pack.description().empty()) Error(src, top, "pack has no description");
    std::optional<absl::CivilDay> from = ParseDate(pack.valid_from());
    std::optional<absl::CivilDay> until = ParseDate(pack.valid_until());
    if (!from) {
      Error(src, pack.valid_from().empty() ? top : at("valid_from"),
            absl::StrCat("valid_from \"", pack.valid_from(), "\" is not a date (YYYY-MM-DD)"));
    }
    if (!until) {
      Error(src, pack.valid_until().empty() ? top : at("valid_until"),
            absl::StrCat("valid_until \"", pack.valid_until(), "\" is not a date (YYYY-MM-DD)"));
    }
    if (from && until && *until < *from) {
      Error(src, at("valid_until"), "valid_until is before valid_from");
    }
    if (from) impl_->valid_from = *from;
    if (until) impl_->valid_until = *until;
    CheckIncome(src);
    pack_ok_ = from.has_value() && until.has_value();
  }

  void CheckIncome(const TextSource& src) {
    const v1::IncomeMeasure& income = impl_->pack.income();
    const FieldDescriptor* income_field = Field(v1::PolicyPack::descriptor(), "income");
    FilePosition at = src.FieldPosition(nullptr, income_field);
    if (at.line == 0) {
      Error(src, {1, 1}, "pack has no income measure (income { ... })");
      return;
    }
    const v1::IncomeWindow& w = income.window();
    if (w.kind() == v1::WINDOW_KIND_UNSPECIFIED) {
      Error(src, at, "income.window.kind is not set");
    } else if (w.kind() == v1::WINDOW_KIND_FIXED_ANNUAL) {
      if (w.start_month() < 1 || w.start_month() > 12 || w.start_day() < 1 ||
          w.start_day() > 28) {
        Error(src, at,
              "a fixed annual window needs start_month 1-12 and start_day 1-28");
      }
    }
    if (income.counted_kinds_size() == 0) Error(src, at, "income.counted_kinds is empty");
    for (int k : income.counted_kinds()) {
      if (k == v1::INCOME_KIND_INSURANCE_CLAIM && income.add_insurance_claims()) {
        Error(src, at,
              "INCOME_KIND_INSURANCE_CLAIM is both a counted kind and added by "
              "add_insurance_claims: it would count twice");
      }
    }
    if (income.has_screening()) {
      const v1::IncomeScreeningPeriod& p = income.screening();
      if (p.start_month() < 1 || p.start_month() > 12 || p.start_day() < 1 ||
          p.start_day() > 28) {
        Error(src, at, "income.screening needs start_month 1-12 and start_day 1-28");
      }
      if (p.citation().empty()) Error(src, at, "income.screening has no citation");
    }
    if (income.members() == v1::MEMBER_COUNTING_UNSPECIFIED) {
      Error(src, at, "income.members is not set (MEMBER_COUNTING_REGISTERED or _CO_RESIDENT)");
    }
    if (income.citation().empty() && w.citation().empty()) {
      Error(src, at, "the income measure has no citation");
    }
  }

  // ------------------------------------------------------------ parameters
  void LoadParameterFile(int index) {
    const std::string& name = impl_->pack.parameter_files(index);
    TextSource* opened = pack_files_.OpenNamed("parameter_files", index, name, "parameter");
    if (opened == nullptr) return;
    TextSource& src = *opened;
    v1::ParameterFile file;
    if (!src.Parse(&file, &problems_)) return;
    const FieldDescriptor* param_field = Field(v1::ParameterFile::descriptor(), "parameter");
    const Descriptor* pd = v1::Parameter::descriptor();
    const Descriptor* vd = v1::ParameterValue::descriptor();
    std::int64_t pack_from = DaysSinceEpoch(impl_->valid_from);
    for (int i = 0; i < file.parameter_size(); ++i) {
      const v1::Parameter& p = file.parameter(i);
      FilePosition at = src.FieldPosition(nullptr, param_field, i);
      const TextFormat::ParseInfoTree* tree = src.Nested(nullptr, param_field, i);
      auto pos = [&](const char* f, int k = -1) {
        FilePosition fp = src.FieldPosition(tree, Field(pd, f), k);
        return fp.line == 0 ? at : fp;
      };
      if (!IsIdentifier(p.name())) {
        Error(src, pos("name"), absl::StrCat("parameter name \"", p.name(),
                                             "\" is not an identifier"));
        continue;
      }
      auto [it, inserted] = parameter_at_.emplace(p.name(), absl::StrCat(src.name(), ":", at.line));
      if (!inserted) {
        Error(src, pos("name"), absl::StrCat("duplicate parameter \"", p.name(),
                                             "\" (first defined at ", it->second, ")"));
        continue;
      }
      if (p.type() == v1::PARAMETER_TYPE_UNSPECIFIED) {
        Error(src, at, absl::StrCat("parameter \"", p.name(), "\" has no type"));
        continue;
      }
      if (p.description().empty()) {
        Error(src, at, absl::StrCat("parameter \"", p.name(), "\" has no description"));
      }
      ParameterSeries series;
      series.name = p.name();
      series.type = p.type();
      series.expr_type = ExprTypeOf(p.type());
      series.citation = p.citation();
      bool every_value_cited = p.value_size() > 0;
      if (p.value_size() == 0) {
        Error(src, at, absl::StrCat("parameter \"", p.name(), "\" has no values"));
      }
      for (int k = 0; k < p.value_size(); ++k) {
        const v1::ParameterValue& v = p.value(k);
        const TextFormat::ParseInfoTree* vt = src.Nested(tree, Field(pd, "value"), k);
        FilePosition vat = pos("value", k);
        auto vpos = [&](const char* f) {
          FilePosition fp = src.FieldPosition(vt, Field(vd, f));
          return fp.line == 0 ? vat : fp;
        };
        if (v.citation().empty()) every_value_cited = false;
        std::optional<absl::CivilDay> from = ParseDate(v.from());
        if (!from) {
          Error(src, vpos("from"), absl::StrCat("parameter \"", p.name(), "\": from \"",
                                                v.from(), "\" is not a date (YYYY-MM-DD)"));
          continue;
        }
        DatedValue dv;
        dv.from_days = DaysSinceEpoch(*from);
        dv.citation = v.citation();
        if (!series.values.empty() && dv.from_days <= series.values.back().from_days) {
          Error(src, vpos("from"), absl::StrCat("parameter \"", p.name(),
                                                "\": values must be in increasing date order"));
          continue;
        }
        std::string problem = ReadValue(p, v, &dv.value);
        if (!problem.empty()) {
          Error(src, vat, absl::StrCat("parameter \"", p.name(), "\": ", problem));
          continue;
        }
        series.values.push_back(std::move(dv));
      }
      if (p.citation().empty() && !every_value_cited) {
        Error(src, at, absl::StrCat("parameter \"", p.name(),
                                    "\" has no citation (give one for the parameter or each value)"));
      }
      if (!series.values.empty() && series.values.front().from_days > pack_from) {
        Error(src, pos("value", 0),
              absl::StrCat("parameter \"", p.name(), "\" has no value for ",
                           FormatDate(impl_->valid_from), ": its first value applies from ",
                           FormatDate(DayFromEpochDays(series.values.front().from_days)),
                           " but the pack's dates start ", FormatDate(impl_->valid_from)));
      }
      impl_->parameters.push_back(std::move(series));
    }
  }

  // The value of `v` as the parameter's type, or a problem.
  static std::string ReadValue(const v1::Parameter& p, const v1::ParameterValue& v,
                               expr::Value* out) {
    using C = v1::ParameterValue::ValueCase;
    C want = C::VALUE_NOT_SET;
    const char* want_name = "";
    switch (p.type()) {
      case v1::PARAMETER_TYPE_MONEY: want = C::kYuan; want_name = "yuan"; break;
      case v1::PARAMETER_TYPE_INT: want = C::kInt; want_name = "int"; break;
      case v1::PARAMETER_TYPE_BOOL: want = C::kBool; want_name = "bool"; break;
      case v1::PARAMETER_TYPE_DATE: want = C::kDate; want_name = "date"; break;
      case v1::PARAMETER_TYPE_BASIS_POINTS: want = C::kBasisPoints; want_name = "basis_points"; break;
      default: return "unknown type";
    }
    if (v.value_case() != want) {
      return absl::StrCat("a ", v1::ParameterType_Name(p.type()), " value is written as ",
                          want_name, ": ...");
    }
    switch (want) {
      case C::kYuan: {
        std::optional<std::int64_t> fen = ParseYuan(v.yuan());
        if (!fen) return absl::StrCat("\"", v.yuan(), "\" is not an amount in yuan (at most two decimals)");
        // Lines, standards and amounts are never below zero; a negative one
        // would quietly turn every comparison with it around.
        if (*fen < 0) {
          return absl::StrCat("\"", v.yuan(), "\" is negative; a money value is zero or more");
        }
        *out = expr::Value::Money(*fen);
        return "";
      }
      case C::kInt: *out = expr::Value::Int(v.int_()); return "";
      case C::kBool: *out = expr::Value::Bool(v.bool_()); return "";
      case C::kBasisPoints: *out = expr::Value::Int(v.basis_points()); return "";
      case C::kDate: {
        std::optional<absl::CivilDay> d = ParseDate(v.date());
        if (!d) return absl::StrCat("\"", v.date(), "\" is not a date (YYYY-MM-DD)");
        *out = expr::Value::Date(DaysSinceEpoch(*d));
        return "";
      }
      default: return "no value";
    }
  }

  // ------------------------------------------------------------ what-if
  // Policy::WithChanges: each change replaces its parameter's values from
  // its date on, after the parameter files are read and checked.
  void ApplyChanges() {
    for (const ParameterChange& c : changes_) {
      std::string file = absl::StrCat("what-if ", c.ToString());
      auto problem = [&](std::string message) { problems_.Add(file, 0, 0, std::move(message)); };
      auto series = std::find_if(impl_->parameters.begin(), impl_->parameters.end(),
                                 [&](const ParameterSeries& p) { return p.name == c.name; });
      if (series == impl_->parameters.end()) {
        std::vector<std::string> names;
        for (const ParameterSeries& p : impl_->parameters) names.push_back(p.name);
        std::sort(names.begin(), names.end());
        problem(absl::StrCat("the pack has no parameter \"", c.name, "\" (it has: ",
                             absl::StrJoin(names, ", "), ")"));
        continue;
      }
      absl::CivilDay from = impl_->valid_from;
      if (!c.from.empty()) {
        std::optional<absl::CivilDay> day = ParseDate(c.from);
        if (!day || *day < impl_->valid_from || *day > impl_->valid_until) {
          problem(absl::StrCat("from \"", c.from, "\" is not a date within the pack's dates (",
                               FormatDate(impl_->valid_from), " to ",
                               FormatDate(impl_->valid_until), ")"));
          continue;
        }
        from = *day;
      }
      v1::Parameter as_written;
      as_written.set_name(c.name);
      as_written.set_type(series->type);
      v1::ParameterValue value;
      if (std::string problem_text = WriteValue(series->type, c.value, &value);
          !problem_text.empty()) {
        problem(absl::StrCat("parameter \"", c.name, "\" is ",
                             v1::ParameterType_Name(series->type), ": ", problem_text));
        continue;
      }
      DatedValue dv;
      dv.from_days = DaysSinceEpoch(from);
      dv.citation = absl::StrCat("what-if ", c.ToString(), " (not the plan's value)");
      if (std::string problem_text = ReadValue(as_written, value, &dv.value);
          !problem_text.empty()) {
        problem(absl::StrCat("parameter \"", c.name, "\": ", problem_text));
        continue;
      }
      std::vector<DatedValue>& values = series->values;
      values.erase(std::remove_if(values.begin(), values.end(),
                                  [&](const DatedValue& v) { return v.from_days >= dv.from_days; }),
                   values.end());
      values.push_back(std::move(dv));
    }
  }

  // `text` as a parameter file writes a value of `type`, or a problem.
  static std::string WriteValue(v1::ParameterType type, const std::string& text,
                                v1::ParameterValue* out) {
    std::int64_t number = 0;
    switch (type) {
      case v1::PARAMETER_TYPE_MONEY: out->set_yuan(text); return "";
      case v1::PARAMETER_TYPE_DATE: out->set_date(text); return "";
      case v1::PARAMETER_TYPE_BOOL:
        if (text != "true" && text != "false") return absl::StrCat("\"", text, "\" is not true or false");
        out->set_bool_(text == "true");
        return "";
      case v1::PARAMETER_TYPE_INT:
      case v1::PARAMETER_TYPE_BASIS_POINTS:
        if (!absl::SimpleAtoi(text, &number) || text.empty() || text[0] == '+' || text[0] == ' ') {
          return absl::StrCat("\"", text, "\" is not a whole number");
        }
        if (type == v1::PARAMETER_TYPE_INT) out->set_int_(number);
        else out->set_basis_points(number);
        return "";
      default: return "a parameter of no known type";
    }
  }

  // The changes in the form they were given, one per line, for the revision.
  std::string ChangesText() const {
    std::string text;
    for (const ParameterChange& c : changes_) absl::StrAppend(&text, c.ToString(), "\n");
    return text;
  }

  void BuildEnvironment() {
    expr::Environment& env = impl_->environment;
    env.roots = {{"household", v1::Household::descriptor(), kHouseholdSlot},
                 {"facts", v1::Facts::descriptor(), kFactsSlot},
                 {"identification", v1::Identification::descriptor(), kIdentificationSlot}};
    env.pool = v1::Household::descriptor()->file()->pool();
    env.enum_package = "povmon.v1";
    for (std::size_t i = 0; i < impl_->parameters.size(); ++i) {
      env.parameters.push_back(
          {impl_->parameters[i].name, impl_->parameters[i].expr_type, static_cast<int>(i)});
    }
  }

  // ------------------------------------------------------------ rules
  void LoadRuleFile(int index) {
    const std::string& name = impl_->pack.rule_files(index);
    TextSource* opened = pack_files_.OpenNamed("rule_files", index, name, "rule");
    if (opened == nullptr) return;
    TextSource& src = *opened;
    v1::RuleFile file;
    if (!src.Parse(&file, &problems_)) return;
    const FieldDescriptor* rule_field = Field(v1::RuleFile::descriptor(), "rule");
    const Descriptor* rd = v1::Rule::descriptor();
    for (int i = 0; i < file.rule_size(); ++i) {
      const v1::Rule& r = file.rule(i);
      FilePosition at = src.FieldPosition(nullptr, rule_field, i);
      if (impl_->rules.size() >= static_cast<std::size_t>(kMaxPackRules)) {
        Error(src, at, absl::StrCat("the pack has more than ", kMaxPackRules,
                                    " rules (the limit, povmon/limits.h); this rule and the "
                                    "ones after it were not read"));
        return;
      }
      const TextFormat::ParseInfoTree* tree = src.Nested(nullptr, rule_field, i);
      auto pos = [&](const char* f) {
        FilePosition fp = src.FieldPosition(tree, Field(rd, f));
        return fp.line == 0 ? at : fp;
      };
      std::string who = absl::StrCat("rule \"", r.id(), "\"");
      if (r.id().empty()) {
        Error(src, at, "rule has no id");
        who = "rule";
      } else if (auto [it, inserted] =
                     rule_at_.emplace(r.id(), absl::StrCat(src.name(), ":", at.line));
                 !inserted) {
        Error(src, pos("id"), absl::StrCat("duplicate rule id \"", r.id(),
                                           "\" (first defined at ", it->second, ")"));
      }
      if (r.citation().empty()) Error(src, at, absl::StrCat(who, " has no citation"));
      if (r.description_zh().empty()) {
        Error(src, at, absl::StrCat(who, " has no Chinese description (description_zh)"));
      }
      if (r.description_en().empty()) {
        Error(src, at, absl::StrCat(who, " has no English description (description_en)"));
      }
      CompiledRule compiled;
      compiled.index = static_cast<int>(impl_->rules.size());
      compiled.file = src.name();
      compiled.line = at.line;
      if (!Outcome(r, &compiled)) {
        Error(src, at, absl::StrCat(who, " decides nothing: give one of category, risk, watch, "
                                         "negative_list, situation or screening (not UNSPECIFIED)"));
      }
      if (r.when().empty()) {
        Error(src, at, absl::StrCat(who, " has no condition (when)"));
      } else {
        compiled.program = CompileExpressionField(
            src, tree, Field(rd, "when"), -1, r.when(), impl_->environment,
            expr::Type::Of(expr::TypeKind::kBool), who, &problems_);
      }
      if (!r.id().empty()) impl_->rule_by_id.emplace(r.id(), compiled.index);
      impl_->rules.push_back(r);
      impl_->compiled.push_back(std::move(compiled));
      (impl_->compiled.back().kind == RuleKind::kCategory ? impl_->category_rules
                                                          : impl_->collected_rules)
          .push_back(impl_->compiled.back().index);
    }
  }

  static bool Outcome(const v1::Rule& r, CompiledRule* c) {
    using O = v1::Rule::OutcomeCase;
    switch (r.outcome_case()) {
      case O::kCategory:
        c->kind = RuleKind::kCategory;
        c->outcome = r.category();
        c->outcome_name = v1::Category_Name(r.category());
        return r.category() != v1::CATEGORY_UNSPECIFIED;
      case O::kRisk:
        c->kind = RuleKind::kRisk;
        c->outcome = r.risk();
        c->outcome_name = v1::RiskType_Name(r.risk());
        return r.risk() != v1::RISK_TYPE_UNSPECIFIED;
      case O::kWatch:
        c->kind = RuleKind::kWatch;
        c->outcome = r.watch();
        c->outcome_name = v1::WatchGroup_Name(r.watch());
        return r.watch() != v1::WATCH_GROUP_UNSPECIFIED;
      case O::kNegativeList:
        c->kind = RuleKind::kNegativeList;
        c->outcome = r.negative_list();
        c->outcome_name = v1::NegativeListItem_Name(r.negative_list());
        return r.negative_list() != v1::NEGATIVE_LIST_ITEM_UNSPECIFIED;
      case O::kSituation:
        c->kind = RuleKind::kSituation;
        c->outcome = r.situation();
        c->outcome_name = v1::Situation_Name(r.situation());
        return r.situation() != v1::SITUATION_UNSPECIFIED;
      case O::kScreening:
        c->kind = RuleKind::kScreening;
        c->outcome = r.screening();
        c->outcome_name = v1::ScreeningFinding_Name(r.screening());
        return r.screening() != v1::SCREENING_FINDING_UNSPECIFIED;
      default:
        return false;
    }
  }

  // Category rules are a PRIORITY table: a rule after one whose condition is
  // literally `true` can never fire.
  void CheckCategoryRules() {
    bool unconditional_seen = false;
    std::string unconditional_id;
    for (int index : impl_->category_rules) {
      const v1::Rule& r = impl_->rules[index];
      const CompiledRule& c = impl_->compiled[index];
      if (unconditional_seen) {
        problems_.Add(c.file, c.line, 1,
                      absl::StrCat("category rule \"", r.id(), "\" can never fire: rule \"",
                                   unconditional_id, "\" before it always holds"));
      }
      if (r.when() == "true") {
        unconditional_seen = true;
        unconditional_id = r.id();
      }
    }
  }

  // ------------------------------------------------------------ measures
  // The assistance catalogue (src/policy/measure_catalogue.h), read after the
  // rules so that measure ids can be checked against rule ids.
  void LoadMeasures() {
    MeasureLoadContext context;
    context.pack = &impl_->pack;
    context.files = &pack_files_;
    context.environment = &impl_->environment;
    context.rule_ids = &impl_->rule_by_id;
    context.problems = &problems_;
    LoadMeasureCatalogue(context, &impl_->measures);
  }

  // ------------------------------------------------------------ lifecycle
  // Calendars, risk elimination, procedures and visits
  // (src/policy/lifecycle_loader.h), read after the rules.
  void LoadLifecycleFiles() {
    LifecycleLoadContext context;
    context.pack = &impl_->pack;
    context.files = &pack_files_;
    context.environment = &impl_->environment;
    context.rule_ids = &impl_->rule_by_id;
    context.valid_from = impl_->valid_from;
    context.valid_until = impl_->valid_until;
    context.problems = &problems_;
    LoadLifecycle(context, &impl_->lifecycle, &impl_->calendar);
  }

  // ------------------------------------------------------------ population
  // Population rules and places (src/population/population_loader.h).
  void LoadPopulationFiles() {
    PopulationLoadContext context;
    context.pack = &impl_->pack;
    context.files = &pack_files_;
    context.environment = &impl_->environment;
    context.parameters = &impl_->parameters;
    context.rule_ids = &impl_->rule_by_id;
    context.problems = &problems_;
    LoadPopulation(context, &impl_->population);
  }

  const std::map<std::string, std::string>& files_;
  std::string label_;
  const std::vector<ParameterChange>& changes_;
  std::unique_ptr<PolicyImpl> impl_;
  ProblemList problems_;
  PackFiles pack_files_;
  std::map<std::string, std::string> parameter_at_;
  std::map<std::string, std::string> rule_at_;
  bool pack_ok_ = false;
};

}  // namespace

absl::StatusOr<std::shared_ptr<const Policy>> PolicyImpl::Load(
    const std::map<std::string, std::string>& files, const std::string& label,
    const std::vector<ParameterChange>& changes, std::vector<LoadProblem>* problems,
    const std::map<std::string, std::string>* unreadable) {
  Loader loader(files, label, changes, unreadable);
  return loader.Run(problems);
}

absl::StatusOr<std::shared_ptr<const Policy>> Policy::LoadFromFiles(
    const std::map<std::string, std::string>& files, const std::string& label,
    std::vector<LoadProblem>* problems) {
  return PolicyImpl::Load(files, label, {}, problems);
}

absl::StatusOr<std::shared_ptr<const Policy>> Policy::Load(const std::string& directory,
                                                           std::vector<LoadProblem>* problems) {
  std::string dir = directory;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  // Only the files pack.textproto names, each inside the folder, a regular
  // file, within the size limit (src/policy/pack_files.h); the loader
  // reports the others where pack.textproto names them.
  std::map<std::string, std::string> files;
  std::map<std::string, std::string> unreadable;
  ReadPackFolder(dir, &files, &unreadable);
  if (files.count("pack.textproto") == 0) {
    LoadProblem p;
    p.file = dir + "/pack.textproto";
    p.message = absl::StrCat("cannot read pack.textproto: ", unreadable["pack.textproto"]);
    if (problems != nullptr) *problems = {p};
    return absl::NotFoundError(p.ToString());
  }
  return PolicyImpl::Load(files, dir, {}, problems, &unreadable);
}

}  // namespace povmon
