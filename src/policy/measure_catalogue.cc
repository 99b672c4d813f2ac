// Loading the measure catalogue: parse each measure file with positions,
// check every field, compile every expression at its level, then check the
// families and hit policies as a whole. Every problem is collected.
#include "src/policy/measure_catalogue.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "povmon/v1/household.pb.h"
#include "src/policy/expression_field.h"
#include "src/policy/measure_analysis.h"
#include "src/policy/policy_impl.h"

namespace povmon {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

const FieldDescriptor* Field(const Descriptor* d, const char* name) {
  return d->FindFieldByName(name);
}

const char* LevelName(v1::MeasureLevel level) {
  switch (level) {
    case v1::MEASURE_LEVEL_HOUSEHOLD: return "household-level";
    case v1::MEASURE_LEVEL_MEMBER: return "member-level";
    case v1::MEASURE_LEVEL_WORKSHOP: return "workshop-level";
    default: return "unspecified-level";
  }
}

// Where a measure's parts are written, kept until the whole catalogue is read.
struct MeasureSource {
  const TextSource* source = nullptr;
  FilePosition at;
  FilePosition family_at;
  FilePosition rounding_at;
  // who && every condition, for the static checks.
  ConditionSummary summary;
};

class CatalogueLoader {
 public:
  CatalogueLoader(const MeasureLoadContext& context, MeasureCatalogue* catalogue)
      : c_(context), cat_(catalogue) {}

  void Run() {
    BuildEnvironments();
    for (int i = 0; i < c_.pack->measure_files_size(); ++i) LoadFile(i);
    ResolveFamilies();
    CheckRounding();
    CheckNeverFires();
    CheckShadowing();
    ResolvePrinciples();
  }

 private:
  void Error(const TextSource& src, FilePosition at, std::string message) {
    c_.problems->Add(src.name(), at.line, at.column, std::move(message));
  }

  void BuildEnvironments() {
    cat_->member_environment = *c_.environment;
    cat_->member_environment.roots.push_back({"member", v1::Member::descriptor(), kMemberSlot});
    expr::Environment& w = cat_->workshop_environment;
    w.roots = {{"workshop", v1::Workshop::descriptor(), kWorkshopSlot}};
    w.parameters = c_.environment->parameters;
    w.pool = c_.environment->pool;
    w.enum_package = c_.environment->enum_package;
    w.limits = c_.environment->limits;
    w.definitions = c_.environment->definitions;
  }

  const expr::Environment& EnvironmentFor(v1::MeasureLevel level) const {
    switch (level) {
      case v1::MEASURE_LEVEL_MEMBER: return cat_->member_environment;
      case v1::MEASURE_LEVEL_WORKSHOP: return cat_->workshop_environment;
      default: return *c_.environment;
    }
  }

  // ------------------------------------------------------------ one file
  void LoadFile(int index) {
    const std::string& name = c_.pack->measure_files(index);
    TextSource* opened = c_.files->OpenNamed("measure_files", index, name, "measure");
    if (opened == nullptr) return;
    TextSource& src = *opened;
    v1::MeasureFile file;
    if (!src.Parse(&file, c_.problems)) return;
    const Descriptor* fd = v1::MeasureFile::descriptor();
    for (int i = 0; i < file.rounding_size(); ++i) {
      AddRounding(src, src.FieldPosition(nullptr, Field(fd, "rounding"), i), file.rounding(i));
    }
    for (int i = 0; i < file.family_size(); ++i) {
      AddFamily(src, src.FieldPosition(nullptr, Field(fd, "family"), i), file.family(i));
    }
    for (int i = 0; i < file.measure_size(); ++i) {
      AddMeasure(src, src.Nested(nullptr, Field(fd, "measure"), i),
                 src.FieldPosition(nullptr, Field(fd, "measure"), i), file.measure(i));
    }
    for (int i = 0; i < file.principle_size(); ++i) {
      AddPrinciple(src, src.Nested(nullptr, Field(fd, "principle"), i),
                   src.FieldPosition(nullptr, Field(fd, "principle"), i), file.principle(i));
    }
  }

  void AddRounding(const TextSource& src, FilePosition at, const v1::RoundingRule& r) {
    if (r.id().empty()) {
      Error(src, at, "rounding rule has no id");
      return;
    }
    if (!rounding_at_.emplace(r.id(), absl::StrCat(src.name(), ":", at.line)).second) {
      Error(src, at, absl::StrCat("duplicate rounding rule \"", r.id(), "\" (first defined at ",
                                  rounding_at_[r.id()], ")"));
      return;
    }
    if (r.description().empty()) {
      Error(src, at, absl::StrCat("rounding rule \"", r.id(), "\" has no description"));
    }
    if (r.citation().empty()) {
      Error(src, at, absl::StrCat("rounding rule \"", r.id(), "\" has no citation"));
    }
    cat_->rounding.push_back(r);
  }

