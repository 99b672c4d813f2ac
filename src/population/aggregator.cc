// Counting decided households by place: a monoid of exact integer sums.
#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "povmon/json.h"
#include "povmon/population.h"
#include "src/policy/policy_impl.h"
#include "src/population/population_pack.h"
#include "src/population/spot_check.h"

namespace povmon {
namespace {

// Every scalar figure of RegionCounts, summed field by field.
#define POVMON_REGION_COUNT_FIELDS(X)                                                       \
  X(households) X(people) X(lifted_out_households) X(lifted_out_people)                    \
  X(monitored_households) X(monitored_people) X(unresolved_monitored_households)           \
  X(unresolved_monitored_people) X(eliminated_households) X(eliminated_people)             \
  X(excluded_households) X(lifted_out_or_monitored_households)                             \
  X(income_compared_households) X(income_declined_households) X(income_declined_people)    \
  X(income_rose_households) X(income_flat_households) X(income_decline_fen)                \
  X(overdue_procedure_households) X(overdue_deadlines) X(overdue_visit_households)         \
  X(missed_visit_periods) X(insured_households) X(planned_households)                      \
  X(screening_compared_households) X(screening_declined_households)                        \
  X(screening_declined_people) X(screening_target_missed_households)

// An overflow-checked sum; `overflow` is set and the sum left as it was.
inline std::int64_t Sum(std::int64_t a, std::int64_t b, bool* overflow) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) {
    *overflow = true;
    return a;
  }
  return r;
}

void AddScalars(const v1::RegionCounts& from, v1::RegionCounts* to, bool* overflow) {
#define POVMON_ADD(f) \
  if (from.f() != 0) to->set_##f(Sum(to->f(), from.f(), overflow));
  POVMON_REGION_COUNT_FIELDS(POVMON_ADD)
#undef POVMON_ADD
}

struct Pair {
  std::int64_t households = 0;
  std::int64_t people = 0;
};

// Households and people by an enum's number.
class EnumTally {
 public:
  void Add(int value, std::int64_t households, std::int64_t people, bool* overflow) {
    if (value < 0) return;
    if (static_cast<std::size_t>(value) >= pairs_.size()) pairs_.resize(value + 1);
    Pair& p = pairs_[value];
    p.households = Sum(p.households, households, overflow);
    p.people = Sum(p.people, people, overflow);
  }
  template <typename Out, typename Set>
  void Write(Out* out, Set set) const {
    for (std::size_t i = 0; i < pairs_.size(); ++i) {
      if (pairs_[i].households == 0 && pairs_[i].people == 0) continue;
      auto* t = out->Add();
      set(t, static_cast<int>(i));
      t->set_households(pairs_[i].households);
      t->set_people(pairs_[i].people);
    }
  }

 private:
  std::vector<Pair> pairs_;
};

using AmountKey = std::pair<std::string, int>;  // measure id or department, basis

struct Tally {
  v1::RegionLevel level = v1::REGION_LEVEL_UNSPECIFIED;
  v1::RegionCodes codes;
  v1::RegionCounts scalars;
  EnumTally categories, risks, watch_groups, negative_list, elimination, screening;
  absl::flat_hash_map<AmountKey, v1::MeasureTally> measures;
  absl::flat_hash_map<AmountKey, v1::DepartmentTally> departments;
  CandidatePool candidates;  // counties only
};

void AddMeasure(const v1::MeasureTally& m, Tally* t, bool* overflow) {
  v1::MeasureTally& to = t->measures[{m.measure_id(), m.basis()}];
  if (to.measure_id().empty()) {
    to.set_measure_id(m.measure_id());
    to.set_department(m.department());
    to.set_basis(m.basis());
  }
  to.set_households(Sum(to.households(), m.households(), overflow));
  to.set_measures(Sum(to.measures(), m.measures(), overflow));
  to.set_amount_fen(Sum(to.amount_fen(), m.amount_fen(), overflow));
  to.set_range_min_fen(Sum(to.range_min_fen(), m.range_min_fen(), overflow));
  to.set_range_max_fen(Sum(to.range_max_fen(), m.range_max_fen(), overflow));
}

