#include "src/facts/household_dates.h"

#include <google/protobuf/descriptor.h>

#include "src/base/date.h"

namespace povmon {
namespace {

using google::protobuf::FieldDescriptor;

struct Fields {
  const FieldDescriptor* as_of;
  const FieldDescriptor* window_start;
  const FieldDescriptor* window_end;
  const FieldDescriptor* previous_window_start;
  const FieldDescriptor* previous_window_end;
  const FieldDescriptor* income;
  const FieldDescriptor* income_date;
  const FieldDescriptor* expenditure;
  const FieldDescriptor* expenditure_date;
};

const Fields& TheFields() {
  static const Fields fields = [] {
    const google::protobuf::Descriptor* f = v1::Facts::descriptor();
    const google::protobuf::Descriptor* h = v1::Household::descriptor();
    return Fields{
        f->FindFieldByNumber(v1::Facts::kAsOfFieldNumber),
        f->FindFieldByNumber(v1::Facts::kWindowStartFieldNumber),
        f->FindFieldByNumber(v1::Facts::kWindowEndFieldNumber),
        f->FindFieldByNumber(v1::Facts::kPreviousWindowStartFieldNumber),
        f->FindFieldByNumber(v1::Facts::kPreviousWindowEndFieldNumber),
        h->FindFieldByNumber(v1::Household::kIncomeFieldNumber),
        v1::IncomeRecord::descriptor()->FindFieldByNumber(v1::IncomeRecord::kDateFieldNumber),
        h->FindFieldByNumber(v1::Household::kExpenditureFieldNumber),
        v1::ExpenditureRecord::descriptor()->FindFieldByNumber(
            v1::ExpenditureRecord::kDateFieldNumber),
    };
  }();
  return fields;
}

}  // namespace

std::int64_t DayOrNone(std::string_view text) {
  std::int64_t days = 0;
  return ParseDataDate(text, &days) ? days : HouseholdDates::kNone;
}

void ParseLifecycleDates(const v1::Household& h, HouseholdDates* dates) {
  const v1::MonitoringState& m = h.monitoring();
  dates->identified_on = DayOrNone(m.identified_on());
  dates->risk_eliminated_on = DayOrNone(m.risk_eliminated_on());
  dates->reverted_on = DayOrNone(m.reverted_on());
  dates->measure_starts.resize(static_cast<std::size_t>(m.measures_size()));
  for (int i = 0; i < m.measures_size(); ++i) {
    dates->measure_starts[static_cast<std::size_t>(i)] = DayOrNone(m.measures(i).start_date());
  }
  dates->visits.resize(static_cast<std::size_t>(h.visits_size()));
  for (int i = 0; i < h.visits_size(); ++i) {
    dates->visits[static_cast<std::size_t>(i)] = DayOrNone(h.visits(i).date());
  }
  dates->duty_records.resize(static_cast<std::size_t>(h.duty_records_size()));
  for (int i = 0; i < h.duty_records_size(); ++i) {
    dates->duty_records[static_cast<std::size_t>(i)] = DayOrNone(h.duty_records(i).date());
  }
}

void KnowHouseholdDates(const HouseholdDates& dates, const v1::Household& household,
                        const v1::Facts& facts, expr::KnownDates* known) {
  const Fields& k = TheFields();
  known->Clear();
  known->Add(expr::KnownDates::One{k.as_of, &facts, dates.as_of});
  known->Add(expr::KnownDates::One{k.window_start, &facts, dates.window_first});
  known->Add(expr::KnownDates::One{k.window_end, &facts, dates.window_last});
  known->Add(expr::KnownDates::One{k.previous_window_start, &facts, dates.previous_first});
  known->Add(expr::KnownDates::One{k.previous_window_end, &facts, dates.previous_last});
  known->Add(expr::KnownDates::Column{k.income_date, &household, k.income, dates.income.data(),
                                      static_cast<std::int64_t>(dates.income.size())});
  known->Add(expr::KnownDates::Column{k.expenditure_date, &household, k.expenditure,
                                      dates.expenditure.data(),
                                      static_cast<std::int64_t>(dates.expenditure.size())});
}

}  // namespace povmon
