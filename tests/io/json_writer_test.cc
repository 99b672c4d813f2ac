// The fast JSON writer (src/codec/json_writer.h) against protobuf's printer:
// DecisionToJson must print every decision byte for byte as
// MessageToJsonString (preserve_proto_field_names) does, and the fast writer
// must be what prints the decisions povmon makes.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "benchmarks/population.h"  // compiled into this binary by json_reader_test.cc
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"
#include "povmon/json_protobuf.h"
#include "povmon/policy.h"
#include "povmon/v1/policy.pb.h"
#include "src/base/date.h"
#include "src/codec/json_writer.h"

namespace povmon {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = POVMON_SOURCE_DIR;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> Files(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == extension) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Prints `d` both ways, checks the bytes agree, and returns whether the
// fast writer printed it itself.
bool ExpectSameAsProtobuf(const v1::Decision& d, const std::string& where) {
  std::string fast = "left over from before";
  std::string slow;
  EXPECT_TRUE(DecisionToJson(d, &fast).ok()) << where;
  EXPECT_TRUE(DecisionToJsonWithProtobuf(d, &slow).ok()) << where;
  EXPECT_EQ(fast, slow) << where;
  std::string direct;
  return DecisionJsonWriter().Append(d, &direct);
}

struct HouseholdSource {
  std::string where;
  v1::Household household;
  std::optional<absl::CivilDay> as_of;  // the test case's, where there is one
};

std::vector<HouseholdSource> AllHouseholds() {
  std::vector<HouseholdSource> all;
  for (const char* folder : {"households", "cases", "plans"}) {
    for (const fs::path& file : Files(kSource / "examples" / folder, ".jsonl")) {
      std::istringstream in(Slurp(file));
      int line_no = 0;
      for (std::string line; std::getline(in, line);) {
        ++line_no;
        HouseholdSource s;
        s.where = absl::StrCat(file.string(), ":", line_no);
        if (ParseHouseholdJson(line, &s.household).ok()) all.push_back(std::move(s));
      }
    }
  }
  for (const auto& pack : fs::directory_iterator(kSource / "policies")) {
    for (const fs::path& file : Files(pack.path() / "tests", ".textproto")) {
      v1::TestSuite suite;
      EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(Slurp(file), &suite)) << file;
      for (const v1::TestCase& c : suite.case_()) {
        if (!c.has_household()) continue;
        HouseholdSource s;
        s.where = absl::StrCat(file.string(), ": ", c.name());
        s.household = c.household();
        s.as_of = ParseDate(c.as_of());
        all.push_back(std::move(s));
      }
    }
  }
  bench::PopulationOptions options;
  for (std::uint64_t i = 0; i < 60; ++i) {
    HouseholdSource s;
    s.where = absl::StrCat("generated household ", i);
    bench::GenerateHousehold(options, i, &s.household);
    s.as_of = options.as_of;
    all.push_back(std::move(s));
  }
  return all;
}

std::vector<std::string> ShippedPacks() {
  std::vector<std::string> packs;
  for (const auto& entry : fs::directory_iterator(kSource / "policies")) {
    if (fs::exists(entry.path() / "pack.textproto")) {
      packs.push_back(entry.path().filename().string());
    }
  }
  std::sort(packs.begin(), packs.end());
  return packs;
}

class DecisionsOfEveryPack : public ::testing::TestWithParam<std::string> {};

