#include "src/stages/procedure.h"

#include <array>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "src/base/date.h"
#include "src/calendar/day_count.h"
#include "src/stages/lifecycle_eval.h"

namespace povmon {
namespace {

using Day = absl::CivilDay;

// What the case records for one step of the procedure.
struct StepState {
  int event_index = -1;      // the last event for the step (on or before as-of)
  std::optional<Day> date;   // its date
  std::optional<Day> end;    // its end date, when recorded and not after as-of
  std::optional<Day> first;  // the earliest date of any event for the step
  std::optional<Day>
      earliest_end;  // a notice: last day of the shortest lawful period
};

bool IsNotice(int step) {
  return step == v1::CASE_STEP_VILLAGE_NOTICE ||
         step == v1::CASE_STEP_TOWNSHIP_NOTICE;
}

absl::Status Prefix(const absl::Status& s, const std::string& where) {
  return absl::Status(s.code(), absl::StrCat(where, ": ", s.message()));
}

v1::ProcedureFinding* Add(v1::CaseStatus* cs, v1::ProcedureFindingKind kind,
                          int step) {
  v1::ProcedureFinding* f = cs->add_findings();
  f->set_kind(kind);
  f->set_step(static_cast<v1::CaseStep>(step));
  return f;
}

class CaseTracker {
 public:
  CaseTracker(const StageContext& c, const LifecyclePack& pack,
              const WorkingCalendar* calendar, int index,
              const v1::CaseRecord& record, v1::CaseStatus* status,
              v1::Decision* d)
      : c_(c),
        pack_(pack),
        calendar_(calendar),
        record_(record),
        cs_(status),
        d_(d) {
    index_ = index;
  }

  // "cases[0] (case \"c1\")": made only for an error message.
  std::string Where() const {
    std::string where = absl::StrCat("cases[", index_, "]");
    if (!record_.id().empty())
      absl::StrAppend(&where, " (case \"", record_.id(), "\")");
    return where;
  }

  absl::Status Run() {
    cs_->mutable_case_id()->assign(record_.id());
    cs_->set_kind(record_.kind());
    if (absl::Status s = CheckEvents(); !s.ok()) return s;
    p_ = pack_.ProcedureFor(record_.kind());
    if (p_ == nullptr) {
      Add(cs_, v1::PROCEDURE_FINDING_KIND_NO_PROCEDURE,
          v1::CASE_STEP_UNSPECIFIED);
      return absl::OkStatus();
    }
    cs_->mutable_procedure_id()->assign(p_->definition.id());
    cs_->mutable_citation()->assign(p_->definition.citation());
    step_count_ = static_cast<int>(p_->steps.size());
    for (int i = 0; i < step_count_; ++i) steps_[i] = StepState();
    Collect();
    for (auto stage : {&CaseTracker::NotNeeded, &CaseTracker::GreenChannel,
                       &CaseTracker::EventChecks,
                       &CaseTracker::Notices, &CaseTracker::Order,
                       &CaseTracker::Deadlines}) {
      if (absl::Status s = (this->*stage)(); !s.ok()) return s;
    }
    NextStep();
    return absl::OkStatus();
  }

 private:
  // Every event names its step and its date, and ends no earlier than it
  // starts.
  absl::Status CheckEvents() {
    for (int j = 0; j < record_.events_size(); ++j) {
      const v1::CaseEvent& e = record_.events(j);
      auto field = [&] { return absl::StrCat(Where(), ".events[", j, "]"); };
      if (e.step() == v1::CASE_STEP_UNSPECIFIED) {
        return absl::InvalidArgumentError(
            absl::StrCat(field(), ".step: is not set"));
      }
      std::optional<Day> date = ParseDate(e.date());
      if (!date) {
        return absl::InvalidArgumentError(absl::StrCat(
            field(), ".date: is empty; every ", v1::CaseStep_Name(e.step()),
            " event needs the day it happened"));
      }
      std::optional<Day> end = ParseDate(e.end_date());
      if (end && *end < *date) {
        return absl::InvalidArgumentError(
            absl::StrCat(field(), ".end_date: ", e.end_date(),
                         " is before its date ", e.date()));
      }
    }
    return absl::OkStatus();
  }

