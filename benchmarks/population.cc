#include "benchmarks/population.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/util/json_util.h"

namespace povmon::bench {

// ------------------------------------------------------------------ PRNG

uint64_t SplitMix64::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double SplitMix64::Uniform() {
  return static_cast<double>(Next() >> 11) * 0x1.0p-53;
}

int64_t SplitMix64::Int(int64_t lo, int64_t hi) {
  const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  return lo + static_cast<int64_t>(Next() % span);
}

double SplitMix64::Normal() {
  double sum = 0;
  for (int i = 0; i < 12; ++i) sum += Uniform();
  return sum - 6.0;
}

namespace {

// exp(x) from basic IEEE operations only, so that every platform generates
// the same population: exp(x) = exp(x / 256)^256, with a Taylor series for
// the small argument. |x| stays below 8 here; the relative error is ~1e-13.
double PortableExp(double x) {
  const double y = x / 256.0;
  double term = 1.0;
  double sum = 1.0;
  for (int k = 1; k <= 12; ++k) {
    term = term * y / k;
    sum += term;
  }
  for (int i = 0; i < 8; ++i) sum *= sum;
  return sum;
}

}  // namespace

double SplitMix64::LogNormal(double median, double sigma) {
  return median * PortableExp(sigma * Normal());
}

size_t SplitMix64::Pick(const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  double x = Uniform() * total;
  for (size_t i = 0; i < weights.size(); ++i) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.size() - 1;
}

// ------------------------------------------------------------------ data

namespace {

using v1::Household;
using v1::Member;

struct County {
  const char* code;
  const char* province_name;
  const char* city_name;
  const char* county_name;
  std::array<const char*, 4> townships;
};

// Counties of Hunan (codes from the national administrative division list);
// townships are numbered 101.. and villages 201.. as statistical codes are.
constexpr std::array<County, 5> kCounties = {{
    {"430524", "湖南省", "邵阳市", "隆回县", {"桃洪镇", "小沙江镇", "金石桥镇", "司门前镇"}},
    {"431226", "湖南省", "怀化市", "麻阳苗族自治县", {"高村镇", "锦和镇", "江口墟镇", "兰里镇"}},
    {"433130", "湖南省", "湘西土家族苗族自治州", "龙山县", {"民安街道", "洗车河镇", "里耶镇", "苗儿滩镇"}},
    {"430922", "湖南省", "益阳市", "桃江县", {"桃花江镇", "灰山港镇", "武潭镇", "马迹塘镇"}},
    {"431028", "湖南省", "郴州市", "安仁县", {"永乐江镇", "安平镇", "龙海镇", "渡口乡"}},
}};

constexpr std::array<const char*, 40> kSurnames = {
    "刘", "李", "王", "陈", "张", "周", "彭", "罗", "谭", "曾", "唐", "邓", "杨", "黄",
    "胡", "赵", "吴", "肖", "田", "向", "龙", "石", "贺", "蒋", "廖", "欧阳", "易", "龚",
    "颜", "钟", "文", "谢", "朱", "袁", "戴", "姚", "雷", "滕", "向", "符"};

constexpr std::array<const char*, 48> kGivenChars = {
    "建", "国", "华", "明", "军", "平", "志", "红", "英", "秀", "兰", "芳", "桂", "伟", "强", "勇",
    "娟", "丽", "春", "海", "林", "文", "云", "玉", "梅", "德", "福", "生", "家", "小", "金", "银",
    "湘", "佳", "欣", "子", "涵", "浩", "宇", "雨", "菊", "凤", "秋", "友", "清", "新", "荣", "满"};

constexpr std::array<const char*, 8> kVillageNames = {"大坪村", "新田村", "白马村", "枫木村",
                                                      "石门村", "茶园村", "长冲村", "竹山村"};

std::string Date(absl::CivilDay day) { return absl::FormatCivilTime(day); }

int DaysInMonth(absl::CivilMonth month) {
  return static_cast<int>(absl::CivilDay(month + 1) - absl::CivilDay(month));
}

// The same day `months` months from `day`, clamped to the month's end (as
// the packs' rolling window and the rule language's add_months do).
absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const int d = std::min(day.day(), DaysInMonth(month));
  return absl::CivilDay(month.year(), month.month(), d);
}

int64_t Fen(double yuan) {
  if (yuan <= 0) return 0;
  return static_cast<int64_t>(yuan * 100.0 + 0.5);
}

// Resident identity card number: 6-digit region, birth date, 3-digit
// sequence (odd for men), ISO 7064 MOD 11-2 check character.
std::string IdNumber(const std::string& county, absl::CivilDay birth, int sequence) {
  std::string id = absl::StrFormat("%s%04d%02d%02d%03d", county, birth.year(), birth.month(),
                                   birth.day(), sequence);
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6,
                                                  3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < kWeights.size(); ++i) sum += (id[i] - '0') * kWeights[i];
  id.push_back(kCheck[sum % 11]);
  return id;
}

std::string Phone(SplitMix64& rng) {
  static constexpr std::array<const char*, 8> kPrefixes = {"133", "135", "138", "139",
                                                           "150", "158", "177", "186"};
  return absl::StrFormat("%s%08d", kPrefixes[rng.Int(0, kPrefixes.size() - 1)],
                         static_cast<int>(rng.Int(0, 99999999)));
}

