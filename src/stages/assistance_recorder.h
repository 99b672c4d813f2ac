// Collects what an assistance measure's expressions compared (full trace)
// into the plan entry that explains the measure.
#ifndef POVMON_SRC_STAGES_ASSISTANCE_RECORDER_H_
#define POVMON_SRC_STAGES_ASSISTANCE_RECORDER_H_

#include "google/protobuf/repeated_ptr_field.h"
#include "povmon/v1/common.pb.h"
#include "src/expr/program.h"

namespace povmon {

class AssistanceRecorder : public expr::ComparisonSink {
 public:
  // Where the next comparisons go (nullptr: nowhere).
  void set_target(google::protobuf::RepeatedPtrField<v1::Comparison>* target) { target_ = target; }
  void Compared(std::string_view left_text, std::string_view op, std::string_view right_text,
                const expr::Value& left, const expr::Value& right,
                const expr::Type& operand_type, bool result) override;

 private:
  google::protobuf::RepeatedPtrField<v1::Comparison>* target_ = nullptr;
};

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_ASSISTANCE_RECORDER_H_
