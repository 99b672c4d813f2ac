#include "src/stages/lifecycle_facts.h"

#include <google/protobuf/descriptor.h>

#include <array>

#include "absl/strings/str_cat.h"
#include "src/base/date.h"

namespace povmon {
namespace {

constexpr std::int64_t kNone = HouseholdDates::kNone;

bool IsMonitoredCategory(v1::Category c) {
  return c == v1::CATEGORY_UNSTABLE_LIFTED_OUT ||
         c == v1::CATEGORY_MARGINAL_AT_RISK ||
         c == v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP;
}

// Write `days` into `text` and tell the rules its day number.
void SetDate(std::int64_t days, int field_number, std::string* text,
             const v1::LifecycleFacts& facts, expr::KnownDates* known) {
  dates::AssignDate(days, text);
  if (known == nullptr) return;
  // Looked up once per process.
  static const std::array<const google::protobuf::FieldDescriptor*, 32> fields = [] {
    std::array<const google::protobuf::FieldDescriptor*, 32> a{};
    for (int n = 1; n < 32; ++n) a[n] = v1::LifecycleFacts::descriptor()->FindFieldByNumber(n);
    return a;
  }();
  known->Add(expr::KnownDates::One{fields[static_cast<std::size_t>(field_number)], &facts, days});
}

}  // namespace

absl::Status ComputeLifecycleFacts(const v1::Household& h, const HouseholdDates& hd,
                                   absl::CivilDay as_of_day, v1::LifecycleFacts* f,
                                   expr::KnownDates* known) {
  f->Clear();
  const v1::MonitoringState& m = h.monitoring();
  const std::int64_t as_of = DaysSinceEpoch(as_of_day);
  const std::int64_t identified = hd.identified_on;
  const std::int64_t eliminated = hd.risk_eliminated_on;
  const std::int64_t reverted = hd.reverted_on;
  if (identified == kNone) {
    if (IsMonitoredCategory(m.category())) {
      return absl::InvalidArgumentError(
          absl::StrCat("monitoring.identified_on: is empty, but the household "
                       "is monitored as ",
                       v1::Category_Name(m.category()),
                       "; the lifecycle counts from the identification date"));
    }
    if (eliminated != kNone) {
      return absl::InvalidArgumentError(
          "monitoring.identified_on: is empty, but risk_eliminated_on is set");
    }
    f->set_status(v1::MONITORING_STATUS_NOT_MONITORED);
  } else if (identified > as_of) {
    f->set_status(v1::MONITORING_STATUS_NOT_MONITORED);
  } else {
    if (eliminated != kNone && eliminated < identified) {
      return absl::InvalidArgumentError(absl::StrCat(
          "monitoring.risk_eliminated_on: ", m.risk_eliminated_on(),
          " is before identified_on ", m.identified_on()));
    }
    const bool marked = eliminated != kNone && eliminated <= as_of;
    const bool reverted_since =
        marked && reverted != kNone && reverted >= eliminated && reverted <= as_of;
    if (marked && !reverted_since) {
      f->set_status(v1::MONITORING_STATUS_RISK_ELIMINATED);
      SetDate(eliminated, v1::LifecycleFacts::kRiskEliminatedOnFieldNumber,
              f->mutable_risk_eliminated_on(), *f, known);
    } else {
      f->set_status(v1::MONITORING_STATUS_MONITORED);
    }
    const std::int64_t since = reverted_since ? reverted : identified;
    SetDate(since, v1::LifecycleFacts::kMonitoredSinceFieldNumber,
            f->mutable_monitored_since(), *f, known);
    f->set_months_monitored(static_cast<std::int32_t>(dates::MonthsBetween(since, as_of)));
  }
  std::int64_t first = kNone, last = kNone;
  for (int i = 0; i < m.measures_size(); ++i) {
    f->set_measures(f->measures() + 1);
    if (m.measures(i).completed())
      f->set_measures_completed(f->measures_completed() + 1);
    const std::int64_t start = hd.measure_starts[static_cast<std::size_t>(i)];
    if (start == kNone || start > as_of) continue;
    f->set_measures_started(f->measures_started() + 1);
    if (first == kNone || start < first) first = start;
    if (last == kNone || start > last) last = start;
  }
  if (first != kNone) {
    SetDate(first, v1::LifecycleFacts::kFirstMeasureStartFieldNumber,
            f->mutable_first_measure_start(), *f, known);
  }
  if (last != kNone) {
    SetDate(last, v1::LifecycleFacts::kLastMeasureStartFieldNumber,
            f->mutable_last_measure_start(), *f, known);
  }
  std::int64_t last_visit = kNone;
  for (const std::int64_t d : hd.visits) {
    if (d != kNone && d <= as_of && (last_visit == kNone || d > last_visit)) last_visit = d;
  }
  if (last_visit != kNone) {
    SetDate(last_visit, v1::LifecycleFacts::kLastVisitFieldNumber, f->mutable_last_visit(), *f,
            known);
  }
  return absl::OkStatus();
}

}  // namespace povmon
