#include "src/population/population_loader.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "povmon/v1/population.pb.h"
#include "src/policy/expression_field.h"

namespace povmon {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

const FieldDescriptor* Field(const Descriptor* d, const char* name) {
  return d->FindFieldByName(name);
}

class PopulationLoader {
 public:
  explicit PopulationLoader(const PopulationLoadContext& c)
      : c_(c), environment_(PopulationEnvironment(*c.environment)) {}

  void Run(std::shared_ptr<const PopulationPack>* out) {
    const v1::PolicyPack& pack = *c_.pack;
    if (pack.population_files_size() == 0 && pack.region_files_size() == 0) return;
    auto population = std::make_shared<PopulationPack>();
    for (int i = 0; i < pack.region_files_size(); ++i) {
      TextSource* src = c_.files->OpenNamed("region_files", i, pack.region_files(i), "region");
      if (src == nullptr) continue;
      v1::RegionFile file;
      if (!src->Parse(&file, c_.problems)) continue;
      CheckRegions(*src, file, &population->regions, c_.problems);
    }
    for (int i = 0; i < pack.population_files_size(); ++i) {
      TextSource* src =
          c_.files->OpenNamed("population_files", i, pack.population_files(i), "population");
      if (src == nullptr) continue;
      LoadRules(*src, population.get());
    }
    *out = std::move(population);
  }

 private:
  void Error(const TextSource& src, FilePosition at, std::string message) {
    c_.problems->Add(src.name(), at.line, at.column, std::move(message));
  }

  void LoadRules(TextSource& src, PopulationPack* population) {
    v1::PopulationFile file;
    if (!src.Parse(&file, c_.problems)) return;
    const FieldDescriptor* rule_field = Field(v1::PopulationFile::descriptor(), "rule");
    const Descriptor* rd = v1::PopulationRule::descriptor();
    for (int i = 0; i < file.rule_size(); ++i) {
      const v1::PopulationRule& r = file.rule(i);
      FilePosition at = src.FieldPosition(nullptr, rule_field, i);
      const TextFormat::ParseInfoTree* tree = src.Nested(nullptr, rule_field, i);
      auto pos = [&](const char* f) {
        FilePosition fp = src.FieldPosition(tree, Field(rd, f));
        return fp.line == 0 ? at : fp;
      };
      std::string who = absl::StrCat("population rule \"", r.id(), "\"");
      if (r.id().empty()) {
        Error(src, at, "population rule has no id");
        who = "population rule";
      } else if (c_.rule_ids->contains(r.id())) {
        Error(src, pos("id"), absl::StrCat(who, ": the id is already a household rule's id"));
      } else if (auto [it, inserted] = ids_.emplace(r.id(), absl::StrCat(src.name(), ":", at.line));
                 !inserted) {
        Error(src, pos("id"), absl::StrCat("duplicate population rule id \"", r.id(),
                                           "\" (first defined at ", it->second, ")"));
      }
      if (r.citation().empty()) Error(src, at, absl::StrCat(who, " has no citation"));
      if (r.description_zh().empty()) {
        Error(src, at, absl::StrCat(who, " has no Chinese description (description_zh)"));
      }
      if (r.description_en().empty()) {
        Error(src, at, absl::StrCat(who, " has no English description (description_en)"));
      }
      if (r.scope() == v1::REGION_LEVEL_UNSPECIFIED) {
        Error(src, at, absl::StrCat(who, " has no scope: give REGION_LEVEL_VILLAGE, "
                                         "REGION_LEVEL_TOWNSHIP, REGION_LEVEL_COUNTY or "
                                         "REGION_LEVEL_PROVINCE"));
      }
      if (r.outcome() == v1::POPULATION_OUTCOME_UNSPECIFIED) {
        Error(src, at, absl::StrCat(who, " decides nothing: give an outcome (FOCUS, VETO, "
                                         "WARNING or SPOT_CHECK)"));
      }
      CompiledPopulationRule compiled;
      compiled.rule = r;
      compiled.file = src.name();
      compiled.line = at.line;
      bool spot_check = r.outcome() == v1::POPULATION_OUTCOME_SPOT_CHECK;
      if (spot_check) {
        CheckSpotCheck(src, pos("sample_share_parameter"), who, r, population, &compiled);
      } else if (!r.sample_share_parameter().empty()) {
        Error(src, pos("sample_share_parameter"),
              absl::StrCat(who, ": sample_share_parameter is for spot checks "
                                "(outcome POPULATION_OUTCOME_SPOT_CHECK) only"));
      }
      if (r.when().empty()) {
        if (!spot_check) Error(src, at, absl::StrCat(who, " has no condition (when)"));
      } else {
        compiled.when = CompileExpressionField(src, tree, Field(rd, "when"), -1, r.when(),
                                               environment_, expr::Type::Of(expr::TypeKind::kBool),
                                               who, c_.problems);
      }
      population->rules.push_back(std::move(compiled));
    }
  }

