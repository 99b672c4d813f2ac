// The notice list as CSV.
#include "absl/strings/str_cat.h"
#include "povmon/notice.h"

namespace povmon {
namespace {

// RFC 4180 quoting; a cell a spreadsheet would read as a formula gets a
// leading apostrophe.
std::string Cell(const std::string& text) {
  std::string value = text;
  if (!value.empty() &&
      (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
       value[0] == '@' || value[0] == '\t' || value[0] == '\r')) {
    value.insert(0, "'");
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"')
      out += "\"\"";
    else
      out.push_back(c);
  }
  out += "\"";
  return out;
}

}  // namespace

std::string NoticeText(const NoticeList& list, const std::string& text) {
  absl::StatusOr<std::string> localized = Localize(text, list.language);
  return localized.ok() ? *std::move(localized) : text;
}

std::string NoticeCsv(const NoticeList& list) {
  std::string out = "\xEF\xBB\xBF";
  absl::StrAppend(&out,
                  NoticeText(list,
                             "序號 No.,村 Village,戶主姓名 Household head,公示事項 "
                             "Matter,擬定結論 Decision,"
                             "理由 Reason,依據 Citation,公示級別 Level,公示開始 Notice "
                             "from,公示結束 Notice until"),
                  "\r\n");
  int number = 0;
  for (const NoticeEntry& e : list.entries) {
    absl::StrAppend(&out, ++number, ",", Cell(NoticeVillage(list, e)), ",",
                    Cell(e.head_name), ",", Cell(NoticeText(list, e.matter)), ",",
                    Cell(NoticeText(list, e.decision)), ",", Cell(NoticeText(list, e.reason)), ",",
                    Cell(e.citation), ",", Cell(NoticeText(list, e.level)), ",", Cell(e.start),
                    ",", Cell(e.end), "\r\n");
  }
  return out;
}

}  // namespace povmon
