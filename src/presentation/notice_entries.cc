// Which notices are in force and what each says.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "povmon/notice.h"
#include "src/policy/lifecycle_pack.h"
#include "src/policy/policy_impl.h"
#include "src/population/population_pack.h"
#include "src/presentation/notice_redaction.h"

namespace povmon {
namespace {

constexpr char kWithheldName[] = "(姓名待核 name withheld)";
constexpr char kWithheldVillage[] = "(村代碼待核 village code withheld)";

const char* CategoryText(v1::Category c) {
  switch (c) {
    case v1::CATEGORY_UNSTABLE_LIFTED_OUT:
      return "脫貧不穩定戶 unstable lifted-out household";
    case v1::CATEGORY_MARGINAL_AT_RISK:
      return "邊緣易致貧戶 marginal household at risk";
    case v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP:
      return "突發嚴重困難戶 household in sudden severe hardship";
    default:
      return "未達監測條件 not a monitored household under this pack";
  }
}

const char* EliminationText(v1::EliminationStatus s) {
  switch (s) {
    case v1::ELIMINATION_STATUS_MAY_BE_ELIMINATED:
      return "擬標注風險消除 risk to be marked eliminated";
    case v1::ELIMINATION_STATUS_TRACKED_ATTENTION:
      return "跟蹤關注,暫不標注 tracked attention, not marked yet";
    case v1::ELIMINATION_STATUS_NOT_YET:
      return "暫不能標注風險消除 not yet";
    case v1::ELIMINATION_STATUS_BLOCKED:
      return "不予標注風險消除 not to be marked";
    default:
      return "風險消除(見程序) risk elimination";
  }
}

// The descriptions of the identification rules that decided: the category
// rule and the risk types.
std::string IdentificationReason(const v1::Decision& d, const Policy& policy,
                                 std::string* citation) {
  std::vector<std::string> parts;
  std::vector<std::string> cites;
  const v1::Rule* category =
      policy.FindRule(d.identification().category_rule_id());
  if (category != nullptr) {
    parts.push_back(category->description_zh());
    cites.push_back(category->citation());
  }
  for (const v1::TraceEntry& e : d.trace()) {
    if (!e.fired() || e.stage() != v1::STAGE_IDENTIFICATION ||
        e.outcome().rfind("RISK_TYPE_", 0) != 0) {
      continue;
    }
    const v1::Rule* rule = policy.FindRule(e.rule_id());
    if (rule != nullptr) parts.push_back(rule->description_zh());
  }
  *citation = absl::StrJoin(cites, "; ");
  return parts.empty() ? "—" : absl::StrJoin(parts, " ");
}

// The descriptions of the criteria met, or of what stands in the way.
std::string EliminationReason(const v1::EliminationAssessment& a,
                              const LifecyclePack* pack) {
  std::vector<std::string> parts;
  auto text = [&](const std::string& id) {
    const LifecycleText* t = pack == nullptr ? nullptr : pack->Text(id);
    if (t != nullptr) parts.push_back(t->description_zh);
  };
  if (a.status() == v1::ELIMINATION_STATUS_MAY_BE_ELIMINATED) {
    for (const v1::CriterionResult& c : a.criteria()) text(c.rule_id());
  } else {
    for (const v1::BlockerHit& b : a.blockers()) text(b.rule_id());
    for (const v1::CriterionResult& c : a.criteria()) {
      if (!c.met()) text(c.rule_id());
    }
    for (const v1::TimingResult& t : a.timing()) {
      if (!t.met()) text(t.rule_id());
    }
  }
  return parts.empty() ? "—" : absl::StrJoin(parts, " ");
}

std::string Village(const v1::Household& h, const Redactor& redactor) {
  const std::string& code = h.region().village();
  bool digits = code.size() == 12 &&
                std::all_of(code.begin(), code.end(),
                            [](char c) { return c >= '0' && c <= '9'; });
  // A 12-digit division code is no ID, phone or card number; it is still
  // checked against the household's own personal values.
  if (!digits) return kWithheldVillage;
  for (const std::string& v : redactor.values()) {
    std::string compact;
    for (char c : v) {
      if (c >= '0' && c <= '9') compact.push_back(c);
    }
    if (compact.size() >= 6 && code.find(compact) != std::string::npos)
      return kWithheldVillage;
  }
  return code;
}

// The name the pack's region files give the village `code` (looked through
// in turn: no map is built per household), or "".
std::string PackVillageName(const Policy& policy, const std::string& code) {
  const PolicyImpl& impl = PolicyImpl::Of(policy);
  if (impl.population == nullptr) return "";
  for (const v1::RegionInfo& r : impl.population->regions) {
    if (r.level() == v1::REGION_LEVEL_VILLAGE && r.code() == code) return r.name();
  }
  return "";
}

void Add(const v1::Household& h, const v1::Decision& d, const Policy& policy,
         const PlaceNames* places, long line, NoticeList* list) {
  if (!d.has_procedure()) return;
  const v1::Member* head = nullptr;
  for (const v1::Member& m : h.members()) {
    if (m.relation() == v1::RELATION_HEAD) {
      head = &m;
      break;
    }
  }
  std::string shown = head == nullptr ? "" : SanitiseName(head->name());
  Redactor redactor(h, head == nullptr ? nullptr : &head->name());
  std::string name =
      shown.empty() || redactor.Clean(shown) != shown ? "" : shown;
  for (const v1::CaseStatus& cs : d.procedure().cases()) {
    for (const v1::NoticeStatus& n : cs.notices()) {
      if (!n.in_force()) continue;
      NoticeEntry e;
      e.village = Village(h, redactor);
      if (e.village != kWithheldVillage) {
        // The region file's text, cleared like every text the notice prints.
        e.village_name = redactor.Clean(
            places != nullptr ? places->Name(v1::REGION_LEVEL_VILLAGE, e.village)
                              : PackVillageName(policy, e.village));
      }
      e.head_name = name.empty() ? kWithheldName : name;
      if (name.empty()) {
        list->warnings.push_back(absl::StrCat(
            "line ", line, ": the household head's name is withheld (",
            head == nullptr ? "no member is recorded as head"
                            : "it does not read as a name",
            "); check the record"));
      }
      if (e.village == kWithheldVillage) {
        list->warnings.push_back(absl::StrCat(
            "line ", line,
            ": the village code is not a 12-digit division code; withheld"));
      }
      e.level = n.step() == v1::CASE_STEP_TOWNSHIP_NOTICE
                    ? "鄉級公示 township notice"
                    : "村內公示 village notice";
      e.start = n.start();
      e.end = n.end().empty() ? n.earliest_end() : n.end();
      if (cs.kind() == v1::CASE_KIND_RISK_ELIMINATION) {
        e.matter = "風險消除 risk elimination";
        if (d.has_elimination()) {
          e.decision = EliminationText(d.elimination().status());
          e.reason =
              EliminationReason(d.elimination(), PolicyImpl::Of(policy).lifecycle.get());
          e.citation = d.elimination().citation();
          if (d.elimination().status() !=
              v1::ELIMINATION_STATUS_MAY_BE_ELIMINATED) {
            list->warnings.push_back(absl::StrCat(
                "line ", line,
                ": on a risk-elimination notice, but the pack says ",
                v1::EliminationStatus_Name(d.elimination().status())));
          }
        } else {
          e.decision = EliminationText(v1::ELIMINATION_STATUS_UNSPECIFIED);
          e.reason = "—";
          e.citation = cs.citation();
        }
      } else {
        e.matter = "納入監測 entry into monitoring";
        e.decision = CategoryText(d.identification().category());
        e.reason = IdentificationReason(d, policy, &e.citation);
        if (e.citation.empty()) e.citation = cs.citation();
        if (d.identification().category() == v1::CATEGORY_NONE) {
          list->warnings.push_back(
              absl::StrCat("line ", line,
                           ": on an identification notice, but the pack does "
                           "not identify the household"));
        }
      }
      e.matter = redactor.Clean(e.matter);
      e.decision = redactor.Clean(e.decision);
      e.reason = redactor.Clean(e.reason);
      e.citation = redactor.Clean(e.citation);
      list->entries.push_back(std::move(e));
    }
  }
}

}  // namespace

void AddNotices(const v1::Household& h, const v1::Decision& d, const Policy& policy, long line,
                NoticeList* list) {
  Add(h, d, policy, nullptr, line, list);
}

void AddNotices(const v1::Household& h, const v1::Decision& d, const Policy& policy,
                const PlaceNames& places, long line, NoticeList* list) {
  Add(h, d, policy, &places, line, list);
}

std::string NoticeVillage(const NoticeList& list, const NoticeEntry& entry) {
  // A code is ASCII; the placeholder of a withheld one is converted.
  if (entry.village_name.empty()) return NoticeText(list, entry.village);
  return absl::StrCat(NoticeText(list, entry.village_name), "（", entry.village, "）");
}

}  // namespace povmon