  void AddFamily(const TextSource& src, FilePosition at, const v1::MeasureFamily& f) {
    if (f.id().empty()) {
      Error(src, at, "measure family has no id");
      return;
    }
    if (family_by_id_.count(f.id()) > 0) {
      Error(src, at, absl::StrCat("duplicate measure family \"", f.id(), "\" (first defined at ",
                                  family_at_[family_by_id_[f.id()]], ")"));
      return;
    }
    std::string who = absl::StrCat("measure family \"", f.id(), "\"");
    if (f.name_zh().empty() || f.name_en().empty()) {
      Error(src, at, absl::StrCat(who, " needs name_zh and name_en"));
    }
    if (f.hit_policy() == v1::HIT_POLICY_UNSPECIFIED) {
      Error(src, at, absl::StrCat(who, " has no hit_policy (HIT_POLICY_COLLECT or HIT_POLICY_PRIORITY)"));
    }
    if (f.level() == v1::MEASURE_LEVEL_UNSPECIFIED) {
      Error(src, at, absl::StrCat(who, " has no level"));
    }
    if (f.citation().empty()) Error(src, at, absl::StrCat(who, " has no citation"));
    family_by_id_[f.id()] = static_cast<int>(cat_->families.size());
    family_at_.push_back(absl::StrCat(src.name(), ":", at.line));
    family_source_.push_back({&src, at});
    cat_->families.push_back(f);
  }