void AddDepartment(const v1::DepartmentTally& d, Tally* t, bool* overflow) {
  v1::DepartmentTally& to = t->departments[{d.department(), d.basis()}];
  to.set_department(d.department());
  to.set_basis(d.basis());
  to.set_households(Sum(to.households(), d.households(), overflow));
  to.set_measures(Sum(to.measures(), d.measures(), overflow));
  to.set_total_fen(Sum(to.total_fen(), d.total_fen(), overflow));
  to.set_range_min_fen(Sum(to.range_min_fen(), d.range_min_fen(), overflow));
  to.set_range_max_fen(Sum(to.range_max_fen(), d.range_max_fen(), overflow));
}

// The codes of `codes` down to `level`.
void CodesAt(const v1::RegionCodes& codes, v1::RegionLevel level, v1::RegionCodes* out) {
  out->Clear();
  out->set_province(codes.province());
  if (level >= v1::REGION_LEVEL_COUNTY) out->set_county(codes.county());
  if (level >= v1::REGION_LEVEL_TOWNSHIP) out->set_township(codes.township());
  if (level >= v1::REGION_LEVEL_VILLAGE) out->set_village(codes.village());
}

std::string TallyKey(v1::RegionLevel level, const v1::RegionCodes& c) {
  return absl::StrCat(static_cast<int>(level), "\x1f", c.province(), "\x1f", c.county(), "\x1f",
                      c.township(), "\x1f", c.village());
}

// The place's own code at its level.
const std::string& CodeOf(const v1::RegionCodes& codes, v1::RegionLevel level) {
  switch (level) {
    case v1::REGION_LEVEL_PROVINCE: return codes.province();
    case v1::REGION_LEVEL_COUNTY: return codes.county();
    case v1::REGION_LEVEL_TOWNSHIP: return codes.township();
    default: return codes.village();
  }
}

bool SameCodes(const v1::RegionCodes& a, const v1::RegionCodes& b) {
  return a.village() == b.village() && a.township() == b.township() && a.county() == b.county() &&
         a.province() == b.province();
}

bool IsMonitoredCategory(v1::Category c) {
  return c == v1::CATEGORY_UNSTABLE_LIFTED_OUT || c == v1::CATEGORY_MARGINAL_AT_RISK ||
         c == v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP;
}

absl::Status UnknownValue(const char* field, int value) {
  return absl::InvalidArgumentError(absl::StrCat("population summary: ", field, " ", value,
                                                 " is not a value povmon knows"));
}

absl::Status NegativeFigure(int region, const std::string& field, std::int64_t value) {
  return absl::InvalidArgumentError(absl::StrCat(
      "population summary: regions[", region, "].counts.", field, " is ", value,
      "; a summary counts and sums, so no figure is negative"));
}

// Every figure of a summary is a count or a sum of amounts that are never
// negative. A negative one (a summary written by something else) would make
// sums depend on the order they are added in: refused before anything of
// the summary is counted.
absl::Status CheckFigures(const v1::PopulationSummary& partial) {
  if (partial.households_decided() < 0 || partial.households_failed() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "population summary: households_decided ", partial.households_decided(),
        " and households_failed ", partial.households_failed(), " must not be negative"));
  }
  for (int i = 0; i < partial.regions_size(); ++i) {
    const v1::RegionCounts& c = partial.regions(i).counts();
#define POVMON_CHECK_FIGURE(f) \
  if (c.f() < 0) return NegativeFigure(i, #f, c.f());
    POVMON_REGION_COUNT_FIELDS(POVMON_CHECK_FIGURE)
#undef POVMON_CHECK_FIGURE
    absl::Status st;
    auto pairs = [&](const auto& list, const char* name) {
      for (int k = 0; k < list.size() && st.ok(); ++k) {
        if (list[k].households() < 0) {
          st = NegativeFigure(i, absl::StrCat(name, "[", k, "].households"),
                              list[k].households());
        } else if (list[k].people() < 0) {
          st = NegativeFigure(i, absl::StrCat(name, "[", k, "].people"), list[k].people());
        }
      }
    };
    pairs(c.categories(), "categories");
    pairs(c.risks(), "risks");
    pairs(c.watch_groups(), "watch_groups");
    pairs(c.negative_list(), "negative_list");
    pairs(c.elimination(), "elimination");
    pairs(c.screening(), "screening");
    if (!st.ok()) return st;
    for (int k = 0; k < c.measures_size(); ++k) {
      const v1::MeasureTally& m = c.measures(k);
      const std::int64_t figures[] = {m.households(), m.measures(), m.amount_fen(),
                                      m.range_min_fen(), m.range_max_fen()};
      const char* const names[] = {"households", "measures", "amount_fen", "range_min_fen",
                                   "range_max_fen"};
      for (int f = 0; f < 5; ++f) {
        if (figures[f] < 0) {
          return NegativeFigure(i, absl::StrCat("measures[", k, "].", names[f]), figures[f]);
        }
      }
    }
    for (int k = 0; k < c.departments_size(); ++k) {
      const v1::DepartmentTally& d = c.departments(k);
      const std::int64_t figures[] = {d.households(), d.measures(), d.total_fen(),
                                      d.range_min_fen(), d.range_max_fen()};
      const char* const names[] = {"households", "measures", "total_fen", "range_min_fen",
                                   "range_max_fen"};
      for (int f = 0; f < 5; ++f) {
        if (figures[f] < 0) {
          return NegativeFigure(i, absl::StrCat("departments[", k, "].", names[f]), figures[f]);
        }
      }
    }
  }
  return absl::OkStatus();
}

