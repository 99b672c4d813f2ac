// What the command-line program reports, through the C ABI (since 0.3): a
// pack's summary (povmon check), its own test cases (povmon test), the
// public-notice list (povmon notice) and the what-if comparison (povmon
// whatif), each made by the same public C++ API the program uses, so the
// text is byte for byte what the program prints.
#include <cstddef>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "internal.h"
#include "povmon/date.h"
#include "povmon/json.h"
#include "povmon/notice.h"
#include "povmon/pack_tests.h"
#include "povmon/what_if.h"

namespace povmon::capi {
namespace {

absl::Status CheckReportFormat(int format, const Argument& what, bool allow_jsonl) {
  if (format == POVMON_REPORT_TEXT || format == POVMON_REPORT_JSON ||
      (allow_jsonl && format == POVMON_REPORT_JSONL)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      what.Text(), " is ", format, "; expected POVMON_REPORT_TEXT (1), POVMON_REPORT_JSON (2)",
      allow_jsonl ? " or POVMON_REPORT_JSONL (3)" : ""));
}

absl::Status CheckOptionsWithDate(const povmon_options* options, const char* function) {
  if (absl::Status s = CheckNotNull(options, {function, "options"}); !s.ok()) return s;
  if (!options->has_as_of) {
    return absl::InvalidArgumentError(absl::StrCat(
        function, ": the options have no as-of date (set one with povmon_options_set_as_of)"));
  }
  return absl::OkStatus();
}

// The whole run is refused, as `povmon notice` and `povmon whatif` refuse
// it, rather than every household failing alike.
absl::Status CheckAsOfWithin(const Policy& policy, absl::CivilDay as_of, const char* function) {
  if (as_of >= policy.valid_from() && as_of <= policy.valid_until()) return absl::OkStatus();
  return absl::OutOfRangeError(absl::StrCat(
      function, ": the as-of date ", FormatDate(as_of), " is outside the dates of pack ",
      policy.id(), " (", FormatDate(policy.valid_from()), " to ",
      FormatDate(policy.valid_until()), "); give a date within them"));
}

absl::Status Hand(const std::string& text, char** out, std::size_t* out_len) {
  char* buffer = CopyOut(text);
  if (buffer == nullptr) throw std::bad_alloc();
  *out = buffer;
  *out_len = text.size();
  return absl::OkStatus();
}

// Each record of JSON Lines text with its 1-based line number: lines end in
// "\n" (a "\r" before it is dropped); lines of only spaces and tabs are not
// records, but are counted.
template <typename Visit>
void ForEachRecord(std::string_view text, Visit visit) {
  long number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    visit(line, number);
  }
}

}  // namespace
}  // namespace povmon::capi

using povmon::capi::CheckNotNull;
using povmon::capi::ClearOut;
using povmon::capi::Guard;

