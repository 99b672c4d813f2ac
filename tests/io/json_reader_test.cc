// The fast JSON reader (src/codec/json_reader.h) against protobuf's own parser.
//
// ParseHouseholdJson takes the fast reader's result when it accepts a line
// and protobuf's path (ParseHouseholdJsonWithProtobuf) otherwise, so for
// every input the two functions must agree: both succeed with equal
// messages, or both fail with the same status and message. Every test here
// checks that, on the example households, the households of every shipped
// pack's test cases, the generated benchmark population, a table of edge
// cases, every truncation of a real household and random mutations of one.
// Where a test also states whether the fast reader took the input, that is
// to show which inputs stay on the fast path, not a requirement on errors.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "povmon/json.h"
#include "povmon/v1/policy.pb.h"
#include "src/codec/json_protobuf.h"
#include "src/codec/json_reader.h"

// The benchmarks' population generator is one self-contained file; the
// test folders link only the library, so it is compiled in here (and only
// here: json_writer_test.cc uses its declarations).
#include "benchmarks/population.cc"  // NOLINT(build/include)

namespace povmon {
namespace {

namespace fs = std::filesystem;
using google::protobuf::util::MessageDifferencer;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const fs::path& path) {
  std::vector<std::string> lines;
  std::istringstream in(Slurp(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
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

const fs::path kSource = POVMON_SOURCE_DIR;

// Parses `json` both ways and checks they agree. Returns whether the fast
// reader took the input (which is what ParseHouseholdJson then used).
bool ExpectSameAsProtobuf(std::string_view json, const std::string& where) {
  v1::Household fast, slow;
  absl::Status fast_status = ParseHouseholdJson(json, &fast);
  absl::Status slow_status = ParseHouseholdJsonWithProtobuf(json, &slow);
  EXPECT_EQ(fast_status, slow_status) << where << "\n  input: " << json.substr(0, 300);
  if (fast_status.ok() && slow_status.ok()) {
    std::string differences;
    MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&differences);
    EXPECT_TRUE(differencer.Compare(slow, fast))
        << where << "\n  input: " << json.substr(0, 300) << "\n" << differences;
  }
  v1::Household scratch;
  return HouseholdJsonReader().Read(json, &scratch);
}

// The JSON protobuf prints for a household, with proto field names or with
// lowerCamelCase JSON names.
std::string PrintedByProtobuf(const v1::Household& h, bool proto_names) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = proto_names;
  std::string out;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(h, &out, options).ok());
  return out;
}

TEST(JsonReader, EveryExampleLineParsesAsWithProtobuf) {
  int lines = 0;
  for (const char* folder : {"households", "cases", "plans"}) {
    for (const fs::path& file : Files(kSource / "examples" / folder, ".jsonl")) {
      std::vector<std::string> content = Lines(file);
      for (std::size_t i = 0; i < content.size(); ++i) {
        if (content[i].empty()) continue;
        const std::string where = absl::StrCat(file.string(), ":", i + 1);
        const bool fast = ExpectSameAsProtobuf(content[i], where);
        // Every line protobuf's parser takes as a household goes the fast way.
        v1::Household h;
        google::protobuf::util::JsonParseOptions options;
        if (google::protobuf::util::JsonStringToMessage(content[i], &h, options).ok()) {
          EXPECT_TRUE(fast) << where;
        }
        ++lines;
      }
    }
  }
  EXPECT_GE(lines, 60);
}

TEST(JsonReader, EveryPackTestHouseholdParsesAsWithProtobuf) {
  int households = 0;
  for (const auto& pack : fs::directory_iterator(kSource / "policies")) {
    for (const fs::path& file : Files(pack.path() / "tests", ".textproto")) {
      v1::TestSuite suite;
      ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(Slurp(file), &suite)) << file;
      for (const v1::TestCase& c : suite.case_()) {
        if (!c.has_household()) continue;
        for (bool proto_names : {true, false}) {
          const std::string json = PrintedByProtobuf(c.household(), proto_names);
          const std::string where = absl::StrCat(file.string(), ": ", c.name());
          EXPECT_TRUE(ExpectSameAsProtobuf(json, where)) << where;
          // And the result is the household itself.
          v1::Household h;
          if (ParseHouseholdJson(json, &h).ok()) {
            EXPECT_TRUE(MessageDifferencer::Equals(h, c.household())) << where;
          }
        }
        ++households;
      }
    }
  }
  EXPECT_GE(households, 100);
}

