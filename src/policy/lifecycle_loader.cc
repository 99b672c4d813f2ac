#include "src/policy/lifecycle_loader.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "povmon/v1/household.pb.h"
#include "src/policy/calendar_loader.h"
#include "src/policy/expression_field.h"

namespace povmon {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::TextFormat;
using Tree = TextFormat::ParseInfoTree;

const FieldDescriptor* Field(const Descriptor* d, const char* name) {
  return d->FindFieldByName(name);
}

bool IsNotice(int step) {
  return step == v1::CASE_STEP_VILLAGE_NOTICE ||
         step == v1::CASE_STEP_TOWNSHIP_NOTICE;
}

std::string StepName(int step) {
  return v1::CaseStep_Name(static_cast<v1::CaseStep>(step));
}

class LifecycleLoader {
 public:
  explicit LifecycleLoader(const LifecycleLoadContext& c) : c_(c) {}

  void Run(std::shared_ptr<const LifecyclePack>* lifecycle,
           std::shared_ptr<const WorkingCalendar>* calendar) {
    LoadCalendars();
    if (calendar_ != nullptr) *calendar = calendar_;
    if (c_.pack->lifecycle_files_size() == 0) return;
    pack_ = std::make_shared<LifecyclePack>();
    BuildEnvironment();
    for (int i = 0; i < c_.pack->lifecycle_files_size(); ++i) LoadFile(i);
    CheckWorkingDays();
    *lifecycle = pack_;
  }

 private:
  void Error(const TextSource& src, FilePosition at, std::string message) {
    c_.problems->Add(src.name(), at.line, at.column, std::move(message));
  }

  // ------------------------------------------------------------ calendar
  void LoadCalendars() {
    if (c_.pack->calendar_files_size() == 0) return;
    auto calendar = std::make_shared<WorkingCalendar>();
    for (int i = 0; i < c_.pack->calendar_files_size(); ++i) {
      TextSource* src =
          c_.files->OpenNamed("calendar_files", i, c_.pack->calendar_files(i), "calendar");
      if (src != nullptr) LoadCalendarFile(src, calendar.get(), c_.problems);
    }
    calendar_ = calendar;
  }

  // ------------------------------------------------------------ environment
  void BuildEnvironment() {
    expr::Environment& env = pack_->environment;
    env = *c_.environment;
    env.roots.push_back(
        {"lifecycle", v1::LifecycleFacts::descriptor(), kLifecycleSlot});
    env.roots.push_back({"visit", v1::Visit::descriptor(), kVisitSlot});
  }

  // ------------------------------------------------------------ shared checks
  // Checks the id, citation and descriptions every named part carries and
  // records its text for explanations. `at` is where the part starts.
  void Header(const TextSource& src, FilePosition at, const std::string& what,
              const std::string& id, const std::string& citation,
              const std::string& zh, const std::string& en,
              bool descriptions_required, std::string* who) {
    *who = absl::StrCat(what, " \"", id, "\"");
    if (id.empty()) {
      Error(src, at, absl::StrCat(what, " has no id"));
      *who = what;
    } else if (c_.rule_ids->contains(id)) {
      Error(src, at, absl::StrCat(*who, ": the id is already a rule's id"));
    } else if (auto [it, inserted] =
                   ids_.emplace(id, absl::StrCat(src.name(), ":", at.line));
               !inserted) {
      Error(src, at,
            absl::StrCat("duplicate id \"", id, "\" (first defined at ",
                         it->second, ")"));
    }
    if (citation.empty())
      Error(src, at, absl::StrCat(*who, " has no citation"));
    if (descriptions_required && zh.empty()) {
      Error(src, at,
            absl::StrCat(*who, " has no Chinese description (description_zh)"));
    }
    if (descriptions_required && en.empty()) {
      Error(src, at,
            absl::StrCat(*who, " has no English description (description_en)"));
    }
    if (!id.empty()) pack_->texts[id] = LifecycleText{citation, zh, en};
  }

