#include "src/presentation/lifecycle_explain.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "povmon/explain.h"
#include "src/base/date.h"
#include "src/calendar/day_count.h"
#include "src/policy/lifecycle_pack.h"
#include "src/policy/policy_impl.h"

namespace povmon {
namespace {

const char* StatusZh(v1::EliminationStatus s) {
  switch (s) {
    case v1::ELIMINATION_STATUS_NOT_MONITORED:
      return "非監測對象";
    case v1::ELIMINATION_STATUS_MAY_BE_ELIMINATED:
      return "可按程序標注風險消除";
    case v1::ELIMINATION_STATUS_TRACKED_ATTENTION:
      return "跟蹤關注";
    case v1::ELIMINATION_STATUS_NOT_YET:
      return "暫不能標注風險消除";
    case v1::ELIMINATION_STATUS_BLOCKED:
      return "不予標注風險消除";
    case v1::ELIMINATION_STATUS_ELIMINATED:
      return "已標注風險消除(保留信息)";
    case v1::ELIMINATION_STATUS_REVERT:
      return "應回退風險消除標注";
    case v1::ELIMINATION_STATUS_REIDENTIFY:
      return "應按識別程序再認定";
    case v1::ELIMINATION_STATUS_NEWLY_IDENTIFIED:
      return "新識別,尚未納入監測";
    default:
      return "未判定";
  }
}

const char* StatusEn(v1::EliminationStatus s) {
  switch (s) {
    case v1::ELIMINATION_STATUS_NOT_MONITORED:
      return "not a monitored household";
    case v1::ELIMINATION_STATUS_MAY_BE_ELIMINATED:
      return "may be marked eliminated, by the procedure";
    case v1::ELIMINATION_STATUS_TRACKED_ATTENTION:
      return "tracked attention";
    case v1::ELIMINATION_STATUS_NOT_YET:
      return "not yet";
    case v1::ELIMINATION_STATUS_BLOCKED:
      return "not while a blocker holds";
    case v1::ELIMINATION_STATUS_ELIMINATED:
      return "marked eliminated, kept on record";
    case v1::ELIMINATION_STATUS_REVERT:
      return "revert the marking";
    case v1::ELIMINATION_STATUS_REIDENTIFY:
      return "a risk recurred: identify again from the start";
    case v1::ELIMINATION_STATUS_NEWLY_IDENTIFIED:
      return "newly identified, not yet in monitoring (the entry procedure comes "
             "first): no elimination question yet";
    default:
      return "undecided";
  }
}

const char* BlockerAction(v1::EliminationBlocker b) {
  switch (b) {
    case v1::ELIMINATION_BLOCKER_INCOME_BELOW_FLOOR:
      return "不得標注 never marked while it holds";
    case v1::ELIMINATION_BLOCKER_NO_LABOUR_CAPACITY:
      return "暫不標注,持續跟蹤 not marked for now; keep tracking";
    case v1::ELIMINATION_BLOCKER_WEAK_STABILITY:
      return "繼續幫扶,穩定後再履行程序 continue assistance; the procedure "
             "once stable";
    default:
      return "";
  }
}

const char* CaseKindText(v1::CaseKind k) {
  switch (k) {
    case v1::CASE_KIND_IDENTIFICATION:
      return "識別納入 identification";
    case v1::CASE_KIND_RISK_ELIMINATION:
      return "風險消除 risk elimination";
    default:
      return "未定 unspecified";
  }
}

const char* DeadlineStateText(v1::DeadlineState s) {
  switch (s) {
    case v1::DEADLINE_STATE_NOT_STARTED:
      return "未開始 not started";
    case v1::DEADLINE_STATE_RUNNING:
      return "進行中 running";
    case v1::DEADLINE_STATE_DUE_TODAY:
      return "今日到期 due today";
    case v1::DEADLINE_STATE_OVERDUE:
      return "已逾期 OVERDUE";
    case v1::DEADLINE_STATE_MET:
      return "按時完成 met";
    case v1::DEADLINE_STATE_MISSED:
      return "逾期完成 done late";
    default:
      return "";
  }
}

const char* VisitStateText(v1::VisitState s) {
  switch (s) {
    case v1::VISIT_STATE_NO_CADENCE:
      return "無適用頻次 no cadence applies";
    case v1::VISIT_STATE_VISITED:
      return "本期已走訪 visited this period";
    case v1::VISIT_STATE_DUE:
      return "本期應走訪 due this period";
    case v1::VISIT_STATE_DUE_TODAY:
      return "今日到期 due today";
    case v1::VISIT_STATE_OVERDUE:
      return "已逾期 OVERDUE";
    default:
      return "";
  }
}

const char* ReviewFocusText(v1::ReviewFocus f) {
  switch (f) {
    case v1::REVIEW_FOCUS_EXTREME_POVERTY_SUPPORT:
      return "特困供養 extreme-poverty support";
    case v1::REVIEW_FOCUS_DIBAO:
      return "低保 dibao";
    case v1::REVIEW_FOCUS_MULTIPLE_RISKS:
      return "存在多種風險 several risks";
    default:
      return "";
  }
}

const char* DutyStateText(v1::DutyState s) {
  switch (s) {
    case v1::DUTY_STATE_DONE:
      return "本期已完成 done this period";
    case v1::DUTY_STATE_DUE:
      return "本期應完成 due this period";
    case v1::DUTY_STATE_DUE_TODAY:
      return "今日到期 due today";
    case v1::DUTY_STATE_OVERDUE:
      return "已逾期 OVERDUE";
    default:
      return "";
  }
}

std::string CadenceText(int months) {
  switch (months) {
    case 1:
      return "每月至少一次 at least once a month";
    case 6:
      return "每半年至少一次 at least once every half-year";
    case 12:
      return "每年至少一次 at least once a year";
    default:
      return absl::StrCat("每", months, "個月至少一次 at least once every ",
                          months, " months");
  }
}

std::string Step(int step) {
  return absl::StrCat(CaseStepZh(step), " ", CaseStepEn(step));
}

std::string ValueText(const v1::Comparison& c, std::int64_t v) {
  switch (c.kind()) {
    case v1::VALUE_KIND_MONEY:
      return FormatYuan(v);
    case v1::VALUE_KIND_DATE:
      return FormatDate(DayFromEpochDays(v));
    case v1::VALUE_KIND_BOOL:
      return v ? "true" : "false";
    case v1::VALUE_KIND_ENUM: {
      const google::protobuf::EnumDescriptor* e =
          google::protobuf::DescriptorPool::generated_pool()
              ->FindEnumTypeByName(c.enum_type());
      const google::protobuf::EnumValueDescriptor* ev =
          e == nullptr ? nullptr : e->FindValueByNumber(static_cast<int>(v));
      return ev == nullptr ? std::to_string(v) : ev->name();
    }
    default:
      return std::to_string(v);
  }
}

class Writer {
 public:
  Writer(const v1::Decision& d, const Policy& policy, std::string* out)
      : d_(d), pack_(PolicyImpl::Of(policy).lifecycle.get()), out_(out) {}

