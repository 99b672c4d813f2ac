// Writes what a rule compared into its trace entry (full trace level).
#ifndef POVMON_SRC_STAGES_TRACE_RECORDER_H_
#define POVMON_SRC_STAGES_TRACE_RECORDER_H_

#include "povmon/v1/decision.pb.h"
#include "src/expr/program.h"

namespace povmon {

class TraceRecorder : public expr::ComparisonSink {
 public:
  void set_entry(v1::TraceEntry* entry) { entry_ = entry; }
  void Compared(std::string_view left_text, std::string_view op, std::string_view right_text,
                const expr::Value& left, const expr::Value& right,
                const expr::Type& operand_type, bool result) override;

 private:
  v1::TraceEntry* entry_ = nullptr;
};

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_TRACE_RECORDER_H_