  LifecycleExpression Compile(const TextSource& src, const Tree* tree,
                              const Descriptor* d, const char* field,
                              const std::string& text, expr::TypeKind kind,
                              const std::string& who, FilePosition at) {
    LifecycleExpression e;
    e.who = who;
    e.file = src.name();
    FilePosition fp = src.FieldPosition(tree, Field(d, field));
    e.line = fp.line == 0 ? at.line : fp.line;
    e.item_line = at.line;
    e.program = CompileExpressionField(
        src, tree, Field(d, field), -1, text, pack_->environment,
        expr::Type::Of(kind), absl::StrCat(who, " ", field), c_.problems);
    return e;
  }

  // An expression field that must be present.
  LifecycleExpression Required(const TextSource& src, const Tree* tree,
                               const Descriptor* d, const char* field,
                               const std::string& text, expr::TypeKind kind,
                               const std::string& who, FilePosition at) {
    if (text.empty()) {
      Error(src, at, absl::StrCat(who, " has no ", field));
      return {};
    }
    return Compile(src, tree, d, field, text, kind, who, at);
  }

  // ------------------------------------------------------------ files
  void LoadFile(int index) {
    TextSource* src = c_.files->OpenNamed("lifecycle_files", index,
                           c_.pack->lifecycle_files(index), "lifecycle");
    if (src == nullptr) return;
    v1::LifecycleFile file;
    if (!src->Parse(&file, c_.problems)) return;
    const Descriptor* d = v1::LifecycleFile::descriptor();
    if (file.has_elimination()) {
      const FieldDescriptor* f = Field(d, "elimination");
      LoadElimination(*src, src->FieldPosition(nullptr, f),
                      src->Nested(nullptr, f, -1), file.elimination());
    }
    for (int i = 0; i < file.procedure_size(); ++i) {
      const FieldDescriptor* f = Field(d, "procedure");
      LoadProcedure(*src, src->FieldPosition(nullptr, f, i),
                    src->Nested(nullptr, f, i), file.procedure(i));
    }
    if (file.has_visits()) {
      const FieldDescriptor* f = Field(d, "visits");
      LoadVisits(*src, src->FieldPosition(nullptr, f),
                 src->Nested(nullptr, f, -1), file.visits());
    }
    for (int i = 0; i < file.duty_size(); ++i) {
      const FieldDescriptor* f = Field(d, "duty");
      LoadDuty(*src, src->FieldPosition(nullptr, f, i), src->Nested(nullptr, f, i),
               file.duty(i));
    }
    if (!file.has_elimination() && file.procedure_size() == 0 &&
        !file.has_visits() && file.duty_size() == 0) {
      Error(*src, {1, 1},
            "the lifecycle file defines nothing (elimination, procedure, "
            "visits or duty)");
    }
  }