  void CheckSpotCheck(const TextSource& src, FilePosition at, const std::string& who,
                      const v1::PopulationRule& r, PopulationPack* population,
                      CompiledPopulationRule* compiled) {
    if (r.scope() != v1::REGION_LEVEL_COUNTY && r.scope() != v1::REGION_LEVEL_UNSPECIFIED) {
      Error(src, at, absl::StrCat(who, ": a spot check draws per county (Plan 5 §3(二)2); its "
                                       "scope must be REGION_LEVEL_COUNTY"));
    }
    if (r.sample_share_parameter().empty()) {
      Error(src, at, absl::StrCat(who, ": a spot check needs sample_share_parameter, the "
                                       "basis-points parameter giving the share to draw"));
      return;
    }
    const std::vector<ParameterSeries>& params = *c_.parameters;
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (params[i].name != r.sample_share_parameter()) continue;
      if (params[i].type != v1::PARAMETER_TYPE_BASIS_POINTS) {
        Error(src, at, absl::StrCat(who, ": parameter \"", r.sample_share_parameter(),
                                    "\" must be of type PARAMETER_TYPE_BASIS_POINTS"));
        return;
      }
      for (const DatedValue& v : params[i].values) {
        if (v.value.i <= 0 || v.value.i > 10000) {
          Error(src, at, absl::StrCat(who, ": parameter \"", r.sample_share_parameter(),
                                      "\" must lie in 1..10000 basis points, not ", v.value.i));
          return;
        }
        population->sample_candidate_bp = static_cast<int>(
            std::min<std::int64_t>(10000, std::max<std::int64_t>(population->sample_candidate_bp,
                                                                 2 * v.value.i)));
      }
      compiled->share_slot = static_cast<int>(i);
      return;
    }
    Error(src, at, absl::StrCat(who, ": no parameter named \"", r.sample_share_parameter(),
                                "\""));
  }

  const PopulationLoadContext& c_;
  expr::Environment environment_;
  std::map<std::string, std::string> ids_;
};

}  // namespace

expr::Environment PopulationEnvironment(const expr::Environment& household_environment) {
  expr::Environment env;
  env.roots.push_back({"region", v1::RegionInfo::descriptor(), kRegionSlot});
  env.roots.push_back({"summary", v1::RegionCounts::descriptor(), kSummarySlot});
  env.parameters = household_environment.parameters;
  env.pool = household_environment.pool;
  env.enum_package = household_environment.enum_package;
  env.limits = household_environment.limits;
  env.definitions = household_environment.definitions;
  return env;
}

void CheckRegions(const TextSource& source, const v1::RegionFile& file,
                  std::vector<v1::RegionInfo>* regions, ProblemList* problems) {
  const FieldDescriptor* region_field = Field(v1::RegionFile::descriptor(), "region");
  for (int i = 0; i < file.region_size(); ++i) {
    const v1::RegionInfo& r = file.region(i);
    FilePosition at = source.FieldPosition(nullptr, region_field, i);
    auto add = [&](std::string message) {
      problems->Add(source.name(), at.line, at.column, std::move(message));
    };
    if (r.level() == v1::REGION_LEVEL_UNSPECIFIED) {
      add(absl::StrCat("region \"", r.code(), "\" has no level"));
      continue;
    }
    if (r.code().empty()) {
      add("region has no code");
      continue;
    }
    if (r.delisted_village() && r.level() != v1::REGION_LEVEL_VILLAGE) {
      add(absl::StrCat("region \"", r.code(), "\": only a village can be a 出列村 "
                                              "(delisted_village)"));
    }
    for (long long figure : {static_cast<long long>(r.rural_registered_people()),
                             static_cast<long long>(r.rural_registered_households()),
                             static_cast<long long>(r.registered_poor_people()),
                             static_cast<long long>(r.total_households())}) {
      if (figure < 0) {
        add(absl::StrCat("region \"", r.code(), "\": a population figure is negative"));
        break;
      }
    }
    bool duplicate = std::any_of(regions->begin(), regions->end(), [&](const v1::RegionInfo& o) {
      return o.level() == r.level() && o.code() == r.code();
    });
    if (duplicate) {
      add(absl::StrCat("region \"", r.code(), "\" (", v1::RegionLevel_Name(r.level()),
                       ") is given twice"));
      continue;
    }
    regions->push_back(r);
  }
}

void LoadPopulation(const PopulationLoadContext& context,
                    std::shared_ptr<const PopulationPack>* population) {
  PopulationLoader(context).Run(population);
}

}  // namespace povmon
