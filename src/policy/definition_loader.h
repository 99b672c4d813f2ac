// Loading a pack's named definitions (definition_files): every definition
// is checked (name, citation, descriptions), its references to other
// definitions are followed (a cycle is an error at the name that closes
// it), its expression is type-checked once against its declared type, and
// the table is handed to the environments every later expression is
// compiled in, which inline a definition where it is named.
#ifndef POVMON_SRC_POLICY_DEFINITION_LOADER_H_
#define POVMON_SRC_POLICY_DEFINITION_LOADER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "povmon/v1/policy.pb.h"
#include "src/expr/environment.h"
#include "src/policy/pack_files.h"
#include "src/policy/text_source.h"

namespace povmon {

// Where each definition was written, for the unused check after the rest of
// the pack has loaded.
struct DefinitionSite {
  std::string name;
  std::string file;
  FilePosition at;
};

class DefinitionLoader {
 public:
  DefinitionLoader(const v1::PolicyPack& pack, PackFiles* files, ProblemList* problems)
      : pack_(pack), files_(files), problems_(problems) {}

  // Reads every definition file and checks every definition against
  // `environment` (roots, parameters); sets environment->definitions.
  void Load(expr::Environment* environment);

  // After every expression of the pack is compiled: a definition that
  // checked and that no expression names is an error (dead text a reader
  // would take for a rule).
  void ReportUnused() const;

 private:
  struct Pending;
  void Read(int index, const expr::Environment& environment, std::vector<Pending>* out);

  const v1::PolicyPack& pack_;
  PackFiles* files_;
  ProblemList* problems_;
  std::shared_ptr<std::vector<expr::Definition>> table_;
  std::vector<DefinitionSite> sites_;
  std::map<std::string, std::string> first_at_;  // name -> file:line
};

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_DEFINITION_LOADER_H_
