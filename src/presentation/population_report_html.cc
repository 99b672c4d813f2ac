// The county officer's report as one HTML page (include/povmon/population_report.h).
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "povmon/population_report.h"
#include "src/base/money.h"
#include "src/language/chinese_script.h"
#include "src/presentation/notice_redaction.h"

namespace povmon {
namespace {

// A text a pack or a region file supplies stands in the page as this mark,
// its number and the mark again until the page's own words are in the
// reader's script (an ASCII control character: no converter touches it, and
// Escape drops it from every text the page prints).
constexpr char kHeld = '\x01';

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case kHeld: break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// A text a region file supplies as the page shows it: cleared of the shapes
// of personal data as a public notice is (digit runs, 年月日 dates), and
// escaped. The region files are the county's own lists and may carry a
// contact's telephone number.
std::string Supplied(std::string_view text) { return Escape(RedactPatterns(text)); }

// A whole number with thousands separators.
std::string Count(std::int64_t n) {
  std::string digits = absl::StrCat(n);
  std::size_t start = (n < 0) ? 1 : 0;
  std::string out = digits.substr(0, start);
  for (std::size_t i = start; i < digits.size(); ++i) {
    if (i > start && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// num / den as a percentage with two decimals, rounded down; "—" when den is 0.
std::string Share(std::int64_t num, std::int64_t den) {
  if (den <= 0) return "—";
  __int128 bp = static_cast<__int128>(num) * 10000 / den;
  std::int64_t v = static_cast<std::int64_t>(bp);
  return absl::StrFormat("%d.%02d%%", v / 100, v % 100);
}

// The bar width (0-100) of `value` against `max`.
int Width(std::int64_t value, std::int64_t max) {
  if (max <= 0 || value <= 0) return 0;
  return std::max<int>(1, static_cast<int>(static_cast<__int128>(value) * 100 / max));
}

const char* CategoryName(v1::Category c) {
  switch (c) {
    case v1::CATEGORY_NONE: return "非监测对象";
    case v1::CATEGORY_UNSTABLE_LIFTED_OUT: return "脱贫不稳定户";
    case v1::CATEGORY_MARGINAL_AT_RISK: return "边缘易致贫户";
    case v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP: return "突发严重困难户";
    default: return "未判定";
  }
}

const char* RiskName(v1::RiskType r) {
  switch (r) {
    case v1::RISK_TYPE_ILLNESS: return "因病";
    case v1::RISK_TYPE_SCHOOLING: return "因学";
    case v1::RISK_TYPE_DISABILITY: return "因残";
    case v1::RISK_TYPE_NATURAL_DISASTER: return "因自然灾害";
    case v1::RISK_TYPE_ACCIDENT: return "因意外事故";
    case v1::RISK_TYPE_INDUSTRY_FAILURE: return "因产业失败";
    case v1::RISK_TYPE_UNSTABLE_EMPLOYMENT: return "因务工就业不稳";
    case v1::RISK_TYPE_LACK_OF_LABOUR: return "缺劳动力";
    case v1::RISK_TYPE_UNSAFE_HOUSING: return "住房安全";
    case v1::RISK_TYPE_UNSAFE_DRINKING_WATER: return "饮水安全";
    case v1::RISK_TYPE_CHILD_OUT_OF_SCHOOL: return "义务教育辍学";
    case v1::RISK_TYPE_LARGE_RIGID_EXPENDITURE: return "刚性支出较大";
    case v1::RISK_TYPE_INCOME_DROP: return "收入大幅缩减";
    case v1::RISK_TYPE_OTHER: return "其他";
    default: return "未注明";
  }
}

const char* NegativeListName(v1::NegativeListItem i) {
  switch (i) {
    case v1::NEGATIVE_LIST_ITEM_PUBLIC_BODY_SALARY: return "有成员在国家机关或企事业单位工作且有稳定工资";
    case v1::NEGATIVE_LIST_ITEM_VILLAGE_SECRETARY_OR_DIRECTOR: return "有成员任村党支部书记或村委会主任";
    case v1::NEGATIVE_LIST_ITEM_TOWN_HOUSING_OR_SHOP: return "在城镇购买商品房或门市房";
    case v1::NEGATIVE_LIST_ITEM_VEHICLE_OR_MACHINERY: return "拥有非生产经营用车辆或大型农机";
    case v1::NEGATIVE_LIST_ITEM_ENTERPRISE: return "有成员开办企业";
    case v1::NEGATIVE_LIST_ITEM_HIGH_FEE_SCHOOLING: return "子女自费就读高收费学校";
    case v1::NEGATIVE_LIST_ITEM_LARGE_DEPOSITS: return "有大额存款";
    case v1::NEGATIVE_LIST_ITEM_WEALTHY_SUPPORTERS: return "赡养人或扶养人有能力";
    case v1::NEGATIVE_LIST_ITEM_MISCONDUCT: return "因违法违纪等原因";
    case v1::NEGATIVE_LIST_ITEM_ABLE_BUT_NOT_WORKING: return "有劳动能力不务工";
    case v1::NEGATIVE_LIST_ITEM_REFUSES_ASSET_CHECK: return "拒不配合核查家庭财产";
    case v1::NEGATIVE_LIST_ITEM_ABSENT_OVER_A_YEAR: return "外出一年以上";
    default: return "其他";
  }
}

const char* BasisName(v1::AmountBasis b) {
  switch (b) {
    case v1::AMOUNT_BASIS_ONE_OFF: return "一次性";
    case v1::AMOUNT_BASIS_PER_YEAR: return "每年";
    case v1::AMOUNT_BASIS_PER_TERM: return "每学期";
    case v1::AMOUNT_BASIS_PER_MONTH: return "每月";
    case v1::AMOUNT_BASIS_LOAN_CEILING: return "贷款额度";
    default: return "—";
  }
}

const char* OutcomeName(v1::PopulationOutcome o) {
  switch (o) {
    case v1::POPULATION_OUTCOME_FOCUS: return "重点关注";
    case v1::POPULATION_OUTCOME_VETO: return "一票否决";
    case v1::POPULATION_OUTCOME_WARNING: return "提示";
    case v1::POPULATION_OUTCOME_SPOT_CHECK: return "抽查";
    default: return "—";
  }
}

const char* LevelName(v1::RegionLevel l) {
  switch (l) {
    case v1::REGION_LEVEL_PROVINCE: return "省";
    case v1::REGION_LEVEL_COUNTY: return "县(市、区)";
    case v1::REGION_LEVEL_TOWNSHIP: return "乡镇(街道)";
    case v1::REGION_LEVEL_VILLAGE: return "村";
    default: return "地区";
  }
}

const std::string& CodeAt(const v1::RegionCodes& codes, v1::RegionLevel level) {
  switch (level) {
    case v1::REGION_LEVEL_PROVINCE: return codes.province();
    case v1::REGION_LEVEL_COUNTY: return codes.county();
    case v1::REGION_LEVEL_TOWNSHIP: return codes.township();
    default: return codes.village();
  }
}

// Yuan with thousands separators ("150,000.00"; FormatYuan groups them).
std::string Money(std::int64_t fen) { return FormatYuan(fen); }

// The first `bytes` bytes of `text`, fewer where that would cut a UTF-8
// character (a revision read from a file may be any text).
std::string Prefix(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

// a + b, or a with *overflow set when the sum does not fit: a report read
// from a file (povmon report --from-summary) may hold figures whose totals
// do not.
std::int64_t Plus(std::int64_t a, std::int64_t b, bool* overflow) {
  std::int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) {
    *overflow = true;
    return a;
  }
  return sum;
}

class Page {
 public:
  Page(const v1::PopulationReport& report, Language language)
      : r_(report), language_(language) {
    for (const v1::RegionInfo& info : report.regions()) {
      places_[{info.level(), info.code()}] = &info;
    }
    for (const v1::PopulationRule& rule : report.rules()) rules_[rule.id()] = &rule;
    for (const v1::RegionTally& t : report.summary().regions()) {
      by_level_[t.level()].push_back(&t);
      if (t.level() == v1::REGION_LEVEL_PROVINCE) AddTotals(t.counts());
    }
    // A pack with Plan 6's screening counts declines as the screening found
    // them (since 1 October against the same period a year earlier); the
    // others by the rolling income change of the facts.
    screening_ = total_.screening_compared_households() > 0;
    for (const auto& [key, d] : departments_) {
      if (d.basis() != v1::AMOUNT_BASIS_LOAN_CEILING) {
        amount_fen_ = Plus(amount_fen_, d.total_fen(), &overflow_);
      }
    }
  }

  // Whether a total of the report's figures does not fit in 64 bits.
  bool overflowed() const { return overflow_; }

  std::int64_t Declined(const v1::RegionCounts& c) const {
    return screening_ ? c.screening_declined_households() : c.income_declined_households();
  }
  std::int64_t Compared(const v1::RegionCounts& c) const {
    return screening_ ? c.screening_compared_households() : c.income_compared_households();
  }

  std::string Render() {
    Head();
    Headline();
    Flagged();
    PlaceTable(v1::REGION_LEVEL_COUNTY, "counties", "按县(市、区)");
    TownshipChart();
    PlaceTable(v1::REGION_LEVEL_TOWNSHIP, "townships", "按乡镇(街道)");
    PlaceTable(v1::REGION_LEVEL_VILLAGE, "villages", "按村");
    DelistedVillages();
    Mix();
    Departments();
    Measures();
    Notes();
    out_ += "</main>\n</body>\n</html>\n";
    return std::move(out_);
  }

  // The rendered page in the page's language: for zh-Hans the supplied
  // texts converted (packs are written in Traditional; povmon's own words
  // are Simplified already), for zh-Hant the whole page, each text once.
  absl::StatusOr<std::string> InLanguage(const std::string& page) const {
    std::string out;
    out.reserve(page.size());
    std::size_t at = 0;
    while (at < page.size()) {
      std::size_t mark = page.find(kHeld, at);
      if (mark == std::string::npos) {
        out.append(page, at, std::string::npos);
        break;
      }
      out.append(page, at, mark - at);
      std::size_t end = page.find(kHeld, mark + 1);
      std::size_t index = 0;
      bool number = end != std::string::npos && end > mark + 1 && end - mark < 12;
      for (std::size_t i = mark + 1; number && i < end; ++i) {
        number = page[i] >= '0' && page[i] <= '9';
        index = index * 10 + static_cast<std::size_t>(page[i] - '0');
      }
      if (!number || index >= held_.size()) {
        return absl::InternalError("population report: a held text's mark is broken");
      }
      if (language_ == Language::kSimplifiedChinese) {
        absl::StatusOr<std::string> converted = TraditionalToSimplified(held_[index].text);
        if (!converted.ok()) return converted.status();
        out += Shown(held_[index], *converted);
      } else {
        out += Shown(held_[index], held_[index].text);
      }
      at = end + 1;
    }
    if (language_ == Language::kTraditionalChinese) {
      absl::StatusOr<std::string> converted = SimplifiedToTraditional(out);
      if (!converted.ok()) return converted.status();
      out = *std::move(converted);
    }
    // The root element names the language.
    const std::string from = "<html lang=\"zh-Hans\">";
    std::size_t root = out.find(from);
    if (root != std::string::npos) {
      out.replace(root, from.size(), absl::StrCat("<html lang=\"", LanguageTag(language_), "\">"));
    }
    return out;
  }

 private:
  // A text the page holds until InLanguage converts it to the page's script.
  struct Held {
    std::string text;
    bool from_region_file = false;
  };

  // A region file's text (a place's name), held until InLanguage, which
  // redacts it as a notice is redacted.
  std::string RegionText(std::string_view text) const { return Hold(text, true); }

  // The pack's own words (its title, a rule's description, a department, a
  // measure's id): public policy text, shown as written, with its dates
  // ("2023年5月1日至2024年4月30日收入測算周期") and figures.
  std::string PolicyText(std::string_view text) const { return Hold(text, false); }

  std::string Hold(std::string_view text, bool from_region_file) const {
    held_.push_back(Held{std::string(text), from_region_file});
    return absl::StrCat(std::string(1, kHeld), held_.size() - 1, std::string(1, kHeld));
  }

  static std::string Shown(const Held& held, std::string_view text) {
    return held.from_region_file ? Supplied(text) : Escape(text);
  }

  const v1::RegionInfo* Place(v1::RegionLevel level, const std::string& code) const {
    auto it = places_.find({level, code});
    return it == places_.end() ? nullptr : it->second;
  }

  // The place's name, or its code when the region files give none.
  std::string Name(v1::RegionLevel level, const v1::RegionCodes& codes) const {
    const std::string& code = CodeAt(codes, level);
    const v1::RegionInfo* info = Place(level, code);
    if (info != nullptr && !info->name().empty()) return RegionText(info->name());
    return code.empty() ? "(未填地区代码)" : Escape(code);
  }

  void AddTotals(const v1::RegionCounts& c) {
    // The totals of the page: every province counted (a run counts each
    // household in one province).
#define POVMON_TOTAL(f) total_.set_##f(Plus(total_.f(), c.f(), &overflow_));
    POVMON_TOTAL(households) POVMON_TOTAL(people) POVMON_TOTAL(lifted_out_households)
    POVMON_TOTAL(monitored_households) POVMON_TOTAL(monitored_people)
    POVMON_TOTAL(unresolved_monitored_households) POVMON_TOTAL(unresolved_monitored_people)
    POVMON_TOTAL(eliminated_households) POVMON_TOTAL(excluded_households)
    POVMON_TOTAL(income_compared_households) POVMON_TOTAL(income_declined_households)
    POVMON_TOTAL(screening_compared_households) POVMON_TOTAL(screening_declined_households)
    POVMON_TOTAL(overdue_procedure_households) POVMON_TOTAL(overdue_visit_households)
    POVMON_TOTAL(planned_households)
#undef POVMON_TOTAL
    for (const auto& x : c.categories()) {
      categories_[x.category()] = Plus(categories_[x.category()], x.households(), &overflow_);
    }
    for (const auto& x : c.risks()) {
      risks_[x.risk()] = Plus(risks_[x.risk()], x.households(), &overflow_);
    }
    for (const auto& x : c.negative_list()) {
      negative_[x.item()] = Plus(negative_[x.item()], x.households(), &overflow_);
    }
    for (const auto& d : c.departments()) {
      v1::DepartmentTally& to = departments_[{d.department(), d.basis()}];
      to.set_department(d.department());
      to.set_basis(d.basis());
      to.set_households(Plus(to.households(), d.households(), &overflow_));
      to.set_measures(Plus(to.measures(), d.measures(), &overflow_));
      to.set_total_fen(Plus(to.total_fen(), d.total_fen(), &overflow_));
      to.set_range_min_fen(Plus(to.range_min_fen(), d.range_min_fen(), &overflow_));
      to.set_range_max_fen(Plus(to.range_max_fen(), d.range_max_fen(), &overflow_));
    }
    for (const auto& m : c.measures()) {
      v1::MeasureTally& to = measures_[{m.measure_id(), m.basis()}];
      to.set_measure_id(m.measure_id());
      to.set_department(m.department());
      to.set_basis(m.basis());
      to.set_households(Plus(to.households(), m.households(), &overflow_));
      to.set_measures(Plus(to.measures(), m.measures(), &overflow_));
      to.set_amount_fen(Plus(to.amount_fen(), m.amount_fen(), &overflow_));
      to.set_range_min_fen(Plus(to.range_min_fen(), m.range_min_fen(), &overflow_));
      to.set_range_max_fen(Plus(to.range_max_fen(), m.range_max_fen(), &overflow_));
    }
  }

  // What the report covers: the one county (or province) it counts, by name.
  std::string Scope() const {
    for (v1::RegionLevel level : {v1::REGION_LEVEL_COUNTY, v1::REGION_LEVEL_PROVINCE}) {
      auto it = by_level_.find(level);
      if (it != by_level_.end() && it->second.size() == 1) {
        return Name(level, it->second.front()->codes());
      }
    }
    auto it = by_level_.find(v1::REGION_LEVEL_COUNTY);
    return absl::StrCat(it == by_level_.end() ? 0 : it->second.size(), " 个县(市、区)");
  }

  void Head() {
    const v1::PopulationSummary& s = r_.summary();
    absl::StrAppend(&out_,
                    "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>防止返贫动态监测汇总报告 · ",
                    Scope(), "</title>\n<style>\n", kStyle, "</style>\n</head>\n<body>\n<main>\n");
    absl::StrAppend(&out_, "<header>\n<h1>防止返贫动态监测汇总报告</h1>\n<p class=\"meta\">范围：<b id=\"scope\">",
                    Scope(), "</b> · 截至 <b id=\"as-of\">", Escape(r_.as_of()),
                    "</b> · 政策包 ", PolicyText(r_.pack_title_zh()), "（", Escape(r_.pack_id()),
                    "，版本 ", Escape(Prefix(r_.pack_revision(), 12)),
                    "）</p>\n<p class=\"meta\">已判定 ", Count(s.households_decided()), " 户",
                    s.households_failed() > 0
                        ? absl::StrCat("，<b class=\"warn\">未能判定 ", Count(s.households_failed()),
                                       " 户</b>（见判定结果中的错误记录）")
                        : std::string(),
                    s.sample_candidate_bp() > 0
                        ? absl::StrCat(" · 抽查随机种子 <b id=\"seed\">", s.sample_seed(), "</b>")
                        : std::string(),
                    "</p>\n</header>\n");
  }

  void Card(const char* id, const char* label, const std::string& value, const std::string& note) {
    absl::StrAppend(&out_, "<div class=\"card\"><div class=\"label\">", label,
                    "</div><div class=\"value\" id=\"", id, "\">", value, "</div>",
                    note.empty() ? "" : absl::StrCat("<div class=\"note\">", note, "</div>"),
                    "</div>\n");
  }

  void Headline() {
    const v1::RegionCounts& t = total_;
    out_ += "<section id=\"headline\">\n<h2>主要数据</h2>\n<div class=\"cards\">\n";
    Card("fig-households", "农户", Count(t.households()), absl::StrCat(Count(t.people()), " 人"));
    Card("fig-lifted-out", "脱贫户", Count(t.lifted_out_households()), "");
    Card("fig-monitored", "监测对象（户）", Count(t.monitored_households()),
         absl::StrCat(Count(t.monitored_people()), " 人"));
    Card("fig-unresolved", "未消除风险（户）", Count(t.unresolved_monitored_households()),
         absl::StrCat(Count(t.unresolved_monitored_people()), " 人"));
    Card("fig-eliminated", "已标注风险消除（户）", Count(t.eliminated_households()), "");
    Card("fig-declined", screening_ ? "收入下降（户，同期排查）" : "收入下降（户）",
         Count(Declined(t)), absl::StrCat("占已比对 ", Share(Declined(t), Compared(t))));
    Card("fig-overdue-procedures", "程序逾期（户）", Count(t.overdue_procedure_households()), "");
    Card("fig-overdue-visits", "走访逾期（户）", Count(t.overdue_visit_households()), "");
    Card("fig-amount", "帮扶资金（元，不含贷款额度）", Money(amount_fen_),
         absl::StrCat(Count(t.planned_households()), " 户有帮扶计划"));
    out_ += "</div>\n</section>\n";
  }

  void Flagged() {
    out_ += "<section id=\"flagged\">\n<h2>需关注的地区</h2>\n";
    int rows = 0;
    std::string table =
        "<table class=\"flagged\">\n<thead><tr><th>结果</th><th>地区</th><th>规则</th><th>依据</th>"
        "<th>比较的数值</th></tr></thead>\n<tbody>\n";
    for (const v1::PopulationFinding& f : r_.findings()) {
      if (!f.fired()) continue;
      ++rows;
      auto rule = rules_.find(f.rule_id());
      std::string what = rule == rules_.end() ? Escape(f.rule_id())
                                              : PolicyText(rule->second->description_zh());
      std::string compared;
      for (const v1::Comparison& c : f.compared()) {
        absl::StrAppend(&compared, "<div class=\"cmp\"><code>", Escape(c.left_text()),
                        "</code> = ", Count(c.left()), " ", Escape(c.op()), " <code>",
                        Escape(c.right_text()), "</code> = ", Count(c.right()), "</div>");
      }
      if (f.has_sample()) {
        const v1::SpotCheckSample& s = f.sample();
        absl::StrAppend(&compared, "<div>抽查 <b class=\"sample-size\">", Count(s.sample_size()),
                        "</b> 户 / 脱贫户和监测对象 ", Count(s.eligible_households()),
                        " 户（不低于 ", Share(s.share_bp(), 10000), "，随机种子 ", s.seed(),
                        "；名单见汇总 JSON）</div>");
      }
      absl::StrAppend(&table, "<tr class=\"outcome-", static_cast<int>(f.outcome()),
                      "\"><td><span class=\"badge\">", OutcomeName(f.outcome()),
                      "</span></td><td>", Name(f.scope(), f.codes()), "<div class=\"sub\">",
                      LevelName(f.scope()), " ", Escape(CodeAt(f.codes(), f.scope())),
                      "</div></td><td>", what, "</td><td class=\"cite\">", Escape(f.citation()),
                      "</td><td>", compared, "</td></tr>\n");
    }
    table += "</tbody>\n</table>\n";
    if (rows == 0) {
      out_ += "<p id=\"no-flags\">本次汇总没有地区触发政策包的人口层面规则。</p>\n";
    } else {
      absl::StrAppend(&out_, "<p>共 <b id=\"flag-count\">", rows, "</b> 项。</p>\n", table);
    }
    out_ += "</section>\n";
  }

  void PlaceTable(v1::RegionLevel level, const char* id, const char* title) {
    auto it = by_level_.find(level);
    if (it == by_level_.end()) return;
    absl::StrAppend(&out_, "<section id=\"", id, "\">\n<h2>", title, "</h2>\n<table class=\"places\">\n<thead><tr><th>",
                    LevelName(level), "</th>",
                    level == v1::REGION_LEVEL_VILLAGE ? "<th>所属乡镇</th>" : "",
                    "<th>农户</th><th>人口</th><th>脱贫户</th><th>监测对象户</th><th>未消除风险（人）</th>"
                    "<th>收入下降户</th><th>下降占比</th><th>程序逾期户</th><th>走访逾期户</th></tr></thead>\n<tbody>\n");
    for (const v1::RegionTally* t : it->second) {
      const v1::RegionCounts& c = t->counts();
      absl::StrAppend(&out_, "<tr data-code=\"", Escape(CodeAt(t->codes(), level)), "\"><td>",
                      Name(level, t->codes()));
      const v1::RegionInfo* info = Place(level, CodeAt(t->codes(), level));
      if (info != nullptr && info->delisted_village()) out_ += " <span class=\"tag\">出列村</span>";
      out_ += "</td>";
      if (level == v1::REGION_LEVEL_VILLAGE) {
        absl::StrAppend(&out_, "<td>", Name(v1::REGION_LEVEL_TOWNSHIP, t->codes()), "</td>");
      }
      absl::StrAppend(&out_, "<td class=\"n households\">", Count(c.households()), "</td><td class=\"n\">",
                      Count(c.people()), "</td><td class=\"n\">", Count(c.lifted_out_households()),
                      "</td><td class=\"n monitored\">", Count(c.monitored_households()),
                      "</td><td class=\"n\">", Count(c.unresolved_monitored_people()),
                      "</td><td class=\"n declined\">", Count(Declined(c)),
                      "</td><td class=\"n\">", Share(Declined(c), Compared(c)),
                      "</td><td class=\"n\">", Count(c.overdue_procedure_households()),
                      "</td><td class=\"n\">", Count(c.overdue_visit_households()), "</td></tr>\n");
    }
    out_ += "</tbody>\n</table>\n</section>\n";
  }

  // Monitored and declining households by township, as an inline SVG chart.
  void TownshipChart() {
    auto it = by_level_.find(v1::REGION_LEVEL_TOWNSHIP);
    if (it == by_level_.end()) return;
    const std::vector<const v1::RegionTally*>& rows = it->second;
    std::int64_t max = 1;
    for (const v1::RegionTally* t : rows) {
      max = std::max({max, t->counts().monitored_households(), Declined(t->counts())});
    }
    const int row_height = 26, label_width = 160, bar_width = 420;
    int height = static_cast<int>(rows.size()) * row_height + 30;
    absl::StrAppend(&out_,
                    "<section id=\"township-chart\">\n<h2>各乡镇监测对象户与收入下降户</h2>\n"
                    "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 ",
                    label_width + bar_width + 80, " ", height,
                    "\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"chart-title\">各乡镇监测对象户（深色）与收入下降户（浅色）</title>\n");
    int y = 4;
    for (const v1::RegionTally* t : rows) {
      const v1::RegionCounts& c = t->counts();
      int w1 = Width(c.monitored_households(), max) * bar_width / 100;
      int w2 = Width(Declined(c), max) * bar_width / 100;
      absl::StrAppend(&out_, "<text x=\"", label_width - 6, "\" y=\"", y + 15,
                      "\" text-anchor=\"end\">", Name(v1::REGION_LEVEL_TOWNSHIP, t->codes()),
                      "</text>\n<rect class=\"bar-monitored\" x=\"", label_width, "\" y=\"", y,
                      "\" width=\"", w1, "\" height=\"11\"/>\n<rect class=\"bar-declined\" x=\"",
                      label_width, "\" y=\"", y + 12, "\" width=\"", w2,
                      "\" height=\"8\"/>\n<text class=\"v\" x=\"", label_width + w1 + 4, "\" y=\"",
                      y + 10, "\">", Count(c.monitored_households()), "</text>\n");
      y += row_height;
    }
    absl::StrAppend(&out_, "<text class=\"legend\" x=\"", label_width, "\" y=\"", y + 16,
                    "\">深色：监测对象户　浅色：收入下降户</text>\n</svg>\n</section>\n");
  }

  // Every 出列村 is screened; those above the pack's focus share first (Plan 5 §2(四)1, 3).
  void DelistedVillages() {
    auto it = by_level_.find(v1::REGION_LEVEL_VILLAGE);
    std::vector<std::tuple<std::int64_t, std::string, const v1::RegionTally*, const v1::RegionInfo*>> rows;
    for (const v1::RegionInfo& info : r_.regions()) {
      if (!info.delisted_village()) continue;
      const v1::RegionTally* tally = nullptr;
      if (it != by_level_.end()) {
        for (const v1::RegionTally* t : it->second) {
          if (t->codes().village() == info.code()) tally = t;
        }
      }
      std::int64_t people = tally == nullptr ? 0 : tally->counts().unresolved_monitored_people();
      // The share in basis points, -1 when unknown; kept within 0..INT64_MAX
      // (figures read from a file may be anything), so that -bp exists.
      __int128 share = info.rural_registered_people() > 0
                           ? static_cast<__int128>(people) * 10000 / info.rural_registered_people()
                           : -1;
      std::int64_t bp = static_cast<std::int64_t>(
          std::min<__int128>(INT64_MAX, std::max<__int128>(-1, share)));
      rows.emplace_back(-bp, info.code(), tally, &info);
    }
    if (rows.empty()) return;
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    });
    out_ += "<section id=\"delisted\">\n<h2>出列村排查（未消除风险监测对象占农村户籍人口比例，由高到低）</h2>\n"
            "<table class=\"places\">\n<thead><tr><th>村</th><th>未消除风险（人）</th><th>农村户籍人口</th><th>占比</th><th></th></tr></thead>\n<tbody>\n";
    for (const auto& [neg_bp, code, tally, info] : rows) {
      std::int64_t people = tally == nullptr ? 0 : tally->counts().unresolved_monitored_people();
      std::string flag;
      for (const v1::PopulationFinding& f : r_.findings()) {
        if (f.fired() && f.scope() == v1::REGION_LEVEL_VILLAGE && f.codes().village() == code) {
          absl::StrAppend(&flag, "<span class=\"badge\">", OutcomeName(f.outcome()), "</span> ");
        }
      }
      absl::StrAppend(&out_, "<tr><td>", info->name().empty() ? Escape(code) : RegionText(info->name()),
                      "</td><td class=\"n\">", Count(people), "</td><td class=\"n\">",
                      Count(info->rural_registered_people()), "</td><td class=\"n\">",
                      Share(people, info->rural_registered_people()), "</td><td>", flag,
                      "</td></tr>\n");
    }
    out_ += "</tbody>\n</table>\n</section>\n";
  }

  template <typename Map, typename NameOf>
  void Bars(const char* id, const char* title, const Map& counts, NameOf name) {
    if (counts.empty()) return;
    std::int64_t max = 1;
    for (const auto& [k, n] : counts) max = std::max(max, n);
    absl::StrAppend(&out_, "<div class=\"bars\" id=\"", id, "\">\n<h3>", title, "</h3>\n");
    for (const auto& [k, n] : counts) {
      absl::StrAppend(&out_, "<div class=\"bar-row\"><span class=\"bar-label\">", name(k),
                      "</span><span class=\"bar\"><span style=\"width:", Width(n, max),
                      "%\"></span></span><span class=\"bar-value\">", Count(n), " 户</span></div>\n");
    }
    out_ += "</div>\n";
  }

  void Mix() {
    out_ += "<section id=\"mix\">\n<h2>类别、风险类型与负面清单</h2>\n";
    Bars("category-mix", "识别类别", categories_,
         [](int c) { return CategoryName(static_cast<v1::Category>(c)); });
    Bars("risk-mix", "风险类型", risks_, [](int r) { return RiskName(static_cast<v1::RiskType>(r)); });
    Bars("negative-mix", "负面清单（未经村民代表会议排除）", negative_,
         [](int i) { return NegativeListName(static_cast<v1::NegativeListItem>(i)); });
    out_ += "</section>\n";
  }

  static std::string Range(std::int64_t min, std::int64_t max) {
    if (min == 0 && max == 0) return "—";
    return absl::StrCat(Money(min), " – ", Money(max));
  }

  void Departments() {
    out_ += "<section id=\"departments\">\n<h2>帮扶措施与资金（按部门）</h2>\n";
    if (departments_.empty()) {
      // Departments count money only: measures without an amount or a range
      // (jobs, training, visits) are listed by measure below.
      out_ += measures_.empty()
                  ? "<p>本次汇总没有帮扶计划。</p>\n</section>\n"
                  : "<p>本次汇总的帮扶措施都没有确定金额或金额区间，各项措施见下表。</p>\n</section>\n";
      return;
    }
    out_ += "<table class=\"money\">\n<thead><tr><th>部门</th><th>计发方式</th><th>户数</th><th>措施数</th>"
            "<th>金额（元）</th><th>区间合计（元）</th></tr></thead>\n<tbody>\n";
    for (const auto& [key, d] : departments_) {
      absl::StrAppend(&out_, "<tr><td>", d.department().empty() ? "（未注明）" : PolicyText(d.department()),
                      "</td><td>", BasisName(d.basis()), "</td><td class=\"n\">",
                      Count(d.households()), "</td><td class=\"n\">", Count(d.measures()),
                      "</td><td class=\"n dept-total\">", Money(d.total_fen()),
                      "</td><td class=\"n\">", Range(d.range_min_fen(), d.range_max_fen()),
                      "</td></tr>\n");
    }
    out_ += "</tbody>\n</table>\n</section>\n";
  }

  void Measures() {
    if (measures_.empty()) return;
    out_ += "<section id=\"measures\">\n<h2>帮扶措施（按措施）</h2>\n<table class=\"money\">\n<thead><tr><th>措施</th>"
            "<th>部门</th><th>计发方式</th><th>户数</th><th>人次</th><th>金额（元）</th><th>区间合计（元）</th></tr></thead>\n<tbody>\n";
    for (const auto& [key, m] : measures_) {
      absl::StrAppend(&out_, "<tr><td><code>", PolicyText(m.measure_id()), "</code></td><td>",
                      PolicyText(m.department()), "</td><td>", BasisName(m.basis()),
                      "</td><td class=\"n\">", Count(m.households()), "</td><td class=\"n\">",
                      Count(m.measures()), "</td><td class=\"n\">", Money(m.amount_fen()),
                      "</td><td class=\"n\">", Range(m.range_min_fen(), m.range_max_fen()),
                      "</td></tr>\n");
    }
    out_ += "</tbody>\n</table>\n</section>\n";
  }

  void Notes() {
    out_ += "<section id=\"notes\">\n<h2>说明</h2>\n<ul>\n"
            "<li>人数为各户计入家庭人口（按政策包的计算口径）之和；监测对象包括本次识别的和此前识别、尚未标注风险消除的农户。</li>\n"
            "<li>收入下降户：脱贫户和监测对象中，本期纯收入低于上期且上期收入已知的农户；下降占比以已比对农户为分母。</li>\n"
            "<li>金额为各户帮扶计划中的确定金额之和；只有上限或区间的措施单列区间合计；贷款额度不计入帮扶资金。</li>\n"
            "<li>人口层面规则由政策包给出，每项注明依据条款和比较的数值；“提示”是参考比例，不是上限。</li>\n"
            "<li>本报告不含个人信息：只有按地区汇总的户数、人数和金额；抽查名单只在汇总 JSON 中。</li>\n"
            "</ul>\n</section>\n";
  }

  static constexpr const char* kStyle =
      "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",sans-serif;"
      "margin:0;color:#1a1a1a;background:#fff}\n"
      "main{max-width:1100px;margin:0 auto;padding:16px 24px}\n"
      "h1{font-size:24px;margin:8px 0}h2{font-size:18px;border-bottom:2px solid #8a1c1c;padding-bottom:4px;margin-top:28px}\n"
      "h3{font-size:15px;margin:12px 0 6px}.meta{color:#444;margin:4px 0}.warn{color:#a00}\n"
      ".cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #ccc;border-radius:6px;padding:8px 12px;min-width:150px}\n"
      ".card .label{font-size:13px;color:#555}.card .value{font-size:24px;font-weight:bold}.card .note{font-size:12px;color:#666}\n"
      "table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}\n"
      "th{background:#f3ecec;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
      ".sub{font-size:11px;color:#666}.cite{white-space:nowrap}.cmp{font-size:12px}code{font-size:11px}\n"
      ".badge{display:inline-block;padding:1px 6px;border-radius:3px;background:#8a1c1c;color:#fff;font-size:12px}\n"
      ".outcome-3 .badge{background:#b36b00}.outcome-4 .badge{background:#245c8a}\n"
      ".tag{font-size:11px;border:1px solid #8a1c1c;color:#8a1c1c;padding:0 3px;border-radius:3px}\n"
      ".chart{width:100%;max-width:700px;font-size:12px}.bar-monitored{fill:#8a1c1c}.bar-declined{fill:#e0a3a3}\n"
      ".chart .v{font-size:11px}.chart .legend{font-size:11px;fill:#555}\n"
      ".bar-row{display:flex;align-items:center;gap:8px;font-size:13px;margin:2px 0}.bar-label{width:260px}\n"
      ".bar{flex:1;background:#eee;height:12px;display:block}.bar span{display:block;height:12px;background:#8a1c1c}\n"
      ".bar-value{width:90px;text-align:right}\n"
      "@media print{main{max-width:none;padding:0}section{break-inside:avoid-page}h2{break-after:avoid}"
      "table{page-break-inside:auto}tr{break-inside:avoid}.card{break-inside:avoid}"
      "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

  const v1::PopulationReport& r_;
  const Language language_;
  mutable std::vector<Held> held_;
  std::string out_;
  std::map<std::pair<int, std::string>, const v1::RegionInfo*> places_;
  std::map<std::string, const v1::PopulationRule*> rules_;
  std::map<int, std::vector<const v1::RegionTally*>> by_level_;
  v1::RegionCounts total_;
  std::int64_t amount_fen_ = 0;  // the departments' totals but loan ceilings
  bool overflow_ = false;
  bool screening_ = false;
  std::map<int, std::int64_t> categories_, risks_, negative_;
  std::map<std::pair<std::string, int>, v1::DepartmentTally> departments_;
  std::map<std::pair<std::string, int>, v1::MeasureTally> measures_;
};

}  // namespace

absl::StatusOr<std::string> RenderPopulationReportHtml(const v1::PopulationReport& report,
                                                      Language language) {
  if (!report.has_summary()) {
    return absl::InvalidArgumentError("population report: no summary to render");
  }
  if (language == Language::kEnglish) {
    return absl::InvalidArgumentError(
        "population report: the report is written in Chinese only; use zh-Hans (Simplified, "
        "the default) or zh-Hant (Traditional)");
  }
  Page page(report, language);
  if (page.overflowed()) {
    return absl::InvalidArgumentError(
        "population report: the totals of its places' figures do not fit in 64 bits (a "
        "summary read from a file that no run of households could have made)");
  }
  return page.InLanguage(page.Render());
}

}  // namespace povmon
