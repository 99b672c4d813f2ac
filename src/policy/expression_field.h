// Compile an expression written as a string field of a pack file, reporting
// every diagnostic at its file position (through the literal's quotes,
// escapes and adjacent-literal concatenation).
#ifndef POVMON_SRC_POLICY_EXPRESSION_FIELD_H_
#define POVMON_SRC_POLICY_EXPRESSION_FIELD_H_

#include <memory>
#include <string>

#include "google/protobuf/text_format.h"
#include "src/expr/program.h"
#include "src/policy/text_source.h"

namespace povmon {

// `tree` and `field` locate the string field in `source` (tree nullptr for
// the top-level message; `index` for a repeated field). `who` prefixes each
// message, e.g. `rule "p4.risk.illness"`. Returns nullptr after adding the
// problems.
std::unique_ptr<expr::Program> CompileExpressionField(
    const TextSource& source, const google::protobuf::TextFormat::ParseInfoTree* tree,
    const google::protobuf::FieldDescriptor* field, int index, const std::string& text,
    const expr::Environment& environment, const expr::Type& expected, const std::string& who,
    ProblemList* problems);

// The file position of (line, column) of expression `text`, written as the
// string field `field` (`index`) of `tree` in `source`.
FilePosition ExpressionFilePosition(const TextSource& source,
                                    const google::protobuf::TextFormat::ParseInfoTree* tree,
                                    const google::protobuf::FieldDescriptor* field, int index,
                                    const std::string& text, int line, int column);

}  // namespace povmon

#endif  // POVMON_SRC_POLICY_EXPRESSION_FIELD_H_