  // ------------------------------------------------------------ elimination
  void LoadElimination(const TextSource& src, FilePosition at, const Tree* tree,
                       const v1::EliminationDefinition& def) {
    if (pack_->elimination != nullptr) {
      Error(src, at,
            "risk elimination is defined twice (in one lifecycle file only, "
            "please)");
      return;
    }
    auto out = std::make_unique<CompiledElimination>();
    out->definition = def;
    out->definition.clear_rule();
    if (def.citation().empty()) Error(src, at, "elimination has no citation");
    if (def.kept_citation().empty()) {
      Error(src, at,
            "elimination has no kept_citation (the clause that keeps "
            "eliminated households "
            "on record, e.g. Plan 1 §5(三))");
    }
    const Descriptor* ed = v1::EliminationDefinition::descriptor();
    const Descriptor* rd = v1::EliminationRule::descriptor();
    bool has_criterion = false;
    for (int i = 0; i < def.rule_size(); ++i) {
      const v1::EliminationRule& r = def.rule(i);
      FilePosition rat = src.FieldPosition(tree, Field(ed, "rule"), i);
      const Tree* rt = src.Nested(tree, Field(ed, "rule"), i);
      CompiledEliminationRule c;
      c.rule = r;
      std::string who;
      Header(src, rat, "elimination rule", r.id(), r.citation(),
             r.description_zh(), r.description_en(), true, &who);
      using R = v1::EliminationRule::RoleCase;
      bool timing = false;
      switch (r.role_case()) {
        case R::kCriterion:
          c.outcome_name = v1::EliminationCriterion_Name(r.criterion());
          has_criterion = true;
          if (r.criterion() == v1::ELIMINATION_CRITERION_UNSPECIFIED)
            c.outcome_name.clear();
          break;
        case R::kBlocker:
          c.outcome_name = v1::EliminationBlocker_Name(r.blocker());
          if (r.blocker() == v1::ELIMINATION_BLOCKER_UNSPECIFIED)
            c.outcome_name.clear();
          break;
        case R::kTiming:
          timing = true;
          c.outcome_name = v1::TimingEffect_Name(r.timing());
          if (r.timing() == v1::TIMING_EFFECT_UNSPECIFIED)
            c.outcome_name.clear();
          break;
        case R::kRecheck:
          c.outcome_name = v1::RecheckRole_Name(r.recheck());
          if (r.recheck() == v1::RECHECK_ROLE_UNSPECIFIED)
            c.outcome_name.clear();
          break;
        case R::kReview:
          c.outcome_name = v1::ReviewFocus_Name(r.review());
          if (r.review() == v1::REVIEW_FOCUS_UNSPECIFIED)
            c.outcome_name.clear();
          break;
        default:
          break;
      }
      if (c.outcome_name.empty()) {
        Error(src, rat,
              absl::StrCat(who,
                           " has no role: give one of criterion, blocker, "
                           "timing, recheck or review (not UNSPECIFIED)"));
      }
      if (timing) {
        if (!r.when().empty()) {
          c.when = Compile(src, rt, rd, "when", r.when(), expr::TypeKind::kBool,
                           who, rat);
        }
        c.not_before = Required(src, rt, rd, "not_before", r.not_before(),
                                expr::TypeKind::kDate, who, rat);
      } else {
        c.when = Required(src, rt, rd, "when", r.when(), expr::TypeKind::kBool,
                          who, rat);
        if (!r.not_before().empty()) {
          Error(src, rat,
                absl::StrCat(who, ": not_before is for timing rules only"));
        }
      }
      out->rules.push_back(std::move(c));
    }
    if (!has_criterion) {
      Error(src, at,
            "elimination has no criterion rule: what must hold for a marking?");
    }
    pack_->elimination = std::move(out);
  }