TEST(JsonReader, GeneratedPopulationParsesAsWithProtobuf) {
  bench::PopulationOptions options;
  v1::Household generated;
  std::string json;
  for (std::uint64_t i = 0; i < 300; ++i) {
    bench::GenerateHousehold(options, i, &generated);
    ASSERT_TRUE(bench::HouseholdToJsonLine(generated, &json).ok());
    const std::string where = absl::StrCat("generated household ", i);
    EXPECT_TRUE(ExpectSameAsProtobuf(json, where)) << where;
    v1::Household h;
    ASSERT_TRUE(ParseHouseholdJson(json, &h).ok()) << where;
    EXPECT_TRUE(MessageDifferencer::Equals(h, generated)) << where;
    if (i % 10 == 0) {
      EXPECT_TRUE(ExpectSameAsProtobuf(PrintedByProtobuf(generated, false), where)) << where;
    }
  }
}

struct EdgeCase {
  const char* json;
  bool fast;  // whether the fast reader takes it
};

// Each input is checked against protobuf's path; `fast` records which path
// decides it.
TEST(JsonReader, EdgeCasesParseAsWithProtobuf) {
  const EdgeCase cases[] = {
      // Every JSON escape, \u in each UTF-8 length, surrogate pairs.
      {R"({"id":"q\"b\\s\/b\bf\fn\nr\rt\t"})", true},
      {R"({"id":"\u0000\u001f\u0041\u00e9\u4e2d\uFFFF\ud83d\ude00\uD834\uDD1E"})", true},
      {R"({"id":"刘建国 \u5218","region":{"county":"\"430524\""}})", true},
      {R"({"\u0069d":"key with an escape","lifted\u005fout":true})", true},
      // Escapes JSON does not define, which protobuf reads anyway.
      {R"({"id":"\v"})", false},
      {R"({"id":"\'"})", false},
      {R"({"id":"\x"})", false},
      // Surrogates that do not pair.
      {R"({"id":"\ud800"})", false},
      {R"({"id":"\udc00"})", false},
      {R"({"id":"\ud83dx"})", false},
      {R"({"id":"\ud83d\u0041"})", false},
      {R"({"id":"\ud83d\ud83d"})", false},
      {R"({"id":"\u12"})", false},
      {R"({"id":"\u12G4"})", false},
      // A raw control character in a string.
      {"{\"id\":\"a\tb\"}", false},
      // Integers as numbers and as strings, at the limits.
      {R"({"lifted_out_year":2147483647,"previous_period_income_fen":9223372036854775807})", true},
      {R"({"lifted_out_year":-2147483648,"previous_period_income_fen":-9223372036854775808})",
       true},
      {R"({"lifted_out_year":"-2147483648","previous_period_income_fen":"-9223372036854775808"})",
       true},
      {R"({"previous_period_income_fen":"9223372036854775807"})", true},
      {R"({"previous_period_income_fen":9007199254740993})", true},
      {R"({"lifted_out_year":0,"previous_period_income_fen":"0"})", true},
      {R"({"lifted_out_year":-0,"previous_period_income_fen":"-0"})", true},
      {R"({"lifted_out_year":2147483648})", false},
      {R"({"lifted_out_year":-2147483649})", false},
      {R"({"lifted_out_year":"2147483648"})", false},
      {R"({"previous_period_income_fen":9223372036854775808})", false},
      {R"({"previous_period_income_fen":"9223372036854775808"})", false},
      {R"({"previous_period_income_fen":-9223372036854775809})", false},
      {R"({"previous_period_income_fen":18446744073709551616})", false},
      {R"({"previous_period_income_fen":99999999999999999999999})", false},
      // Fractions, exponents, signs and leading zeros: protobuf takes some.
      {R"({"lifted_out_year":1e2})", false},
      {R"({"lifted_out_year":1E2})", false},
      {R"({"lifted_out_year":"1e2"})", false},
      {R"({"lifted_out_year":1.0})", false},
      {R"({"lifted_out_year":"1.0"})", false},
      {R"({"lifted_out_year":1.5})", false},
      {R"({"lifted_out_year":-0.0})", false},
      {R"({"lifted_out_year":"+5"})", false},
      {R"({"lifted_out_year":+5})", false},
      {R"({"lifted_out_year":"007"})", false},
      {R"({"lifted_out_year":007})", false},
      {R"({"lifted_out_year":" 5"})", false},
      {R"({"lifted_out_year":"5 "})", false},
      {R"({"lifted_out_year":""})", false},
      {R"({"lifted_out_year":"-"})", false},
      {R"({"lifted_out_year":-})", false},
      {R"({"lifted_out_year":"0x10"})", false},
      {R"({"lifted_out_year":true})", false},
      {R"({"previous_period_income_fen":1e18})", false},
      // Enums by name and by number, known or not.
      {R"({"support":"SUPPORT_STATUS_DIBAO","members":[{"relation":1}]})", true},
      {R"({"members":[{"relation":99},{"relation":-1},{"relation":0}]})", true},
      {R"({"members":[{"relation":2147483647},{"relation":-2147483648}]})", true},
      {R"({"members":[{"relation":2147483648}]})", false},
      {R"({"members":[{"relation":"1"}]})", false},
      {R"({"members":[{"relation":"99"}]})", false},
      {R"({"members":[{"relation":"relation_head"}]})", false},
      {R"({"members":[{"relation":"RELATION_BOGUS"}]})", false},
      {R"({"members":[{"relation":"RELATION_\u0048EAD"}]})", false},
      {R"({"members":[{"relation":1.0}]})", false},
      {R"({"members":[{"relation":true}]})", false},
      {R"({"cases":[{"events":[{"step":"CASE_STEP_CLUE"},{"step":3}]}]})", true},
      // null leaves the default, for every kind of field.
      {R"({"id":null,"region":null,"lifted_out":null,"lifted_out_year":null,"members":null,)"
       R"("support":null,"monitoring":{"measures":null,"category":null}})",
       true},
      {R"({"members":[{"health":null,"relation":null}]})", true},
      {R"({"lifted_out_year":5,"lifted_out_year":null})", true},
      {R"({"region":{"county":"x"},"region":null})", false},
      {R"({"region":null,"region":{"county":"x"}})", false},
      // Empty arrays and objects; an empty sub-message is still present.
      {R"({"members":[],"income":[],"region":{},"monitoring":{"measures":[]}})", true},
      {R"({"members":[{}],"negative_list_facts":{}})", true},
      {"{}", true},
      // Arrays where protobuf bends the mapping.
      {R"({"members":[null]})", false},
      {R"({"members":[{"id":"a"},null]})", false},
      {R"({"members":[[]]})", false},
      {R"({"members":{"id":"a"}})", false},
      {R"({"region":[{"county":"x"}]})", false},
      {R"({"region":"x"})", false},
      // Field names: proto names, JSON names, both, neither.
      {R"({"liftedOut":true,"liftedOutYear":2016,"previousPeriodIncomeFen":"5"})", true},
      {R"({"liftedOut":true,"lifted_out":false})", true},
      {R"({"members":[{"birthDate":"1960-02-29","coResident":true,"idNumber":"x"}]})", true},
      {R"({"LiftedOut":true})", false},
      {R"({"lifted_out ":true})", false},
      {R"({"annual_income_yuan":5})", false},
      {R"({"members":[{"registred":true}]})", false},
      // Duplicate keys: the last scalar wins, repeated fields append, an
      // optional sub-message twice is refused.
      {R"({"id":"a","id":"b","members":[{"id":"1"}],"members":[{"id":"2"}]})", true},
      {R"({"id":"a","id":""})", true},
      {R"({"region":{"county":"x"},"region":{"village":"y"}})", false},
      {R"({"monitoring":{},"monitoring":{}})", false},
      // Bools.
      {R"({"lifted_out":true,"sudden_shock":false})", true},
      {R"({"lifted_out":"yes"})", false},
      {R"({"lifted_out":"true"})", false},
      {R"({"lifted_out":1})", false},
      {R"({"lifted_out":0})", false},
      {R"({"lifted_out":truex})", false},
      {R"({"lifted_out":True})", false},
      {R"({"members":[{"health":{"serious_illness":"1"}}]})", false},
      // Strings.
      {R"({"id":5})", false},
      {R"({"id":true})", false},
      {R"({"id":{"a":1}})", false},
      {R"({"id":'single'})", false},
      {R"({'id':"a"})", false},
      {R"({id:"a"})", false},
      // Whitespace: JSON's four anywhere, anything else left to protobuf.
      {" \t\r\n{ \t\r\n\"id\" \t\r\n: \t\r\n\"a\" \t\r\n, \"members\" : [ { } , { \"id\" : \"m\" "
       "} ] \t\r\n} \t\r\n",
       true},
      {"{\"id\":\"a\"}\f", false},
      {"{\"id\":\v\"a\"}", false},
      {"\xef\xbb\xbf{\"id\":\"a\"}", false},
      // Dates are still checked, on the fast path too.
      {R"({"members":[{},{"birth_date":"2024-02-30"}]})", true},
      {R"({"support_since":"2024-2-3"})", true},
      // Not an object, not complete, or more after it.
      {"", false},
      {"   ", false},
      {"[]", false},
      {"5", false},
      {"\"x\"", false},
      {"null", false},
      {R"({"id":"a"} x)", false},
      {R"({"id":"a"}{})", false},
      {R"({"id":"a"},)", false},
      {R"({"id":"a",})", false},
      {R"({"members":[{"id":"a"},]})", false},
      {R"({,"id":"a"})", false},
      {R"({"id" "a"})", false},
      {R"({"id":"a" "b":1})", false},
      {R"({"id":"a")", false},
      {R"({"id":"a)", false},
      {R"({"id":)", false},
      {R"({"members":[{"id":"a"})", false},
      {"{\"id\":\"h\xff\"}", false},
  };
  for (const EdgeCase& c : cases) {
    EXPECT_EQ(ExpectSameAsProtobuf(c.json, c.json), c.fast) << c.json;
  }
}

