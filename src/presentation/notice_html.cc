// The notice list as a printable HTML page.
#include <map>

#include "absl/strings/str_cat.h"
#include "povmon/notice.h"

namespace povmon {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

constexpr char kStyle[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans\",\"Microsoft "
    "YaHei\",sans-serif;"
    "margin:2em;color:#000}"
    "h1{font-size:1.5em;text-align:center;margin-bottom:.2em}"
    "h2{font-size:1.15em;margin-top:1.5em}"
    "p.meta{text-align:center;margin-top:0}"
    "table{border-collapse:collapse;width:100%;font-size:.95em}"
    "th,td{border:1px solid #000;padding:.3em "
    ".5em;vertical-align:top;text-align:left}"
    "th{background:#eee}"
    "footer{margin-top:2em;font-size:.9em}"
    "@media "
    "print{body{margin:1cm}h2{page-break-before:auto}tr{page-break-inside:"
    "avoid}"
    "th{background:none}}";

}  // namespace

std::string NoticeHtml(const NoticeList& list) {
  auto T = [&list](const std::string& text) { return NoticeText(list, text); };
  std::string out;
  absl::StrAppend(&out,
                  "<!DOCTYPE html>\n<html lang=\"", LanguageTag(list.language),
                  "\">\n<head>\n<meta "
                  "charset=\"utf-8\">\n"
                  "<title>", T("公示名單 Public notice"), "</title>\n<style>",
                  kStyle,
                  "</style>\n</head>\n<body>\n<h1>", T("公示名單 Public notice"),
                  "</h1>\n<p class=\"meta\">",
                  Escape(T(list.pack_title)), " (", Escape(list.pack_id),
                  ") · ", T("截至 as of"), " ", Escape(list.as_of), "</p>\n");
  // One table per village, in the order villages first appear.
  std::vector<std::string> villages;
  std::map<std::string, std::vector<const NoticeEntry*>> by_village;
  for (const NoticeEntry& e : list.entries) {
    const std::string shown = NoticeVillage(list, e);
    auto [it, inserted] = by_village.try_emplace(shown);
    if (inserted) villages.push_back(shown);
    it->second.push_back(&e);
  }
  if (villages.empty()) {
    absl::StrAppend(
        &out,
        T("<p>截至本日無公示中的事項。No notice is in force on this date.</p>\n"));
  }
  for (const std::string& village : villages) {
    absl::StrAppend(&out, T("<h2>村 Village "), Escape(village),
                    T("</h2>\n<table>\n<thead><tr>"
                      "<th>序號<br>No.</th><th>戶主姓名<br>Household head</th>"
                      "<th>公示事項<br>Matter</th><th>擬定結論<br>Decision</th>"
                      "<th>理由<br>Reason</th><th>依據<br>Citation</th>"
                      "<th>公示級別<br>Level</th><th>公示期<br>Notice period</th>"
                      "</tr></thead>\n<tbody>\n"));
    int number = 0;
    for (const NoticeEntry* e : by_village[village]) {
      absl::StrAppend(&out, "<tr><td>", ++number, "</td><td>",
                      Escape(e->head_name), "</td><td>", Escape(T(e->matter)),
                      "</td><td>", Escape(T(e->decision)), "</td><td>",
                      Escape(T(e->reason)), "</td><td>", Escape(e->citation),
                      "</td><td>", Escape(T(e->level)), "</td><td>",
                      Escape(e->start), " – ", Escape(e->end), "</td></tr>\n");
    }
    absl::StrAppend(&out, "</tbody>\n</table>\n");
  }
  absl::StrAppend(
      &out,
      T("<footer>\n<p>公示期間如有異議,請向村(居)委會或鄉鎮人民政府反映。"
      "Objections during the notice period go to the village committee or the "
      "township.</p>\n"
      "<p>"
      "本公示不含身份證號碼、家庭住址、電話號碼、出生日期、銀行卡號等個人敏感信"
      "息,"
      "公示期滿後及時撤下(Plan 10 §3.2)。This notice carries no ID numbers, "
      "home "
      "addresses, phone numbers, birth dates or bank card numbers, and is "
      "taken down "
      "when it expires (Plan 10 §3.2).</p>\n</footer>\n</body>\n</html>\n"));
  return out;
}

}  // namespace povmon
