// The public face of the notice's redaction rules (povmon/redaction.h).
#include "povmon/redaction.h"

#include "src/presentation/notice_redaction.h"

namespace povmon {

const char* RedactedMark() { return kRedacted; }

std::string RedactPersonalData(std::string_view text, const v1::Household& household) {
  return Redactor(household, nullptr).Clean(text);
}

std::string RedactIdentifier(std::string_view text, const v1::Household& household) {
  return RedactErrorMessage(text, household);
}

}  // namespace povmon
