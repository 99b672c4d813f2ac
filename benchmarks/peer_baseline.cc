#include "benchmarks/peer_baseline.h"

#include <cstdio>

#include "absl/strings/str_cat.h"

namespace povmon::bench {
namespace {

// The policy's numbers (shared/peers/zen/README.md): fen and basis points.
constexpr std::int64_t kLineFen = 726000;
constexpr std::int64_t kRigidShareBp = 5000;
constexpr std::int64_t kIncomeKeptBp = 7000;
constexpr std::int64_t kEducationShareBp = 2000;

// Howard Hinnant's days_from_civil.
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

std::int64_t Days(absl::CivilDay day) {
  return DaysFromCivil(day.year(), day.month(), day.day());
}

// "YYYY-MM-DD" naming a real day, into days since 1970-01-01.
bool ParseDay(const std::string& s, std::int64_t* days) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int v[8];
  static constexpr int kAt[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int i = 0; i < 8; ++i) {
    const char c = s[kAt[i]];
    if (c < '0' || c > '9') return false;
    v[i] = c - '0';
  }
  const int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
  const int m = v[4] * 10 + v[5];
  const int d = v[6] * 10 + v[7];
  static constexpr int kMonthDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kMonthDays[m - 1] + (m == 2 && leap)) return false;
  *days = DaysFromCivil(y, m, d);
  return true;
}

absl::CivilDay MinusTwelveMonths(absl::CivilDay day) {
  // Clamped to the end of the month (2024-02-29 gives 2023-02-28).
  absl::CivilDay same(day.year() - 1, day.month(), day.day());
  return same.day() == day.day() ? same : absl::CivilDay(day.year() - 1, day.month() + 1, 1) - 1;
}

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void AddHit(v1::Identification* id, const char* rule, v1::NegativeListItem item,
            const char* citation) {
  v1::NegativeListHit* hit = id->add_negative_list_hits();
  hit->mutable_rule_id()->assign(rule);
  hit->set_item(item);
  hit->mutable_citation()->assign(citation);
}

}  // namespace

PeerBaseline::PeerBaseline(absl::CivilDay as_of) {
  const absl::CivilDay first = MinusTwelveMonths(as_of);
  const absl::CivilDay previous = MinusTwelveMonths(first);
  window_first_ = Days(first);
  window_last_ = Days(as_of) - 1;
  previous_first_ = Days(previous);
  as_of_ = absl::FormatCivilTime(as_of);
  window_start_ = absl::FormatCivilTime(first);
  window_end_ = absl::FormatCivilTime(as_of - 1);
  previous_start_ = absl::FormatCivilTime(previous);
  previous_end_ = absl::FormatCivilTime(first - 1);
}