TEST(JsonReader, EveryCodePointReadsAsWithProtobuf) {
  // Each code point as itself and as a \u escape (a surrogate pair past
  // U+FFFF), 4,096 to a string.
  auto utf8 = [](std::uint32_t cp) {
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
  };
  auto escaped = [](std::uint32_t cp) {
    auto unit = [](std::uint32_t u) {
      char buf[7];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      return std::string(buf);
    };
    if (cp < 0x10000) return unit(cp);
    return unit(0xD800 + ((cp - 0x10000) >> 10)) + unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
  };
  int strings = 0;
  for (std::uint32_t first = 0; first <= 0x10FFFF; first += 4096) {
    std::string raw, escapes;
    for (std::uint32_t cp = first; cp < first + 4096 && cp <= 0x10FFFF; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      escapes += escaped(cp);
      if (cp >= 0x20 && cp != '"' && cp != '\\') raw += utf8(cp);
    }
    const std::string a = "{\"id\":\"" + escapes + "\"}";
    const std::string b = "{\"id\":\"" + raw + "\",\"members\":[{\"name\":\"" + escapes + "\"}]}";
    EXPECT_TRUE(ExpectSameAsProtobuf(a, absl::StrCat("escapes from U+", first)));
    if (!raw.empty()) {
      EXPECT_TRUE(ExpectSameAsProtobuf(b, absl::StrCat("raw from U+", first)));
    }
    ++strings;
  }
  EXPECT_EQ(strings, 272);
}