  void Collect() {
    for (int j = 0; j < record_.events_size(); ++j) {
      const v1::CaseEvent& e = record_.events(j);
      Day date = *ParseDate(e.date());
      if (date > c_.as_of) continue;  // not happened yet
      int idx = p_->IndexOf(e.step());
      if (idx < 0) {
        AssignDate(date, Add(cs_, v1::PROCEDURE_FINDING_KIND_NOT_IN_PROCEDURE,
                             e.step())
                             ->mutable_date());
        continue;
      }
      StepState& s = steps_[idx];
      s.event_index = j;
      s.date = date;
      std::optional<Day> end = ParseDate(e.end_date());
      s.end = end && *end <= c_.as_of ? end : std::nullopt;
      if (!s.first || date < *s.first) s.first = date;
    }
  }

  // Steps the household does not need (the step's not_needed_when holds):
  // optional for this case, with a NOT_NEEDED finding citing the step.
  absl::Status NotNeeded() {
    for (int i = 0; i < step_count_; ++i) {
      not_needed_[i] = false;
      const CompiledStep& def = p_->steps[i];
      if (!def.not_needed_when.present()) continue;
      absl::StatusOr<bool> holds = EvaluateBool(c_, def.not_needed_when);
      if (!holds.ok()) return Prefix(holds.status(), Where());
      if (!*holds) continue;
      not_needed_[i] = true;
      Add(cs_, v1::PROCEDURE_FINDING_KIND_NOT_NEEDED, def.step.step())
          ->mutable_citation()
          ->assign(def.step.citation());
    }
    return absl::OkStatus();
  }

  // Whether the case may go without step i.
  bool Optional(int i) const { return p_->steps[i].step.optional() || not_needed_[i]; }

  absl::Status GreenChannel() {
    if (!p_->has_green_channel) return absl::OkStatus();
    const v1::GreenChannel& g = p_->definition.green_channel();
    absl::StatusOr<bool> open =
        LifecycleRuleHolds(c_, p_->green_channel_when, g.id(), g.citation(),
                           v1::STAGE_PROCEDURE, "GREEN_CHANNEL", d_);
    if (!open.ok()) return open.status();
    green_ = *open;
    cs_->set_green_channel(green_);
    if (green_) {
      cs_->mutable_green_channel_rule()->assign(g.id());
      cs_->mutable_green_channel_citation()->assign(g.citation());
    }
    return absl::OkStatus();
  }

  // The authorisation and the people a step needs.
  absl::Status EventChecks() {
    for (std::size_t i = 0; i < static_cast<std::size_t>(step_count_); ++i) {
      if (steps_[i].event_index < 0) continue;
      const v1::ProcedureStep& def = p_->steps[i].step;
      const v1::CaseEvent& e = record_.events(steps_[i].event_index);
      if (def.requires_authorisation() && !e.authorisation_signed()) {
        v1::ProcedureFinding* f =
            Add(cs_, v1::PROCEDURE_FINDING_KIND_NO_AUTHORISATION, def.step());
        f->mutable_citation()->assign(def.citation());
        AssignDate(*steps_[i].date, f->mutable_date());
      }
      if (def.min_people() > 0 && e.people() < def.min_people()) {
        v1::ProcedureFinding* f =
            Add(cs_, v1::PROCEDURE_FINDING_KIND_TOO_FEW_PEOPLE, def.step());
        f->mutable_citation()->assign(def.citation());
        AssignDate(*steps_[i].date, f->mutable_date());
        f->set_required(def.min_people());
        f->set_actual(e.people());
      }
    }
    return absl::OkStatus();
  }

