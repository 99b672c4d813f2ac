#include "src/policy/expression_field.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace povmon {
namespace {

// Diagnostics are relative to the expression text (line 1, column 1 at its
// first byte); `map` gives each byte's file position.
FilePosition MapDiagnostic(const std::string& text, const expr::Diagnostic& d,
                           const std::vector<FilePosition>& map, FilePosition fallback) {
  std::size_t offset = 0;
  int line = 1;
  while (offset < text.size() && line < d.line) {
    if (text[offset] == '\n') ++line;
    ++offset;
  }
  offset += d.column > 0 ? static_cast<std::size_t>(d.column - 1) : 0;
  if (map.empty()) return fallback;
  return offset < map.size() ? map[offset] : map.back();
}

}  // namespace

FilePosition ExpressionFilePosition(const TextSource& source,
                                    const google::protobuf::TextFormat::ParseInfoTree* tree,
                                    const google::protobuf::FieldDescriptor* field, int index,
                                    const std::string& text, int line, int column) {
  FilePosition at = source.FieldPosition(tree, field, index);
  std::vector<FilePosition> map = source.MapStringValue(at);
  return MapDiagnostic(text, expr::Diagnostic{line, column, ""}, map, at);
}

std::unique_ptr<expr::Program> CompileExpressionField(
    const TextSource& source, const google::protobuf::TextFormat::ParseInfoTree* tree,
    const google::protobuf::FieldDescriptor* field, int index, const std::string& text,
    const expr::Environment& environment, const expr::Type& expected, const std::string& who,
    ProblemList* problems) {
  FilePosition at = source.FieldPosition(tree, field, index);
  std::vector<FilePosition> map = source.MapStringValue(at);
  std::vector<expr::Diagnostic> diagnostics;
  std::unique_ptr<expr::Program> program =
      expr::Compile(text, environment, expected, {1, 1}, &diagnostics);
  for (const expr::Diagnostic& d : diagnostics) {
    FilePosition fp = MapDiagnostic(text, d, map, at);
    problems->Add(source.name(), fp.line, fp.column, absl::StrCat(who, ": ", d.message));
  }
  if (program == nullptr && diagnostics.empty()) {
    problems->Add(source.name(), at.line, at.column,
                  absl::StrCat(who, ": the expression did not compile"));
  }
  return diagnostics.empty() ? std::move(program) : nullptr;
}

}  // namespace povmon
