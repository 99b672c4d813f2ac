#include "src/expr/program.h"

#include <algorithm>
#include <utility>

#include "src/expr/ast.h"
#include "src/expr/checker.h"
#include "src/expr/evaluator.h"
#include "src/expr/parser.h"
#include "src/expr/strings.h"

namespace povmon::expr {

std::unique_ptr<Program> Compile(std::string_view source,
                                 const Environment& environment,
                                 const Type& expected, SourcePosition position,
                                 std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> local;
  if (diagnostics == nullptr) diagnostics = &local;
  const std::size_t before = diagnostics->size();

  // The text the nodes' spans point into: the expression, then the text of
  // each definition it names (appended as the checker inlines them).
  std::string combined(source);
  const internal::SourceMap map(source, position);
  std::vector<internal::Node> nodes;
  const int root =
      internal::Parse(source, environment.limits, map, &nodes, diagnostics);
  if (root < 0) return nullptr;

  int slot_count = 0;
  const Type type = internal::Check(&combined, environment, map, root, &nodes,
                                    &slot_count, diagnostics);
  if (type.kind != TypeKind::kError && expected.kind != TypeKind::kError &&
      type != expected) {
    internal::AddDiagnostic(map, nodes[root].begin,
                            internal::Cat("expected ", TypeName(expected),
                                          ", found ", TypeName(type)),
                            diagnostics);
  }
  if (type.kind == TypeKind::kError && diagnostics->size() == before) {
    // Every path to an error type reports; this guards the guarantee that a
    // returned program is fully planned.
    internal::AddDiagnostic(map, nodes[root].begin,
                            "expression did not type-check", diagnostics);
  }
  if (diagnostics->size() != before) {
    // Report in reading order, whatever order the checker found them in.
    std::stable_sort(diagnostics->begin() + before, diagnostics->end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       return a.line != b.line ? a.line < b.line
                                               : a.column < b.column;
                     });
    return nullptr;
  }
  auto program = std::make_unique<internal::CompiledProgram>(std::move(combined));
  program->Finish(std::move(nodes), root, type, slot_count);
  return program;
}

std::vector<NameUse> NamesUsed(std::string_view source, const Limits& limits) {
  std::vector<internal::Node> nodes;
  std::vector<Diagnostic> problems;
  const internal::SourceMap map(source, SourcePosition{1, 1});
  std::vector<NameUse> out;
  if (internal::Parse(source, limits, map, &nodes, &problems) < 0) return out;
  for (const internal::Node& n : nodes) {
    if (n.syntax != internal::Syntax::kIdent) continue;
    const SourcePosition p = map.At(n.begin);
    out.push_back(NameUse{n.text, p.line, p.column});
  }
  return out;
}

}  // namespace povmon::expr