  absl::Status Notices() {
    for (std::size_t i = 0; i < static_cast<std::size_t>(step_count_); ++i) {
      const CompiledStep& def = p_->steps[i];
      StepState& s = steps_[i];
      if (!IsNotice(def.step.step()) || !s.date) continue;
      auto who = [&] {
        return absl::StrCat(Where(), ": ", v1::CaseStep_Name(def.step.step()),
                            " from ", FormatDate(*s.date));
      };
      absl::StatusOr<std::int64_t> required = EvaluateInt(c_, def.notice_days);
      if (!required.ok()) return Prefix(required.status(), who());
      if (*required < 1 || *required > 366) {
        return absl::InvalidArgumentError(absl::StrCat(
            def.notice_days.who, " notice_days (", def.notice_days.file, ":",
            def.notice_days.line, "): ", *required,
            " is not a notice length (1 to 366 days)"));
      }
      v1::DayCount count = def.step.notice_day_count();
      absl::StatusOr<Day> earliest =
          PeriodEnd(*s.date, static_cast<int>(*required), count, calendar_);
      if (!earliest.ok()) return Prefix(earliest.status(), who());
      s.earliest_end = *earliest;
      std::optional<Day> follower;
      for (std::size_t j = 0; j < static_cast<std::size_t>(step_count_); ++j) {
        // A step that follows the notice in order, dated on or after its
        // first day, shows when it came down at the latest. (A step dated
        // before the notice, or one that runs alongside after it, is an
        // order question: see Order.)
        if (Predecessor(static_cast<int>(j)) == static_cast<int>(i) &&
            !IsParallel(static_cast<int>(j)) && steps_[j].date &&
            *steps_[j].date >= *s.date &&
            (!follower || *steps_[j].date < *follower)) {
          follower = steps_[j].date;
        }
      }
      v1::NoticeStatus* n = cs_->add_notices();
      n->set_step(def.step.step());
      n->mutable_citation()->assign(def.step.citation());
      n->set_required_days(static_cast<std::int32_t>(*required));
      n->set_day_count(count);
      AssignDate(*s.date, n->mutable_start());
      AssignDate(*earliest, n->mutable_earliest_end());
      std::optional<Day> last;  // the last day it was up, when known
      if (s.end) {
        AssignDate(*s.end, n->mutable_end());
        last = s.end;
        n->set_in_force(c_.as_of <= *s.end);
      } else if (follower) {
        last = *follower - 1;
      } else {
        n->set_in_force(c_.as_of <= *earliest);
      }
      if (last) {
        absl::StatusOr<int> counted = DaysIn(*s.date, *last, count, calendar_);
        if (!counted.ok()) return Prefix(counted.status(), who());
        n->set_counted_days(*counted);
        n->set_too_short(*counted < *required);
      }
      if (n->too_short()) {
        v1::ProcedureFinding* f =
            Add(cs_, v1::PROCEDURE_FINDING_KIND_SHORT_NOTICE, def.step.step());
        f->mutable_citation()->assign(def.step.citation());
        AssignDate(*s.date, f->mutable_date());
        AssignDate(*earliest, f->mutable_other_date());
        f->set_required(n->required_days());
        f->set_actual(n->counted_days());
      }
    }
    return absl::OkStatus();
  }

  // The step a step must follow, passing over optional steps not recorded.
  int Predecessor(int i) const {
    int j = p_->steps[i].must_follow;
    while (j >= 0 && !steps_[j].date && Optional(j))
      j = p_->steps[j].must_follow;
    return j;
  }

  // The first day a step that follows step j may happen.
  bool IsParallel(int i) const {
    return p_->steps[i].step.parallel_after() != v1::CASE_STEP_UNSPECIFIED;
  }

  // The first day step i may happen after step j. After a notice: the day
  // after its recorded end; without a recorded end, the day after its first
  // day (a step that cuts it short is a short notice, see Notices), or, for
  // a step that runs alongside after the notice, the day after its shortest
  // lawful end.
  Day ReadyAfter(int j, int i) const {
    const StepState& s = steps_[j];
    if (IsNotice(p_->steps[j].step.step())) {
      if (s.end) return *s.end + 1;
      if (IsParallel(i) && s.earliest_end) return *s.earliest_end + 1;
      return *s.date + 1;
    }
    return s.end && *s.end > *s.date ? *s.end : *s.date;
  }