// Every household povmon has, decided by the pack at every trace level.
TEST_P(DecisionsOfEveryPack, PrintAsWithProtobuf) {
  auto policy = Policy::Load((kSource / "policies" / GetParam()).string());
  ASSERT_TRUE(policy.ok()) << policy.status();
  static const std::vector<HouseholdSource> households = AllHouseholds();
  ASSERT_GE(households.size(), 200u);
  Evaluator evaluator(*policy);
  v1::Decision decision;
  int printed = 0;
  for (v1::TraceLevel trace :
       {v1::TRACE_LEVEL_OFF, v1::TRACE_LEVEL_RULES, v1::TRACE_LEVEL_FULL}) {
    for (const HouseholdSource& h : households) {
      EvaluateOptions options;
      options.trace = trace;
      // The case's own date where the pack answers for it, else the
      // examples' date, moved into the pack's dates.
      options.as_of = h.as_of.value_or(absl::CivilDay(2024, 11, 30));
      if (options.as_of < (*policy)->valid_from() || options.as_of > (*policy)->valid_until()) {
        options.as_of = std::clamp(absl::CivilDay(2024, 11, 30), (*policy)->valid_from(),
                                   (*policy)->valid_until());
      }
      if (!evaluator.Evaluate(h.household, options, &decision).ok()) continue;
      const std::string where =
          absl::StrCat(h.where, ", trace ", v1::TraceLevel_Name(trace));
      EXPECT_TRUE(ExpectSameAsProtobuf(decision, where)) << where;
      ++printed;
    }
  }
  EXPECT_GE(printed, 300) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(ShippedPacks, DecisionsOfEveryPack, ::testing::ValuesIn(ShippedPacks()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

std::string Utf8(std::uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return s;
}

// Every Unicode scalar value, 256 to a string, in a singular and in a
// repeated string field.
TEST(JsonWriter, EveryCodePointIsEscapedAsProtobufEscapesIt) {
  int strings = 0;
  for (std::uint32_t first = 0; first <= 0x10FFFF; first += 256) {
    std::string text;
    for (std::uint32_t cp = first; cp < first + 256; ++cp) {
      if (cp < 0xD800 || cp > 0xDFFF) text += Utf8(cp);
    }
    if (text.empty()) continue;
    v1::Decision d;
    d.set_household_id(text);
    d.add_trace()->set_outcome(text);
    EXPECT_TRUE(ExpectSameAsProtobuf(d, absl::StrCat("from U+", first)));
    ++strings;
  }
  EXPECT_EQ(strings, 0x110000 / 256 - 8);  // less the surrogates
}

// Plain ASCII is skipped sixteen (or eight) bytes at a time: a character
// that needs a look at every position of strings of every length up to 40,
// at the end of the serialized decision too (where the last sixteen bytes
// read run into the padding), prints as protobuf prints it, and the same
// as AppendJsonString prints it (no padding there).
TEST(JsonWriter, EveryPositionOfACharacterThatNeedsALookPrintsAsProtobuf) {
  for (const std::string special : {"\"", "<", "\x01", "\x7f", "\xc3\xa9", "戶", "\xe2\x80\xa8"}) {
    for (std::size_t length = 0; length <= 40; ++length) {
      for (std::size_t at = 0; at <= length; ++at) {
        std::string text(length, 'a');
        text.insert(at, special);
        const std::string where = absl::StrCat(length, " at ", at);
        v1::Decision d;
        d.set_household_id(text);
        EXPECT_TRUE(ExpectSameAsProtobuf(d, where)) << where;
        d.add_trace()->set_outcome(text);  // the last string serialized
        EXPECT_TRUE(ExpectSameAsProtobuf(d, where)) << where;
        std::string slow, fast;
        ASSERT_TRUE(DecisionToJsonWithProtobuf(d, &slow).ok());
        ASSERT_TRUE(AppendJsonString(text, &fast));
        EXPECT_NE(slow.find(fast), std::string::npos) << where;
      }
    }
  }
}

TEST(JsonWriter, EscapesTheCharactersProtobufEscapes) {
  std::string out;
  ASSERT_TRUE(AppendJsonString("a\"b\\c/d<e>f&g='h\x7f\x01\b\f\n\r\t", &out));
  EXPECT_EQ(out, R"("a\"b\\c/d\u003ce\u003ef&g='h\u007f\u0001\b\f\n\r\t")");
  out.clear();
  // U+0085 (C1), U+00AD soft hyphen, U+2028, U+FEFF, U+E0001 (a pair).
  ASSERT_TRUE(AppendJsonString("\xc2\x85\xc2\xad\xe2\x80\xa8\xef\xbb\xbf\xf3\xa0\x80\x81 刘", &out));
  EXPECT_EQ(out, "\"\\u0085\\u00ad\\u2028\\ufeff\\udb40\\udc01 刘\"");
  // What is not valid UTF-8 declines and leaves the caller's string as it was.
  out = "kept";
  EXPECT_FALSE(AppendJsonString("\xff", &out));
  EXPECT_EQ(out, "kept");
  EXPECT_FALSE(AppendJsonString("ok \xc0\x80", &out));  // overlong
  EXPECT_EQ(out, "kept");
  EXPECT_FALSE(AppendJsonString("\xed\xa0\x80", &out));  // a surrogate
  EXPECT_EQ(out, "kept");
}

// The line is written into a per-thread buffer that grows (for a string,
// room for six output bytes per input byte is reserved) and then appended:
// a long line after short ones, and a short one after it, come out whole,
// after what the caller's string already held.
TEST(JsonWriter, AppendsWholeLinesOfAnyLengthAfterWhatTheStringHeld) {
  std::string out = "[";
  ASSERT_TRUE(AppendJsonString("短", &out));
  std::string long_text;
  std::string long_json = "\"";
  for (int i = 0; i < 100000; ++i) {
    long_text += i % 7 == 0 ? "<" : "戶";
    long_json += i % 7 == 0 ? "\\u003c" : "戶";
  }
  long_json += "\"";
  out += ',';
  ASSERT_TRUE(AppendJsonString(long_text, &out));
  out += ',';
  ASSERT_TRUE(AppendJsonString("a", &out));
  EXPECT_EQ(out, "[\"短\"," + long_json + ",\"a\"");
}

TEST(JsonWriter, ExtremeValuesDefaultsAndUnknownEnumsPrintAsWithProtobuf) {
  v1::Decision d;
  EXPECT_TRUE(ExpectSameAsProtobuf(d, "empty"));
  // A present but empty sub-message prints as {}.
  d.mutable_facts();
  d.mutable_assistance();
  EXPECT_TRUE(ExpectSameAsProtobuf(d, "empty sub-messages"));
  v1::Facts* f = d.mutable_facts();
  f->set_counted_income_fen(std::numeric_limits<std::int64_t>::max());
  f->set_uncounted_income_fen(std::numeric_limits<std::int64_t>::min());
  f->set_net_income_fen(-1);
  f->set_counted_members(std::numeric_limits<std::int32_t>::max());
  f->set_income_change_bp(std::numeric_limits<std::int32_t>::min());
  f->set_previous_known(true);
  f->set_household_labour(static_cast<v1::LabourCapacity>(77));
  v1::Identification* id = d.mutable_identification();
  id->set_category(static_cast<v1::Category>(-5));
  id->add_risk_types(v1::RISK_TYPE_ILLNESS);
  id->add_risk_types(v1::RISK_TYPE_UNSPECIFIED);
  id->add_risk_types(static_cast<v1::RiskType>(99));
  id->add_risk_types(static_cast<v1::RiskType>(-1));
  id->add_risk_types(static_cast<v1::RiskType>(5000));
  id->add_negative_list_hits();
  id->add_negative_list_hits()->set_overridden(true);
  v1::AssistancePlan* plan = d.mutable_assistance();
  plan->set_continuing(true);  // field 7, declared before 2..6
  plan->add_totals()->set_total_fen(100);
  plan->add_coverage()->add_measure_ids("");
  plan->mutable_coverage(0)->add_measure_ids("m\"1");
  v1::TraceEntry* t = d.add_trace();
  t->set_fired(true);
  v1::Comparison* c = t->add_compared();
  c->set_left(0);
  c->set_right(-9);
  c->set_left_text("facts.x < 5");
  EXPECT_TRUE(ExpectSameAsProtobuf(d, "extremes"));
}

TEST(JsonWriter, WhatItDoesNotPrintProtobufPrints) {
  v1::Decision d;
  d.set_household_id("h");
  d.set_pack_id("bad \xff byte");  // not UTF-8: protobuf drops the byte
  EXPECT_FALSE(ExpectSameAsProtobuf(d, "invalid UTF-8"));
  v1::Decision unknown;
  unknown.set_household_id("h");
  unknown.GetReflection()->MutableUnknownFields(&unknown)->AddVarint(999, 1);
  EXPECT_FALSE(ExpectSameAsProtobuf(unknown, "unknown field"));
  // A writer for another type refuses a Decision.
  std::string out;
  EXPECT_FALSE(JsonWriter(v1::Facts::descriptor()).Append(d, &out));
  // A decline part way through (the bad byte comes after household_id is
  // printed) leaves the caller's string as it was.
  out = "kept";
  EXPECT_FALSE(DecisionJsonWriter().Append(d, &out));
  EXPECT_EQ(out, "kept");
}

// Any message prints, a dynamic one too. What the writer does not print
// (double, float, bytes) it declines exactly when serialization writes it:
// -0.0 in a double without presence is written (its bits are not zero),
// +0.0 is not.
TEST(JsonWriter, DynamicMessagesPrintAsWithProtobufOrDecline) {
  google::protobuf::FileDescriptorProto file;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    name: "writer_test.proto" package: "t" syntax: "proto3"
    message_type {
      name: "T"
      field { name: "d" number: 1 type: TYPE_DOUBLE label: LABEL_OPTIONAL }
      field { name: "s" number: 9 type: TYPE_STRING label: LABEL_OPTIONAL }
      field { name: "b" number: 3 type: TYPE_BYTES label: LABEL_OPTIONAL }
      field { name: "f" number: 4 type: TYPE_FLOAT label: LABEL_REPEATED }
      field { name: "child" number: 2 type: TYPE_MESSAGE type_name: ".t.T" label: LABEL_OPTIONAL }
      field { name: "n" number: 5 type: TYPE_SINT64 label: LABEL_REPEATED }
      field { name: "one_i" number: 6 type: TYPE_INT32 label: LABEL_OPTIONAL oneof_index: 0 }
      field { name: "one_s" number: 7 type: TYPE_STRING label: LABEL_OPTIONAL oneof_index: 0 }
      oneof_decl { name: "choice" }
    })pb", &file));
  google::protobuf::DescriptorPool pool;
  const google::protobuf::FileDescriptor* fd = pool.BuildFile(file);
  ASSERT_NE(fd, nullptr);
  const google::protobuf::Descriptor* type = fd->FindMessageTypeByName("T");
  google::protobuf::DynamicMessageFactory factory(&pool);
  const JsonWriter writer(type);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  const auto same_as_protobuf = [&](const google::protobuf::Message& m, const char* where) {
    std::string fast = "[", slow;
    ASSERT_TRUE(writer.Append(m, &fast)) << where;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(m, &slow, options).ok()) << where;
    EXPECT_EQ(fast, "[" + slow) << where;
  };
  const auto declines = [&](const google::protobuf::Message& m, const char* where) {
    std::string out = "kept";
    EXPECT_FALSE(writer.Append(m, &out)) << where;
    EXPECT_EQ(out, "kept") << where;
  };

  std::unique_ptr<google::protobuf::Message> m(factory.GetPrototype(type)->New());
  const google::protobuf::Reflection* r = m->GetReflection();
  const auto field = [&](const char* name) { return type->FindFieldByName(name); };
  same_as_protobuf(*m, "empty");
  // Fields print by number (child 2, one_i 6, s 9), the oneof's member even
  // at zero, a nested message and sint64 quoted.
  r->SetString(m.get(), field("s"), "文<");
  r->SetInt32(m.get(), field("one_i"), 0);
  google::protobuf::Message* child = r->MutableMessage(m.get(), field("child"));
  child->GetReflection()->AddInt64(child, field("n"), -7);
  child->GetReflection()->SetString(child, field("one_s"), "");
  same_as_protobuf(*m, "set fields");
  std::string fast;
  ASSERT_TRUE(writer.Append(*m, &fast));
  EXPECT_EQ(fast, R"({"child":{"n":["-7"],"one_s":""},"one_i":0,"s":"文\u003c"})");
  // A double at +0.0 is not written; at -0.0, or any other value, it is.
  r->SetDouble(m.get(), field("d"), 0.0);
  same_as_protobuf(*m, "+0.0");
  r->SetDouble(m.get(), field("d"), -0.0);
  declines(*m, "-0.0");
  r->SetDouble(m.get(), field("d"), 1.5);
  declines(*m, "1.5");
  r->ClearField(m.get(), field("d"));
  r->SetString(m.get(), field("b"), "x");
  declines(*m, "bytes");
  r->ClearField(m.get(), field("b"));
  r->AddFloat(child, field("f"), 0.0f);
  declines(*m, "a repeated float, nested");
  r->ClearField(child, field("f"));
  same_as_protobuf(*m, "cleared again");
}

TEST(JsonWriter, OtherMessageTypesPrintAsWithProtobuf) {
  // Proto3 optional scalars print when set, even at zero.
  v1::Expectation e;
  e.set_excluded(false);
  e.set_counted_members(0);
  e.set_window_start("");
  e.add_fired("");
  e.add_risk_types(v1::RISK_TYPE_ACCIDENT);
  std::string fast, slow;
  ASSERT_TRUE(JsonWriter(v1::Expectation::descriptor()).Append(e, &fast));
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(e, &slow, options).ok());
  EXPECT_EQ(fast, slow);
}

}  // namespace
}  // namespace povmon