// Tallies are kept by enum number: a number no enum has (a summary written
// by something else) is refused before anything of it is counted.
absl::Status CheckEnumValues(const v1::PopulationSummary& partial) {
  for (const v1::RegionTally& r : partial.regions()) {
    if (r.level() == v1::REGION_LEVEL_UNSPECIFIED || !v1::RegionLevel_IsValid(r.level())) {
      return absl::InvalidArgumentError("population summary: a region has no level");
    }
    const v1::RegionCounts& c = r.counts();
    for (const auto& x : c.categories()) {
      if (!v1::Category_IsValid(x.category())) return UnknownValue("category", x.category());
    }
    for (const auto& x : c.risks()) {
      if (!v1::RiskType_IsValid(x.risk())) return UnknownValue("risk", x.risk());
    }
    for (const auto& x : c.watch_groups()) {
      if (!v1::WatchGroup_IsValid(x.watch_group())) {
        return UnknownValue("watch_group", x.watch_group());
      }
    }
    for (const auto& x : c.negative_list()) {
      if (!v1::NegativeListItem_IsValid(x.item())) return UnknownValue("item", x.item());
    }
    for (const auto& x : c.elimination()) {
      if (!v1::EliminationStatus_IsValid(x.status())) return UnknownValue("status", x.status());
    }
    for (const auto& x : c.screening()) {
      if (!v1::ScreeningFinding_IsValid(x.finding())) return UnknownValue("finding", x.finding());
    }
  }
  return absl::OkStatus();
}

constexpr std::array<v1::RegionLevel, 4> kLevels = {
    v1::REGION_LEVEL_PROVINCE, v1::REGION_LEVEL_COUNTY, v1::REGION_LEVEL_TOWNSHIP,
    v1::REGION_LEVEL_VILLAGE};

}  // namespace

class AggregatorState {
 public:
  std::uint64_t seed = 0;
  int candidate_bp = 0;
  std::uint64_t bound = 0;
  std::int64_t decided = 0;
  std::int64_t failed = 0;
  absl::Status error;  // sticky: an overflow
  std::vector<std::unique_ptr<Tally>> tallies;
  absl::flat_hash_map<std::string, Tally*> by_key;
  // The last household's place and its four tallies: neighbours in a file
  // usually share a village.
  v1::RegionCodes last_codes;
  std::array<Tally*, 4> last = {nullptr, nullptr, nullptr, nullptr};
  // Per-household working memory, reused.
  v1::RegionCounts delta;
  std::vector<int> seen;
  std::vector<v1::MeasureTally> measures;
  std::vector<v1::DepartmentTally> departments;

  Tally* Find(v1::RegionLevel level, const v1::RegionCodes& codes) {
    v1::RegionCodes at;
    CodesAt(codes, level, &at);
    std::string key = TallyKey(level, at);
    auto it = by_key.find(key);
    if (it != by_key.end()) return it->second;
    auto tally = std::make_unique<Tally>();
    tally->level = level;
    tally->codes = std::move(at);
    Tally* raw = tally.get();
    tallies.push_back(std::move(tally));
    by_key.emplace(std::move(key), raw);
    return raw;
  }

