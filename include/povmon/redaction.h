// Keeping a household's personal data out of text povmon writes for others:
// the rules public notices follow (Plan 10 §3.2: 公示內容不允許出現身份證號碼、
// 家庭住址、電話號碼、出生日期、銀行卡號等個人敏感信息), for any front end that
// writes about households where they must not appear (the service's
// decision log, a report, a message to another system).
#ifndef POVMON_REDACTION_H_
#define POVMON_REDACTION_H_

#include <string>
#include <string_view>

#include "povmon/v1/household.pb.h"

namespace povmon {

// What replaces a redacted span ("＊＊＊").
const char* RedactedMark();

// `text` with the household's personal values (every field marked
// personal_data in the schema, of the household and every member: names,
// ID numbers, birth dates, phone numbers, addresses, bank cards; values of
// three characters or more) replaced, then anything shaped like personal
// data whatever its source: runs of six or more digits (also grouped by
// spaces, hyphens, dots or slashes, full-width or written in Han numerals),
// an ID's final X, dates written with 年月日.
std::string RedactPersonalData(std::string_view text, const v1::Household& household);

// Stricter, for text a caller supplied that should be an identifier or a
// message in ASCII (a household id, a request id, an error message): in
// addition, every quoted span and every run of text outside ASCII (where a
// name would be) is replaced, and control characters are escaped.
std::string RedactIdentifier(std::string_view text, const v1::Household& household);

}  // namespace povmon

#endif  // POVMON_REDACTION_H_