  // The green channel lets step i come early (not before its `after` step).
  bool GreenChannelAllows(int i) const {
    if (!green_) return false;
    const v1::GreenChannel& g = p_->definition.green_channel();
    bool listed = false;
    for (int s : g.early_steps()) listed |= s == p_->steps[i].step.step();
    if (!listed) return false;
    if (g.after() == v1::CASE_STEP_UNSPECIFIED) return true;
    int a = p_->IndexOf(g.after());
    return a >= 0 && steps_[a].date && *steps_[i].date >= *steps_[a].date;
  }

  absl::Status Order() {
    std::array<bool, kMaxSteps> skipped{};
    for (int i = 0; i < step_count_; ++i) {
      if (!steps_[i].date) continue;
      int j = Predecessor(i);
      if (j < 0) continue;
      bool missing = !steps_[j].date;
      bool early = missing || *steps_[i].date < ReadyAfter(j, i);
      if (!early) continue;
      int step = p_->steps[i].step.step();
      if (GreenChannelAllows(i)) {
        v1::ProcedureFinding* f =
            Add(cs_, v1::PROCEDURE_FINDING_KIND_EARLY_BY_GREEN_CHANNEL, step);
        f->set_other_step(p_->steps[j].step.step());
        f->mutable_rule_id()->assign(p_->definition.green_channel().id());
        f->mutable_citation()->assign(
            p_->definition.green_channel().citation());
        AssignDate(*steps_[i].date, f->mutable_date());
        continue;
      }
      if (missing) {
        if (skipped[j]) continue;
        skipped[j] = true;
        v1::ProcedureFinding* f = Add(cs_, v1::PROCEDURE_FINDING_KIND_SKIPPED,
                                      p_->steps[j].step.step());
        f->set_other_step(static_cast<v1::CaseStep>(step));
        f->mutable_citation()->assign(p_->steps[j].step.citation());
        AssignDate(*steps_[i].date, f->mutable_date());
        continue;
      }
      v1::ProcedureFinding* f =
          Add(cs_, v1::PROCEDURE_FINDING_KIND_OUT_OF_ORDER, step);
      f->set_other_step(p_->steps[j].step.step());
      f->mutable_citation()->assign(p_->steps[i].step.citation());
      AssignDate(*steps_[i].date, f->mutable_date());
      AssignDate(ReadyAfter(j, i), f->mutable_other_date());
    }
    return absl::OkStatus();
  }

  absl::Status Deadlines() {
    for (const CompiledDeadline& cd : p_->deadlines) {
      const v1::ProcedureDeadline& dl = cd.deadline;
      v1::DeadlineStatus* ds = cs_->add_deadlines();
      ds->mutable_id()->assign(dl.id());
      ds->mutable_citation()->assign(dl.citation());
      ds->set_to(dl.to());
      ds->set_day_count(dl.day_count());
      absl::StatusOr<std::int64_t> days = EvaluateInt(c_, cd.days);
      if (!days.ok()) return days.status();
      if (*days < 0 || *days > 3660) {
        return absl::InvalidArgumentError(absl::StrCat(
            cd.days.who, " days (", cd.days.file, ":", cd.days.line,
            "): ", *days, " is not a deadline (0 to 3660 days)"));
      }
      ds->set_days(static_cast<std::int32_t>(*days));
      std::optional<Day> from;
      for (int f : dl.from()) {
        const StepState& s = steps_[p_->IndexOf(f)];
        if (s.first && (!from || *s.first < *from)) from = s.first;
      }
      if (!from) {
        ds->set_state(v1::DEADLINE_STATE_NOT_STARTED);
        continue;
      }
      AssignDate(*from, ds->mutable_from_date());
      absl::StatusOr<Day> due =
          DueDate(*from, static_cast<int>(*days), dl.day_count(), calendar_);
      if (!due.ok()) {
        return Prefix(due.status(),
                      absl::StrCat(Where(), ": deadline \"", dl.id(),
                                   "\" from ", FormatDate(*from)));
      }
      AssignDate(*due, ds->mutable_due());
      const StepState& to = steps_[cd.to_index];
      std::optional<Day> done = dl.to_end() ? to.end : to.date;
      if (done) {
        AssignDate(*done, ds->mutable_done_on());
        if (*done <= *due) {
          ds->set_state(v1::DEADLINE_STATE_MET);
        } else {
          ds->set_state(v1::DEADLINE_STATE_MISSED);
          v1::ProcedureFinding* f =
              Add(cs_, v1::PROCEDURE_FINDING_KIND_LATE, dl.to());
          f->mutable_rule_id()->assign(dl.id());
          f->mutable_citation()->assign(dl.citation());
          AssignDate(*done, f->mutable_date());
          AssignDate(*due, f->mutable_other_date());
        }
      } else if (c_.as_of < *due) {
        ds->set_state(v1::DEADLINE_STATE_RUNNING);
      } else if (c_.as_of == *due) {
        ds->set_state(v1::DEADLINE_STATE_DUE_TODAY);
      } else {
        ds->set_state(v1::DEADLINE_STATE_OVERDUE);
        v1::ProcedureFinding* f =
            Add(cs_, v1::PROCEDURE_FINDING_KIND_OVERDUE, dl.to());
        f->mutable_rule_id()->assign(dl.id());
        f->mutable_citation()->assign(dl.citation());
        AssignDate(*due, f->mutable_date());
      }
    }
    return absl::OkStatus();
  }

