// Decisions as flat rows, one per household, for analysts: what
// `povmon eval --format csv` writes, and the columns of Python's
// Policy.rows() / to_records() (bindings/python, same names, same order).
//
// Money is in yuan with two decimals and no separators ("4500.00"): the
// CSV is for spreadsheets and pandas, where fen would mislead. Zeros are
// written, never left out. Lists (risk types, watch groups...) are joined
// with ";". A household that was not decided gets its line, its id and the
// error_* columns, the rest empty.
#ifndef POVMON_ROWS_H_
#define POVMON_ROWS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "povmon/v1/household.pb.h"

namespace povmon {

// The column names, in order: line, household_id, the region codes,
// category, ..., error_status, error_field, error_message.
const std::vector<std::string>& RowColumns();

// The values of one decided household, one per column.
std::vector<std::string> DecisionRow(long line, const v1::Household& household,
                                     const v1::Decision& decision);

// The values of a household that was not decided (household_id may be empty).
std::vector<std::string> ErrorRow(long line, std::string_view household_id,
                                  const absl::Status& error);

// RFC 4180: every cell quoted when it holds a comma, quote or line break,
// CRLF line ends; a cell a spreadsheet would read as a formula gets a leading
// apostrophe.
std::string CsvLine(const std::vector<std::string>& cells);

}  // namespace povmon

#endif  // POVMON_ROWS_H_