  // ------------------------------------------------------------ procedures
  void LoadProcedure(const TextSource& src, FilePosition at, const Tree* tree,
                     const v1::ProcedureDefinition& def) {
    CompiledProcedure out;
    out.definition = def;
    out.definition.clear_step();
    out.definition.clear_deadline();
    std::string who;
    Header(src, at, "procedure", def.id(), def.citation(), def.description_zh(),
           def.description_en(), true, &who);
    if (def.kind() == v1::CASE_KIND_UNSPECIFIED) {
      Error(src, at,
            absl::StrCat(who,
                         " has no kind (CASE_KIND_IDENTIFICATION or "
                         "CASE_KIND_RISK_ELIMINATION)"));
    } else if (pack_->ProcedureFor(def.kind()) != nullptr) {
      Error(src, at,
            absl::StrCat(who, ": the pack already has a procedure for ",
                         v1::CaseKind_Name(def.kind())));
    }
    const Descriptor* pd = v1::ProcedureDefinition::descriptor();
    const Descriptor* sd = v1::ProcedureStep::descriptor();
    if (def.step_size() == 0)
      Error(src, at, absl::StrCat(who, " has no steps"));
    for (int i = 0; i < def.step_size(); ++i) {
      const v1::ProcedureStep& s = def.step(i);
      FilePosition sat = src.FieldPosition(tree, Field(pd, "step"), i);
      const Tree* st = src.Nested(tree, Field(pd, "step"), i);
      std::string swho = absl::StrCat(who, " step ", StepName(s.step()));
      CompiledStep c;
      c.step = s;
      if (s.step() == v1::CASE_STEP_UNSPECIFIED) {
        Error(src, sat, absl::StrCat(who, ": a step has no step kind"));
      } else if (out.IndexOf(s.step()) >= 0) {
        Error(src, sat, absl::StrCat(swho, " appears twice"));
      }
      if (s.citation().empty())
        Error(src, sat, absl::StrCat(swho, " has no citation"));
      if (IsNotice(s.step())) {
        c.notice_days = Required(src, st, sd, "notice_days", s.notice_days(),
                                 expr::TypeKind::kInt, swho, sat);
        if (s.notice_day_count() == v1::DAY_COUNT_UNSPECIFIED) {
          Error(
              src, sat,
              absl::StrCat(
                  swho, " has no notice_day_count (calendar or working days)"));
        }
        if (s.notice_day_count() == v1::DAY_COUNT_WORKING_DAYS)
          NoteWorkingDays(src, sat, swho);
      } else if (!s.notice_days().empty()) {
        Error(src, sat,
              absl::StrCat(swho, ": notice_days is for notice steps only"));
      }
      if (s.min_people() < 0)
        Error(src, sat, absl::StrCat(swho, ": min_people is negative"));
      if (!s.not_needed_when().empty()) {
        c.not_needed_when = Compile(src, st, sd, "not_needed_when", s.not_needed_when(),
                                    expr::TypeKind::kBool, swho, sat);
      }
      if (s.parallel_after() != v1::CASE_STEP_UNSPECIFIED) {
        c.must_follow = out.IndexOf(s.parallel_after());
        if (c.must_follow < 0) {
          Error(
              src, sat,
              absl::StrCat(swho, ": parallel_after names ",
                           StepName(s.parallel_after()),
                           ", which is not an earlier step of the procedure"));
        }
      } else {
        for (int j = static_cast<int>(out.steps.size()) - 1; j >= 0; --j) {
          if (out.steps[j].step.parallel_after() == v1::CASE_STEP_UNSPECIFIED) {
            c.must_follow = j;
            break;
          }
        }
      }
      out.steps.push_back(std::move(c));
    }
    const Descriptor* dd = v1::ProcedureDeadline::descriptor();
    for (int i = 0; i < def.deadline_size(); ++i) {
      const v1::ProcedureDeadline& dl = def.deadline(i);
      FilePosition dat = src.FieldPosition(tree, Field(pd, "deadline"), i);
      const Tree* dt = src.Nested(tree, Field(pd, "deadline"), i);
      std::string dwho;
      Header(src, dat, "deadline", dl.id(), dl.citation(), dl.description_zh(),
             dl.description_en(), true, &dwho);
      CompiledDeadline c;
      c.deadline = dl;
      if (dl.from_size() == 0)
        Error(src, dat, absl::StrCat(dwho, " has no from step"));
      for (int f : dl.from()) {
        if (out.IndexOf(f) < 0) {
          Error(src, dat,
                absl::StrCat(dwho, ": from ", StepName(f), " is not a step of ",
                             who));
        }
      }
      c.to_index = out.IndexOf(dl.to());
      if (c.to_index < 0) {
        Error(src, dat,
              absl::StrCat(dwho, ": to ", StepName(dl.to()),
                           " is not a step of ", who));
      }
      c.days = Required(src, dt, dd, "days", dl.days(), expr::TypeKind::kInt,
                        dwho, dat);
      if (dl.day_count() == v1::DAY_COUNT_UNSPECIFIED) {
        Error(
            src, dat,
            absl::StrCat(dwho, " has no day_count (calendar or working days)"));
      }
      if (dl.day_count() == v1::DAY_COUNT_WORKING_DAYS)
        NoteWorkingDays(src, dat, dwho);
      out.deadlines.push_back(std::move(c));
    }
    if (def.has_green_channel()) {
      const v1::GreenChannel& g = def.green_channel();
      FilePosition gat = src.FieldPosition(tree, Field(pd, "green_channel"));
      const Tree* gt = src.Nested(tree, Field(pd, "green_channel"), -1);
      std::string gwho;
      Header(src, gat, "green channel", g.id(), g.citation(),
             g.description_zh(), g.description_en(), true, &gwho);
      out.has_green_channel = true;
      out.green_channel_when =
          Required(src, gt, v1::GreenChannel::descriptor(), "when", g.when(),
                   expr::TypeKind::kBool, gwho, gat);
      if (g.early_steps_size() == 0)
        Error(src, gat, absl::StrCat(gwho, " has no early_steps"));
      for (int s : g.early_steps()) {
        if (out.IndexOf(s) < 0) {
          Error(src, gat,
                absl::StrCat(gwho, ": early step ", StepName(s),
                             " is not a step of ", who));
        }
      }
      if (g.after() != v1::CASE_STEP_UNSPECIFIED &&
          out.IndexOf(g.after()) < 0) {
        Error(src, gat,
              absl::StrCat(gwho, ": after ", StepName(g.after()),
                           " is not a step of ", who));
      }
    }
    pack_->procedures.push_back(std::move(out));
  }