  void NextStep() {
    int next = -1;
    for (int i = 0; i < step_count_; ++i) {
      if (steps_[i].date || Optional(i)) continue;
      next = i;
      break;
    }
    cs_->set_complete(next < 0);
    if (next < 0) return;
    cs_->set_next_step(p_->steps[next].step.step());
    std::optional<Day> due;
    for (int k = 0; k < cs_->deadlines_size(); ++k) {
      const v1::DeadlineStatus& ds = cs_->deadlines(k);
      bool pending = ds.state() == v1::DEADLINE_STATE_RUNNING ||
                     ds.state() == v1::DEADLINE_STATE_DUE_TODAY ||
                     ds.state() == v1::DEADLINE_STATE_OVERDUE;
      if (!pending || p_->deadlines[k].to_index < next) continue;
      Day d = *ParseDate(ds.due());
      if (!due || d < *due) {
        due = d;
        cs_->mutable_next_due_deadline()->assign(ds.id());
      }
    }
    if (due) AssignDate(*due, cs_->mutable_next_due());
    int j = Predecessor(next);
    if (j >= 0 && steps_[j].date && IsNotice(p_->steps[j].step.step())) {
      Day after =
          (steps_[j].end ? *steps_[j].end : *steps_[j].earliest_end) + 1;
      if (after > c_.as_of) AssignDate(after, cs_->mutable_next_not_before());
    }
  }

  const StageContext& c_;
  const LifecyclePack& pack_;
  const WorkingCalendar* calendar_;
  const v1::CaseRecord& record_;
  v1::CaseStatus* cs_;
  v1::Decision* d_;
  int index_ = 0;
  const CompiledProcedure* p_ = nullptr;
  // A procedure has each step at most once (checked at load), so at most
  // one entry per CaseStep value: no allocation per case.
  static constexpr int kMaxSteps = v1::CaseStep_ARRAYSIZE;
  std::array<StepState, kMaxSteps> steps_;
  std::array<bool, kMaxSteps> not_needed_{};
  int step_count_ = 0;
  bool green_ = false;
};

}  // namespace

absl::Status TrackProcedures(const StageContext& c, const LifecyclePack& pack,
                             const WorkingCalendar* calendar, v1::Decision* d) {
  v1::ProcedureStatus* status = d->mutable_procedure();
  for (int i = 0; i < c.household->cases_size(); ++i) {
    CaseTracker tracker(c, pack, calendar, i, c.household->cases(i),
                        status->add_cases(), d);
    if (absl::Status s = tracker.Run(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace povmon