  void Run() {
    if (d_.has_elimination()) Elimination(d_.elimination());
    if (d_.has_procedure()) Procedure(d_.procedure());
    if (d_.has_visits()) Visits(d_.visits());
    for (const v1::DutyStatus& duty : d_.duties()) Duty(duty);
  }

 private:
  // The rule's descriptions and, at full trace level, what it compared.
  void RuleLines(const std::string& id, const std::string& indent) {
    const LifecycleText* text = pack_ == nullptr ? nullptr : pack_->Text(id);
    if (text != nullptr) {
      absl::StrAppend(out_, indent, text->description_zh, "\n");
      absl::StrAppend(out_, indent, text->description_en, "\n");
    }
    for (const v1::TraceEntry& e : d_.trace()) {
      if (e.rule_id() != id) continue;
      for (const v1::Comparison& c : e.compared()) {
        std::string left = ValueText(c, c.left()),
                    right = ValueText(c, c.right());
        absl::StrAppend(out_, indent,
                        c.left_text() == left
                            ? left
                            : absl::StrCat(c.left_text(), " = ", left),
                        "  ", c.op(), "  ",
                        c.right_text() == right
                            ? right
                            : absl::StrCat(c.right_text(), " = ", right),
                        "  → ", c.result() ? "true" : "false", "\n");
      }
      break;
    }
  }