absl::Status PeerBaseline::Decide(const v1::Household& h, v1::Decision* d) const {
  d->Clear();
  d->mutable_household_id()->assign(h.id());
  d->mutable_pack_id()->assign("zen-peer");
  d->mutable_as_of()->assign(as_of_);
  d->mutable_trace_version()->assign("1");
  v1::Facts* f = d->mutable_facts();
  f->mutable_as_of()->assign(as_of_);
  f->mutable_window_start()->assign(window_start_);
  f->mutable_window_end()->assign(window_end_);
  f->mutable_previous_window_start()->assign(previous_start_);
  f->mutable_previous_window_end()->assign(previous_end_);

  // Members: all registered ones count; the negative list, the labour and
  // the health flags in the same pass.
  int members = 0, full = 0, partial = 0;
  bool public_salary = false, secretary = false, enterprise = false, high_fee = false;
  bool illness = false, disability = false;
  for (const v1::Member& m : h.members()) {
    public_salary |= m.employment().public_body_stable_salary();
    secretary |= m.employment().village_secretary_or_director();
    enterprise |= m.employment().enterprise_legal_person_or_shareholder();
    high_fee |= m.schooling().high_fee_private_school();
    illness |= m.health().serious_illness();
    disability |= m.health().disability_grade() == v1::DISABILITY_GRADE_1 ||
                  m.health().disability_grade() == v1::DISABILITY_GRADE_2;
    if (!m.registered()) continue;
    ++members;
    full += m.labour_capacity() == v1::LABOUR_CAPACITY_FULL;
    partial += m.labour_capacity() == v1::LABOUR_CAPACITY_PARTIAL;
  }
  if (members == 0) return absl::InvalidArgumentError("members: no registered member");
  bool vehicle = false, town_housing = false;
  for (const v1::Asset& a : h.assets()) {
    vehicle |= a.kind() == v1::ASSET_KIND_CAR || a.kind() == v1::ASSET_KIND_ENGINEERING_MACHINERY;
    town_housing |= a.kind() == v1::ASSET_KIND_COMMERCIAL_HOUSING_IN_TOWN;
  }

  // Income and expenditure: one pass each, each date parsed once; this
  // window and the previous one together.
  std::int64_t counted = 0, uncounted = 0, claims = 0, previous_counted = 0, previous_claims = 0;
  bool previous_records = false;
  for (int i = 0; i < h.income_size(); ++i) {
    const v1::IncomeRecord& r = h.income(i);
    std::int64_t day;
    if (!ParseDay(r.date(), &day)) {
      return absl::InvalidArgumentError(absl::StrCat("income[", i, "].date is not a date"));
    }
    const bool now = day >= window_first_ && day <= window_last_;
    const bool before = !now && day >= previous_first_ && day < window_first_;
    if (!now && !before) continue;
    previous_records |= before;
    switch (r.kind()) {
      case v1::INCOME_KIND_WAGE:
      case v1::INCOME_KIND_BUSINESS:
      case v1::INCOME_KIND_PROPERTY:
      case v1::INCOME_KIND_TRANSFER:
        (now ? counted : previous_counted) += r.amount_fen();
        break;
      case v1::INCOME_KIND_INSURANCE_CLAIM:
        (now ? claims : previous_claims) += r.amount_fen();
        break;
      default:
        if (now) uncounted += r.amount_fen();
        break;
    }
  }
  std::int64_t compliant = 0, rigid = 0, education = 0, previous_compliant = 0;
  for (int i = 0; i < h.expenditure_size(); ++i) {
    const v1::ExpenditureRecord& r = h.expenditure(i);
    std::int64_t day;
    if (!ParseDay(r.date(), &day)) {
      return absl::InvalidArgumentError(absl::StrCat("expenditure[", i, "].date is not a date"));
    }
    const bool now = day >= window_first_ && day <= window_last_;
    if (!now) {
      if (day >= previous_first_ && day < window_first_ &&
          r.kind() == v1::EXPENDITURE_KIND_MEDICAL_COMPLIANT_OUT_OF_POCKET) {
        previous_compliant += r.amount_fen();
      }
      continue;
    }
    switch (r.kind()) {
      case v1::EXPENDITURE_KIND_MEDICAL_COMPLIANT_OUT_OF_POCKET:
        compliant += r.amount_fen();
        rigid += r.amount_fen();
        break;
      case v1::EXPENDITURE_KIND_MEDICAL_OTHER:
        rigid += r.amount_fen();
        break;
      case v1::EXPENDITURE_KIND_EDUCATION:
        rigid += r.amount_fen();
        education += r.amount_fen();
        break;
      default:
        break;
    }
  }
  const std::int64_t total = counted + claims;
  const std::int64_t net = total - compliant;
  const std::int64_t per_capita = FloorDiv(net, members);
  f->set_counted_members(members);
  f->set_members_full_labour(full);
  f->set_members_partial_labour(partial);
  f->set_members_no_labour(members - full - partial);
  f->set_household_labour(full > 0      ? v1::LABOUR_CAPACITY_FULL
                          : partial > 0 ? v1::LABOUR_CAPACITY_PARTIAL
                                        : v1::LABOUR_CAPACITY_NONE);
  f->set_counted_income_fen(counted);
  f->set_uncounted_income_fen(uncounted);
  f->set_insurance_claims_fen(claims);
  f->set_compliant_out_of_pocket_fen(compliant);
  f->set_net_income_fen(net);
  f->set_per_capita_net_income_fen(per_capita);
  f->set_rigid_expenditure_fen(rigid);
  std::int64_t previous = h.previous_period_income_fen();
  if (previous_records) {
    previous = previous_counted + previous_claims - previous_compliant;
    f->set_previous_from_records(true);
  }
  if (previous_records || previous != 0) {
    f->set_previous_known(true);
    f->set_previous_net_income_fen(previous);
    f->set_income_change_fen(net - previous);
    if (previous > 0) {
      f->set_income_change_bp(static_cast<std::int32_t>((net - previous) * 10000 / previous));
    }
  }

  // Identification: the negative list first, then the first category that
  // holds, then the risk types in the pack's order.
  v1::Identification* id = d->mutable_identification();
  if (public_salary) {
    AddHit(id, "peer.neg.public_body_salary", v1::NEGATIVE_LIST_ITEM_PUBLIC_BODY_SALARY,
           "peer README: excluded (public_employee_stable_salary)");
  }
  if (secretary) {
    AddHit(id, "peer.neg.village_secretary", v1::NEGATIVE_LIST_ITEM_VILLAGE_SECRETARY_OR_DIRECTOR,
           "peer README: excluded (village_party_secretary)");
  }
  if (enterprise) AddHit(id, "peer.neg.enterprise", v1::NEGATIVE_LIST_ITEM_ENTERPRISE,
           "peer README: excluded (enterprise_legal_person)");
  if (high_fee) AddHit(id, "peer.neg.high_fee_school", v1::NEGATIVE_LIST_ITEM_HIGH_FEE_SCHOOLING,
           "peer README: excluded (student_private_high_fee)");
  if (vehicle) {
    AddHit(id, "peer.neg.vehicle_or_machinery", v1::NEGATIVE_LIST_ITEM_VEHICLE_OR_MACHINERY,
           "peer README: excluded (owns_car, owns_engineering_machinery)");
  }
  if (town_housing) {
    AddHit(id, "peer.neg.town_housing", v1::NEGATIVE_LIST_ITEM_TOWN_HOUSING_OR_SHOP,
           "peer README: excluded (owns_commercial_housing_in_town)");
  }
  if (illness) id->add_risk_types(v1::RISK_TYPE_ILLNESS);
  if (disability) id->add_risk_types(v1::RISK_TYPE_DISABILITY);
  if (full + partial == 0) id->add_risk_types(v1::RISK_TYPE_LACK_OF_LABOUR);
  if (education * 10000 > total * kEducationShareBp) id->add_risk_types(v1::RISK_TYPE_SCHOOLING);
  const bool excluded = id->negative_list_hits_size() > 0;
  id->set_excluded(excluded);
  if (excluded) {
    id->set_category(v1::CATEGORY_NONE);
  } else if (h.lifted_out() && per_capita < kLineFen) {
    id->set_category(v1::CATEGORY_UNSTABLE_LIFTED_OUT);
    id->mutable_category_rule_id()->assign("peer.category.unstable_lifted_out");
  } else if (per_capita < kLineFen) {
    id->set_category(v1::CATEGORY_MARGINAL_AT_RISK);
    id->mutable_category_rule_id()->assign("peer.category.marginal_at_risk");
  } else if (rigid * 10000 > total * kRigidShareBp ||
             total * 10000 < h.previous_period_income_fen() * kIncomeKeptBp) {
    id->set_category(v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP);
    id->mutable_category_rule_id()->assign("peer.category.sudden_hardship");
  } else {
    id->set_category(v1::CATEGORY_NONE);
  }
  return absl::OkStatus();
}

}  // namespace povmon::bench
