// povmon notice: the public-notice list (Plan 10 §3.2) of the households in
// a JSON Lines file, as CSV or printable HTML.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "povmon/batch.h"
#include "povmon/date.h"
#include "povmon/json.h"
#include "povmon/notice.h"
#include "povmon/policy.h"
#include "tools/povmon/batch_run.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/commands.h"
#include "tools/povmon/language_option.h"

namespace povmon::cli {
namespace {

constexpr char kNoticeUsage[] =
    "usage: povmon notice --policy PACK [--as-of YYYY-MM-DD] [--format "
    "csv|html] "
    "[--out PATH] [--lang zh-Hans|zh-Hant]\n"
    "                     [--jobs N] [--progress|--no-progress] [FILE|-]\n";


}  // namespace

int Notice(const std::vector<std::string>& args) {
  std::string pack, input = "-", format = "csv", out_path;
  std::optional<absl::CivilDay> as_of;
  bool have_input = false;
  Language language = kDefaultLanguage;
  BatchFlags batch_flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool flag_error = false;
    if (ParseBatchFlag("notice", args, &i, &batch_flags, &flag_error)) {
      if (flag_error) return kFailed;
      continue;
    }
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
  BatchOptions batch;
  batch.evaluate.as_of = as_of ? *as_of : Today();
  if (!AsOfWithinPackOrReport("notice", *policy, batch.evaluate.as_of)) return kFailed;
  InputFile in("notice", input);
  if (!in.Open()) return kFailed;
  batch.evaluate.trace = v1::TRACE_LEVEL_RULES;
  batch.jobs = batch_flags.jobs;
  batch.max_record_bytes = kMaxInputLineBytes;
  batch.output = BatchOutput::kNone;
  NoticeCollector notices(policy, batch.evaluate.as_of, language);
  BatchRunner runner(policy, batch);
  ProgressLine progress("notice", batch_flags.progress);
  BatchFunctionSink sink([&](const BatchResult& r) -> absl::Status {
    // Only line numbers: a household id may be personal data.
    if (r.has_duplicate) {
      std::cerr << "povmon notice: line " << r.line
                << ": warning: its household id was already used on line "
                << r.duplicate_of_line << "\n";
    }
    if (r.status.ok()) {
      notices.AddDecided(*r.household, *r.decision, static_cast<long>(r.line));
    } else {
      // The message may quote a value from the record (an address, a name):
      // say where and what, never the value. The personal values are those
      // of as much of the record as parses.
      v1::Household partial;
      if (r.household != nullptr) {
        partial = *r.household;
      } else {
        (void)ParseHouseholdJson(r.record, &partial);
      }
      std::cerr << "povmon notice: line " << r.line << " not decided: "
                << NoticeCollector::RedactedError(std::string(r.status.message()), partial) << "\n";
    }
    progress.Update(r.index + 1);
    return absl::OkStatus();
  });
  absl::Status run = runner.Run(in, sink);
  progress.Finish(runner.counts().records);
  // A read error loses the rest of the list: no partial public list.
  if (!run.ok()) {
    std::cerr << "povmon notice: " << run.message() << "\n";
    return kFailed;
  }
  const long errors = static_cast<long>(runner.counts().errors);
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