// A household with a bit of everything, as ParseHouseholdJson sees it in
// a file (JSON names, escapes, numbers and strings for int64).
std::string RichHousehold() {
  std::vector<std::string> lines = Lines(kSource / "examples/households/hunan.jsonl");
  std::string json = lines.at(0);
  json.insert(json.size() - 1,
              R"(,"previousPeriodIncomeFen":-12345,"visits":[{"date":"2024-10-01",)"
              R"("note":"tab\tquote\" \u5218 \ud83d\ude00","channel":2}],"overrides":null)");
  return json;
}

TEST(JsonReader, EveryTruncationIsAnErrorAndNeverACrash) {
  const std::string json = RichHousehold();
  ASSERT_TRUE(ExpectSameAsProtobuf(json, "the whole household"));
  v1::Household h;
  for (std::size_t n = 0; n < json.size(); ++n) {
    const std::string prefix = json.substr(0, n);
    // The reader declines every one (also those cut inside a UTF-8
    // sequence or an escape), and the error is protobuf's.
    EXPECT_FALSE(HouseholdJsonReader().Read(prefix, &h)) << n;
    EXPECT_FALSE(ParseHouseholdJson(prefix, &h).ok()) << n;
    ExpectSameAsProtobuf(prefix, absl::StrCat("first ", n, " bytes"));
  }
  // The generated households are longer: the reader alone on one of them.
  v1::Household generated;
  bench::GenerateHousehold(bench::PopulationOptions(), 7, &generated);
  std::string line;
  ASSERT_TRUE(bench::HouseholdToJsonLine(generated, &line).ok());
  for (std::size_t n = 0; n < line.size(); ++n) {
    EXPECT_FALSE(HouseholdJsonReader().Read(std::string_view(line).substr(0, n), &h)) << n;
  }
}