std::string BankCard(SplitMix64& rng) {
  // Agricultural Bank and rural credit cooperative card prefixes.
  static constexpr std::array<const char*, 3> kBins = {"622848", "621799", "623190"};
  return absl::StrFormat("%s%07d%06d", kBins[rng.Int(0, kBins.size() - 1)],
                         static_cast<int>(rng.Int(0, 9999999)),
                         static_cast<int>(rng.Int(0, 999999)));
}

v1::LabourCapacity LabourForAge(SplitMix64& rng, int age) {
  using v1::LABOUR_CAPACITY_FULL;
  using v1::LABOUR_CAPACITY_NONE;
  using v1::LABOUR_CAPACITY_PARTIAL;
  constexpr std::array<v1::LabourCapacity, 3> kLevels = {
      LABOUR_CAPACITY_FULL, LABOUR_CAPACITY_PARTIAL, LABOUR_CAPACITY_NONE};
  if (age < 16) return LABOUR_CAPACITY_NONE;
  if (age <= 59) return kLevels[rng.Pick({0.82, 0.12, 0.06})];
  if (age <= 69) return kLevels[rng.Pick({0.25, 0.45, 0.30})];
  return kLevels[rng.Pick({0.03, 0.27, 0.70})];
}

v1::SchoolStage StageForAge(SplitMix64& rng, int age) {
  if (age < 3) return v1::SCHOOL_STAGE_NOT_IN_SCHOOL;
  if (age <= 5) return rng.Chance(0.85) ? v1::SCHOOL_STAGE_PRESCHOOL : v1::SCHOOL_STAGE_NOT_IN_SCHOOL;
  if (age <= 11) return v1::SCHOOL_STAGE_PRIMARY;
  if (age <= 14) return v1::SCHOOL_STAGE_JUNIOR_SECONDARY;
  if (age <= 17) {
    switch (rng.Pick({0.55, 0.35, 0.10})) {
      case 0: return v1::SCHOOL_STAGE_SENIOR_SECONDARY;
      case 1: return v1::SCHOOL_STAGE_VOCATIONAL;
      default: return v1::SCHOOL_STAGE_NOT_IN_SCHOOL;
    }
  }
  if (age <= 22) {
    switch (rng.Pick({0.38, 0.17, 0.45})) {
      case 0: return v1::SCHOOL_STAGE_UNDERGRADUATE;
      case 1: return v1::SCHOOL_STAGE_VOCATIONAL;
      default: return v1::SCHOOL_STAGE_NOT_IN_SCHOOL;
    }
  }
  if (age <= 25 && rng.Chance(0.04)) return v1::SCHOOL_STAGE_GRADUATE;
  return v1::SCHOOL_STAGE_NOT_IN_SCHOOL;
}

// Yearly school costs in yuan, by stage.
double SchoolCost(SplitMix64& rng, const v1::Schooling& s) {
  if (s.high_fee_private_school() || s.self_funded_abroad()) {
    return s.self_funded_abroad() ? rng.LogNormal(150000, 0.3) : rng.LogNormal(32000, 0.25);
  }
  double base = 0;
  switch (s.stage()) {
    case v1::SCHOOL_STAGE_PRESCHOOL: base = 2400; break;
    case v1::SCHOOL_STAGE_PRIMARY: base = 450; break;
    case v1::SCHOOL_STAGE_JUNIOR_SECONDARY: base = 900; break;
    case v1::SCHOOL_STAGE_SENIOR_SECONDARY: base = 3200; break;
    case v1::SCHOOL_STAGE_VOCATIONAL: base = 2800; break;
    case v1::SCHOOL_STAGE_UNDERGRADUATE: base = 13000; break;
    case v1::SCHOOL_STAGE_GRADUATE: base = 16000; break;
    default: return 0;
  }
  if (s.boarding()) base *= 1.6;
  return rng.LogNormal(base, 0.3);
}

bool IsStudent(const v1::Schooling& s) {
  return s.stage() >= v1::SCHOOL_STAGE_PRESCHOOL;
}

// The household's records are laid out in 24 monthly slots before as_of:
// slot k starts AddMonths(as_of, k - 24), so slots 0-11 fall in the previous
// rolling window and 12-23 in the current one.
class Ledger {
 public:
  Ledger(absl::CivilDay as_of, SplitMix64& rng, Household* h) : as_of_(as_of), rng_(rng), h_(h) {}

  absl::CivilDay SlotDay(int slot, int day_offset) const {
    return AddMonths(as_of_, slot - 24) + day_offset;
  }

  void Income(int slot, v1::IncomeKind kind, double yuan, const std::string& source,
              const std::string& member_id = "", int period_months = 0) {
    const int64_t fen = Fen(yuan);
    if (fen <= 0) return;
    v1::IncomeRecord* r = h_->add_income();
    const absl::CivilDay day = SlotDay(slot, static_cast<int>(rng_.Int(0, 27)));
    r->set_date(Date(day));
    if (period_months > 0) {
      r->set_period_start(Date(std::max(AddMonths(day, -period_months) + 1, SlotDay(0, 0))));
    }
    r->set_kind(kind);
    r->set_amount_fen(fen);
    r->set_source(source);
    if (!member_id.empty()) r->set_member_id(member_id);
  }

