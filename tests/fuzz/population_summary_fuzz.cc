// A summary file as `povmon report --from-summary FILE` reads it: the
// population report JSON of `povmon eval --summary`
// (ParsePopulationReportJson), its summary merged (Aggregator::Merge,
// MergeSummaries), the pack's population rules run over the merged summary
// and the page rendered. Whatever the bytes:
// - they read, or are refused with InvalidArgument and a UTF-8 message;
// - a report read renders, or is refused with a message, and goes to JSON
//   and back unchanged;
// - its summary merges, or is refused with a message: merging is
//   commutative (a + b = b + a, b a summary of real households given a's
//   seed and share) and a merged summary is in normal form (merging it
//   alone gives it back), and the file given twice counts every figure
//   twice;
// - the pack's population rules (the pack the file names, when it is one
//   of the shipped population packs; yingkou otherwise) run over the
//   merged summary or stop with a message naming the rule, and the report
//   they make passes the same checks.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "google/protobuf/util/message_differencer.h"
#include "povmon/policy.h"
#include "povmon/population.h"
#include "povmon/population_report.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/population_support.h"

namespace {

using google::protobuf::util::MessageDifferencer;
using povmon::fuzz::Decided;
using povmon::v1::PopulationReport;
using povmon::v1::PopulationSummary;

struct Pack {
  std::shared_ptr<const povmon::Policy> policy;
  PopulationSummary summary;  // of the example households
};

const std::vector<Pack>& Packs() {
  static const auto* packs = [] {
    auto* out = new std::vector<Pack>();
    for (const std::string& dir : povmon::fuzz::PopulationPacks()) {
      auto policy = povmon::Policy::Load(povmon::fuzz::SourceDir() + "/" + dir);
      POVMON_FUZZ_CHECK(policy.ok());
      Pack p;
      p.policy = *policy;
      povmon::Aggregator aggregator(p.policy, /*sample_seed=*/7);
      for (const Decided& d : povmon::fuzz::DecideExamples(p.policy)) {
        POVMON_FUZZ_CHECK(aggregator.Add(d.household, d.decision).ok());
      }
      aggregator.Summarize(&p.summary);
      out->push_back(std::move(p));
    }
    return out;
  }();
  return *packs;
}

// The summary `partial` alone, merged into an aggregator of its settings.
absl::Status Normalize(const PopulationSummary& partial, PopulationSummary* out) {
  povmon::Aggregator aggregator(partial.sample_seed(), partial.sample_candidate_bp());
  absl::Status s = aggregator.Merge(partial);
  if (s.ok()) aggregator.Summarize(out);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<Pack>& packs = Packs();
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  PopulationReport file;
  absl::Status read = povmon::ParsePopulationReportJson(json, &file);
  if (!read.ok()) {
    povmon::fuzz::CheckRefusal(read);
    POVMON_FUZZ_CHECK(read.code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  // Whatever was read renders (or is refused) and goes to JSON and back.
  povmon::fuzz::CheckReport(file);
  if (!file.has_summary()) return 0;
  const PopulationSummary& a = file.summary();

  PopulationSummary alone;
  absl::Status merged = Normalize(a, &alone);
  if (!merged.ok()) {
    povmon::fuzz::CheckRefusal(merged);
    return 0;
  }
  // Normal form: merging the merged summary alone gives it back.
  PopulationSummary again;
  POVMON_FUZZ_CHECK(Normalize(alone, &again).ok());
  POVMON_FUZZ_CHECK(MessageDifferencer::Equals(alone, again));

  const Pack* pack = &packs.back();
  for (std::size_t i = 0; i < packs.size(); ++i) {
    if (packs[i].policy->id() == file.pack_id()) pack = &packs[i];
  }
  // A summary of real households with a's draw settings, merged both ways.
  PopulationSummary b = pack->summary;
  b.set_sample_seed(a.sample_seed());
  b.set_sample_candidate_bp(a.sample_candidate_bp());
  PopulationSummary ab, ba;
  absl::Status s_ab = povmon::MergeSummaries(a, b, &ab);
  absl::Status s_ba = povmon::MergeSummaries(b, a, &ba);
  POVMON_FUZZ_CHECK(s_ab.ok() == s_ba.ok());
  if (s_ab.ok()) {
    POVMON_FUZZ_CHECK(MessageDifferencer::Equals(ab, ba));
  } else {
    povmon::fuzz::CheckRefusal(s_ab);
    POVMON_FUZZ_CHECK(s_ab.code() == s_ba.code());
  }
  // The file given twice (`--from-summary f --from-summary f`).
  PopulationSummary twice;
  absl::Status s_aa = povmon::MergeSummaries(a, a, &twice);
  if (s_aa.ok()) {
    POVMON_FUZZ_CHECK(twice.households_decided() == 2 * alone.households_decided());
    POVMON_FUZZ_CHECK(twice.households_failed() == 2 * alone.households_failed());
    POVMON_FUZZ_CHECK(twice.regions_size() == alone.regions_size());
  } else {
    povmon::fuzz::CheckRefusal(s_aa);
  }

  // The report, as `povmon report` makes it from the merged summary.
  povmon::PopulationOptions options;
  absl::CivilDay day;
  options.as_of = file.as_of().size() == 10 && absl::ParseCivilTime(file.as_of(), &day) &&
                          day >= pack->policy->valid_from() && day <= pack->policy->valid_until()
                      ? day
                      : pack->policy->valid_from();
  options.trace = povmon::v1::TRACE_LEVEL_FULL;
  options.regions = povmon::fuzz::TestRegions();
  auto report = povmon::RunPopulationRules(*pack->policy, alone, options);
  if (!report.ok()) {
    povmon::fuzz::CheckRefusal(report.status());
    return 0;
  }
  POVMON_FUZZ_CHECK(MessageDifferencer::Equals(report->summary(), alone));
  povmon::fuzz::CheckMadeReport(*report);
  return 0;
}