  void Elimination(const v1::EliminationAssessment& a) {
    absl::StrAppend(out_, "  風險消除 Risk elimination",
                    a.citation().empty() ? "" : " (", a.citation(),
                    a.citation().empty() ? "" : ")", ": ", StatusZh(a.status()),
                    " — ", StatusEn(a.status()));
    if (!a.earliest_date().empty()) {
      absl::StrAppend(out_,
                      a.status() == v1::ELIMINATION_STATUS_TRACKED_ATTENTION
                          ? "; 評估日 assess again on "
                          : "; 最早 earliest ",
                      a.earliest_date());
    }
    absl::StrAppend(out_, "\n");
    const v1::LifecycleFacts& f = a.lifecycle();
    if (f.status() == v1::MONITORING_STATUS_MONITORED) {
      absl::StrAppend(out_, "    監測自 monitored since ", f.monitored_since(),
                      " (", f.months_monitored(), " 個月 whole months)");
    } else if (f.status() == v1::MONITORING_STATUS_RISK_ELIMINATED) {
      absl::StrAppend(out_, "    監測自 monitored since ", f.monitored_since(),
                      ", 標注風險消除 marked eliminated on ",
                      f.risk_eliminated_on());
    }
    if (f.status() != v1::MONITORING_STATUS_NOT_MONITORED) {
      absl::StrAppend(out_, "; 措施 measures ", f.measures(), " (",
                      f.measures_started(), " started",
                      f.first_measure_start().empty() ? "" : ", first ",
                      f.first_measure_start(),
                      f.last_measure_start().empty() ? "" : ", last ",
                      f.last_measure_start(), ")\n");
    }
    for (const v1::CriterionResult& r : a.criteria()) {
      absl::StrAppend(out_, "    ",
                      r.met() ? "✓ 達標 met     " : "✗ 未達標 unmet ",
                      v1::EliminationCriterion_Name(r.criterion()), " — rule ",
                      r.rule_id(), " (", r.citation(), ")\n");
      RuleLines(r.rule_id(), "        ");
    }
    for (const v1::BlockerHit& b : a.blockers()) {
      absl::StrAppend(out_, "    ⛔ 阻卻 blocker ",
                      v1::EliminationBlocker_Name(b.blocker()), ": ",
                      BlockerAction(b.blocker()), " — rule ", b.rule_id(), " (",
                      b.citation(), ")\n");
      RuleLines(b.rule_id(), "        ");
    }
    for (const v1::ReviewFocusHit& r : a.close_review()) {
      absl::StrAppend(out_, "    ◎ 重點審查 close review by the county: ",
                      ReviewFocusText(r.focus()), " — rule ", r.rule_id(), " (",
                      r.citation(), ")\n");
      RuleLines(r.rule_id(), "        ");
    }
    for (const v1::TimingResult& t : a.timing()) {
      absl::StrAppend(out_, "    ",
                      t.met() ? "✓ 時限已到 met     " : "✗ 時限未到 not yet ",
                      t.effect() == v1::TIMING_EFFECT_TRACKED_ATTENTION
                          ? "(跟蹤關注 tracked) "
                          : "",
                      "from ", t.not_before(), " — rule ", t.rule_id(), " (",
                      t.citation(), ")\n");
      RuleLines(t.rule_id(), "        ");
    }
    for (const v1::RecheckResult& r : a.recheck()) {
      const char* mark =
          r.role() == v1::RECHECK_ROLE_CRITERION
              ? (r.holds() ? "✓ 穩定 holds   " : "✗ 不穩定 fails ")
              : (r.holds() ? "! 成立 holds   " : "  不成立 no     ");
      absl::StrAppend(out_, "    ", mark, v1::RecheckRole_Name(r.role()),
                      " — rule ", r.rule_id(), " (", r.citation(), ")\n");
      RuleLines(r.rule_id(), "        ");
    }
    if (f.status() == v1::MONITORING_STATUS_RISK_ELIMINATED &&
        !a.kept_citation().empty()) {
      absl::StrAppend(out_,
                      "    標注後保留信息,不做清退 the marking keeps the "
                      "record; it is never deleted (",
                      a.kept_citation(), ")\n");
    }
  }

