#include "src/policy/definition_loader.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "src/base/nearest_name.h"
#include "src/expr/checker.h"
#include "src/expr/program.h"
#include "src/policy/expression_field.h"
#include "src/policy/identifier.h"

namespace povmon {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using Tree = google::protobuf::TextFormat::ParseInfoTree;

const FieldDescriptor* Field(const Descriptor* d, const char* name) {
  return d->FindFieldByName(name);
}

// Names an expression already gives a meaning: the language's own words
// (expr::IsLanguageWord, from the checker's tables) and the roots the
// environments of a pack provide (rules and measures: household, facts,
// param, identification, member; lifecycle: lifecycle, visit; workshops:
// workshop; population rules: region, summary).
bool Reserved(const std::string& name) {
  static const char* const kRoots[] = {"household", "facts",     "identification", "member",
                                       "workshop",  "lifecycle", "visit",          "region",
                                       "summary",   "param"};
  if (expr::IsLanguageWord(name)) return true;
  for (const char* n : kRoots) {
    if (name == n) return true;
  }
  return false;
}

}  // namespace

struct DefinitionLoader::Pending {
  v1::Definition definition;
  const TextSource* source = nullptr;
  const Tree* tree = nullptr;
  FilePosition at;
  bool usable = true;  // named well: it goes into the table
};

void DefinitionLoader::Read(int index, const expr::Environment& environment,
                            std::vector<Pending>* out) {
  const std::string& name = pack_.definition_files(index);
  TextSource* opened = files_->OpenNamed("definition_files", index, name, "definition");
  if (opened == nullptr) return;
  TextSource& src = *opened;
  v1::DefinitionFile file;
  if (!src.Parse(&file, problems_)) return;
  const FieldDescriptor* def_field = Field(v1::DefinitionFile::descriptor(), "definition");
  const Descriptor* dd = v1::Definition::descriptor();
  for (int i = 0; i < file.definition_size(); ++i) {
    Pending p;
    p.definition = file.definition(i);
    p.source = &src;
    p.tree = src.Nested(nullptr, def_field, i);
    p.at = src.FieldPosition(nullptr, def_field, i);
    const v1::Definition& d = p.definition;
    auto pos = [&](const char* f) {
      FilePosition fp = src.FieldPosition(p.tree, Field(dd, f));
      return fp.line == 0 ? p.at : fp;
    };
    auto error = [&](FilePosition at, std::string message) {
      problems_->Add(src.name(), at.line, at.column, std::move(message));
    };
    std::string who = absl::StrCat("definition \"", d.name(), "\"");
    if (d.name().empty()) {
      error(p.at, "definition has no name");
      who = "definition";
      p.usable = false;
    } else if (!IsIdentifier(d.name())) {
      error(pos("name"), absl::StrCat("definition name \"", d.name(),
                                      "\" is not an identifier (letters, digits and _)"));
      p.usable = false;
    } else if (Reserved(d.name()) ||
               (environment.pool != nullptr &&
                environment.pool->FindEnumValueByName(
                    absl::StrCat(environment.enum_package, ".", d.name())) != nullptr)) {
      error(pos("name"), absl::StrCat("definition name \"", d.name(),
                                      "\" is already a name of the rule language"));
      p.usable = false;
    } else if (auto [it, inserted] = first_at_.emplace(
                   d.name(), absl::StrCat(src.name(), ":", pos("name").line));
               !inserted) {
      error(pos("name"), absl::StrCat("duplicate definition \"", d.name(),
                                      "\" (first defined at ", it->second, ")"));
      p.usable = false;
    }
    if (d.citation().empty()) error(p.at, absl::StrCat(who, " has no citation"));
    if (d.description_zh().empty()) {
      error(p.at, absl::StrCat(who, " has no Chinese description (description_zh)"));
    }
    if (d.description_en().empty()) {
      error(p.at, absl::StrCat(who, " has no English description (description_en)"));
    }
    if (d.type().empty()) {
      error(p.at, absl::StrCat(who, " has no type (\"money\", \"int\", \"bool\", \"date\" ...)"));
    }
    if (d.value().empty()) {
      error(p.at, absl::StrCat(who, " has no value (the expression it stands for)"));
      p.usable = false;
    }
    out->push_back(std::move(p));
  }
}

