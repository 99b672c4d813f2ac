// povmon notice: the public-notice list (Plan 10 §3.2) of the households in
// a JSON Lines file, as CSV or printable HTML.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "povmon/date.h"
#include "povmon/notice.h"
#include "povmon/policy.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/commands.h"
#include "tools/povmon/language_option.h"

namespace povmon::cli {
namespace {

constexpr char kNoticeUsage[] =
    "usage: povmon notice --policy PACK [--as-of YYYY-MM-DD] [--format "
    "csv|html] "
    "[--out PATH] [--lang zh-Hans|zh-Hant] [FILE|-]\n";


}  // namespace

int Notice(const std::vector<std::string>& args) {
  std::string pack, input = "-", format = "csv", out_path;
  std::optional<absl::CivilDay> as_of;
  bool have_input = false;
  Language language = kDefaultLanguage;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        std::cerr << "povmon notice: " << flag << " needs a value\n";
        return std::nullopt;
      }
      return args[++i];
    };
    if (a == "--lang") {
      std::optional<std::string> v = value("--lang");
      if (!v) return kFailed;
      std::optional<Language> l = LanguageOption("notice", *v);
      if (!l) return kFailed;
      // The list is posted in the village: its reasons are the plans' own
      // words, and the names are Chinese.
      if (*l == Language::kEnglish) {
        std::cerr << "povmon notice: --lang en: the public notice is posted in Chinese; "
                     "use zh-Hans (the default) or zh-Hant\n";
        return kFailed;
      }
      language = *l;
    } else if (a == "--policy" || a == "--format" || a == "--out" || a == "--as-of") {
      std::optional<std::string> v = value(a.c_str());
      if (!v) return kFailed;
      if (a == "--policy") {
        pack = *v;
      } else if (a == "--format") {
        format = *v;
      } else if (a == "--out") {
        out_path = *v;
      } else {
        as_of = ParseDate(*v);
        if (!as_of) {
          std::cerr << "povmon notice: --as-of \"" << *v
                    << "\" is not a date (YYYY-MM-DD)\n";
          return kFailed;
        }
      }
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "povmon notice: unknown option " << a << "\n"
                << kNoticeUsage;
      return kFailed;
    } else if (have_input) {
      std::cerr << "povmon notice: one input file at most\n";
      return kFailed;
    } else {
      input = a;
      have_input = true;
    }
  }
  if (pack.empty()) {
    std::cerr << kNoticeUsage;
    return kFailed;
  }
  if (format != "csv" && format != "html") {
    std::cerr << "povmon notice: --format must be csv or html\n";
    return kFailed;
  }
  std::shared_ptr<const Policy> policy = LoadPackOrReport(pack);
  if (policy == nullptr) return kFailed;
  absl::CivilDay day = as_of ? *as_of : Today();
  if (!AsOfWithinPackOrReport("notice", *policy, day)) return kFailed;
  InputLines in("notice", input);
  if (!in.Open()) return kFailed;
  NoticeCollector notices(policy, day, language);
  std::string line;
  long number = 0, errors = 0;
  while (in.Next(&line)) {
    ++number;
    if (IsBlankLine(line)) continue;
    // The message comes back redacted: no value from the record, only
    // where and what was wrong.
    absl::Status s = in.LineStatus();
    if (s.ok()) s = notices.AddJson(line, number);
    if (!s.ok()) {
      ++errors;
      std::cerr << "povmon notice: line " << number << " not decided: " << s.message() << "\n";
    }
  }
  // A read error loses the rest of the list: no partial public list.
  if (in.failed()) return kFailed;
  const NoticeList& list = notices.list();
  std::string text = format == "html" ? NoticeHtml(list) : NoticeCsv(list);
  if (out_path.empty()) {
    std::cout << text;
    std::cout.flush();
    if (!OutputOk("notice")) return kFailed;
  } else {
    std::ofstream out(out_path, std::ios::binary);
    errno = 0;
    if (out) out << text;
    if (out) out.close();
    if (!out) {
      int error = errno;
      std::cerr << "povmon notice: cannot write " << out_path << ": "
                << std::strerror(error == 0 ? EIO : error) << "\n";
      return kFailed;
    }
  }
  for (const std::string& w : list.warnings)
    std::cerr << "povmon notice: " << w << "\n";
  std::cerr << "povmon notice: " << list.entries.size()
            << " notice(s) in force on " << list.as_of << ", " << errors
            << " line(s) not decided\n";
  return errors == 0 ? kOk : kSomeErrors;
}

}  // namespace povmon::cli