  void Procedure(const v1::ProcedureStatus& p) {
    if (p.cases_size() == 0) {
      absl::StrAppend(
          out_, "  程序 Procedure: 無案件記錄 the household records no case\n");
      return;
    }
    for (const v1::CaseStatus& cs : p.cases()) {
      absl::StrAppend(out_, "  程序 Procedure: case ",
                      cs.case_id().empty() ? "(no id)" : cs.case_id(), " — ",
                      CaseKindText(cs.kind()));
      if (!cs.procedure_id().empty()) {
        absl::StrAppend(
            out_, ", ", cs.procedure_id(), " (", cs.citation(),
            "): ", cs.complete() ? "已完成 complete" : "進行中 in progress");
      }
      absl::StrAppend(out_, "\n");
      if (cs.green_channel()) {
        absl::StrAppend(out_,
                        "    綠色通道 green channel open: "
                        "先落實幫扶措施、後履行程序 help first, "
                        "procedure after — rule ",
                        cs.green_channel_rule(), " (",
                        cs.green_channel_citation(), ")\n");
      }
      if (!cs.complete() && cs.next_step() != v1::CASE_STEP_UNSPECIFIED) {
        absl::StrAppend(out_, "    下一步 next: ", Step(cs.next_step()));
        if (!cs.next_not_before().empty()) {
          absl::StrAppend(out_, ", 不早於 not before ", cs.next_not_before());
        }
        if (!cs.next_due().empty()) {
          absl::StrAppend(out_, ", 須於 due by ", cs.next_due(), " (deadline ",
                          cs.next_due_deadline(), ")");
        }
        absl::StrAppend(out_, "\n");
      }
      for (const v1::NoticeStatus& n : cs.notices()) {
        absl::StrAppend(out_, "    公示 notice ", Step(n.step()), ": from ",
                        n.start(), n.end().empty() ? "" : " to ", n.end(),
                        "; 須 ", n.required_days(), DayCountZh(n.day_count()),
                        " required ", n.required_days(), " ",
                        DayCountEn(n.day_count()), ", 最早結束 shortest end ",
                        n.earliest_end());
        if (n.counted_days() > 0)
          absl::StrAppend(out_, ", counted ", n.counted_days());
        if (n.in_force()) absl::StrAppend(out_, " [公示中 in force]");
        if (n.too_short()) absl::StrAppend(out_, " [不足 TOO SHORT]");
        absl::StrAppend(out_, " (", n.citation(), ")\n");
      }
      for (const v1::DeadlineStatus& ds : cs.deadlines()) {
        absl::StrAppend(out_, "    時限 deadline ", ds.id(), ": ", ds.days(),
                        DayCountZh(ds.day_count()), " ", ds.days(), " ",
                        DayCountEn(ds.day_count()), " to ", Step(ds.to()));
        if (!ds.from_date().empty()) {
          absl::StrAppend(out_, ", from ", ds.from_date(), ", due ", ds.due());
        }
        if (!ds.done_on().empty())
          absl::StrAppend(out_, ", done ", ds.done_on());
        absl::StrAppend(out_, ": ", DeadlineStateText(ds.state()), " (",
                        ds.citation(), ")\n");
        RuleLines(ds.id(), "        ");
      }
      for (const v1::ProcedureFinding& f : cs.findings()) Finding(f);
    }
  }