  void Expense(int slot, v1::ExpenditureKind kind, double yuan, const std::string& source,
               const std::string& member_id = "") {
    const int64_t fen = Fen(yuan);
    if (fen <= 0) return;
    v1::ExpenditureRecord* r = h_->add_expenditure();
    r->set_date(Date(SlotDay(slot, static_cast<int>(rng_.Int(0, 27)))));
    r->set_kind(kind);
    r->set_amount_fen(fen);
    r->set_source(source);
    if (!member_id.empty()) r->set_member_id(member_id);
  }

  // Month of the year (1-12) of a slot.
  int MonthOf(int slot) const { return (absl::CivilMonth(as_of_) + (slot - 24)).month(); }

  // Slots of one year (first = 0 for the previous window, 12 for the current)
  // whose calendar month is one of `months`.
  std::vector<int> SlotsInMonths(int first, std::initializer_list<int> months) const {
    std::vector<int> slots;
    for (int s = first; s < first + 12; ++s) {
      if (std::find(months.begin(), months.end(), MonthOf(s)) != months.end()) slots.push_back(s);
    }
    return slots;
  }

 private:
  absl::CivilDay as_of_;
  SplitMix64& rng_;
  Household* h_;
};

struct MemberPlan {
  Member* member;
  int age;
  bool migrant_away;  // registered here, working and living elsewhere
};

uint64_t HouseholdSeed(uint64_t seed, uint64_t index) {
  SplitMix64 mix(seed ^ (index * 0xd1b54a32d192ed03ULL));
  mix.Next();
  return mix.Next();
}

}  // namespace