  void AddMeasure(const TextSource& src, const TextFormat::ParseInfoTree* tree, FilePosition at,
                  const v1::Measure& m) {
    const Descriptor* md = v1::Measure::descriptor();
    auto pos = [&](const char* f) {
      FilePosition fp = src.FieldPosition(tree, Field(md, f));
      return fp.line == 0 ? at : fp;
    };
    std::string who = absl::StrCat("measure \"", m.id(), "\"");
    if (m.id().empty()) {
      Error(src, at, "measure has no id");
      who = "measure";
    } else if (auto [it, inserted] =
                   measure_at_.emplace(m.id(), absl::StrCat(src.name(), ":", at.line));
               !inserted) {
      Error(src, pos("id"), absl::StrCat("duplicate measure id \"", m.id(), "\" (first defined at ",
                                         it->second, ")"));
    } else if (c_.rule_ids->count(m.id()) > 0) {
      Error(src, pos("id"), absl::StrCat("measure id \"", m.id(),
                                         "\" is also a rule id: trace entries are named by both"));
    }
    if (m.name_zh().empty() || m.name_en().empty()) {
      Error(src, at, absl::StrCat(who, " needs name_zh and name_en"));
    }
    if (m.department().empty()) Error(src, at, absl::StrCat(who, " has no department"));
    if (m.citation().empty()) Error(src, at, absl::StrCat(who, " has no citation"));
    if (m.kind() == v1::MEASURE_KIND_UNSPECIFIED) {
      Error(src, at, absl::StrCat(who, " has no kind (DEVELOPMENT, GUARANTEE or SERVICE)"));
    }
    if (m.level() == v1::MEASURE_LEVEL_UNSPECIFIED) {
      Error(src, at, absl::StrCat(who, " has no level (HOUSEHOLD, MEMBER or WORKSHOP)"));
    }
    CompiledMeasure cm;
    cm.index = static_cast<int>(cat_->measures.size());
    cm.level = m.level();
    cm.kind = m.kind();
    cm.file = src.name();
    cm.line = at.line;
    cm.column = at.column;
    for (int r : m.risks()) {
      if (r <= 0 || r >= 64) {
        Error(src, pos("risks"), absl::StrCat(who, ": risk ", r, " is not a risk type"));
        continue;
      }
      cm.risk_mask |= std::uint64_t{1} << r;
    }
    if (m.level() == v1::MEASURE_LEVEL_WORKSHOP) {
      if (m.risks_size() > 0) {
        Error(src, pos("risks"), absl::StrCat(who, " is workshop-level: it answers no household risk"));
      }
    }
    MeasureSource ms;
    ms.source = &src;
    ms.at = at;
    ms.family_at = pos("family");
    const expr::Environment& env = EnvironmentFor(m.level());
    const expr::Type boolean = expr::Type::Of(expr::TypeKind::kBool);
    const expr::Type money = expr::Type::Of(expr::TypeKind::kMoney);
    if (!m.who().empty()) {
      cm.who = CompileExpressionField(src, tree, Field(md, "who"), -1, m.who(), env, boolean,
                                      absl::StrCat(who, " who"), c_.problems);
      if (cm.who != nullptr) ms.summary.AddExpression(m.who());
    }
    const FieldDescriptor* cond_field = Field(md, "condition");
    const Descriptor* cd = v1::MeasureCondition::descriptor();
    for (int k = 0; k < m.condition_size(); ++k) {
      const v1::MeasureCondition& cond = m.condition(k);
      const TextFormat::ParseInfoTree* ct = src.Nested(tree, cond_field, k);
      FilePosition cat = src.FieldPosition(tree, cond_field, k);
      std::string cwho = absl::StrCat(who, " condition ", k + 1);
      if (cond.holds().empty() || cond.fails().empty()) {
        Error(src, cat, absl::StrCat(cwho, " needs `holds` (why it applies) and `fails` (why not)"));
      }
      if (cond.citation().empty()) Error(src, cat, absl::StrCat(cwho, " has no citation"));
      if (cond.when().empty()) {
        Error(src, cat, absl::StrCat(cwho, " has no condition (when)"));
        cm.conditions.push_back(nullptr);
        continue;
      }
      cm.conditions.push_back(CompileExpressionField(src, ct, Field(cd, "when"), -1, cond.when(),
                                                     env, boolean, cwho, c_.problems));
      if (cm.conditions.back() != nullptr) ms.summary.AddExpression(cond.when());
    }
    // The amount: exact, or a range.
    const v1::MeasureAmount& amount = m.amount();
    const FieldDescriptor* amount_field = Field(md, "amount");
    const TextFormat::ParseInfoTree* at_tree = src.Nested(tree, amount_field, -1);
    const Descriptor* ad = v1::MeasureAmount::descriptor();
    FilePosition amount_at = pos("amount");
    bool has_exact = !amount.fen().empty();
    bool has_range = !amount.min_fen().empty() || !amount.max_fen().empty();
    if (has_exact && has_range) {
      Error(src, amount_at, absl::StrCat(who, ": give an exact amount (fen) or a range "
                                             "(min_fen, max_fen), not both"));
    }
    if ((has_exact || has_range) && amount.basis() == v1::AMOUNT_BASIS_UNSPECIFIED) {
      Error(src, amount_at, absl::StrCat(who, ": the amount has no basis (ONE_OFF, PER_YEAR, "
                                             "PER_TERM, PER_MONTH or LOAN_CEILING)"));
    }
    if (!has_exact && !has_range && src.FieldPosition(tree, amount_field).line != 0 &&
        (amount.basis() != v1::AMOUNT_BASIS_UNSPECIFIED || !amount.rounding().empty())) {
      Error(src, amount_at, absl::StrCat(who, ": the amount names a basis or rounding but no "
                                             "amount (fen, or min_fen/max_fen)"));
    }
    if ((has_exact || has_range) && amount.citation().empty() && m.citation().empty()) {
      Error(src, amount_at, absl::StrCat(who, ": the amount has no citation"));
    }
    bool divides = false;
    auto compile_amount = [&](const char* field, const std::string& text,
                              std::unique_ptr<expr::Program>* out) {
      if (text.empty()) return;
      *out = CompileExpressionField(src, at_tree, Field(ad, field), -1, text, env, money,
                                    absl::StrCat(who, " amount ", field), c_.problems);
      if (*out != nullptr && ExpressionDivides(text)) divides = true;
    };
    compile_amount("fen", amount.fen(), &cm.amount);
    compile_amount("min_fen", amount.min_fen(), &cm.min_amount);
    compile_amount("max_fen", amount.max_fen(), &cm.max_amount);
    ms.rounding_at = amount_at;
    if (divides && amount.rounding().empty()) {
      Error(src, amount_at, absl::StrCat(who, ": the amount divides, so it rounds: name the "
                                             "rounding rule (amount { rounding: \"...\" })"));
    }
    if (!m.until().empty()) {
      cm.until = CompileExpressionField(src, tree, Field(md, "until"), -1, m.until(), env,
                                        expr::Type::Of(expr::TypeKind::kDate),
                                        absl::StrCat(who, " until"), c_.problems);
    }
    if (!m.id().empty()) cat_->measure_by_id.emplace(m.id(), cm.index);
    cat_->measures.push_back(m);
    cat_->compiled.push_back(std::move(cm));
    measure_sources_.push_back(std::move(ms));
  }