  void Finding(const v1::ProcedureFinding& f) {
    std::string cite =
        f.citation().empty() ? "" : absl::StrCat(" (", f.citation(), ")");
    absl::StrAppend(out_, "    ");
    switch (f.kind()) {
      case v1::PROCEDURE_FINDING_KIND_OVERDUE:
        absl::StrAppend(out_, "! 逾期 overdue: ", Step(f.step()),
                        " was due by ", f.date(), " (deadline ", f.rule_id(),
                        ")", cite);
        break;
      case v1::PROCEDURE_FINDING_KIND_LATE:
        absl::StrAppend(out_, "! 超時 late: ", Step(f.step()), " on ", f.date(),
                        ", due by ", f.other_date(), " (deadline ", f.rule_id(),
                        ")", cite);
        break;
      case v1::PROCEDURE_FINDING_KIND_OUT_OF_ORDER:
        absl::StrAppend(out_, "! 順序錯誤 out of order: ", Step(f.step()),
                        " on ", f.date(), ", but it must follow ",
                        Step(f.other_step()), " (not before ", f.other_date(),
                        ")", cite);
        break;
      case v1::PROCEDURE_FINDING_KIND_SKIPPED:
        absl::StrAppend(out_, "! 缺少步驟 skipped: ", Step(f.step()),
                        " is not recorded, but ", Step(f.other_step()), " is (",
                        f.date(), ")", cite);
        break;
      case v1::PROCEDURE_FINDING_KIND_NOT_NEEDED:
        absl::StrAppend(out_, "  無需此步驟 not needed for this household: ",
                        Step(f.step()), cite);
        break;
      case v1::PROCEDURE_FINDING_KIND_SHORT_NOTICE:
        absl::StrAppend(
            out_, "! 公示時間不足 notice too short: ", Step(f.step()), " from ",
            f.date(), " ran ", f.actual(), " of the ", f.required(),
            " days required (shortest end ", f.other_date(), ")", cite);
        break;
      case v1::PROCEDURE_FINDING_KIND_NO_AUTHORISATION:
        absl::StrAppend(out_, "! 未簽授權書 no signed authorisation: ",
                        Step(f.step()), " on ", f.date(), cite);
        break;
      case v1::PROCEDURE_FINDING_KIND_TOO_FEW_PEOPLE:
        absl::StrAppend(out_, "! 人數不足 too few people: ", Step(f.step()),
                        " on ", f.date(), " by ", f.actual(), ", at least ",
                        f.required(), cite);
        break;
      case v1::PROCEDURE_FINDING_KIND_EARLY_BY_GREEN_CHANNEL:
        absl::StrAppend(
            out_, "  綠色通道提前 early by the green channel: ", Step(f.step()),
            " on ", f.date(), " before ", Step(f.other_step()), " (rule ",
            f.rule_id(), ")", cite);
        break;
      case v1::PROCEDURE_FINDING_KIND_NOT_IN_PROCEDURE:
        absl::StrAppend(out_, "  非本程序步驟 not a step of this procedure: ",
                        Step(f.step()), " on ", f.date());
        break;
      case v1::PROCEDURE_FINDING_KIND_NO_PROCEDURE:
        absl::StrAppend(out_,
                        "  政策包無此類程序 the pack has no procedure for this "
                        "kind of case");
        break;
      default:
        break;
    }
    absl::StrAppend(out_, "\n");
  }

  void Visits(const v1::VisitSchedule& v) {
    absl::StrAppend(out_, "  走訪 Visits: ", VisitStateText(v.state()));
    if (v.state() == v1::VISIT_STATE_NO_CADENCE) {
      absl::StrAppend(out_, "\n");
      return;
    }
    absl::StrAppend(out_,
                    v.state() == v1::VISIT_STATE_OVERDUE
                        ? ", 應於 was due by "
                        : ", 下次 next due by ",
                    v.next_due(), "\n    頻次 cadence ", v.cadence_rule_id(),
                    " (", v.citation(), "): ", CadenceText(v.interval_months()),
                    ", from ", v.since(), "\n");
    RuleLines(v.cadence_rule_id(), "        ");
    absl::StrAppend(out_, "    本期 period ", v.period_start(), " – ",
                    v.period_end(), ": ", v.visits_in_period(), " visit(s)");
    if (!v.last_visit().empty())
      absl::StrAppend(out_, "; 上次 last ", v.last_visit());
    absl::StrAppend(out_, "\n");
    if (!v.counting_rule_id().empty()) {
      absl::StrAppend(out_, "    計入 counted visits: rule ",
                      v.counting_rule_id(), " (", v.counting_citation(), ")\n");
      RuleLines(v.counting_rule_id(), "        ");
    }
    MissedSpans(v.missed(), "漏訪 missed");
  }

  // A periodic duty (digest §5): its state, cadence or window, and the
  // periods that ended short.
  void Duty(const v1::DutyStatus& v) {
    absl::StrAppend(out_, "  定期工作 Duty ", v.duty_id(), " (", v.citation(),
                    "): ", DutyStateText(v.state()));
    if (!v.next_due().empty()) {
      absl::StrAppend(out_,
                      v.state() == v1::DUTY_STATE_OVERDUE ? ", 應於 was due by "
                                                         : ", 下次 next due by ",
                      v.next_due());
    }
    absl::StrAppend(out_, "\n");
    RuleLines(v.duty_id(), "        ");
    absl::StrAppend(out_, "    ",
                    v.interval_months() > 0
                        ? absl::StrCat("本期 period ", v.period_start(), " – ",
                                       v.period_end(), " (",
                                       CadenceText(v.interval_months()), ")")
                        : absl::StrCat("時限 window ", v.period_start(), " – ",
                                       v.period_end()),
                    ": ", v.done_in_period(), " of ", v.at_least(), " done");
    if (!v.last_done().empty())
      absl::StrAppend(out_, "; 上次 last ", v.last_done());
    absl::StrAppend(out_, "\n");
    MissedSpans(v.missed(), "未完成 not done");
  }

