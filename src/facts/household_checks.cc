#include "src/facts/household_checks.h"

#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace povmon {
namespace {

// a == b, inline: the ids compared here are short (a member's is about 17
// bytes) and mostly equal or differing at the end, where std::string's
// operator== calls memcmp.
bool SameId(const std::string& a, const std::string& b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n < 8) {
    for (std::size_t i = 0; i < n; ++i) {
      if (x[i] != y[i]) return false;
    }
    return true;
  }
  // Eight bytes at a time, the last eight overlapping what came before.
  std::uint64_t u = 0, v = 0;
  for (std::size_t i = 0; i + 8 < n; i += 8) {
    std::memcpy(&u, x + i, 8);
    std::memcpy(&v, y + i, 8);
    if (u != v) return false;
  }
  std::memcpy(&u, x + n - 8, 8);
  std::memcpy(&v, y + n - 8, 8);
  return u == v;
}

// `*last` is the member the previous reference named: records of one member
// often come one after another, so it is tried first.
bool NamesMember(const v1::Household& h, const std::string& id, int* last) {
  const int n = h.members_size();
  if (*last < n && SameId(h.members(*last).id(), id)) return true;
  for (int k = 0; k < n; ++k) {
    if (SameId(h.members(k).id(), id)) {
      *last = k;
      return true;
    }
  }
  return false;
}

std::string MemberIds(const v1::Household& h) {
  std::string ids;
  for (const v1::Member& m : h.members()) {
    if (m.id().empty()) continue;
    absl::StrAppend(&ids, ids.empty() ? "" : ", ", m.id());
  }
  return ids.empty() ? "none has an id" : ids;
}

absl::Status UnknownMember(const v1::Household& h, const char* list, int index,
                           const std::string& id) {
  return absl::InvalidArgumentError(absl::StrCat(
      list, "[", index, "].member_id: \"", id, "\" names no member of the household (members: ",
      MemberIds(h), ")"));
}

// A reference is checked only when it is set: an empty member_id means the
// record is the household's.
absl::Status CheckReference(const v1::Household& h, const char* list, int index,
                            const std::string& id, int* last) {
  if (id.empty() || NamesMember(h, id, last)) return absl::OkStatus();
  return UnknownMember(h, list, index, id);
}

absl::Status Negative(const std::string& path, std::int64_t fen, const char* why) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", fen, " fen is negative; ", why));
}

}  // namespace

absl::Status CheckHousehold(const v1::Household& h) {
  int last = 0;  // NamesMember's first guess
  for (int i = 0; i < h.members_size(); ++i) {
    const std::string& id = h.members(i).id();
    if (id.empty()) continue;
    for (int j = 0; j < i; ++j) {
      if (SameId(h.members(j).id(), id)) {
        return absl::InvalidArgumentError(
            absl::StrCat("members[", i, "].id: \"", id, "\" is also members[", j,
                         "].id: member ids must be unique within a household"));
      }
    }
    const v1::Member& m = h.members(i);
    if (m.has_employment()) {
      int bp = m.employment().unstable_wage_share_bp();
      if (bp < 0 || bp > 10000) {
        return absl::InvalidArgumentError(
            absl::StrCat("members[", i, "].employment.unstable_wage_share_bp: ", bp,
                         " is outside 0..10000 (a share in basis points)"));
      }
    }
  }
  for (int i = 0; i < h.income_size(); ++i) {
    const v1::IncomeRecord& r = h.income(i);
    if (absl::Status s = CheckReference(h, "income", i, r.member_id(), &last); !s.ok()) return s;
    if (r.amount_fen() < 0 && r.kind() != v1::INCOME_KIND_BUSINESS) {
      return Negative(absl::StrCat("income[", i, "].amount_fen"), r.amount_fen(),
                      "only business income (INCOME_KIND_BUSINESS) may be a loss");
    }
  }
  for (int i = 0; i < h.expenditure_size(); ++i) {
    const v1::ExpenditureRecord& r = h.expenditure(i);
    if (absl::Status s = CheckReference(h, "expenditure", i, r.member_id(), &last); !s.ok()) return s;
    if (r.amount_fen() < 0) {
      return Negative(absl::StrCat("expenditure[", i, "].amount_fen"), r.amount_fen(),
                      "an expenditure is an amount spent");
    }
  }
  for (int i = 0; i < h.medical_claims_size(); ++i) {
    const v1::MedicalClaim& c = h.medical_claims(i);
    if (absl::Status s = CheckReference(h, "medical_claims", i, c.member_id(), &last); !s.ok()) return s;
    if (c.compliant_out_of_pocket_fen() < 0) {
      return Negative(absl::StrCat("medical_claims[", i, "].compliant_out_of_pocket_fen"),
                      c.compliant_out_of_pocket_fen(), "a cost is an amount paid");
    }
    if (c.assistance_paid_fen() < 0) {
      return Negative(absl::StrCat("medical_claims[", i, "].assistance_paid_fen"),
                      c.assistance_paid_fen(), "assistance paid is an amount paid");
    }
  }
  for (int i = 0; i < h.assets_size(); ++i) {
    if (h.assets(i).value_fen() < 0) {
      return Negative(absl::StrCat("assets[", i, "].value_fen"), h.assets(i).value_fen(),
                      "an asset's value is not below zero");
    }
  }
  if (h.has_negative_list_facts()) {
    const v1::NegativeListFacts& n = h.negative_list_facts();
    if (n.supporters_annual_income_fen() < 0) {
      return Negative("negative_list_facts.supporters_annual_income_fen",
                      n.supporters_annual_income_fen(), "an income received is not below zero");
    }
    if (n.deposits_and_securities_fen() < 0) {
      return Negative("negative_list_facts.deposits_and_securities_fen",
                      n.deposits_and_securities_fen(), "a holding is not below zero");
    }
  }
  if (h.has_monitoring()) {
    for (int i = 0; i < h.monitoring().measures_size(); ++i) {
      const v1::Intervention& m = h.monitoring().measures(i);
      if (!m.member_id().empty() && !NamesMember(h, m.member_id(), &last)) {
        return UnknownMember(h, "monitoring.measures", i, m.member_id());
      }
      if (m.amount_fen() < 0) {
        return Negative(absl::StrCat("monitoring.measures[", i, "].amount_fen"), m.amount_fen(),
                        "a measure's amount is not below zero");
      }
    }
  }
  if (h.has_dibao()) {
    const v1::DibaoRecord& d = h.dibao();
    if (d.monthly_payment_fen() < 0) {
      return Negative("dibao.monthly_payment_fen", d.monthly_payment_fen(),
                      "a payment is not below zero");
    }
    if (d.job_costs_fen() < 0) {
      return Negative("dibao.job_costs_fen", d.job_costs_fen(), "a cost is not below zero");
    }
    if (d.grade() < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("dibao.grade: ", d.grade(), " is negative (1 is the highest grade, 0 unknown)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace povmon