extern "C" {

POVMON_API int povmon_policy_summary(char** out, size_t* out_len, const povmon_policy* policy,
                                     int report_format) {
  constexpr char kFunction[] = "povmon_policy_summary";
  ClearOut(out, out_len);
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckNotNull(out, {kFunction, "out"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(out_len, {kFunction, "out_len"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(policy, {kFunction, "policy"}); !s.ok()) return s;
    if (absl::Status s =
            povmon::capi::CheckReportFormat(report_format, {kFunction, "report_format"}, false);
        !s.ok()) {
      return s;
    }
    povmon::PackSummary summary = policy->policy->Summary();
    return povmon::capi::Hand(
        report_format == POVMON_REPORT_TEXT ? summary.Text(summary.label) : summary.Json(), out,
        out_len);
  });
}

POVMON_API int povmon_policy_test(char** out, size_t* out_len, size_t* failed,
                                  const povmon_policy* policy, const char* directory,
                                  size_t directory_len, int report_format) {
  constexpr char kFunction[] = "povmon_policy_test";
  ClearOut(out, out_len);
  if (failed != nullptr) *failed = 0;
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckNotNull(out, {kFunction, "out"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(out_len, {kFunction, "out_len"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(failed, {kFunction, "failed"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(policy, {kFunction, "policy"}); !s.ok()) return s;
    if (absl::Status s = povmon::capi::CheckText(directory, directory_len,
                                                 {kFunction, "directory"}, true);
        !s.ok()) {
      return s;
    }
    if (absl::Status s =
            povmon::capi::CheckReportFormat(report_format, {kFunction, "report_format"}, false);
        !s.ok()) {
      return s;
    }
    const povmon::Policy& p = *policy->policy;
    std::string dir = directory_len == 0 ? p.Summary().label : std::string(directory, directory_len);
    auto results = povmon::RunPackTests(dir, policy->policy);
    if (!results.ok()) {
      return absl::Status(results.status().code(),
                          absl::StrCat(kFunction, ": ", results.status().message()));
    }
    std::size_t failing = 0;
    for (const povmon::PackCaseResult& r : *results) failing += r.passed ? 0 : 1;
    absl::Status handed = povmon::capi::Hand(report_format == POVMON_REPORT_TEXT
                                                 ? povmon::PackTestsText(p.id(), *results)
                                                 : povmon::PackTestsJson(p.id(), *results),
                                             out, out_len);
    *failed = failing;
    return handed;
  });
}

POVMON_API int povmon_notice_list(char** out, size_t* out_len, char** report, size_t* report_len,
                                  const povmon_policy* policy, const povmon_options* options,
                                  const char* households, size_t households_len,
                                  int notice_format) {
  constexpr char kFunction[] = "povmon_notice_list";
  ClearOut(out, out_len);
  ClearOut(report, report_len);
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckNotNull(out, {kFunction, "out"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(out_len, {kFunction, "out_len"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(report, {kFunction, "report"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(report_len, {kFunction, "report_len"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(policy, {kFunction, "policy"}); !s.ok()) return s;
    if (absl::Status s = povmon::capi::CheckOptionsWithDate(options, kFunction); !s.ok()) {
      return s;
    }
    if (absl::Status s =
            povmon::capi::CheckBytes(households, households_len, {kFunction, "households"});
        !s.ok()) {
      return s;
    }
    if (notice_format != POVMON_NOTICE_CSV && notice_format != POVMON_NOTICE_HTML) {
      return absl::InvalidArgumentError(absl::StrCat(
          kFunction, ": notice_format is ", notice_format,
          "; expected POVMON_NOTICE_CSV (1) or POVMON_NOTICE_HTML (2)"));
    }
    if (absl::Status s = povmon::capi::CheckAsOfWithin(*policy->policy, options->as_of, kFunction);
        !s.ok()) {
      return s;
    }
    povmon::NoticeCollector notices(policy->policy, options->as_of);
    long read = 0;
    std::string not_decided;
    povmon::capi::ForEachRecord(
        std::string_view(households, households_len), [&](std::string_view line, long number) {
          ++read;
          absl::Status s = notices.AddJson(line, number);
          if (s.ok()) return;
          std::string_view message(s.message().data(), s.message().size());
          if (!povmon::IsValidUtf8(message)) message = "(the message is not valid UTF-8)";
          absl::StrAppend(&not_decided, not_decided.empty() ? "" : ",", "{\"line\":", number,
                          ",\"message\":", povmon::JsonQuote(message), "}");
        });
    const povmon::NoticeList& list = notices.list();
    std::string warnings;
    for (const std::string& w : list.warnings) {
      absl::StrAppend(&warnings, warnings.empty() ? "" : ",", povmon::JsonQuote(w));
    }
    std::string report_json = absl::StrCat(
        "{\"pack\":", povmon::JsonQuote(list.pack_id), ",\"as_of\":\"", list.as_of,
        "\",\"households\":", read, ",\"notices\":", list.entries.size(), ",\"not_decided\":[",
        not_decided, "],\"warnings\":[", warnings, "]}");
    std::string document =
        notice_format == POVMON_NOTICE_HTML ? povmon::NoticeHtml(list) : povmon::NoticeCsv(list);
    char* report_buffer = povmon::capi::CopyOut(report_json);
    if (report_buffer == nullptr) throw std::bad_alloc();
    char* document_buffer = povmon::capi::CopyOut(document);
    if (document_buffer == nullptr) {
      std::free(report_buffer);
      throw std::bad_alloc();
    }
    *out = document_buffer;
    *out_len = document.size();
    *report = report_buffer;
    *report_len = report_json.size();
    return absl::OkStatus();
  });
}

POVMON_API int povmon_what_if_compare(char** out, size_t* out_len, const povmon_policy* policy,
                                      const povmon_policy* what_if,
                                      const povmon_options* options, const char* households,
                                      size_t households_len, int report_format) {
  constexpr char kFunction[] = "povmon_what_if_compare";
  ClearOut(out, out_len);
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckNotNull(out, {kFunction, "out"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(out_len, {kFunction, "out_len"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(policy, {kFunction, "policy"}); !s.ok()) return s;
    if (absl::Status s = CheckNotNull(what_if, {kFunction, "what_if"}); !s.ok()) return s;
    if (absl::Status s = povmon::capi::CheckOptionsWithDate(options, kFunction); !s.ok()) {
      return s;
    }
    if (absl::Status s =
            povmon::capi::CheckBytes(households, households_len, {kFunction, "households"});
        !s.ok()) {
      return s;
    }
    if (absl::Status s =
            povmon::capi::CheckReportFormat(report_format, {kFunction, "report_format"}, true);
        !s.ok()) {
      return s;
    }
    for (const povmon_policy* p : {policy, what_if}) {
      if (absl::Status s = povmon::capi::CheckAsOfWithin(*p->policy, options->as_of, kFunction);
          !s.ok()) {
        return s;
      }
    }
    povmon::WhatIfComparison comparison(policy->policy, what_if->policy, options->as_of);
    std::string text, record;
    bool jsonl = report_format == POVMON_REPORT_JSONL;
    povmon::capi::ForEachRecord(
        std::string_view(households, households_len), [&](std::string_view line, long number) {
          record.clear();
          comparison.AddJson(line, number, jsonl ? &record : nullptr).IgnoreError();
          if (jsonl) absl::StrAppend(&text, record, "\n");
        });
    if (report_format == POVMON_REPORT_TEXT) text = comparison.SummaryText();
    if (report_format == POVMON_REPORT_JSON) text = comparison.SummaryJson();
    return povmon::capi::Hand(text, out, out_len);
  });
}

}  // extern "C"
