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
#include "povmon/population.h"
#include "tools/povmon/batch_run.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/command_line.h"
#include "tools/povmon/commands.h"
#include "tools/povmon/language_option.h"
#include "tools/povmon/population_run.h"

namespace povmon::cli {

int Notice(const std::vector<std::string>& args) {
  std::string pack, input = "-", format = "csv", out_path, as_of_text, lang, regions_path;
  BatchFlags batch_flags;
  CommandLine line(
      "notice",
      "povmon notice --policy PACK [--as-of YYYY-MM-DD] [--format csv|html] [--out PATH]\n"
      "                     [--lang zh-Hans|zh-Hant] [--regions FILE] [--jobs N]\n"
      "                     [--progress|--no-progress] [FILE|-]",
      "The public-notice list (Plan 10 §3.2) of the households given as JSON Lines: every "
      "notice in force on the date, with the head's name, the decision, its reason and the "
      "notice's dates; never ID numbers, addresses, phone numbers, birth dates or bank cards.",
      "Exit status: 0, 2 when some lines were not decided, 1 a usage error, a pack that does "
      "not load, an --as-of outside the pack's dates, or input that cannot be read or output "
      "that cannot be written (no partial list).");
  line.Value("--policy", &pack, "PACK", "the pack's folder")->required();
  line.Value("--as-of", &as_of_text, "YYYY-MM-DD",
             "the notices in force on this date (default: today); within the pack's dates");
  line.Value("--format", &format, "csv|html", "csv (the default) or printable html");
  line.Value("--out", &out_path, "PATH", "write the list to PATH (default: standard output)");
  line.Value("--lang", &lang, "LANG",
             "zh-Hans (Simplified Chinese, the default) or zh-Hant (Traditional); the notice is "
             "posted in Chinese");
  line.Value("--regions", &regions_path, "FILE",
             "the county's region file (the format of a pack's region_files): villages show "
             "by name, \"东山村（990101101201）\", beside the names the pack gives");
  batch_flags.AddTo(&line);
  line.Input(&input, "households as JSON Lines; - or absent: standard input");
  if (std::optional<int> done = line.Parse(args)) return *done;
  if (!batch_flags.Finish(line)) return kFailed;
  if (pack.empty()) return line.UsageError("--policy needs a pack folder");
  Language language = kDefaultLanguage;
  if (line.app().count("--lang") > 0) {
    std::optional<Language> l = LanguageOption("notice", lang);
    if (!l) return kFailed;
    // The list is posted in the village: its reasons are the plans' own
    // words, and the names are Chinese.
    if (*l == Language::kEnglish) {
      return line.UsageError(
          "--lang en: the public notice is posted in Chinese; use zh-Hans (the default) or "
          "zh-Hant");
    }
    language = *l;
  }
  std::optional<absl::CivilDay> as_of;
  if (line.app().count("--as-of") > 0) {
    as_of = ParseDate(as_of_text);
    if (!as_of) {
      return line.UsageError("--as-of \"" + as_of_text + "\" is not a date (YYYY-MM-DD)");
    }
  }
  if (format != "csv" && format != "html") {
    return line.UsageError("--format must be csv or html");
  }
  if (line.app().count("--out") > 0 && out_path.empty()) {
    return line.UsageError("--out needs a path");
  }
  if (line.app().count("--regions") > 0 && regions_path.empty()) {
    return line.UsageError("--regions needs a region file");
  }
  std::vector<v1::RegionInfo> regions;
  if (!regions_path.empty()) {
    std::string text;
    if (!ReadTextFile("notice", "region file", regions_path, &text)) return kFailed;
    if (absl::Status s = ParseRegionFile(text, regions_path, &regions); !s.ok()) {
      std::cerr << "povmon notice: " << s.message() << "\n";
      return kFailed;
    }
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
  notices.AddPlaces(regions);
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