  // ------------------------------------------------------------ visits
  void LoadVisits(const TextSource& src, FilePosition at, const Tree* tree,
                  const v1::VisitDefinition& def) {
    if (pack_->visits != nullptr) {
      Error(src, at,
            "visits are defined twice (in one lifecycle file only, please)");
      return;
    }
    auto out = std::make_unique<CompiledVisits>();
    const Descriptor* vd = v1::VisitDefinition::descriptor();
    const Descriptor* cd = v1::VisitCadence::descriptor();
    if (def.cadence_size() == 0) Error(src, at, "visits have no cadence");
    std::string unconditional;
    for (int i = 0; i < def.cadence_size(); ++i) {
      const v1::VisitCadence& v = def.cadence(i);
      FilePosition cat = src.FieldPosition(tree, Field(vd, "cadence"), i);
      const Tree* ct = src.Nested(tree, Field(vd, "cadence"), i);
      std::string who;
      Header(src, cat, "visit cadence", v.id(), v.citation(),
             v.description_zh(), v.description_en(), true, &who);
      // Cadences are a PRIORITY table: one after a cadence that always
      // holds can never apply.
      if (!unconditional.empty()) {
        Error(src, cat,
              absl::StrCat(who, " can never apply: visit cadence \"",
                           unconditional, "\" before it always holds"));
      }
      if (v.when() == "true") unconditional = v.id();
      CompiledCadence c;
      c.cadence = v;
      c.when = Required(src, ct, cd, "when", v.when(), expr::TypeKind::kBool,
                        who, cat);
      c.interval_months =
          Required(src, ct, cd, "interval_months", v.interval_months(),
                   expr::TypeKind::kInt, who, cat);
      c.since = Required(src, ct, cd, "since", v.since(), expr::TypeKind::kDate,
                         who, cat);
      out->cadences.push_back(std::move(c));
    }
    if (def.has_counting()) {
      const v1::VisitCounting& k = def.counting();
      FilePosition kat = src.FieldPosition(tree, Field(vd, "counting"));
      const Tree* kt = src.Nested(tree, Field(vd, "counting"), -1);
      std::string who;
      Header(src, kat, "visit counting rule", k.id(), k.citation(),
             k.description_zh(), k.description_en(), true, &who);
      out->has_counting = true;
      out->counting = k;
      out->counting_when =
          Required(src, kt, v1::VisitCounting::descriptor(), "when", k.when(),
                   expr::TypeKind::kBool, who, kat);
    }
    pack_->visits = std::move(out);
  }

