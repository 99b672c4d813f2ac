// povmon workshop: the award an employment workshop earns (Plan 6 §3.5).
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "povmon/date.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "povmon/workshop.h"
#include "tools/povmon/command_input.h"
#include "tools/povmon/command_line.h"
#include "tools/povmon/commands.h"
#include "tools/povmon/language_option.h"

namespace povmon::cli {
namespace {

// The error line for input line `line`, record `index` (0-based).
std::string ErrorLine(long index, long line, const absl::Status& s) {
  std::string out;
  AppendErrorRecordJson(static_cast<std::size_t>(index), line, "", s, &out);
  return out;
}

}  // namespace

int Workshop(const std::vector<std::string>& args) {
  std::string pack, input = "-", as_of_text, lang;
  bool explain = false;
  CommandLine options(
      "workshop",
      "povmon workshop --policy PACK --as-of YYYY-MM-DD [--explain] "
      "[--lang zh-Hans|zh-Hant|en] [FILE|-]",
      "The award an employment workshop earns (Plan 6 §3.5), workshops given as JSON Lines: "
      "one award or error object per input line, in order.",
      "Exit status: 0 every line decided, 2 some lines not decided, 1 a usage error, a pack "
      "that does not load, an --as-of outside the pack's dates, or input that cannot be read "
      "or output that cannot be written.");
  options.Value("--policy", &pack, "PACK", "the pack's folder")->required();
  options.Value("--as-of", &as_of_text, "YYYY-MM-DD",
             "the date the awards are decided on; within the pack's dates")
      ->required();
  options.app().add_flag("--explain", explain, "the readable explanation instead of JSON");
  options.Value("--lang", &lang, "LANG", std::string("the explanation's language: ") + kLanguageHelp);
  options.Input(&input, "workshops as JSON Lines; - or absent: standard input");
  if (std::optional<int> done = options.Parse(args)) return *done;
  if (pack.empty()) return options.UsageError("--policy needs a pack folder");
  std::optional<absl::CivilDay> as_of = ParseDate(as_of_text);
  if (!as_of) {
    return options.UsageError("--as-of \"" + as_of_text + "\" is not a date (YYYY-MM-DD)");
  }
  Language language = kDefaultLanguage;
  if (options.app().count("--lang") > 0) {
    std::optional<Language> l = LanguageOption("workshop", lang);
    if (!l) return kFailed;
    language = *l;
  }
  std::shared_ptr<const Policy> policy = LoadPackOrReport(pack);
  if (policy == nullptr) return kFailed;
  if (!AsOfWithinPackOrReport("workshop", *policy, *as_of)) return kFailed;
  InputLines in("workshop", input);
  if (!in.Open()) return kFailed;
  WorkshopAwarder awarder(policy);
  v1::Workshop workshop;
  v1::WorkshopAward award;
  google::protobuf::util::JsonPrintOptions print;
  print.preserve_proto_field_names = true;
  std::string line, json;
  long number = 0, records = 0, decided = 0, errors = 0;
  while (in.Next(&line)) {
    ++number;
    if (!OutputOk("workshop")) return kFailed;
    if (IsBlankLine(line)) continue;
    long index = records++;
    workshop.Clear();
    absl::Status s = in.LineStatus();
    if (s.ok()) {
      auto parsed = google::protobuf::util::JsonStringToMessage(line, &workshop);
      if (!parsed.ok()) s = absl::InvalidArgumentError(std::string(parsed.message()));
    }
    if (s.ok()) {
      s = awarder.Award(workshop, *as_of,
                        explain ? v1::TRACE_LEVEL_FULL : v1::TRACE_LEVEL_RULES, &award);
    }
    if (!s.ok()) {
      ++errors;
      std::cout << ErrorLine(index, number, s) << "\n";
      continue;
    }
    ++decided;
    if (explain) {
      std::cout << InLanguage(ExplainWorkshopAward(award), language) << "\n";
      continue;
    }
    json.clear();
    auto printed = google::protobuf::util::MessageToJsonString(award, &json, print);
    if (!printed.ok()) {
      ++errors;
      std::cout << ErrorLine(index, number, absl::InternalError(std::string(printed.message()))) << "\n";
      continue;
    }
    std::cout << json << "\n";
  }
  std::cout.flush();
  if (!OutputOk("workshop") || in.failed()) return kFailed;
  std::cerr << "povmon workshop: " << decided << " decided, " << errors << " not decided\n";
  return errors == 0 ? kOk : kSomeErrors;
}

}  // namespace povmon::cli