  void AddPrinciple(const TextSource& src, const TextFormat::ParseInfoTree* tree, FilePosition at,
                    const v1::Principle& p) {
    std::string who = absl::StrCat("principle \"", p.id(), "\"");
    if (p.id().empty()) {
      Error(src, at, "principle has no id");
      who = "principle";
    }
    if (p.text().empty()) Error(src, at, absl::StrCat(who, " has no text"));
    if (p.citation().empty()) Error(src, at, absl::StrCat(who, " has no citation"));
    CompiledPrinciple* slot = nullptr;
    switch (p.kind()) {
      case v1::PRINCIPLE_KIND_TARGETED: slot = &cat_->targeted; break;
      case v1::PRINCIPLE_KIND_COMBINED: slot = &cat_->combined; break;
      case v1::PRINCIPLE_KIND_DEVELOPMENT_FIRST: slot = &cat_->development_first; break;
      case v1::PRINCIPLE_KIND_GUARANTEE: slot = &cat_->guarantee; break;
      case v1::PRINCIPLE_KIND_ASSIGNED_HELPER: slot = &cat_->assigned_helper; break;
      default:
        Error(src, at, absl::StrCat(who, " has no kind"));
        return;
    }
    if (slot->index >= 0) {
      Error(src, at, absl::StrCat(who, ": the catalogue already states a ",
                                  v1::PrincipleKind_Name(p.kind()), " principle (\"",
                                  cat_->principles[slot->index].id(), "\")"));
      return;
    }
    bool needs_when = p.kind() == v1::PRINCIPLE_KIND_DEVELOPMENT_FIRST ||
                      p.kind() == v1::PRINCIPLE_KIND_GUARANTEE;
    if (needs_when && p.when().empty()) {
      Error(src, at, absl::StrCat(who, " needs `when` (a household-level condition)"));
    } else if (!needs_when && !p.when().empty()) {
      Error(src, at, absl::StrCat(who, ": a ", v1::PrincipleKind_Name(p.kind()),
                                  " principle has no condition (when)"));
    } else if (needs_when) {
      slot->when = CompileExpressionField(src, tree, Field(v1::Principle::descriptor(), "when"),
                                          -1, p.when(), *c_.environment,
                                          expr::Type::Of(expr::TypeKind::kBool), who, c_.problems);
    }
    if (p.kind() == v1::PRINCIPLE_KIND_DEVELOPMENT_FIRST && p.fails().empty()) {
      Error(src, at, absl::StrCat(who, " needs `fails`: the reason a development measure does "
                                       "not apply when the household cannot work"));
    }
    if (p.kind() == v1::PRINCIPLE_KIND_ASSIGNED_HELPER) {
      if (p.measures_size() != 1) {
        Error(src, at, absl::StrCat(who, " names ", p.measures_size(),
                                    " measures: an assigned-helper principle names exactly one"));
      }
      helper_at_ = {&src, at};
    } else if (p.kind() == v1::PRINCIPLE_KIND_GUARANTEE) {
      if (p.measures_size() == 0) {
        Error(src, at, absl::StrCat(who, " names no measures: name the guarantee measures it "
                                         "brings in (dibao, extreme-poverty support, ...)"));
      }
      guarantee_at_ = {&src, at};
    } else if (p.measures_size() > 0) {
      Error(src, at, absl::StrCat(who, ": only ASSIGNED_HELPER and GUARANTEE principles name "
                                       "measures"));
    }
    slot->index = static_cast<int>(cat_->principles.size());
    cat_->principles.push_back(p);
  }