void GenerateHousehold(const PopulationOptions& options, uint64_t index, Household* h) {
  h->Clear();
  SplitMix64 rng(HouseholdSeed(options.seed, index));
  const absl::CivilDay as_of = options.as_of;

  // ---------------------------------------------------------- place
  const County& county = kCounties[rng.Pick({0.30, 0.20, 0.20, 0.18, 0.12})];
  const int township_no = static_cast<int>(rng.Int(0, 3));
  const int village_no = static_cast<int>(rng.Int(0, 7));
  const int group_no = static_cast<int>(rng.Int(1, 12));
  h->set_id(absl::StrFormat("%s-%08d", county.code, static_cast<int>(index + 1)));
  v1::RegionCodes* region = h->mutable_region();
  region->set_province("430000");
  region->set_county(county.code);
  region->set_township(absl::StrFormat("%s%03d", county.code, 101 + township_no));
  region->set_village(absl::StrFormat("%s%03d%03d", county.code, 101 + township_no, 201 + village_no));
  const std::string address =
      absl::StrCat(county.province_name, county.city_name, county.county_name,
                   county.townships[township_no], kVillageNames[village_no],
                   absl::StrFormat("%d组%d号", group_no, static_cast<int>(rng.Int(1, 60))));

  // ---------------------------------------------------------- members
  const int size = 1 + static_cast<int>(rng.Pick({0.10, 0.22, 0.23, 0.20, 0.13, 0.08, 0.04}));
  const std::string surname = kSurnames[rng.Int(0, kSurnames.size() - 1)];
  const int head_age = static_cast<int>(rng.Int(24, 82));
  std::vector<MemberPlan> plans;
  for (int k = 0; k < size; ++k) {
    int age;
    v1::Relation relation;
    if (k == 0) {
      age = head_age;
      relation = v1::RELATION_HEAD;
    } else if (k == 1 && rng.Chance(0.85)) {
      age = std::max(20, std::min(90, head_age + static_cast<int>(rng.Int(-6, 6))));
      relation = v1::RELATION_SPOUSE;
    } else if (head_age < 50 && rng.Chance(0.7)) {
      age = static_cast<int>(rng.Int(0, std::max(0, head_age - 20)));
      relation = v1::RELATION_CHILD;
    } else if (head_age >= 50 && rng.Chance(0.55)) {
      age = static_cast<int>(rng.Int(0, 16));
      relation = age < 10 ? v1::RELATION_GRANDCHILD : v1::RELATION_CHILD;
      if (relation == v1::RELATION_CHILD) age = static_cast<int>(rng.Int(18, 34));
    } else if (head_age < 62) {
      age = std::min(96, head_age + static_cast<int>(rng.Int(20, 30)));
      relation = v1::RELATION_PARENT;
    } else {
      age = static_cast<int>(rng.Int(25, 45));
      relation = rng.Chance(0.5) ? v1::RELATION_CHILD : v1::RELATION_CHILD_IN_LAW;
    }
    Member* m = h->add_members();
    m->set_id(absl::StrFormat("%s-%d", h->id(), k + 1));
    const bool male = (k == 0) ? rng.Chance(0.8) : rng.Chance(0.5);
    const bool own_surname = relation != v1::RELATION_SPOUSE && relation != v1::RELATION_CHILD_IN_LAW;
    std::string name = own_surname ? surname : kSurnames[rng.Int(0, kSurnames.size() - 1)];
    name += kGivenChars[rng.Int(0, kGivenChars.size() - 1)];
    if (rng.Chance(0.75)) name += kGivenChars[rng.Int(0, kGivenChars.size() - 1)];
    m->set_name(name);
    const absl::CivilDay birth =
        absl::CivilDay(as_of.year() - age, 1, 1) - static_cast<int>(rng.Int(1, 365));
    // Age on as_of is `age` or `age + 1`; that is all the realism needed.
    m->set_birth_date(Date(birth));
    const int sequence = static_cast<int>(rng.Int(0, 499)) * 2 + (male ? 1 : 0);
    m->set_id_number(IdNumber(county.code, birth, sequence));
    m->set_relation(relation);
    m->set_address(address);
    if (age >= 18 && rng.Chance(0.8)) m->set_phone(Phone(rng));
    if (age >= 16 && rng.Chance(0.7)) m->set_bank_card(BankCard(rng));

    const v1::LabourCapacity labour = LabourForAge(rng, age);
    m->set_labour_capacity(labour);

    v1::Health* health = m->mutable_health();
    health->set_serious_illness(rng.Chance(age >= 60 ? 0.07 : 0.02));
    health->set_heavy_chronic_illness(rng.Chance(age >= 60 ? 0.14 : 0.03));
    if (rng.Chance(age >= 60 ? 0.07 : 0.025)) {
      health->set_disability_grade(static_cast<v1::DisabilityGrade>(
          v1::DISABILITY_GRADE_1 + rng.Pick({0.18, 0.27, 0.30, 0.25})));
    } else {
      health->set_disability_grade(v1::DISABILITY_GRADE_NONE);
    }
    health->set_unable_to_self_care(age >= 75 && rng.Chance(0.12));
    const bool severe = health->disability_grade() == v1::DISABILITY_GRADE_1 ||
                        health->disability_grade() == v1::DISABILITY_GRADE_2;
    if ((severe || health->unable_to_self_care()) && labour != v1::LABOUR_CAPACITY_NONE) {
      m->set_labour_capacity(v1::LABOUR_CAPACITY_NONE);
    } else if (health->serious_illness() && labour == v1::LABOUR_CAPACITY_FULL && rng.Chance(0.5)) {
      m->set_labour_capacity(v1::LABOUR_CAPACITY_PARTIAL);
    }

    v1::Schooling* school = m->mutable_schooling();
    school->set_stage(StageForAge(rng, age));
    if (school->stage() >= v1::SCHOOL_STAGE_JUNIOR_SECONDARY) school->set_boarding(rng.Chance(0.55));
    if (school->stage() >= v1::SCHOOL_STAGE_SENIOR_SECONDARY && school->stage() <= v1::SCHOOL_STAGE_UNDERGRADUATE) {
      school->set_high_fee_private_school(rng.Chance(0.012));
    }
    if (school->stage() >= v1::SCHOOL_STAGE_UNDERGRADUATE) school->set_self_funded_abroad(rng.Chance(0.002));
    if (age >= 6 && age <= 15 && school->stage() == v1::SCHOOL_STAGE_NOT_IN_SCHOOL) {
      school->set_dropped_out_of_compulsory(true);
    } else if (age >= 7 && age <= 15 && rng.Chance(0.004)) {
      school->set_stage(v1::SCHOOL_STAGE_NOT_IN_SCHOOL);
      school->set_dropped_out_of_compulsory(true);
    }

    bool migrant_away = false;
    v1::Employment* job = m->mutable_employment();
    const bool working_age = age >= 18 && age <= 64 && m->labour_capacity() != v1::LABOUR_CAPACITY_NONE &&
                             school->stage() == v1::SCHOOL_STAGE_NOT_IN_SCHOOL;
    if (working_age) {
      job->set_migrant_work(rng.Chance(0.38));
      migrant_away = job->migrant_work() && rng.Chance(0.55);
      job->set_public_welfare_post(!job->migrant_work() && rng.Chance(0.04));
      job->set_unstable_wage_share_bp(static_cast<int32_t>(job->migrant_work() ? rng.Int(1500, 9000) : rng.Int(0, 4000)));
      job->set_public_body_stable_salary(age < 60 && rng.Chance(0.008));
      job->set_village_secretary_or_director(age >= 30 && rng.Chance(0.004));
      job->set_enterprise_legal_person_or_shareholder(rng.Chance(0.005));
      job->set_employs_others(rng.Chance(0.003));
      job->set_able_but_not_working(m->labour_capacity() == v1::LABOUR_CAPACITY_FULL && !job->migrant_work() &&
                                    rng.Chance(0.01));
    }
    // Children of migrant parents are often left behind with grandparents.
    school->set_left_behind_or_distressed(age < 16 && rng.Chance(0.12));

    // Registered members are the rule; a child-in-law whose hukou has not
    // moved lives here unregistered, and some migrants live elsewhere.
    if (k == 0) {
      m->set_registered(true);
    } else {
      m->set_registered(rng.Chance(relation == v1::RELATION_CHILD_IN_LAW ? 0.4 : 0.97));
    }
    m->set_co_resident(k == 0 || !migrant_away);
    plans.push_back({m, age, migrant_away});
  }

  // ---------------------------------------------------------- status
  int full = 0, partial = 0, elderly = 0, students = 0, ill = 0;
  bool rich_flag = false;
  for (const MemberPlan& p : plans) {
    const Member& m = *p.member;
    if (m.labour_capacity() == v1::LABOUR_CAPACITY_FULL) ++full;
    if (m.labour_capacity() == v1::LABOUR_CAPACITY_PARTIAL) ++partial;
    if (p.age >= 60) ++elderly;
    if (IsStudent(m.schooling())) ++students;
    if (m.health().serious_illness()) ++ill;
    const v1::Employment& e = m.employment();
    rich_flag = rich_flag || e.public_body_stable_salary() || e.enterprise_legal_person_or_shareholder() ||
                e.village_secretary_or_director() || e.employs_others();
  }
  const double labour_units = full + 0.5 * partial;
  const bool no_labour = labour_units == 0;

  h->set_lifted_out(rng.Chance(no_labour ? 0.5 : 0.33));
  if (h->lifted_out()) h->set_lifted_out_year(static_cast<int32_t>(rng.Int(2014, 2020)));

  if (size == 1 && no_labour && elderly > 0 && rng.Chance(0.45)) {
    h->set_support(v1::SUPPORT_STATUS_DISPERSED_EXTREME_POVERTY);
  } else if (rng.Chance(no_labour ? 0.35 : (ill > 0 ? 0.12 : 0.03))) {
    h->set_support(v1::SUPPORT_STATUS_DIBAO);
  } else {
    h->set_support(v1::SUPPORT_STATUS_NONE);
  }
  if (h->support() != v1::SUPPORT_STATUS_NONE) {
    h->set_support_since(Date(as_of - static_cast<int>(rng.Int(60, 3000))));
  }
  switch (rng.Pick({0.955, 0.025, 0.02})) {
    case 0: h->set_housing(v1::HOUSING_SAFETY_SAFE); break;
    case 1: h->set_housing(v1::HOUSING_SAFETY_UNSAFE); break;
    default: h->set_housing(v1::HOUSING_SAFETY_UNDER_RENOVATION); break;
  }
  switch (rng.Pick({0.965, 0.01, 0.015, 0.01})) {
    case 0: h->set_water(v1::WATER_SAFETY_SAFE); break;
    case 1: h->set_water(v1::WATER_SAFETY_NO_SUPPLY); break;
    case 2: h->set_water(v1::WATER_SAFETY_BROKEN_SUPPLY); break;
    default: h->set_water(v1::WATER_SAFETY_UNSAFE_QUALITY); break;
  }
  h->set_disaster_affected(rng.Chance(0.02));
  h->set_accident(rng.Chance(0.01));
  h->set_industry_failed(rng.Chance(0.015));
  h->set_future_income_unstable(rng.Chance(0.05));
  if (ill > 0 || h->disaster_affected() || h->accident()) {
    if (rng.Chance(0.25)) {
      h->set_sudden_shock(true);
      h->set_sudden_shock_on(Date(as_of - static_cast<int>(rng.Int(10, 360))));
    }
  }

  // ---------------------------------------------------------- assets
  auto add_asset = [&](v1::AssetKind kind, v1::AssetOrigin origin, double yuan, bool heavy,
                       const char* description) {
    v1::Asset* a = h->add_assets();
    a->set_kind(kind);
    a->set_origin(origin);
    a->set_value_fen(Fen(yuan));
    a->set_luxury_or_heavy(heavy);
    a->set_acquired_on(Date(as_of - static_cast<int>(rng.Int(100, 4000))));
    a->set_description(description);
  };
  const double wealth = rich_flag ? 3.0 : 1.0;
  if (rng.Chance(0.035 * wealth)) {
    const bool luxury = rng.Chance(0.08 * wealth);
    add_asset(v1::ASSET_KIND_CAR, v1::ASSET_ORIGIN_PURCHASED,
              luxury ? rng.LogNormal(320000, 0.3) : rng.LogNormal(55000, 0.4), luxury,
              luxury ? "进口轿车" : "国产小轿车");
  }
  if (rng.Chance(0.015)) {
    const bool heavy = rng.Chance(0.3);
    add_asset(heavy ? v1::ASSET_KIND_TRUCK : v1::ASSET_KIND_VAN, v1::ASSET_ORIGIN_PURCHASED,
              heavy ? rng.LogNormal(260000, 0.3) : rng.LogNormal(45000, 0.3), heavy,
              heavy ? "中型货车" : "微型面包车");
  }
  if (rng.Chance(0.025)) {
    const bool large = rng.Chance(0.35);
    add_asset(v1::ASSET_KIND_LARGE_FARM_MACHINERY, v1::ASSET_ORIGIN_PURCHASED,
              large ? rng.LogNormal(180000, 0.3) : rng.LogNormal(12000, 0.4), large,
              large ? "联合收割机" : "微耕机");
  }
  if (rng.Chance(0.005 * wealth)) {
    add_asset(v1::ASSET_KIND_ENGINEERING_MACHINERY, v1::ASSET_ORIGIN_PURCHASED,
              rng.LogNormal(420000, 0.3), true, "挖掘机");
  }
  if (rng.Chance(0.03 * wealth)) {
    const size_t o = rng.Pick({0.6, 0.15, 0.15, 0.1});
    constexpr std::array<v1::AssetOrigin, 4> kOrigins = {
        v1::ASSET_ORIGIN_PURCHASED, v1::ASSET_ORIGIN_RELOCATION, v1::ASSET_ORIGIN_DISASTER_REBUILD,
        v1::ASSET_ORIGIN_DEMOLITION_RESETTLEMENT};
    add_asset(v1::ASSET_KIND_COMMERCIAL_HOUSING_IN_TOWN, kOrigins[o], rng.LogNormal(380000, 0.4), false,
              o == 1 ? "易地扶贫搬迁安置房" : "县城商品房");
  }
  if (rng.Chance(0.004 * wealth)) {
    add_asset(v1::ASSET_KIND_SHOP_IN_TOWN, v1::ASSET_ORIGIN_PURCHASED, rng.LogNormal(450000, 0.4), false,
              "镇上门面");
  }
  const double deposits = rng.Chance(0.012 * wealth) ? rng.LogNormal(300000, 0.5)
                                                      : (rng.Chance(0.75) ? rng.LogNormal(18000, 1.0) : 0);
  if (deposits > 0 && rng.Chance(0.5)) {
    add_asset(v1::ASSET_KIND_DEPOSITS, v1::ASSET_ORIGIN_PURCHASED, deposits, false, "农商银行存款");
  }

  // ---------------------------------------------------------- negative-list facts
  v1::NegativeListFacts* neg = h->mutable_negative_list_facts();
  if (deposits > 0) neg->set_deposits_and_securities_fen(Fen(deposits));
  neg->set_refuses_asset_check(rng.Chance(0.003));
  neg->set_misconduct(rng.Chance(0.002));
  if (rng.Chance(0.005)) {
    neg->set_whole_household_absent_since(Date(as_of - static_cast<int>(rng.Int(200, 900))));
  }
  if (elderly > 0 && rng.Chance(0.3)) {
    neg->set_supporters_annual_income_fen(Fen(rng.LogNormal(55000, 0.6)));
  }

  // ---------------------------------------------------------- income
  Ledger ledger(as_of, rng, h);
  double per_capita = rng.LogNormal(15500, 0.6);
  if (no_labour) {
    per_capita *= 0.5;
  } else if (labour_units / size < 0.35) {
    per_capita *= 0.8;
  }
  if (h->lifted_out()) per_capita *= 0.88;
  if (rich_flag) per_capita *= 1.7;
  const double current_total = std::max(800.0, per_capita * size);
  // About 3% had a sharp fall this year (lost a job, failed harvest, illness).
  const bool sharp_drop = rng.Chance(0.02) || h->industry_failed();
  const double previous_total = current_total / (sharp_drop ? 0.35 + 0.33 * rng.Uniform()
                                                            : 0.85 + 0.35 * rng.Uniform());
  // 5% of households have no records for the previous window, only the
  // figure they declared.
  const bool previous_declared = rng.Chance(0.05);
  if (previous_declared) h->set_previous_period_income_fen(Fen(previous_total));

  std::vector<const Member*> migrants;
  for (const MemberPlan& p : plans) {
    if (p.member->employment().migrant_work()) migrants.push_back(p.member);
  }
  const bool farms = !no_labour && rng.Chance(0.75);
  const double wage_share = no_labour ? 0.0 : (migrants.empty() ? 0.35 : 0.6 + 0.2 * rng.Uniform());
  const double business_share = farms ? 0.12 + 0.2 * rng.Uniform() : 0.0;
  const double property_share = 0.03 + 0.05 * rng.Uniform() + (h->lifted_out() ? 0.03 : 0.0);
  const double transfer_share = 0.06 + 0.1 * rng.Uniform() + (no_labour ? 0.6 : 0.0);
  const double share_sum = wage_share + business_share + property_share + transfer_share;

  for (int year = previous_declared ? 1 : 0; year < 2; ++year) {
    const int first = year * 12;
    const double total = year == 0 ? previous_total : current_total;
    // Wages: migrants are paid monthly; others do day labour a few times.
    const double wages = total * wage_share / share_sum;
    if (wages > 0) {
      if (!migrants.empty()) {
        const double per_migrant = wages / static_cast<double>(migrants.size());
        for (const Member* m : migrants) {
          // A sharp drop this year: the job ended part-way through.
          const int months = (sharp_drop && year == 1) ? static_cast<int>(rng.Int(4, 8)) : 12;
          const int start = first + static_cast<int>(rng.Int(0, 12 - months));
          for (int s = start; s < start + months; ++s) {
            ledger.Income(s, v1::INCOME_KIND_WAGE, per_migrant / months * (0.85 + 0.3 * rng.Uniform()),
                          "务工收入(银行代发)", m->id(), 1);
          }
        }
      } else {
        const int jobs = static_cast<int>(rng.Int(3, 8));
        for (int j = 0; j < jobs; ++j) {
          ledger.Income(first + static_cast<int>(rng.Int(0, 11)), v1::INCOME_KIND_WAGE,
                        wages / jobs * (0.7 + 0.6 * rng.Uniform()), "本地零工", plans[0].member->id());
        }
      }
    }
    // Business: harvest and livestock sales, July to December.
    const double business = total * business_share / share_sum;
    if (business > 0) {
      const std::vector<int> harvest = ledger.SlotsInMonths(first, {7, 8, 9, 10, 11, 12});
      const int sales = static_cast<int>(rng.Int(2, 4));
      for (int j = 0; j < sales; ++j) {
        const int slot = harvest[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(harvest.size()) - 1))];
        ledger.Income(slot, v1::INCOME_KIND_BUSINESS, business / sales * (0.7 + 0.6 * rng.Uniform()),
                      j % 2 == 0 ? "柑橘销售" : "生猪出栏");
        ledger.Expense(slot, v1::EXPENDITURE_KIND_PRODUCTION_COST,
                       business / sales * (0.25 + 0.2 * rng.Uniform()), "化肥种苗饲料");
      }
    }
    // Property: land-transfer rent and cooperative dividends.
    const double property = total * property_share / share_sum;
    ledger.Income(first + static_cast<int>(rng.Int(0, 11)), v1::INCOME_KIND_PROPERTY, property * 0.6,
                  "土地流转租金", "", 12);
    ledger.Income(first + static_cast<int>(rng.Int(0, 11)), v1::INCOME_KIND_PROPERTY, property * 0.4,
                  h->lifted_out() ? "产业扶贫分红" : "合作社分红");
    // Transfers: quarterly subsidies.
    const double transfer = total * transfer_share / share_sum;
    for (int q = 0; q < 4; ++q) {
      ledger.Income(first + q * 3 + static_cast<int>(rng.Int(0, 2)), v1::INCOME_KIND_TRANSFER,
                    transfer / 4 * (0.8 + 0.4 * rng.Uniform()),
                    q == 0 ? "耕地地力保护补贴" : (q == 1 ? "生态公益林补偿" : "转移性收入"), "", 3);
    }
    // The residents' basic pension, monthly for every member aged 60+.
    for (const MemberPlan& p : plans) {
      if (p.age < 60) continue;
      const double monthly = 143.0 + (p.age >= 75 ? 30.0 : 0.0);
      for (int s = first; s < first + 12; ++s) {
        ledger.Income(s, v1::INCOME_KIND_RESIDENTS_BASIC_PENSION, monthly, "城乡居民基础养老金",
                      p.member->id(), 1);
      }
    }
    // Dibao and extreme-poverty support, monthly.
    if (h->support() == v1::SUPPORT_STATUS_DIBAO) {
      const double monthly = 280.0 * std::min(size, 3);
      for (int s = first; s < first + 12; ++s) {
        ledger.Income(s, v1::INCOME_KIND_DIBAO, monthly, "农村低保金", "", 1);
      }
    } else if (h->support() == v1::SUPPORT_STATUS_DISPERSED_EXTREME_POVERTY) {
      for (int s = first; s < first + 12; ++s) {
        ledger.Income(s, v1::INCOME_KIND_EXTREME_POVERTY_SUPPORT, 620.0, "分散特困供养金", "", 1);
      }
    }

    // ------------------------------------------------------ expenditure
    double medical = 0;
    if (ill > 0) {
      medical = rng.LogNormal(16000, 0.8) * ill;
    } else if (rng.Chance(0.35)) {
      medical = rng.LogNormal(1300, 0.7);
    }
    if (medical > 0) {
      const int bills = ill > 0 ? static_cast<int>(rng.Int(2, 5)) : static_cast<int>(rng.Int(1, 2));
      for (int j = 0; j < bills; ++j) {
        const int slot = first + static_cast<int>(rng.Int(0, 11));
        const double bill = medical / bills * (0.6 + 0.8 * rng.Uniform());
        const double compliant = bill * (0.55 + 0.25 * rng.Uniform());
        ledger.Expense(slot, v1::EXPENDITURE_KIND_MEDICAL_COMPLIANT_OUT_OF_POCKET, compliant, "医保结算系统");
        ledger.Expense(slot, v1::EXPENDITURE_KIND_MEDICAL_OTHER, bill - compliant, "住院发票");
      }
      if (ill > 0 && rng.Chance(0.6)) {
        ledger.Income(first + static_cast<int>(rng.Int(0, 11)), v1::INCOME_KIND_INSURANCE_CLAIM,
                      medical * (0.2 + 0.4 * rng.Uniform()), "防贫保理赔");
      }
    }
    for (const MemberPlan& p : plans) {
      const v1::Schooling& s = p.member->schooling();
      if (!IsStudent(s)) continue;
      const double yearly = SchoolCost(rng, s);
      for (int term_month : {3, 9}) {
        for (int slot : ledger.SlotsInMonths(first, {term_month})) {
          ledger.Expense(slot, v1::EXPENDITURE_KIND_EDUCATION, yearly / 2, "学杂费及住宿费", p.member->id());
        }
      }
    }
    for (int q = 0; q < 4; ++q) {
      ledger.Expense(first + q * 3 + static_cast<int>(rng.Int(0, 2)), v1::EXPENDITURE_KIND_DAILY_CONSUMPTION,
                     total * 0.1 * (0.7 + 0.6 * rng.Uniform()), "日常生活支出");
    }
    if (year == 1 && h->disaster_affected()) {
      const int repairs = static_cast<int>(rng.Int(1, 2));
      for (int j = 0; j < repairs; ++j) {
        ledger.Expense(first + static_cast<int>(rng.Int(4, 11)), v1::EXPENDITURE_KIND_DISASTER_REPAIR,
                       rng.LogNormal(9000, 0.6), "洪灾房屋修缮");
      }
    }
  }

  // ---------------------------------------------------------- overrides
  // A village review sometimes sets aside a negative-list item.
  if (rng.Chance(0.15)) {
    v1::NegativeListItem item = v1::NEGATIVE_LIST_ITEM_UNSPECIFIED;
    for (const v1::Asset& a : h->assets()) {
      if (a.kind() == v1::ASSET_KIND_TRUCK || a.kind() == v1::ASSET_KIND_VAN ||
          a.kind() == v1::ASSET_KIND_LARGE_FARM_MACHINERY ||
          a.kind() == v1::ASSET_KIND_CAR) {
        item = v1::NEGATIVE_LIST_ITEM_VEHICLE_OR_MACHINERY;
      }
    }
    if (item != v1::NEGATIVE_LIST_ITEM_UNSPECIFIED) {
      v1::VillageReviewOverride* o = h->add_overrides();
      o->set_item(item);
      o->set_decided_on(Date(as_of - static_cast<int>(rng.Int(20, 200))));
      o->set_minute_reference(absl::StrFormat("%s村民代表会议纪要〔%d〕%d号", kVillageNames[village_no],
                                              as_of.year(), static_cast<int>(rng.Int(1, 30))));
    }
  }

  // ---------------------------------------------------------- monitoring
  if (rng.Chance(0.06)) {
    v1::MonitoringState* mon = h->mutable_monitoring();
    mon->set_category(h->lifted_out() ? v1::CATEGORY_UNSTABLE_LIFTED_OUT
                                      : (rng.Chance(0.7) ? v1::CATEGORY_MARGINAL_AT_RISK
                                                         : v1::CATEGORY_SUDDEN_SEVERE_HARDSHIP));
    const absl::CivilDay identified = as_of - static_cast<int>(rng.Int(30, 700));
    mon->set_identified_on(Date(identified));
    const int measures = static_cast<int>(rng.Int(1, 3));
    constexpr std::array<v1::InterventionKind, 5> kKinds = {
        v1::INTERVENTION_KIND_INDUSTRY, v1::INTERVENTION_KIND_EMPLOYMENT, v1::INTERVENTION_KIND_MEDICAL,
        v1::INTERVENTION_KIND_EDUCATION, v1::INTERVENTION_KIND_ASSIGNED_HELPER};
    constexpr std::array<const char*, 5> kDepartments = {"县农业农村局", "县人社局", "县医保局", "县教育局",
                                                         "县乡村振兴局"};
    for (int j = 0; j < measures; ++j) {
      const size_t k = static_cast<size_t>(rng.Int(0, kKinds.size() - 1));
      v1::Intervention* iv = mon->add_measures();
      iv->set_kind(kKinds[k]);
      iv->set_measure_id(absl::StrFormat("M%03d", static_cast<int>(k + 1)));
      iv->set_start_date(Date(identified + static_cast<int>(rng.Int(1, 20))));
      iv->set_amount_fen(Fen(rng.LogNormal(2000, 0.6)));
      iv->set_department(kDepartments[k]);
    }
    const int visits = static_cast<int>(std::min<int64_t>(6, (as_of - identified) / 30));
    for (int j = 0; j < visits; ++j) {
      v1::Visit* v = h->add_visits();
      v->set_date(Date(as_of - 30 * (visits - j) + static_cast<int>(rng.Int(0, 5))));
      v->set_channel(static_cast<v1::VisitChannel>(v1::VISIT_CHANNEL_IN_PERSON + rng.Pick({0.6, 0.2, 0.05, 0.15})));
      v->set_helper(absl::StrCat("帮扶责任人", kSurnames[rng.Int(0, kSurnames.size() - 1)], "干部"));
      v->set_note("了解家庭收支及帮扶措施落实情况");
    }
  }
}

std::vector<Household> GeneratePopulation(const PopulationOptions& options, size_t count) {
  std::vector<Household> population(count);
  for (size_t i = 0; i < count; ++i) GenerateHousehold(options, i, &population[i]);
  return population;
}

absl::Status HouseholdToJsonLine(const Household& household, std::string* out) {
  out->clear();
  google::protobuf::util::JsonPrintOptions print;
  print.preserve_proto_field_names = true;
  print.add_whitespace = false;
  const auto status = google::protobuf::util::MessageToJsonString(household, out, print);
  if (!status.ok()) return absl::InternalError(status.ToString());
  return absl::OkStatus();
}

}  // namespace povmon::bench