// splitmix64, for reproducible mutations.
std::uint64_t NextRandom(std::uint64_t* state) {
  std::uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

TEST(JsonReader, RandomMutationsParseAsWithProtobuf) {
  const std::string original = RichHousehold();
  // Bytes that change JSON's structure or a value's meaning.
  const std::string alphabet = "{}[]:,\"\\ 0123456789-+.eEtrufalsn\t\nuDdcX\xe5\x88";
  std::uint64_t state = 20240601;
  int fast = 0;
  constexpr int kMutations = 1500;
  for (int i = 0; i < kMutations; ++i) {
    std::string json = original;
    const int edits = 1 + static_cast<int>(NextRandom(&state) % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = NextRandom(&state) % json.size();
      const char c = alphabet[NextRandom(&state) % alphabet.size()];
      switch (NextRandom(&state) % 3) {
        case 0: json[at] = c; break;
        case 1: json.insert(json.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: json.erase(at, 1); break;
      }
    }
    fast += ExpectSameAsProtobuf(json, absl::StrCat("mutation ", i));
  }
  // Some mutations (about one in eight) leave valid JSON of the household's
  // shape, and those must stay on the fast path with protobuf's result.
  EXPECT_GT(fast, kMutations / 20);
}

// The reader is bound to descriptors, not to Household: a type with proto3
// optional scalars, repeated enums and repeated strings.
TEST(JsonReader, OtherMessageTypesReadAsWithProtobuf) {
  const JsonReader reader(v1::Expectation::descriptor());
  const EdgeCase cases[] = {
      {R"({"category":"CATEGORY_NONE","excluded":false,"counted_members":0})", true},
      {R"({"riskTypes":["RISK_TYPE_ILLNESS",2,99],"fired":["a","b\n",""]})", true},
      {R"({"per_capita_net_income_fen":"0","window_start":""})", true},
      {R"({"excluded":null,"category":null,"fired":null})", true},
      {R"({"excluded":true,"excluded":false})", false},
      {R"({"fired":[null]})", false},
      {R"({"fired":"a"})", false},
  };
  for (const EdgeCase& c : cases) {
    v1::Expectation fast, slow;
    const bool read = reader.Read(c.json, &fast);
    EXPECT_EQ(read, c.fast) << c.json;
    google::protobuf::util::JsonParseOptions options;
    const bool parsed = google::protobuf::util::JsonStringToMessage(c.json, &slow, options).ok();
    if (read) {
      EXPECT_TRUE(parsed) << c.json;
      EXPECT_TRUE(MessageDifferencer::Equals(fast, slow)) << c.json;
      EXPECT_EQ(fast.has_excluded(), slow.has_excluded()) << c.json;
    }
  }
  // Not the reader's type.
  v1::Household h;
  EXPECT_FALSE(reader.Read("{}", &h));
}

TEST(JsonReader, ReusedHouseholdHoldsOnlyTheLastRecord) {
  v1::Household h;
  ASSERT_TRUE(ParseHouseholdJson(RichHousehold(), &h).ok());
  ASSERT_TRUE(ParseHouseholdJson(R"({"id":"second","members":[{"id":"m"}]})", &h).ok());
  v1::Household expected;
  expected.set_id("second");
  expected.add_members()->set_id("m");
  EXPECT_TRUE(MessageDifferencer::Equals(h, expected));
  EXPECT_FALSE(h.has_region());
}

}  // namespace
}  // namespace povmon
