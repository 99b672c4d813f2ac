#include "src/stages/identification.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "src/base/date.h"

namespace povmon {
namespace {

// Evaluate one rule into *fired, recording it in the trace as the level asks
// (a Status and a bool, not a StatusOr<bool>: this runs once per rule).
absl::Status Fires(const StageContext& c, const CompiledRule& rule, v1::Decision* decision,
                   bool* fired) {
  const v1::Rule& source = c.policy->rules[rule.index];
  v1::TraceEntry* entry = nullptr;
  if (c.trace == v1::TRACE_LEVEL_FULL) {
    entry = decision->add_trace();
    c.recorder->set_entry(entry);
  }
  // A condition's number (1 or 0), without a Value or a StatusOr per rule.
  std::int64_t holds = 0;
  if (absl::Status s = rule.program->EvaluateNumber(
          *c.activation, c.scratch, entry != nullptr ? c.recorder : nullptr, &holds);
      !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("rule \"", source.id(), "\" (", rule.file, ":",
                                               rule.line, "): ", s.message()));
  }
  *fired = holds != 0;
  if (c.trace == v1::TRACE_LEVEL_RULES && *fired) entry = decision->add_trace();
  if (entry != nullptr) {
    entry->mutable_rule_id()->assign(source.id());
    entry->mutable_citation()->assign(source.citation());
    entry->set_stage(v1::STAGE_IDENTIFICATION);
    entry->set_fired(*fired);
    entry->mutable_outcome()->assign(rule.outcome_name);
  }
  return absl::OkStatus();
}

template <typename Field>
void AddOnce(Field* list, int value) {
  if (std::find(list->begin(), list->end(), value) == list->end()) list->Add(value);
}

// A village review that sets this negative-list hit aside (Plan 2 §3(三),
// Plan 3 §4, Plan 7 §3(二)): it names the rule, or the item when it names no
// rule, and was decided on or before the as-of date. Where the pack needs a
// public notice with no objection (Plan 2 only, digest C4), the notice must
// have ended before the as-of date without an objection.
absl::Status ApplyOverride(const StageContext& c, const v1::Rule& rule, v1::NegativeListHit* hit) {
  const v1::Household& h = *c.household;
  for (int i = 0; i < h.overrides_size(); ++i) {
    const v1::VillageReviewOverride& o = h.overrides(i);
    bool matches = o.rule_id().empty() ? o.item() == rule.negative_list() : o.rule_id() == rule.id();
    if (!matches) continue;
    std::optional<absl::CivilDay> decided = ParseDate(o.decided_on());
    if (!decided) {
      return absl::InvalidArgumentError(absl::StrCat(
          "overrides[", i, "].decided_on ",
          o.decided_on().empty() ? "is empty" : "is not a valid date",
          ": a village-review override takes effect from its decision date"));
    }
    if (*decided > c.as_of) continue;
    if (c.policy->pack.village_review().notice_required()) {
      // Plan 2 §3(三): 評議通過後予以公示,無異議的,可按程序識別.
      std::optional<absl::CivilDay> ended = ParseDate(o.notice_ended_on());
      if (!o.notice_ended_on().empty() && !ended) {
        return absl::InvalidArgumentError(absl::StrCat(
            "overrides[", i, "].notice_ended_on is not a valid date"));
      }
      if (ended && *ended < *decided) {
        return absl::InvalidArgumentError(absl::StrCat(
            "overrides[", i, "].notice_ended_on: ", o.notice_ended_on(),
            " is before decided_on ", o.decided_on(), ": the notice follows the review"));
      }
      const char* pending = nullptr;
      if (o.objection_raised()) {
        pending = "the notice of the review met an objection (有異議)";
      } else if (!ended) {
        pending = "the review's result has not been publicly noticed (no notice_ended_on)";
      } else if (*ended >= c.as_of) {
        pending = "the public notice of the review has not ended";
      }
      if (pending != nullptr) {
        // Assigned piece by piece into the reused string: nothing allocated once warm.
        std::string* why = hit->mutable_override_pending();
        why->assign(pending);
        why->append(": ");
        why->append(c.policy->pack.village_review().citation());
        why->append(" sets an item aside only after a notice with no objection");
        continue;
      }
    }
    hit->set_overridden(true);
    hit->mutable_override_decided_on()->assign(o.decided_on());
    hit->mutable_override_minute_reference()->assign(o.minute_reference());
    return absl::OkStatus();
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Identify(const StageContext& c, v1::Decision* decision) {
  v1::Identification* id = decision->mutable_identification();
  c.activation->roots[kIdentificationSlot] = id;
  for (int index : c.policy->collected_rules) {
    const CompiledRule& rule = c.policy->compiled[index];
    bool fired = false;
    if (absl::Status s = Fires(c, rule, decision, &fired); !s.ok()) return s;
    if (!fired) continue;
    switch (rule.kind) {
      case RuleKind::kRisk: AddOnce(id->mutable_risk_types(), rule.outcome); break;
      case RuleKind::kWatch: AddOnce(id->mutable_watch_groups(), rule.outcome); break;
      case RuleKind::kSituation: AddOnce(id->mutable_situations(), rule.outcome); break;
      case RuleKind::kScreening: AddOnce(id->mutable_screening(), rule.outcome); break;
      case RuleKind::kNegativeList: {
        const v1::Rule& source = c.policy->rules[rule.index];
        v1::NegativeListHit* hit = id->add_negative_list_hits();
        hit->mutable_rule_id()->assign(source.id());
        hit->set_item(source.negative_list());
        hit->mutable_citation()->assign(source.citation());
        if (absl::Status s = ApplyOverride(c, source, hit); !s.ok()) return s;
        if (!hit->overridden()) id->set_excluded(true);
        break;
      }
      case RuleKind::kCategory: break;
    }
  }
  id->set_category(v1::CATEGORY_NONE);
  if (id->excluded()) return absl::OkStatus();
  // PRIORITY: the first category rule that holds decides.
  for (int index : c.policy->category_rules) {
    const CompiledRule& rule = c.policy->compiled[index];
    bool fired = false;
    if (absl::Status s = Fires(c, rule, decision, &fired); !s.ok()) return s;
    if (fired) {
      id->set_category(static_cast<v1::Category>(rule.outcome));
      id->mutable_category_rule_id()->assign(c.policy->rules[rule.index].id());
      break;
    }
  }
  return absl::OkStatus();
}

}  // namespace povmon