  // ------------------------------------------------------------ the whole
  void ResolveFamilies() {
    std::vector<int> group_of_family(cat_->families.size(), -1);
    std::vector<int> members_of_family(cat_->families.size(), 0);
    for (CompiledMeasure& cm : cat_->compiled) {
      const v1::Measure& m = cat_->measures[cm.index];
      const MeasureSource& ms = measure_sources_[cm.index];
      std::string who = absl::StrCat("measure \"", m.id(), "\"");
      std::vector<MeasureGroup>& groups = cm.level == v1::MEASURE_LEVEL_WORKSHOP
                                              ? cat_->workshop_groups
                                              : cat_->household_groups;
      if (m.family().empty()) {
        MeasureGroup g;
        g.level = cm.level;
        g.measures.push_back(cm.index);
        groups.push_back(std::move(g));
        continue;
      }
      auto it = family_by_id_.find(m.family());
      if (it == family_by_id_.end()) {
        Error(*ms.source, ms.family_at,
              absl::StrCat(who, ": no measure family \"", m.family(), "\""));
        continue;
      }
      cm.family = it->second;
      const v1::MeasureFamily& f = cat_->families[cm.family];
      ++members_of_family[cm.family];
      if (f.level() != v1::MEASURE_LEVEL_UNSPECIFIED && cm.level != v1::MEASURE_LEVEL_UNSPECIFIED &&
          f.level() != cm.level) {
        Error(*ms.source, ms.family_at,
              absl::StrCat(who, " can never fire: it is ", LevelName(cm.level), " but family \"",
                           f.id(), "\" is ", LevelName(f.level()), ", and a family is decided ",
                           "once per household, member or workshop"));
        continue;
      }
      int& g = group_of_family[cm.family];
      if (g < 0) {
        MeasureGroup group;
        group.family = cm.family;
        group.level = cm.level;
        group.priority = f.hit_policy() == v1::HIT_POLICY_PRIORITY;
        groups.push_back(std::move(group));
        g = static_cast<int>(groups.size()) - 1;
      }
      groups[g].measures.push_back(cm.index);
    }
    for (std::size_t f = 0; f < cat_->families.size(); ++f) {
      if (members_of_family[f] == 0) {
        const auto& [src, at] = family_source_[f];
        Error(*src, at, absl::StrCat("measure family \"", cat_->families[f].id(),
                                     "\" has no measures"));
      }
    }
  }

  void CheckRounding() {
    std::set<std::string> known;
    for (const v1::RoundingRule& r : cat_->rounding) known.insert(r.id());
    for (const CompiledMeasure& cm : cat_->compiled) {
      const v1::Measure& m = cat_->measures[cm.index];
      const std::string& rule = m.amount().rounding();
      if (!rule.empty() && known.count(rule) == 0) {
        const MeasureSource& ms = measure_sources_[cm.index];
        Error(*ms.source, ms.rounding_at,
              absl::StrCat("measure \"", m.id(), "\": no rounding rule \"", rule, "\""));
      }
    }
  }

  // Literally unsatisfiable measures: `false`, `x && !x`, constraints on one
  // term that no value meets.
  void CheckNeverFires() {
    for (const CompiledMeasure& cm : cat_->compiled) {
      const MeasureSource& ms = measure_sources_[cm.index];
      if (ms.summary.never_holds()) {
        Error(*ms.source, ms.at,
              absl::StrCat("measure \"", cat_->measures[cm.index].id(), "\" can never fire: ",
                           ms.summary.contradiction()));
      }
    }
  }

  // In a PRIORITY family a measure is given only when no measure before it
  // applies. If an earlier measure applies whenever a later one would (same
  // kind, answering every risk the later one answers, and conditions implied
  // by the later one's), the later one can never be given: the two overlap
  // where the hit policy forbids it.
  void CheckShadowing() {
    for (const std::vector<MeasureGroup>* groups :
         {&cat_->household_groups, &cat_->workshop_groups}) {
      for (const MeasureGroup& g : *groups) {
        if (!g.priority) continue;
        for (std::size_t j = 1; j < g.measures.size(); ++j) {
          const CompiledMeasure& later = cat_->compiled[g.measures[j]];
          const MeasureSource& ls = measure_sources_[later.index];
          if (ls.summary.never_holds()) continue;  // reported already
          for (std::size_t i = 0; i < j; ++i) {
            const CompiledMeasure& earlier = cat_->compiled[g.measures[i]];
            const MeasureSource& es = measure_sources_[earlier.index];
            bool same_gates = earlier.kind == later.kind &&
                              (earlier.risk_mask == 0 ||
                               (later.risk_mask != 0 &&
                                (later.risk_mask & ~earlier.risk_mask) == 0));
            if (!same_gates || !ls.summary.Implies(es.summary)) continue;
            const v1::Measure& lm = cat_->measures[later.index];
            const v1::Measure& em = cat_->measures[earlier.index];
            Error(*ls.source, ls.at,
                  absl::StrCat("measure \"", lm.id(), "\" can never fire: family \"",
                               cat_->families[g.family].id(), "\" is PRIORITY and measure \"",
                               em.id(), "\" before it (", es.source->name(), ":", es.at.line,
                               ") applies whenever it would (", es.summary.Describe(),
                               " holds whenever ", ls.summary.Describe(),
                               " does); put the narrower measure first"));
            break;
          }
        }
      }
    }
  }

