// The pack test report, as `povmon test` prints it and as JSON for the C ABI
// and the bindings (include/povmon/pack_tests.h).
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "povmon/json.h"
#include "povmon/pack_tests.h"

namespace povmon {
namespace {

// A JSON string of `text`, which comes from the pack's files: text that is
// not UTF-8 is named, never passed on (JSON must be UTF-8).
std::string Quote(std::string_view text) {
  return JsonQuote(IsValidUtf8(text) ? text : "(not valid UTF-8)");
}

}  // namespace

std::string PackTestsText(const std::string& pack_id, const std::vector<PackCaseResult>& results) {
  std::string out;
  int passed = 0, failed = 0;
  for (const PackCaseResult& r : results) {
    absl::StrAppend(&out, r.passed ? "PASS " : "FAIL ", r.name);
    if (!r.citation.empty()) absl::StrAppend(&out, "  [", r.citation, "]");
    out += "\n";
    if (!r.passed) {
      absl::StrAppend(&out, "     at ", r.file, ":", r.line, "\n");
      for (const std::string& f : r.failures) absl::StrAppend(&out, "     ", f, "\n");
    }
    (r.passed ? passed : failed)++;
  }
  absl::StrAppend(&out, pack_id, ": ", passed, " passed, ", failed, " failed\n");
  return out;
}

std::string PackTestsJson(const std::string& pack_id, const std::vector<PackCaseResult>& results) {
  int passed = 0, failed = 0;
  std::string cases;
  for (const PackCaseResult& r : results) {
    (r.passed ? passed : failed)++;
    absl::StrAppend(&cases, cases.empty() ? "" : ",", "{\"name\":", Quote(r.name),
                    ",\"citation\":", Quote(r.citation), ",\"file\":", Quote(r.file),
                    ",\"line\":", r.line, ",\"passed\":", r.passed ? "true" : "false",
                    ",\"failures\":[");
    bool first = true;
    for (const std::string& f : r.failures) {
      absl::StrAppend(&cases, first ? "" : ",", Quote(f));
      first = false;
    }
    cases += "]}";
  }
  return absl::StrCat("{\"pack\":", Quote(pack_id), ",\"passed\":", passed,
                      ",\"failed\":", failed, ",\"cases\":[", cases, "]}");
}

namespace {

// The kinds in the order PackCoverage lists them, with their plural.
struct CoverageKind {
  const char* kind;
  const char* plural;
};
constexpr CoverageKind kCoverageKinds[] = {
    {"rule", "rules"},
    {"measure", "measures"},
    {"elimination rule", "elimination rules"},
    {"duty", "duties"},
    {"visit cadence", "visit cadences"},
    {"green channel", "green channels"},
    {"population rule", "population rules"},
};

void CountKind(const PackCoverage& coverage, const std::string& kind, int* exercised,
               int* total) {
  *exercised = *total = 0;
  for (const PackCoverageItem& item : coverage.items) {
    if (item.kind != kind) continue;
    ++*total;
    *exercised += item.exercised ? 1 : 0;
  }
}

}  // namespace

std::string PackCoverageText(const PackCoverage& coverage) {
  std::string out = absl::StrCat("coverage: ", coverage.exercised(), " of ", coverage.total(),
                                 " items exercised (fired in at least one test case)\n");
  for (const CoverageKind& k : kCoverageKinds) {
    int exercised = 0, total = 0;
    CountKind(coverage, k.kind, &exercised, &total);
    if (total > 0) absl::StrAppend(&out, "  ", exercised, " of ", total, " ", k.plural, " exercised\n");
  }
  if (coverage.exercised() == coverage.total()) return out;
  out += "not exercised:\n";
  for (const PackCoverageItem& item : coverage.items) {
    if (item.exercised) continue;
    absl::StrAppend(&out, "  ", item.file, ":", item.line, ": ", item.kind, " ", item.id, "\n");
  }
  return out;
}

std::string PackCoverageJson(const PackCoverage& coverage) {
  std::string kinds, missed;
  for (const CoverageKind& k : kCoverageKinds) {
    int exercised = 0, total = 0;
    CountKind(coverage, k.kind, &exercised, &total);
    if (total == 0) continue;
    absl::StrAppend(&kinds, kinds.empty() ? "" : ",", "{\"kind\":", Quote(k.kind),
                    ",\"exercised\":", exercised, ",\"total\":", total, "}");
  }
  for (const PackCoverageItem& item : coverage.items) {
    if (item.exercised) continue;
    absl::StrAppend(&missed, missed.empty() ? "" : ",", "{\"kind\":", Quote(item.kind),
                    ",\"id\":", Quote(item.id), ",\"file\":", Quote(item.file),
                    ",\"line\":", item.line, "}");
  }
  return absl::StrCat("{\"exercised\":", coverage.exercised(), ",\"total\":", coverage.total(),
                      ",\"kinds\":[", kinds, "],\"not_exercised\":[", missed, "]}");
}

}  // namespace povmon
