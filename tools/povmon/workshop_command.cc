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
#include "tools/povmon/commands.h"
#include "tools/povmon/language_option.h"

namespace povmon::cli {
namespace {

constexpr char kWorkshopUsage[] =
    "usage: povmon workshop --policy PACK --as-of YYYY-MM-DD [--explain] [--lang zh-Hans|zh-Hant|en] [FILE|-]\n";

// The error line for input line `line`, record `index` (0-based).
std::string ErrorLine(long index, long line, const absl::Status& s) {
  std::string out;
  AppendErrorRecordJson(static_cast<std::size_t>(index), line, "", s, &out);
  return out;
}

}  // namespace

int Workshop(const std::vector<std::string>& args) {
  std::string pack, input = "-";
  std::optional<absl::CivilDay> as_of;
  bool explain = false;
  Language language = kDefaultLanguage;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--policy" || a == "--as-of" || a == "--lang") && i + 1 >= args.size()) {
      std::cerr << "povmon workshop: " << a << " needs a value\n";
      return kFailed;
    }
    if (a == "--policy") {
      pack = args[++i];
    } else if (a == "--as-of") {
      as_of = ParseDate(args[++i]);
      if (!as_of) {
        std::cerr << "povmon workshop: --as-of \"" << args[i] << "\" is not a date (YYYY-MM-DD)\n";
        return kFailed;
      }
    } else if (a == "--explain") {
      explain = true;
    } else if (a == "--lang") {
      std::optional<Language> l = LanguageOption("workshop", args[++i]);
      if (!l) return kFailed;
      language = *l;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "povmon workshop: unknown option " << a << "\n";
      return kFailed;
    } else {
      input = a;
    }
  }
  if (pack.empty() || !as_of) {
    std::cerr << kWorkshopUsage;
    return kFailed;
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
