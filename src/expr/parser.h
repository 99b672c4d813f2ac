// Recursive-descent parser with C precedence. Nesting is counted before
// every recursive step, so an expression nested deeper than the limit is a
// diagnostic, never a stack overflow.
#ifndef POVMON_SRC_EXPR_PARSER_H_
#define POVMON_SRC_EXPR_PARSER_H_

#include <string_view>
#include <vector>

#include "src/expr/ast.h"
#include "src/expr/environment.h"
#include "src/expr/program.h"

namespace povmon::expr::internal {

// Parses `text` into `nodes` and returns the root's index, or -1 after
// adding a diagnostic for the first syntax error (or exceeded limit).
int Parse(std::string_view text, const Limits& limits, const SourceMap& map,
          std::vector<Node>* nodes, std::vector<Diagnostic>* diagnostics);

}  // namespace povmon::expr::internal

#endif  // POVMON_SRC_EXPR_PARSER_H_