  void ResolvePrinciples() {
    ResolveGuarantee();
    // One risk, one measure: a development or guarantee measure names the
    // risks it answers, unless the GUARANTEE principle alone brings it in.
    for (const CompiledMeasure& cm : cat_->compiled) {
      if (cm.level == v1::MEASURE_LEVEL_WORKSHOP || cm.kind == v1::MEASURE_KIND_SERVICE ||
          cm.kind == v1::MEASURE_KIND_UNSPECIFIED || cm.risk_mask != 0 || cm.guarantee_principle) {
        continue;
      }
      const MeasureSource& ms = measure_sources_[cm.index];
      Error(*ms.source, ms.at,
            absl::StrCat("measure \"", cat_->measures[cm.index].id(),
                         "\" names no risk it answers: development and guarantee measures "
                         "must (one risk, one measure), unless the GUARANTEE principle brings "
                         "them in; only a service may name none"));
    }
    CompiledPrinciple& helper = cat_->assigned_helper;
    if (helper.index < 0) return;
    const v1::Principle& p = cat_->principles[helper.index];
    if (p.measures_size() != 1) return;  // reported
    auto it = cat_->measure_by_id.find(p.measures(0));
    const auto& [src, at] = helper_at_;
    std::string who = absl::StrCat("principle \"", p.id(), "\"");
    if (it == cat_->measure_by_id.end()) {
      Error(*src, at, absl::StrCat(who, ": no measure \"", p.measures(0), "\""));
      return;
    }
    const CompiledMeasure& cm = cat_->compiled[it->second];
    const v1::Measure& m = cat_->measures[cm.index];
    if (cm.level != v1::MEASURE_LEVEL_HOUSEHOLD || cm.kind != v1::MEASURE_KIND_SERVICE) {
      Error(*src, at, absl::StrCat(who, ": the assigned helper \"", m.id(),
                                   "\" must be a household-level SERVICE measure"));
    }
    if (!m.who().empty() || m.condition_size() > 0 || cm.family >= 0) {
      Error(*src, at, absl::StrCat(who, ": every monitored household gets \"", m.id(),
                                   "\", so it may have no who, conditions or family"));
    }
    if (!m.amount().fen().empty() || !m.amount().min_fen().empty() ||
        !m.amount().max_fen().empty()) {
      Error(*src, at, absl::StrCat(who, ": the assigned helper \"", m.id(),
                                   "\" is a measure with no amount"));
    }
    helper.measure = cm.index;
  }

  void ResolveGuarantee() {
    const CompiledPrinciple& guarantee = cat_->guarantee;
    if (guarantee.index < 0) return;
    const v1::Principle& p = cat_->principles[guarantee.index];
    const auto& [src, at] = guarantee_at_;
    for (const std::string& id : p.measures()) {
      auto it = cat_->measure_by_id.find(id);
      if (it == cat_->measure_by_id.end()) {
        Error(*src, at, absl::StrCat("principle \"", p.id(), "\": no measure \"", id, "\""));
        continue;
      }
      CompiledMeasure& cm = cat_->compiled[it->second];
      if (cm.kind != v1::MEASURE_KIND_GUARANTEE || cm.level == v1::MEASURE_LEVEL_WORKSHOP) {
        Error(*src, at, absl::StrCat("principle \"", p.id(), "\": measure \"", id,
                                     "\" is not a household- or member-level GUARANTEE measure"));
        continue;
      }
      cm.guarantee_principle = true;
    }
  }

  const MeasureLoadContext& c_;
  MeasureCatalogue* cat_;
  std::vector<MeasureSource> measure_sources_;  // by measure index
  std::map<std::string, int> family_by_id_;
  std::vector<std::string> family_at_;
  std::vector<std::pair<const TextSource*, FilePosition>> family_source_;
  std::map<std::string, std::string> measure_at_;
  std::map<std::string, std::string> rounding_at_;
  std::pair<const TextSource*, FilePosition> helper_at_{nullptr, {}};
  std::pair<const TextSource*, FilePosition> guarantee_at_{nullptr, {}};
};

}  // namespace

void LoadMeasureCatalogue(const MeasureLoadContext& context, MeasureCatalogue* catalogue) {
  CatalogueLoader loader(context, catalogue);
  loader.Run();
}

}  // namespace povmon