void DefinitionLoader::Load(expr::Environment* environment) {
  if (pack_.definition_files_size() == 0) return;
  std::vector<Pending> pending;
  for (int i = 0; i < pack_.definition_files_size(); ++i) Read(i, *environment, &pending);
  pending.erase(std::remove_if(pending.begin(), pending.end(),
                               [](const Pending& p) { return !p.usable; }),
                pending.end());
  table_ = std::make_shared<std::vector<expr::Definition>>();
  std::map<std::string, int> index;
  for (const Pending& p : pending) {
    index.emplace(p.definition.name(), static_cast<int>(table_->size()));
    expr::Definition d;
    d.name = p.definition.name();
    d.text = p.definition.value();
    table_->push_back(std::move(d));
  }
  const Descriptor* dd = v1::Definition::descriptor();
  const FieldDescriptor* value_field = Field(dd, "value");

  // The definitions each one names, with where it names them.
  struct Edge {
    int to;
    expr::NameUse use;
  };
  std::vector<std::vector<Edge>> edges(pending.size());
  for (std::size_t i = 0; i < pending.size(); ++i) {
    for (expr::NameUse& use : expr::NamesUsed(pending[i].definition.value(), environment->limits)) {
      auto it = index.find(use.name);
      if (it != index.end()) edges[i].push_back(Edge{it->second, std::move(use)});
    }
  }

  // Depth first: a definition is checked after the ones it names; a name
  // that leads back to a definition still open closes a cycle.
  enum class Mark { kNew, kOpen, kDone };
  std::vector<Mark> mark(pending.size(), Mark::kNew);
  std::vector<int> order;
  std::vector<int> stack;
  struct Frame {
    int node;
    std::size_t next;
  };
  for (std::size_t start = 0; start < pending.size(); ++start) {
    if (mark[start] != Mark::kNew) continue;
    std::vector<Frame> frames = {{static_cast<int>(start), 0}};
    mark[start] = Mark::kOpen;
    stack.push_back(static_cast<int>(start));
    while (!frames.empty()) {
      Frame& f = frames.back();
      const auto u = static_cast<std::size_t>(f.node);
      if (f.next == edges[u].size()) {
        mark[u] = Mark::kDone;
        order.push_back(f.node);
        stack.pop_back();
        frames.pop_back();
        continue;
      }
      const Edge& e = edges[u][f.next++];
      const auto v = static_cast<std::size_t>(e.to);
      if (mark[v] == Mark::kNew) {
        mark[v] = Mark::kOpen;
        stack.push_back(e.to);
        frames.push_back(Frame{e.to, 0});
      } else if (mark[v] == Mark::kOpen) {
        // The cycle: from v's place on the stack to u, then back to v.
        std::vector<std::string> names;
        auto from = std::find(stack.begin(), stack.end(), e.to);
        for (auto it = from; it != stack.end(); ++it) {
          names.push_back((*table_)[static_cast<std::size_t>(*it)].name);
          (*table_)[static_cast<std::size_t>(*it)].state = expr::Definition::State::kBroken;
        }
        names.push_back((*table_)[v].name);
        const Pending& p = pending[u];
        const FilePosition at = ExpressionFilePosition(
            *p.source, p.tree, value_field, -1, p.definition.value(), e.use.line, e.use.column);
        problems_->Add(p.source->name(), at.line, at.column,
                       absl::StrCat("definition \"", (*table_)[u].name,
                                    "\": definitions form a cycle: ",
                                    absl::StrJoin(names, " -> ")));
      }
    }
  }

  environment->definitions = table_;
  for (const int i : order) {
    const Pending& p = pending[static_cast<std::size_t>(i)];
    expr::Definition& d = (*table_)[static_cast<std::size_t>(i)];
    sites_.push_back(DefinitionSite{d.name, p.source->name(), p.at});
    if (d.state == expr::Definition::State::kBroken) continue;
    const std::string who = absl::StrCat("definition \"", d.name, "\"");
    // Checked as written, whatever its type; then against the declared one.
    std::unique_ptr<expr::Program> program = CompileExpressionField(
        *p.source, p.tree, value_field, -1, d.text, *environment, expr::Type(), who, problems_);
    if (program == nullptr) {
      d.state = expr::Definition::State::kBroken;
      continue;
    }
    const std::string actual = expr::TypeName(program->result_type());
    const std::string& declared = p.definition.type();
    if (declared != actual) {
      FilePosition at = p.source->FieldPosition(p.tree, Field(dd, "type"));
      if (at.line == 0) at = p.at;
      std::string hint;
      if (!declared.empty()) {
        const std::string nearest =
            NearestName(declared, {"bool", "int", "money", "date", "string", actual});
        if (!nearest.empty() && nearest != declared) {
          hint = absl::StrCat(" (did you mean \"", nearest, "\"?)");
        }
      }
      if (!declared.empty()) {
        problems_->Add(p.source->name(), at.line, at.column,
                       absl::StrCat(who, " is declared type \"", declared, "\"", hint,
                                    " but its value has type \"", actual, "\""));
      }
      d.state = expr::Definition::State::kBroken;
      continue;
    }
    d.type = program->result_type();
    d.state = expr::Definition::State::kOk;
  }
}

void DefinitionLoader::ReportUnused() const {
  if (table_ == nullptr) return;
  for (const DefinitionSite& s : sites_) {
    for (const expr::Definition& d : *table_) {
      if (d.name != s.name || d.state != expr::Definition::State::kOk || d.uses > 0) continue;
      problems_->Add(s.file, s.at.line, s.at.column,
                     absl::StrCat("definition \"", d.name,
                                  "\" is used by no rule, measure or other expression of the "
                                  "pack; remove it or use it"));
    }
  }
}

}  // namespace povmon
