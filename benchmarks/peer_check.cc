// Decide the peer benchmark's population (converted by zen_to_povmon.js) with
// benchmarks/peer-pack and compare every household with the peer's own oracle
// (policy.js, written by the converter as the reference file): category,
// exclusion, risk types in order, per-capita net income, total income and
// rigid expenditure.
//
//   povmon_peer_check --households HOUSEHOLDS.jsonl --reference REFERENCE.jsonl
//                     [--pack DIR] [--as_of 2025-01-01]
//
// The hand-written baseline of the benchmarks (peer_baseline.h) decides every
// household too and is compared with the oracle in the same way, so the
// yardstick of the README's ratios is held to the same answers.
//
// Prints both category histograms and the first mismatches; exits 0 when
// every household matches, for povmon and for the baseline, 1 otherwise.
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "benchmarks/peer_baseline.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "povmon/engine.h"

#ifndef POVMON_SOURCE_DIR
#error "POVMON_SOURCE_DIR must be defined by the build"
#endif

namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

int Usage(const std::string& message) {
  std::fprintf(stderr,
               "%s\nusage: povmon_peer_check --households FILE --reference FILE "
               "[--pack DIR] [--as_of YYYY-MM-DD]\n",
               message.c_str());
  return 2;
}

const Value* Field(const Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? nullptr : &it->second;
}

std::string Text(const Struct& s, const std::string& name) {
  const Value* v = Field(s, name);
  return v != nullptr && v->kind_case() == Value::kStringValue ? v->string_value() : "";
}

// What one side decided, in comparable text.
struct Outcome {
  std::string category;
  bool excluded = false;
  std::string risk_types;
  std::string per_capita;
  std::string total_income;
  std::string rigid;
};

Outcome FromReference(const Struct& ref) {
  Outcome o;
  o.category = Text(ref, "category");
  const Value* excluded = Field(ref, "excluded");
  o.excluded = excluded != nullptr && excluded->bool_value();
  std::vector<std::string> risks;
  if (const Value* list = Field(ref, "risk_types"); list != nullptr) {
    for (const Value& v : list->list_value().values()) risks.push_back(v.string_value());
  }
  o.risk_types = absl::StrJoin(risks, ",");
  o.per_capita = Text(ref, "per_capita_net_income_fen");
  o.total_income = Text(ref, "total_income_fen");
  o.rigid = Text(ref, "rigid_expenditure_fen");
  return o;
}

Outcome FromDecision(const povmon::v1::Decision& d) {
  Outcome o;
  const povmon::v1::Identification& id = d.identification();
  o.category = povmon::v1::Category_Name(id.category());
  o.excluded = id.excluded();
  std::vector<std::string> risks;
  for (int r : id.risk_types()) {
    risks.push_back(povmon::v1::RiskType_Name(static_cast<povmon::v1::RiskType>(r)));
  }
  o.risk_types = absl::StrJoin(risks, ",");
  o.per_capita = absl::StrCat(d.facts().per_capita_net_income_fen());
  o.total_income = absl::StrCat(d.facts().counted_income_fen() + d.facts().insurance_claims_fen());
  o.rigid = absl::StrCat(d.facts().rigid_expenditure_fen());
  return o;
}

std::string Difference(const Outcome& ours, const Outcome& peer) {
  std::vector<std::string> out;
  if (ours.category != peer.category) out.push_back(absl::StrCat("category ", ours.category, " != ", peer.category));
  if (ours.excluded != peer.excluded) out.push_back(absl::StrCat("excluded ", ours.excluded, " != ", peer.excluded));
  if (ours.risk_types != peer.risk_types) {
    out.push_back(absl::StrCat("risk_types [", ours.risk_types, "] != [", peer.risk_types, "]"));
  }
  if (ours.per_capita != peer.per_capita) {
    out.push_back(absl::StrCat("per_capita_net_income_fen ", ours.per_capita, " != ", peer.per_capita));
  }
  if (ours.total_income != peer.total_income) {
    out.push_back(absl::StrCat("total_income_fen ", ours.total_income, " != ", peer.total_income));
  }
  if (ours.rigid != peer.rigid) {
    out.push_back(absl::StrCat("rigid_expenditure_fen ", ours.rigid, " != ", peer.rigid));
  }
  return absl::StrJoin(out, "; ");
}

}  // namespace

