// Writes what an expression compared (full trace level) into a list of
// comparisons: a rule's trace entry, or the plan entry that explains an
// assistance measure.
#ifndef POVMON_SRC_STAGES_TRACE_RECORDER_H_
#define POVMON_SRC_STAGES_TRACE_RECORDER_H_

#include "google/protobuf/repeated_ptr_field.h"
#include "povmon/v1/common.pb.h"
#include "povmon/v1/decision.pb.h"
#include "src/expr/program.h"

namespace povmon {

class TraceRecorder : public expr::ComparisonSink {
 public:
  // Where the next comparisons go (nullptr: nowhere).
  void set_target(google::protobuf::RepeatedPtrField<v1::Comparison>* target) { target_ = target; }
  void set_entry(v1::TraceEntry* entry) {
    target_ = entry == nullptr ? nullptr : entry->mutable_compared();
  }
  void Compared(std::string_view left_text, std::string_view op, std::string_view right_text,
                const expr::Value& left, const expr::Value& right,
                const expr::Type& operand_type, bool result) override;

 private:
  google::protobuf::RepeatedPtrField<v1::Comparison>* target_ = nullptr;
};

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_TRACE_RECORDER_H_
