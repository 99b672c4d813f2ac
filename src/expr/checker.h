// Type-checks a parsed expression against the Environment and plans it in
// place: names become root, parameter, variable or constant reads, fields
// are bound to their FieldDescriptors, comprehension variables get Scratch
// slots. Every problem is reported, not only the first.
#ifndef POVMON_SRC_EXPR_CHECKER_H_
#define POVMON_SRC_EXPR_CHECKER_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/expr/ast.h"
#include "src/expr/environment.h"
#include "src/expr/program.h"

namespace povmon::expr::internal {

// Returns the expression's type (kError when a diagnostic was added) and
// the number of Scratch slots evaluation needs. A definition the
// expression names is inlined: its text is appended to `source` and its
// nodes to `nodes` (their spans point into the appended text).
Type Check(std::string* source, const Environment& environment,
           const SourceMap& map, int root, std::vector<Node>* nodes,
           int* slot_count, std::vector<Diagnostic>* diagnostics);

}  // namespace povmon::expr::internal

namespace povmon::expr {

// Whether `name` already means something in every expression, whatever its
// environment: a function (size, years_between, ...), a comprehension (any,
// all, count, sum, filter), has, yuan, fen, date, as_of, or a literal word
// (true, false, in). Taken from the checker's own tables, so a name a pack
// defines can never shadow one the language adds.
bool IsLanguageWord(std::string_view name);

}  // namespace povmon::expr

#endif  // POVMON_SRC_EXPR_CHECKER_H_