  // ------------------------------------------------------------ duties
  void LoadDuty(const TextSource& src, FilePosition at, const Tree* tree,
                const v1::DutyDefinition& def) {
    const Descriptor* dd = v1::DutyDefinition::descriptor();
    std::string who;
    Header(src, at, "duty", def.id(), def.citation(), def.description_zh(),
           def.description_en(), true, &who);
    CompiledDuty out;
    out.duty = def;
    out.when = Required(src, tree, dd, "when", def.when(), expr::TypeKind::kBool,
                        who, at);
    if (def.counts_size() == 0) {
      Error(src, at,
            absl::StrCat(who, " counts no records: name at least one DutyKind "
                              "in counts (e.g. counts: DUTY_KIND_SCREENING)"));
    }
    for (int i = 0; i < def.counts_size(); ++i) {
      const int kind = def.counts(i);
      if (kind <= v1::DUTY_KIND_UNSPECIFIED || kind >= 32) {
        Error(src, src.FieldPosition(tree, Field(dd, "counts"), i),
              absl::StrCat(who, " counts DUTY_KIND_UNSPECIFIED, which no record "
                                "may carry"));
        continue;
      }
      out.counted_kinds |= std::uint32_t{1} << kind;
    }
    const bool cadence = !def.interval_months().empty() || !def.since().empty();
    const bool window = !def.window_from().empty() || !def.window_until().empty();
    if (cadence && window) {
      Error(src, at,
            absl::StrCat(who, " has both a cadence (interval_months, since) and "
                              "a window (window_from, window_until): give one"));
    } else if (cadence) {
      out.interval_months = Required(src, tree, dd, "interval_months",
                                     def.interval_months(), expr::TypeKind::kInt,
                                     who, at);
      out.since = Required(src, tree, dd, "since", def.since(),
                           expr::TypeKind::kDate, who, at);
    } else if (window) {
      out.window_from = Required(src, tree, dd, "window_from", def.window_from(),
                                 expr::TypeKind::kDate, who, at);
      out.window_until = Required(src, tree, dd, "window_until",
                                  def.window_until(), expr::TypeKind::kDate, who,
                                  at);
    } else {
      Error(src, at,
            absl::StrCat(who, " has neither a cadence (interval_months and "
                              "since) nor a window (window_from and "
                              "window_until)"));
    }
    if (!def.at_least().empty()) {
      out.at_least = Compile(src, tree, dd, "at_least", def.at_least(),
                             expr::TypeKind::kInt, who, at);
    }
    pack_->duties.push_back(std::move(out));
  }

  // ------------------------------------------------------------ working days
  void NoteWorkingDays(const TextSource& src, FilePosition at,
                       const std::string& who) {
    if (working_days_user_.empty()) {
      working_days_user_ = who;
      working_days_file_ = src.name();
      working_days_at_ = at;
    }
  }

  // Counting working days needs a calendar for every year of the pack's
  // dates (a deadline may run on past the last, and reports it then).
  void CheckWorkingDays() {
    if (working_days_user_.empty()) return;
    auto error = [&](std::string message) {
      c_.problems->Add(working_days_file_, working_days_at_.line,
                       working_days_at_.column, std::move(message));
    };
    if (calendar_ == nullptr) {
      error(absl::StrCat(
          working_days_user_,
          " counts working days, but the pack has no calendar_files"));
      return;
    }
    for (int year = static_cast<int>(c_.valid_from.year());
         year <= static_cast<int>(c_.valid_until.year()); ++year) {
      if (!calendar_->HasYear(year)) {
        error(absl::StrCat(working_days_user_,
                           " counts working days, but the calendar has no ",
                           year, ", a year of the pack's dates (it covers ",
                           calendar_->YearsText(), ")"));
      }
    }
  }

  const LifecycleLoadContext& c_;
  std::shared_ptr<LifecyclePack> pack_;
  std::shared_ptr<WorkingCalendar> calendar_;
  std::map<std::string, std::string> ids_;
  std::string working_days_user_;
  std::string working_days_file_;
  FilePosition working_days_at_;
};

}  // namespace

void LoadLifecycle(const LifecycleLoadContext& context,
                   std::shared_ptr<const LifecyclePack>* lifecycle,
                   std::shared_ptr<const WorkingCalendar>* calendar) {
  LifecycleLoader(context).Run(lifecycle, calendar);
}

}  // namespace povmon
