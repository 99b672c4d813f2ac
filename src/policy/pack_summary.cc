// Policy::Summary and Policy::ParameterText: what a loaded pack holds, for
// `povmon check`, the C ABI and the bindings (include/povmon/policy.h).
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "povmon/explain.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "src/base/date.h"
#include "src/calendar/working_calendar.h"
#include "src/policy/lifecycle_pack.h"
#include "src/policy/policy_impl.h"
#include "src/population/population_pack.h"

namespace povmon {
namespace {

std::string Count(std::size_t n, const char* noun) {
  return absl::StrCat(n, " ", noun, n == 1 ? "" : "s");
}

// A JSON string of pack text: text that is not UTF-8 is named, never passed on.
std::string Quote(std::string_view text) {
  return JsonQuote(IsValidUtf8(text) ? text : "(not valid UTF-8)");
}

}  // namespace

PackSummary Policy::Summary() const {
  const PolicyImpl& impl = *impl_;
  PackSummary s;
  s.label = impl.label;
  s.id = impl.pack.id();
  s.revision = impl.revision;
  s.valid_from = impl.pack.valid_from();
  s.valid_until = impl.pack.valid_until();
  s.rules = impl.rules.size();
  s.definitions = impl.environment.definitions ? impl.environment.definitions->size() : 0;
  s.measures = impl.measures.measures.size();
  s.principles = impl.measures.principles.size();
  if (impl.lifecycle != nullptr) {
    const LifecyclePack& life = *impl.lifecycle;
    s.has_lifecycle = true;
    s.elimination_rules = life.elimination ? life.elimination->rules.size() : 0;
    s.procedures = life.procedures.size();
    s.visit_cadences = life.visits ? life.visits->cadences.size() : 0;
    s.duties = life.duties.size();
  }
  if (impl.population != nullptr) {
    s.has_population = true;
    s.population_rules = impl.population->rules.size();
    s.places = impl.population->regions.size();
  }
  if (impl.calendar != nullptr) {
    s.has_calendar = true;
    s.calendar_years = impl.calendar->YearsText();
  }
  s.changes = impl.changes;
  return s;
}

std::string PackSummary::Text(const std::string& pack) const {
  std::string out = absl::StrCat(pack, ": ok — pack ", id, ", ", rules, " rules, ",
                                 Count(definitions, "definition"), ", ", valid_from,
                                 " to ", valid_until, ", revision ", revision, "\n");
  absl::StrAppend(&out, "  assistance: ", Count(measures, "measure"), ", ",
                  Count(principles, "principle"));
  if (has_lifecycle) {
    absl::StrAppend(&out, "; lifecycle: ", Count(elimination_rules, "elimination rule"), ", ",
                    Count(procedures, "procedure"), ", ", Count(visit_cadences, "visit cadence"),
                    ", ", duties, duties == 1 ? " periodic duty" : " periodic duties");
  } else {
    absl::StrAppend(&out, "; no lifecycle files");
  }
  if (has_population) {
    absl::StrAppend(&out, "; population: ", Count(population_rules, "rule"), ", ",
                    Count(places, "named place"));
  }
  if (has_calendar) absl::StrAppend(&out, "; working-day calendar ", calendar_years);
  out += "\n";
  return out;
}

std::string PackSummary::Json() const {
  std::string out = absl::StrCat(
      "{\"label\":", Quote(label), ",\"id\":", Quote(id), ",\"revision\":", Quote(revision),
      ",\"valid_from\":", Quote(valid_from), ",\"valid_until\":", Quote(valid_until),
      ",\"rules\":", rules, ",\"definitions\":", definitions,
      ",\"measures\":", measures, ",\"principles\":", principles,
      ",\"lifecycle\":");
  if (has_lifecycle) {
    absl::StrAppend(&out, "{\"elimination_rules\":", elimination_rules,
                    ",\"procedures\":", procedures, ",\"visit_cadences\":", visit_cadences, ",\"duties\":", duties, "}");
  } else {
    out += "null";
  }
  out += ",\"population\":";
  if (has_population) {
    absl::StrAppend(&out, "{\"rules\":", population_rules, ",\"places\":", places, "}");
  } else {
    out += "null";
  }
  absl::StrAppend(&out, ",\"calendar_years\":", has_calendar ? Quote(calendar_years) : "null",
                  ",\"changes\":[");
  for (std::size_t i = 0; i < changes.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ",", Quote(changes[i].ToString()));
  }
  out += "]}";
  return out;
}

absl::StatusOr<std::string> Policy::ParameterText(const std::string& name,
                                                  absl::CivilDay day) const {
  for (const ParameterSeries& p : impl_->parameters) {
    if (p.name != name) continue;
    const DatedValue* v = p.At(DaysSinceEpoch(day));
    if (v == nullptr) {
      return absl::OutOfRangeError(
          absl::StrCat("parameter ", name, " has no value on ", FormatDate(day)));
    }
    switch (p.type) {
      case v1::PARAMETER_TYPE_MONEY: return FormatYuan(v->value.i);
      case v1::PARAMETER_TYPE_BOOL: return std::string(v->value.i != 0 ? "true" : "false");
      case v1::PARAMETER_TYPE_DATE: return FormatDate(DayFromEpochDays(v->value.i));
      case v1::PARAMETER_TYPE_BASIS_POINTS: return absl::StrCat(v->value.i, " bp");
      default: return absl::StrCat(v->value.i);
    }
  }
  return absl::NotFoundError(absl::StrCat("the pack has no parameter ", name));
}

}  // namespace povmon