int main(int argc, char** argv) {
  std::string households_path;
  std::string reference_path;
  std::string pack = POVMON_SOURCE_DIR "/benchmarks/peer-pack";
  absl::CivilDay as_of(2025, 1, 1);
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return Usage("missing value for " + flag);
    const std::string value = argv[++i];
    if (flag == "--households") {
      households_path = value;
    } else if (flag == "--reference") {
      reference_path = value;
    } else if (flag == "--pack") {
      pack = value;
    } else if (flag == "--as_of") {
      if (!absl::ParseCivilTime(value, &as_of)) return Usage("bad --as_of " + value);
    } else {
      return Usage("unknown flag " + flag);
    }
  }
  if (households_path.empty() || reference_path.empty()) return Usage("--households and --reference are required");

  auto policy = povmon::Policy::Load(pack);
  if (!policy.ok()) {
    std::fprintf(stderr, "%s\n", policy.status().ToString().c_str());
    return 1;
  }
  std::ifstream households(households_path);
  std::ifstream reference(reference_path);
  if (!households || !reference) return Usage("cannot read the households or the reference file");

  povmon::Evaluator evaluator(*policy);
  povmon::v1::Household household;
  povmon::v1::Decision decision;
  povmon::v1::Decision baseline_decision;
  const povmon::bench::PeerBaseline baseline(as_of);
  size_t baseline_mismatches = 0;
  Struct ref;
  std::map<std::string, size_t> ours_counts;
  std::map<std::string, size_t> peer_counts;
  size_t n = 0;
  size_t mismatches = 0;
  std::string line;
  std::string ref_line;
  while (std::getline(households, line)) {
    ++n;
    if (!std::getline(reference, ref_line)) {
      std::fprintf(stderr, "reference file ends before household line %zu\n", n);
      return 1;
    }
    ref.Clear();
    if (!google::protobuf::util::JsonStringToMessage(ref_line, &ref).ok()) {
      std::fprintf(stderr, "%s:%zu: not a JSON object\n", reference_path.c_str(), n);
      return 1;
    }
    absl::Status s = povmon::ParseHouseholdJson(line, &household);
    if (s.ok()) s = evaluator.Evaluate(household, povmon::EvaluateOptions{as_of, povmon::v1::TRACE_LEVEL_OFF}, &decision);
    if (!s.ok()) {
      std::fprintf(stderr, "%s:%zu: %s\n", households_path.c_str(), n, s.ToString().c_str());
      return 1;
    }
    const Outcome peer = FromReference(ref);
    const Outcome ours = FromDecision(decision);
    if (household.id() != Text(ref, "id")) {
      std::fprintf(stderr, "line %zu: household %s but reference %s\n", n, household.id().c_str(),
                   Text(ref, "id").c_str());
      return 1;
    }
    ++ours_counts[ours.category];
    ++peer_counts[peer.category];
    const std::string diff = Difference(ours, peer);
    if (!diff.empty()) {
      if (++mismatches <= 10) std::printf("%s: %s\n", household.id().c_str(), diff.c_str());
    }
    if (absl::Status b = baseline.Decide(household, &baseline_decision); !b.ok()) {
      std::fprintf(stderr, "%s:%zu: baseline: %s\n", households_path.c_str(), n,
                   b.ToString().c_str());
      return 1;
    }
    const std::string baseline_diff = Difference(FromDecision(baseline_decision), peer);
    if (!baseline_diff.empty()) {
      if (++baseline_mismatches <= 10) {
        std::printf("%s: baseline: %s\n", household.id().c_str(), baseline_diff.c_str());
      }
    }
  }
  if (std::getline(reference, ref_line)) {
    std::fprintf(stderr, "reference file has more lines than the households file\n");
    return 1;
  }
  std::printf("%zu households, pack %s (revision %s), as of %s\n", n, (*policy)->id().c_str(),
              (*policy)->revision().substr(0, 12).c_str(), absl::FormatCivilTime(as_of).c_str());
  std::printf("%-34s %10s %10s\n", "category", "povmon", "peer");
  for (const auto& [category, count] : peer_counts) {
    std::printf("%-34s %10zu %10zu\n", category.c_str(), ours_counts[category], count);
  }
  for (const auto& [category, count] : ours_counts) {
    if (peer_counts.count(category) == 0) std::printf("%-34s %10zu %10d\n", category.c_str(), count, 0);
  }
  std::printf("%zu of %zu households differ in category, exclusion, risk types or figures\n",
              mismatches, n);
  std::printf("%zu of %zu households differ for the hand-written baseline (peer_baseline.cc)\n",
              baseline_mismatches, n);
  return mismatches == 0 && baseline_mismatches == 0 ? 0 : 1;
}