  // A measure has one department: a partial that gives a measure (by id and
  // amount basis) of a place another department than this aggregator, or
  // another region entry of the same place, already has, would make the
  // merged department depend on the order of merging. Refused before
  // anything of it is counted.
  absl::Status CheckDepartments(const v1::PopulationSummary& partial) const {
    // (tally key, measure id, basis) -> department, for the partial's own.
    absl::flat_hash_map<std::string, const std::string*> own;
    v1::RegionCodes at;
    for (const v1::RegionTally& r : partial.regions()) {
      if (r.counts().measures_size() == 0) continue;
      CodesAt(r.codes(), r.level(), &at);
      const std::string key = TallyKey(r.level(), at);
      auto existing = by_key.find(key);
      for (const v1::MeasureTally& m : r.counts().measures()) {
        const std::string* before = nullptr;
        auto [it, inserted] = own.try_emplace(
            absl::StrCat(key, "\x1e", m.measure_id(), "\x1e", static_cast<int>(m.basis())),
            &m.department());
        if (!inserted) before = it->second;
        if (before == nullptr && existing != by_key.end()) {
          auto kept = existing->second->measures.find(AmountKey{m.measure_id(), m.basis()});
          if (kept != existing->second->measures.end()) before = &kept->second.department();
        }
        if (before != nullptr && *before != m.department()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "population summary: measure ", JsonQuote(m.measure_id()), " (",
              v1::AmountBasis_Name(m.basis()), ") of region ", JsonQuote(CodeOf(at, r.level())),
              " is given department ", JsonQuote(m.department()), " and also ",
              JsonQuote(*before), "; a measure has one department (summarise every shard "
              "with the same pack)"));
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status Overflowed(bool overflow, const char* what) {
    if (overflow) {
      error = absl::OutOfRangeError(absl::StrCat(
          "population summary: a sum overflows 64 bits while ", what,
          "; the summary is no longer exact and the aggregator refuses further input"));
    }
    return error;
  }
};

Aggregator::Aggregator(std::shared_ptr<const Policy> policy, std::uint64_t sample_seed)
    : state_(std::make_unique<AggregatorState>()) {
  state_->seed = sample_seed;
  const PolicyImpl& impl = PolicyImpl::Of(*policy);
  state_->candidate_bp = impl.population ? impl.population->sample_candidate_bp : 0;
  state_->bound = CandidateBound(state_->candidate_bp);
}

Aggregator::Aggregator(std::uint64_t sample_seed, int sample_candidate_bp)
    : state_(std::make_unique<AggregatorState>()) {
  state_->seed = sample_seed;
  state_->candidate_bp = sample_candidate_bp;
  state_->bound = CandidateBound(sample_candidate_bp);
}

Aggregator::~Aggregator() = default;

std::uint64_t Aggregator::sample_seed() const { return state_->seed; }

void Aggregator::AddFailed() { ++state_->failed; }

absl::Status Aggregator::Add(const v1::Household& household, const v1::Decision& decision) {
  AggregatorState& s = *state_;
  if (!s.error.ok()) return s.error;
  const v1::Identification& id = decision.identification();
  const v1::Facts& facts = decision.facts();
  std::int64_t people = facts.counted_members();
  bool identified_now = IsMonitoredCategory(id.category()) && !id.excluded();
  const v1::MonitoringState& record = household.monitoring();
  bool eliminated;
  if (decision.has_elimination()) {
    eliminated = decision.elimination().status() == v1::ELIMINATION_STATUS_ELIMINATED;
  } else {
    // No lifecycle in the pack: the record's own marking, on or before the
    // as-of date and not reverted since.
    const std::string& on = record.risk_eliminated_on();
    eliminated = !on.empty() && on <= decision.as_of() &&
                 (record.reverted_on().empty() || record.reverted_on() < on ||
                  record.reverted_on() > decision.as_of());
  }
  eliminated = eliminated && !identified_now;
  bool monitored;
  if (decision.has_assistance()) {
    monitored = decision.assistance().monitored();
  } else {
    monitored = identified_now || (IsMonitoredCategory(record.category()) && !eliminated);
  }
  monitored = monitored || identified_now;
  bool unresolved = monitored && !eliminated;
  bool lifted_out = household.lifted_out();
  bool eligible = lifted_out || monitored;

  v1::RegionCounts& d = s.delta;
  d.Clear();
  d.set_households(1);
  d.set_people(people);
  if (lifted_out) {
    d.set_lifted_out_households(1);
    d.set_lifted_out_people(people);
  }
  if (monitored) {
    d.set_monitored_households(1);
    d.set_monitored_people(people);
  }
  if (unresolved) {
    d.set_unresolved_monitored_households(1);
    d.set_unresolved_monitored_people(people);
  }
  if (eliminated) {
    d.set_eliminated_households(1);
    d.set_eliminated_people(people);
  }
  if (id.excluded()) d.set_excluded_households(1);
  if (eligible) d.set_lifted_out_or_monitored_households(1);
  if (eligible && facts.previous_known()) {
    d.set_income_compared_households(1);
    std::int64_t change = facts.income_change_fen();
    if (change < 0) {
      d.set_income_declined_households(1);
      d.set_income_declined_people(people);
      // -INT64_MIN does not exist; such a change is not a real income.
      d.set_income_decline_fen(change == INT64_MIN ? INT64_MAX : -change);
    } else if (change > 0) {
      d.set_income_rose_households(1);
    } else {
      d.set_income_flat_households(1);
    }
  }
  std::int64_t overdue = 0;
  for (const v1::CaseStatus& c : decision.procedure().cases()) {
    for (const v1::DeadlineStatus& dl : c.deadlines()) {
      if (dl.state() == v1::DEADLINE_STATE_OVERDUE) ++overdue;
    }
  }
  if (overdue > 0) {
    d.set_overdue_procedure_households(1);
    d.set_overdue_deadlines(overdue);
  }
  if (decision.visits().state() == v1::VISIT_STATE_OVERDUE) d.set_overdue_visit_households(1);
  d.set_missed_visit_periods(decision.visits().missed_size());
  for (const v1::Intervention& m : record.measures()) {
    if (m.kind() == v1::INTERVENTION_KIND_INSURANCE) {
      d.set_insured_households(1);
      break;
    }
  }
  const v1::AssistancePlan& plan = decision.assistance();
  if (plan.monitored()) d.set_planned_households(1);
  // Plan 6's screening, as the pack's screening rules found it.
  bool screened = false, down = false, missed = false;
  for (int f : id.screening()) {
    screened = screened || f == v1::SCREENING_FINDING_INCOME_UP ||
               f == v1::SCREENING_FINDING_INCOME_DOWN || f == v1::SCREENING_FINDING_INCOME_FLAT;
    down = down || f == v1::SCREENING_FINDING_INCOME_DOWN;
    missed = missed || f == v1::SCREENING_FINDING_TARGET_MISSED;
  }
  if (screened) d.set_screening_compared_households(1);
  if (down) {
    d.set_screening_declined_households(1);
    d.set_screening_declined_people(people);
  }
  if (missed) d.set_screening_target_missed_households(1);

  // Measures by (id, basis), once per household; departments likewise.
  bool overflow = false;
  s.measures.clear();
  for (const v1::PlanMeasure& m : plan.measures()) {
    auto it = std::find_if(s.measures.begin(), s.measures.end(), [&](const v1::MeasureTally& t) {
      return t.measure_id() == m.measure_id() && t.basis() == m.basis();
    });
    if (it == s.measures.end()) {
      s.measures.emplace_back();
      it = s.measures.end() - 1;
      it->set_measure_id(m.measure_id());
      it->set_department(m.department());
      it->set_basis(m.basis());
      it->set_households(1);
    }
    it->set_measures(it->measures() + 1);
    if (m.has_amount()) it->set_amount_fen(Sum(it->amount_fen(), m.amount_fen(), &overflow));
    if (m.has_range()) {
      it->set_range_min_fen(Sum(it->range_min_fen(), m.min_fen(), &overflow));
      it->set_range_max_fen(Sum(it->range_max_fen(), m.max_fen(), &overflow));
    }
  }
  s.departments.clear();
  for (const v1::DepartmentTotal& t : plan.totals()) {
    s.departments.emplace_back();
    v1::DepartmentTally& to = s.departments.back();
    to.set_department(t.department());
    to.set_basis(t.basis());
    to.set_households(1);
    to.set_measures(t.measures());
    to.set_total_fen(t.total_fen());
    to.set_range_min_fen(t.range_min_fen());
    to.set_range_max_fen(t.range_max_fen());
  }

  if (!decision.has_region() || !SameCodes(decision.region(), s.last_codes) ||
      s.last[0] == nullptr) {
    s.last_codes = decision.region();
    for (std::size_t i = 0; i < kLevels.size(); ++i) s.last[i] = s.Find(kLevels[i], s.last_codes);
  }
  for (Tally* t : s.last) {
    AddScalars(d, &t->scalars, &overflow);
    t->categories.Add(id.category(), 1, people, &overflow);
    s.seen.clear();
    for (int r : id.risk_types()) {
      if (std::find(s.seen.begin(), s.seen.end(), r) != s.seen.end()) continue;
      s.seen.push_back(r);
      t->risks.Add(r, 1, people, &overflow);
    }
    s.seen.clear();
    for (int w : id.watch_groups()) {
      if (std::find(s.seen.begin(), s.seen.end(), w) != s.seen.end()) continue;
      s.seen.push_back(w);
      t->watch_groups.Add(w, 1, people, &overflow);
    }
    s.seen.clear();
    for (const v1::NegativeListHit& hit : id.negative_list_hits()) {
      if (hit.overridden()) continue;
      if (std::find(s.seen.begin(), s.seen.end(), hit.item()) != s.seen.end()) continue;
      s.seen.push_back(hit.item());
      t->negative_list.Add(hit.item(), 1, people, &overflow);
    }
    if (decision.has_elimination()) {
      t->elimination.Add(decision.elimination().status(), 1, people, &overflow);
    }
    s.seen.clear();
    for (int f : id.screening()) {
      if (std::find(s.seen.begin(), s.seen.end(), f) != s.seen.end()) continue;
      s.seen.push_back(f);
      t->screening.Add(f, 1, people, &overflow);
    }
    for (const v1::MeasureTally& m : s.measures) AddMeasure(m, t, &overflow);
    for (const v1::DepartmentTally& dt : s.departments) AddDepartment(dt, t, &overflow);
  }
  if (eligible && s.candidate_bp > 0) {
    s.last[1]->candidates.Add(SpotCheckKey(household.id(), s.seed), household.id(), s.bound);
  }
  ++s.decided;
  return s.Overflowed(overflow, "adding a household");
}

absl::Status Aggregator::Merge(const v1::PopulationSummary& partial) {
  AggregatorState& s = *state_;
  if (!s.error.ok()) return s.error;
  if (partial.sample_seed() != s.seed || partial.sample_candidate_bp() != s.candidate_bp) {
    return absl::InvalidArgumentError(absl::StrCat(
        "population summaries do not merge: spot-check seed ", partial.sample_seed(),
        " and candidate share ", partial.sample_candidate_bp(), " bp against seed ", s.seed,
        " and ", s.candidate_bp, " bp (summarise every shard with the same pack and seed)"));
  }
  if (absl::Status st = CheckEnumValues(partial); !st.ok()) return st;
  if (absl::Status st = CheckFigures(partial); !st.ok()) return st;
  if (absl::Status st = s.CheckDepartments(partial); !st.ok()) return st;
  bool overflow = false;
  s.decided = Sum(s.decided, partial.households_decided(), &overflow);
  s.failed = Sum(s.failed, partial.households_failed(), &overflow);
  for (const v1::RegionTally& r : partial.regions()) {
    if (r.level() == v1::REGION_LEVEL_UNSPECIFIED) {
      return absl::InvalidArgumentError("population summary: a region has no level");
    }
    const v1::RegionCounts& c = r.counts();
    Tally* t = s.Find(r.level(), r.codes());
    AddScalars(c, &t->scalars, &overflow);
    for (const auto& x : c.categories()) t->categories.Add(x.category(), x.households(), x.people(), &overflow);
    for (const auto& x : c.risks()) t->risks.Add(x.risk(), x.households(), x.people(), &overflow);
    for (const auto& x : c.watch_groups()) {
      t->watch_groups.Add(x.watch_group(), x.households(), x.people(), &overflow);
    }
    for (const auto& x : c.negative_list()) {
      t->negative_list.Add(x.item(), x.households(), x.people(), &overflow);
    }
    for (const auto& x : c.elimination()) {
      t->elimination.Add(x.status(), x.households(), x.people(), &overflow);
    }
    for (const auto& x : c.screening()) {
      t->screening.Add(x.finding(), x.households(), x.people(), &overflow);
    }
    for (const auto& m : c.measures()) AddMeasure(m, t, &overflow);
    for (const auto& dt : c.departments()) AddDepartment(dt, t, &overflow);
    for (const auto& cand : r.sample_candidates()) {
      t->candidates.Add(cand.key(), cand.household_id(), s.bound);
    }
  }
  s.last[0] = nullptr;
  return s.Overflowed(overflow, "merging a summary");
}

void Aggregator::Summarize(v1::PopulationSummary* out) const {
  const AggregatorState& s = *state_;
  out->Clear();
  out->set_households_decided(s.decided);
  out->set_households_failed(s.failed);
  out->set_sample_seed(s.seed);
  out->set_sample_candidate_bp(s.candidate_bp);
  std::vector<const Tally*> order;
  order.reserve(s.tallies.size());
  for (const auto& t : s.tallies) order.push_back(t.get());
  std::sort(order.begin(), order.end(), [](const Tally* a, const Tally* b) {
    return std::forward_as_tuple(a->level, a->codes.province(), a->codes.county(),
                                 a->codes.township(), a->codes.village()) <
           std::forward_as_tuple(b->level, b->codes.province(), b->codes.county(),
                                 b->codes.township(), b->codes.village());
  });
  for (const Tally* t : order) {
    v1::RegionTally* r = out->add_regions();
    r->set_level(t->level);
    *r->mutable_codes() = t->codes;
    v1::RegionCounts* c = r->mutable_counts();
    *c = t->scalars;
    t->categories.Write(c->mutable_categories(), [](v1::CategoryTally* x, int v) {
      x->set_category(static_cast<v1::Category>(v));
    });
    t->risks.Write(c->mutable_risks(),
                   [](v1::RiskTally* x, int v) { x->set_risk(static_cast<v1::RiskType>(v)); });
    t->watch_groups.Write(c->mutable_watch_groups(), [](v1::WatchGroupTally* x, int v) {
      x->set_watch_group(static_cast<v1::WatchGroup>(v));
    });
    t->negative_list.Write(c->mutable_negative_list(), [](v1::NegativeListTally* x, int v) {
      x->set_item(static_cast<v1::NegativeListItem>(v));
    });
    t->elimination.Write(c->mutable_elimination(), [](v1::EliminationTally* x, int v) {
      x->set_status(static_cast<v1::EliminationStatus>(v));
    });
    t->screening.Write(c->mutable_screening(), [](v1::ScreeningTally* x, int v) {
      x->set_finding(static_cast<v1::ScreeningFinding>(v));
    });
    std::vector<const v1::MeasureTally*> measures;
    for (const auto& [key, m] : t->measures) measures.push_back(&m);
    std::sort(measures.begin(), measures.end(), [](const auto* a, const auto* b) {
      return std::make_pair(a->measure_id(), static_cast<int>(a->basis())) <
             std::make_pair(b->measure_id(), static_cast<int>(b->basis()));
    });
    for (const auto* m : measures) *c->add_measures() = *m;
    std::vector<const v1::DepartmentTally*> departments;
    for (const auto& [key, dt] : t->departments) departments.push_back(&dt);
    std::sort(departments.begin(), departments.end(), [](const auto* a, const auto* b) {
      return std::make_pair(a->department(), static_cast<int>(a->basis())) <
             std::make_pair(b->department(), static_cast<int>(b->basis()));
    });
    for (const auto* dt : departments) *c->add_departments() = *dt;
    if (t->level == v1::REGION_LEVEL_COUNTY && s.candidate_bp > 0) {
      t->candidates.Write(s.bound, r->mutable_sample_candidates());
    }
  }
}

absl::Status MergeSummaries(const v1::PopulationSummary& a, const v1::PopulationSummary& b,
                            v1::PopulationSummary* out) {
  if (a.sample_seed() != b.sample_seed() || a.sample_candidate_bp() != b.sample_candidate_bp()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "population summaries do not merge: spot-check seed ", a.sample_seed(), " and ",
        b.sample_seed(), ", candidate share ", a.sample_candidate_bp(), " and ",
        b.sample_candidate_bp(), " bp (summarise every shard with the same pack and seed)"));
  }
  Aggregator merger(a.sample_seed(), a.sample_candidate_bp());
  if (absl::Status st = merger.Merge(a); !st.ok()) return st;
  if (absl::Status st = merger.Merge(b); !st.ok()) return st;
  merger.Summarize(out);
  return absl::OkStatus();
}

}  // namespace povmon