  // Consecutive missed periods are printed as one span.
  void MissedSpans(
      const google::protobuf::RepeatedPtrField<v1::VisitPeriod>& missed,
      const char* label) {
    for (int i = 0; i < missed.size();) {
      int j = i;
      while (j + 1 < missed.size() &&
             ParseDate(missed[j + 1].start()) ==
                 std::optional<absl::CivilDay>(*ParseDate(missed[j].end()) + 1)) {
        ++j;
      }
      absl::StrAppend(out_, "    ! ", label, " ", missed[i].start(), " – ",
                      missed[j].end());
      if (j > i) absl::StrAppend(out_, " (", j - i + 1, " periods)");
      absl::StrAppend(out_, "\n");
      i = j + 1;
    }
  }

  const v1::Decision& d_;
  const LifecyclePack* pack_;
  std::string* out_;
};

}  // namespace

const char* CaseStepZh(int step) {
  switch (step) {
    case v1::CASE_STEP_CLUE:
      return "線索";
    case v1::CASE_STEP_APPLICATION:
      return "申請及授權";
    case v1::CASE_STEP_ANALYSIS:
      return "分析研判";
    case v1::CASE_STEP_VILLAGE_PROPOSAL:
      return "村提名";
    case v1::CASE_STEP_HOME_VERIFICATION:
      return "入戶核實";
    case v1::CASE_STEP_VILLAGE_REVIEW:
      return "村民主評議";
    case v1::CASE_STEP_VILLAGE_NOTICE:
      return "村內公示";
    case v1::CASE_STEP_TOWNSHIP_AUDIT:
      return "鄉鎮審核";
    case v1::CASE_STEP_TOWNSHIP_NOTICE:
      return "鄉級公示";
    case v1::CASE_STEP_DATA_COMPARISON:
      return "部門比對";
    case v1::CASE_STEP_COUNTY_DECISION:
      return "縣(市)級審定";
    case v1::CASE_STEP_ANNOUNCEMENT:
      return "公告";
    case v1::CASE_STEP_SYSTEM_ENTRY:
      return "系統錄入";
    case v1::CASE_STEP_ASSISTANCE_PLAN:
      return "幫扶計劃";
    case v1::CASE_STEP_HOUSEHOLD_CONSENT:
      return "農戶認可";
    default:
      return "未定";
  }
}

const char* CaseStepEn(int step) {
  switch (step) {
    case v1::CASE_STEP_CLUE:
      return "clue";
    case v1::CASE_STEP_APPLICATION:
      return "application and authorisation";
    case v1::CASE_STEP_ANALYSIS:
      return "township analysis";
    case v1::CASE_STEP_VILLAGE_PROPOSAL:
      return "village proposal";
    case v1::CASE_STEP_HOME_VERIFICATION:
      return "home verification";
    case v1::CASE_STEP_VILLAGE_REVIEW:
      return "village review";
    case v1::CASE_STEP_VILLAGE_NOTICE:
      return "village notice";
    case v1::CASE_STEP_TOWNSHIP_AUDIT:
      return "township audit";
    case v1::CASE_STEP_TOWNSHIP_NOTICE:
      return "township notice";
    case v1::CASE_STEP_DATA_COMPARISON:
      return "data comparison";
    case v1::CASE_STEP_COUNTY_DECISION:
      return "county decision";
    case v1::CASE_STEP_ANNOUNCEMENT:
      return "announcement";
    case v1::CASE_STEP_SYSTEM_ENTRY:
      return "system entry";
    case v1::CASE_STEP_ASSISTANCE_PLAN:
      return "assistance plan";
    case v1::CASE_STEP_HOUSEHOLD_CONSENT:
      return "household consent";
    default:
      return "unspecified";
  }
}

void AppendLifecycleExplanation(const v1::Decision& decision,
                                const Policy& policy, std::string* out) {
  Writer(decision, policy, out).Run();
}

}  // namespace povmon
