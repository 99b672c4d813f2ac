// One undecided input as a JSON line: the format shared by the CLI and the
// C ABI (include/povmon/json.h).
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "povmon/json.h"

namespace povmon {

std::string_view ErrorField(std::string_view message) {
  std::size_t colon = message.find(": ");
  if (colon == std::string_view::npos || colon == 0) return {};
  std::string_view head = message.substr(0, colon);
  for (char c : head) {
    bool path_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                     c == '.' || c == '[' || c == ']';
    if (!path_char) return {};
  }
  return head;
}

void AppendErrorRecordJson(std::size_t index, long line, std::string_view id,
                           const absl::Status& status, std::string* out) {
  std::string_view message(status.message().data(), status.message().size());
  if (!IsValidUtf8(message)) message = "(the message is not valid UTF-8)";
  absl::StrAppend(out, "{\"index\":", index);
  if (line > 0) absl::StrAppend(out, ",\"line\":", line);
  if (!id.empty() && IsValidUtf8(id)) absl::StrAppend(out, ",\"household_id\":", JsonQuote(id));
  absl::StrAppend(out, ",\"error\":{\"code\":", static_cast<int>(status.code()),
                  ",\"status\":", JsonQuote(absl::StatusCodeToString(status.code())));
  std::string_view field = ErrorField(message);
  if (!field.empty()) absl::StrAppend(out, ",\"field\":", JsonQuote(field));
  absl::StrAppend(out, ",\"message\":", JsonQuote(message), "}}");
}

}  // namespace povmon
