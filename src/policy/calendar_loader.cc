#include "src/policy/calendar_loader.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "povmon/v1/lifecycle.pb.h"
#include "src/base/date.h"

namespace povmon {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;

void LoadCalendarFile(TextSource* source, WorkingCalendar* calendar,
                      ProblemList* problems) {
  TextSource& src = *source;
  v1::CalendarFile file;
  if (!src.Parse(&file, problems)) return;
  const Descriptor* fd = v1::CalendarFile::descriptor();
  const Descriptor* yd = v1::CalendarYear::descriptor();
  const Descriptor* hd = v1::Holiday::descriptor();
  const FieldDescriptor* year_field = fd->FindFieldByName("year");
  if (file.year_size() == 0) {
    problems->Add(src.name(), 1, 1, "the calendar file gives no year");
  }
  for (int i = 0; i < file.year_size(); ++i) {
    const v1::CalendarYear& y = file.year(i);
    FilePosition at = src.FieldPosition(nullptr, year_field, i);
    const TextFormat::ParseInfoTree* tree = src.Nested(nullptr, year_field, i);
    auto pos = [&](const TextFormat::ParseInfoTree* t, const Descriptor* d,
                   const char* name, int index = -1) {
      FilePosition fp = src.FieldPosition(t, d->FindFieldByName(name), index);
      return fp.line == 0 ? at : fp;
    };
    auto error = [&](FilePosition p, std::string message) {
      problems->Add(src.name(), p.line, p.column, std::move(message));
    };
    if (y.year() < 1900 || y.year() > 2999) {
      error(pos(tree, yd, "year"),
            absl::StrCat("calendar year ", y.year(), " is not a year"));
      continue;
    }
    if (calendar->HasYear(y.year())) {
      error(pos(tree, yd, "year"),
            absl::StrCat("calendar year ", y.year(), " is given twice"));
      continue;
    }
    if (y.citation().empty()) {
      error(at, absl::StrCat(
                    "calendar year ", y.year(),
                    " has no citation (the notice that sets its holidays)"));
    }
    bool ok = true;
    // A day of this year, or a problem at `p`.
    auto day_of_year =
        [&](const std::string& text, FilePosition p,
            const std::string& what) -> std::optional<absl::CivilDay> {
      std::optional<absl::CivilDay> d = ParseDate(text);
      if (!d) {
        error(p,
              absl::StrCat(what, " \"", text, "\" is not a date (YYYY-MM-DD)"));
        ok = false;
        return std::nullopt;
      }
      if (d->year() != y.year()) {
        error(p, absl::StrCat(what, " ", text, " is not in calendar year ",
                              y.year()));
        ok = false;
        return std::nullopt;
      }
      return d;
    };
    std::vector<absl::CivilDay> holidays;
    for (int k = 0; k < y.holiday_size(); ++k) {
      const v1::Holiday& h = y.holiday(k);
      const TextFormat::ParseInfoTree* ht =
          src.Nested(tree, yd->FindFieldByName("holiday"), k);
      FilePosition hat = pos(tree, yd, "holiday", k);
      auto hpos = [&](const char* name) {
        FilePosition fp = src.FieldPosition(ht, hd->FindFieldByName(name));
        return fp.line == 0 ? hat : fp;
      };
      if (h.name().empty()) error(hat, "a holiday has no name");
      std::optional<absl::CivilDay> first =
          day_of_year(h.first(), hpos("first"), "holiday first day");
      std::optional<absl::CivilDay> last =
          day_of_year(h.last(), hpos("last"), "holiday last day");
      if (!first || !last) continue;
      if (*last < *first) {
        error(hpos("last"),
              absl::StrCat("holiday \"", h.name(), "\" ends (", h.last(),
                           ") before it starts (", h.first(), ")"));
        ok = false;
        continue;
      }
      for (absl::CivilDay d = *first; d <= *last; ++d) holidays.push_back(d);
    }
    std::vector<absl::CivilDay> worked;
    for (int k = 0; k < y.working_weekend_day_size(); ++k) {
      FilePosition p = pos(tree, yd, "working_weekend_day", k);
      std::optional<absl::CivilDay> d =
          day_of_year(y.working_weekend_day(k), p, "working weekend day");
      if (!d) continue;
      absl::Weekday w = absl::GetWeekday(*d);
      if (w != absl::Weekday::saturday && w != absl::Weekday::sunday) {
        error(p, absl::StrCat("working weekend day ", y.working_weekend_day(k),
                              " is not a Saturday or Sunday"));
        ok = false;
        continue;
      }
      for (absl::CivilDay h : holidays) {
        if (h == *d) {
          error(p,
                absl::StrCat("working weekend day ", y.working_weekend_day(k),
                             " is also a holiday"));
          ok = false;
        }
      }
      worked.push_back(*d);
    }
    if (ok) calendar->AddYear(y.year(), holidays, worked);
  }
}

}  // namespace povmon
