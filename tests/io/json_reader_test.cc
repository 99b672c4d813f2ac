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
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "povmon/json.h"
#include "povmon/json_protobuf.h"
#include "povmon/v1/options.pb.h"
#include "povmon/v1/policy.pb.h"
#include "src/codec/json_fast_path.h"
#include "src/codec/json_fast_path_setters.h"
#include "src/codec/json_field_kind.h"
#include "src/codec/json_reader.h"
#include "src/codec/json_reader_tables.h"

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

// How ParseHouseholdJson's answer compares with protobuf's path.
enum class Outcome {
  kRead,      // both read it, into equal messages
  kSameError, // both refuse it, with the same message
  kStricter,  // povmon refuses it in its own words: protobuf accepted it, or
              // it is not JSON (a syntax error, worded with line and column)
};

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kRead: return "read";
    case Outcome::kSameError: return "same error";
    case Outcome::kStricter: return "stricter";
  }
  return "?";
}

// The reader's two paths on one input: the simdjson fast path either
// declines or builds the message the full reader builds (which must then
// accept it too). Every input of every test here goes through this, by way
// of CompareWithProtobuf. Returns whether the fast path took it.
bool FastPathAgrees(std::string_view json, const std::string& where) {
  v1::Household fast, full;
  const bool fast_read = HouseholdJsonReader().ReadFastPathOnly(json, &fast);
  const bool full_read = HouseholdJsonReader().ReadWithoutFastPath(json, &full);
  if (!fast_read) return false;
  EXPECT_TRUE(full_read) << where << ": the fast path took what the full reader refuses\n  input: "
                         << json.substr(0, 300);
  std::string differences;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(full, fast))
      << where << ": the fast path built another message\n  input: " << json.substr(0, 300)
      << "\n" << differences;
  return true;
}

// The public in-place parse (ParseHouseholdJsonInBuffer) of `json` followed
// in its buffer by kHouseholdJsonPadding bytes that would change it if they
// were read as part of it (closing braces, which simdjson issue 1834 is
// about), and by fewer (the end of a buffer: copied), gives the status,
// byte for byte, and the household that ParseHouseholdJson gave (`status`,
// `parsed`), taken or declined by the fast path alike.
void ExpectInBufferAsCopied(std::string_view json, const absl::Status& status,
                            const v1::Household& parsed, const std::string& where) {
  for (const std::size_t after : {kHouseholdJsonPadding, kHouseholdJsonPadding - 1, std::size_t{0}}) {
    std::string buffer(json);
    buffer.append(after, '}');
    v1::Household in_buffer;
    in_buffer.set_id("left over from an earlier record");
    const absl::Status s =
        ParseHouseholdJsonInBuffer(std::string_view(buffer.data(), json.size()), after, &in_buffer);
    EXPECT_EQ(s, status) << where << " (" << after << " bytes after)\n  input: "
                         << json.substr(0, 300);
    EXPECT_TRUE(MessageDifferencer::Equals(in_buffer, parsed))
        << where << " (" << after << " bytes after)\n  input: " << json.substr(0, 300);
  }
}

// Parses `json` both ways and checks they agree as far as they must: what
// povmon reads protobuf reads the same; what both refuse is worded as
// protobuf words it, unless povmon's message gives a position (a syntax
// error, a field given twice, a NUL) or is povmon's own (a bool as a
// string). Returns how they compare; `message` gets povmon's error.
Outcome CompareWithProtobuf(std::string_view json, const std::string& where,
                            std::string* message = nullptr) {
  FastPathAgrees(json, where);
  v1::Household fast, slow;
  absl::Status fast_status = ParseHouseholdJson(json, &fast);
  absl::Status slow_status = ParseHouseholdJsonWithProtobuf(json, &slow);
  ExpectInBufferAsCopied(json, fast_status, fast, where);
  if (message != nullptr) *message = std::string(fast_status.message());
  if (fast_status.ok()) {
    EXPECT_TRUE(slow_status.ok()) << where << "\n  input: " << json.substr(0, 300)
                                  << "\n  protobuf: " << slow_status.message();
    std::string differences;
    MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&differences);
    EXPECT_TRUE(differencer.Compare(slow, fast))
        << where << "\n  input: " << json.substr(0, 300) << "\n" << differences;
    return Outcome::kRead;
  }
  EXPECT_EQ(fast_status.code(), absl::StatusCode::kInvalidArgument) << where;
  if (!slow_status.ok() && fast_status.message() == slow_status.message()) {
    return Outcome::kSameError;
  }
  const std::string_view m(fast_status.message().data(), fast_status.message().size());
  const bool positioned = m.rfind("malformed JSON: line ", 0) == 0 ||
                          m.find(" (line ") != std::string_view::npos;
  const bool own = m.find("a bool must be true or false") != std::string_view::npos ||
                   m == "input is not valid UTF-8" ||
                   m.find(": unknown field \"") != std::string_view::npos;
  EXPECT_TRUE(positioned || own || slow_status.ok())
      << where << "\n  input: " << json.substr(0, 300) << "\n  povmon:   " << m
      << "\n  protobuf: " << slow_status.message();
  return Outcome::kStricter;
}

// What a test that only needs agreement uses.
bool ExpectSameAsProtobuf(std::string_view json, const std::string& where) {
  return CompareWithProtobuf(json, where) == Outcome::kRead;
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
        CompareWithProtobuf(content[i], where);
        // Every line protobuf's parser takes as a household, povmon's reader
        // takes too (bad dates are refused after it).
        v1::Household h;
        const bool fast = HouseholdJsonReader().Read(content[i], &h);
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
  Outcome outcome;
  // For kStricter, the start of povmon's message (empty: not checked).
  const char* message = "";
};

// Each input is checked against protobuf's path, with the outcome stated:
// read by both, refused by both in protobuf's words, or refused by povmon
// in its own (what protobuf bent the rules for, and every syntax error).
TEST(JsonReader, EdgeCasesParseAsWithProtobuf) {
  const EdgeCase cases[] = {
      // Every JSON escape, \u in each UTF-8 length, surrogate pairs.
      {R"({"id":"q\"b\\s\/b\bf\fn\nr\rt\t"})", Outcome::kRead},
      {R"({"id":"\u0001\u001f\u0041\u00e9\u4e2d\uFFFF\ud83d\ude00\uD834\uDD1E"})", Outcome::kRead},
      // A NUL, escaped or not: protobuf read it.
      {R"({"id":"a\u0000"})", Outcome::kStricter, "id: a NUL character (\\u0000) is not allowed in a string"},
      {R"({"id":"刘建国 \u5218","region":{"county":"\"430524\""}})", Outcome::kRead},
      {R"({"\u0069d":"key with an escape","lifted\u005fout":true})", Outcome::kRead},
      // Escapes JSON does not define, which protobuf reads anyway.
      {R"({"id":"\v"})", Outcome::kStricter, "malformed JSON: line 1, column 8: \\v is not a JSON escape "},
      {R"({"id":"\'"})", Outcome::kStricter, "malformed JSON: line 1, column 8: \\' is not a JSON escape "},
      {R"({"id":"\x"})", Outcome::kStricter, "malformed JSON: line 1, column 8: \\x is not a JSON escape "},
      // Surrogates that do not pair.
      {R"({"id":"\ud800"})", Outcome::kStricter, "malformed JSON: line 1, column 8: \\uD800 is a high surroga"},
      {R"({"id":"\udc00"})", Outcome::kStricter, "malformed JSON: line 1, column 8: \\uDC00 is a low surrogat"},
      {R"({"id":"\ud83dx"})", Outcome::kStricter, "malformed JSON: line 1, column 8: \\uD83D is a high surroga"},
      {R"({"id":"\ud83d\u0041"})", Outcome::kStricter, "malformed JSON: line 1, column 8: \\uD83D is a high surroga"},
      {R"({"id":"\ud83d\ud83d"})", Outcome::kStricter, "malformed JSON: line 1, column 8: \\uD83D is a high surroga"},
      {R"({"id":"\u12"})", Outcome::kStricter, "malformed JSON: line 1, column 12: expected four hex digit"},
      {R"({"id":"\u12G4"})", Outcome::kStricter, "malformed JSON: line 1, column 12: expected four hex digit"},
      // A raw control character in a string.
      {"{\"id\":\"a\tb\"}", Outcome::kStricter, "malformed JSON: line 1, column 9: the control character U+"},
      // Integers as numbers and as strings, at the limits.
      {R"({"lifted_out_year":2147483647,"previous_period_income_fen":9223372036854775807})", Outcome::kRead},
      {R"({"lifted_out_year":-2147483648,"previous_period_income_fen":-9223372036854775808})", Outcome::kRead},
      {R"({"lifted_out_year":"-2147483648","previous_period_income_fen":"-9223372036854775808"})", Outcome::kRead},
      {R"({"previous_period_income_fen":"9223372036854775807"})", Outcome::kRead},
      {R"({"previous_period_income_fen":9007199254740993})", Outcome::kRead},
      {R"({"lifted_out_year":0,"previous_period_income_fen":"0"})", Outcome::kRead},
      {R"({"lifted_out_year":-0,"previous_period_income_fen":"-0"})", Outcome::kRead},
      {R"({"lifted_out_year":2147483648})", Outcome::kSameError},
      {R"({"lifted_out_year":-2147483649})", Outcome::kSameError},
      {R"({"lifted_out_year":"2147483648"})", Outcome::kSameError},
      {R"({"previous_period_income_fen":9223372036854775808})", Outcome::kSameError},
      {R"({"previous_period_income_fen":"9223372036854775808"})", Outcome::kSameError},
      {R"({"previous_period_income_fen":-9223372036854775809})", Outcome::kStricter, "previous_period_income_fen: the value must be a whole number"},
      {R"({"previous_period_income_fen":18446744073709551616})", Outcome::kSameError},
      {R"({"previous_period_income_fen":99999999999999999999999})", Outcome::kSameError},
      // Fractions, exponents, signs and leading zeros: protobuf takes some.
      {R"({"lifted_out_year":1e2})", Outcome::kStricter, "lifted_out_year: the value must be a whole number from -2147"},
      {R"({"lifted_out_year":1E2})", Outcome::kStricter, "lifted_out_year: the value must be a whole number from -2147"},
      {R"({"lifted_out_year":"1e2"})", Outcome::kSameError},
      {R"({"lifted_out_year":1.0})", Outcome::kStricter, "lifted_out_year: the value must be a whole number from -2147"},
      {R"({"lifted_out_year":"1.0"})", Outcome::kSameError},
      {R"({"lifted_out_year":1.5})", Outcome::kSameError},
      {R"({"lifted_out_year":-0.0})", Outcome::kStricter, "lifted_out_year: the value must be a whole number from -2147"},
      {R"({"lifted_out_year":"+5"})", Outcome::kStricter, "lifted_out_year: the value must be a whole number from -2147"},
      {R"({"lifted_out_year":+5})", Outcome::kStricter, "malformed JSON: line 1, column 20: expected a value, found"},
      {R"({"lifted_out_year":"007"})", Outcome::kStricter, "lifted_out_year: the value must be a whole number from -2147"},
      {R"({"lifted_out_year":007})", Outcome::kStricter, "malformed JSON: line 1, column 21: a number has no leading"},
      {R"({"lifted_out_year":" 5"})", Outcome::kSameError},
      {R"({"lifted_out_year":"5 "})", Outcome::kSameError},
      {R"({"lifted_out_year":""})", Outcome::kSameError},
      {R"({"lifted_out_year":"-"})", Outcome::kSameError},
      {R"({"lifted_out_year":-})", Outcome::kStricter, "malformed JSON: line 1, column 21: expected a digit, found"},
      {R"({"lifted_out_year":"0x10"})", Outcome::kSameError},
      {R"({"lifted_out_year":true})", Outcome::kSameError},
      {R"({"previous_period_income_fen":1e18})", Outcome::kStricter, "previous_period_income_fen: the value must be a whole number"},
      // Enums by name and by number, known or not.
      {R"({"support":"SUPPORT_STATUS_DIBAO","members":[{"relation":1}]})", Outcome::kRead},
      {R"({"members":[{"relation":99},{"relation":-1},{"relation":0}]})", Outcome::kRead},
      {R"({"members":[{"relation":2147483647},{"relation":-2147483648}]})", Outcome::kRead},
      {R"({"members":[{"relation":2147483648}]})", Outcome::kSameError},
      {R"({"members":[{"relation":"1"}]})", Outcome::kStricter, "members[0].relation: \"1\" is not a value of the enum (line 1,"},
      {R"({"members":[{"relation":"99"}]})", Outcome::kSameError},
      {R"({"members":[{"relation":"relation_head"}]})", Outcome::kSameError},
      {R"({"members":[{"relation":"RELATION_BOGUS"}]})", Outcome::kSameError},
      {R"({"members":[{"relation":"RELATION_\u0048EAD"}]})", Outcome::kRead},
      {R"({"members":[{"relation":1.0}]})", Outcome::kStricter, "members[0].relation: an enum's number must be a whole number"},
      {R"({"members":[{"relation":true}]})", Outcome::kSameError},
      {R"({"cases":[{"events":[{"step":"CASE_STEP_CLUE"},{"step":3}]}]})", Outcome::kRead},
      // null leaves the default, for every kind of field.
      {R"({"id":null,"region":null,"lifted_out":null,"lifted_out_year":null,"members":null,)"
       R"("support":null,"monitoring":{"measures":null,"category":null}})", Outcome::kRead},
      {R"({"members":[{"health":null,"relation":null}]})", Outcome::kRead},
      {R"({"lifted_out_year":5,"lifted_out_year":null})", Outcome::kStricter, "lifted_out_year: the field is given twice; give each field o"},
      {R"({"region":{"county":"x"},"region":null})", Outcome::kStricter, "region: the field is given twice; give each field once (line"},
      {R"({"region":null,"region":{"county":"x"}})", Outcome::kStricter, "region: the field is given twice; give each field once (line"},
      // Empty arrays and objects; an empty sub-message is still present.
      {R"({"members":[],"income":[],"region":{},"monitoring":{"measures":[]}})", Outcome::kRead},
      {R"({"members":[{}],"negative_list_facts":{}})", Outcome::kRead},
      {"{}", Outcome::kRead},
      // Arrays where protobuf bends the mapping.
      {R"({"members":[null]})", Outcome::kStricter, "members[0]: null is not an element; leave it out (line 1, co"},
      {R"({"members":[{"id":"a"},null]})", Outcome::kStricter, "members[1]: null is not an element; leave it out (line 1, co"},
      {R"({"members":[[]]})", Outcome::kStricter, "members[0]: expected an object, found an array (line 1, colu"},
      {R"({"members":{"id":"a"}})", Outcome::kStricter, "members: expected an array, found an object (line 1, column "},
      {R"({"region":[{"county":"x"}]})", Outcome::kStricter, "region: expected an object, found an array (line 1, column 1"},
      {R"({"region":"x"})", Outcome::kSameError},
      // Field names: proto names, JSON names, both, neither.
      {R"({"liftedOut":true,"liftedOutYear":2016,"previousPeriodIncomeFen":"5"})", Outcome::kRead},
      {R"({"liftedOut":true,"lifted_out":false})", Outcome::kStricter, "lifted_out: the field is given twice, as \"liftedOut\" and as "},
      {R"({"members":[{"birthDate":"1960-02-29","coResident":true,"idNumber":"x"}]})", Outcome::kRead},
      {R"({"LiftedOut":true})", Outcome::kSameError},
      {R"({"lifted_out ":true})", Outcome::kSameError},
      {R"({"annual_income_yuan":5})", Outcome::kSameError},
      {R"({"members":[{"registred":true}]})", Outcome::kSameError},
      // Duplicate keys: the last scalar wins, repeated fields append, an
      // optional sub-message twice is refused.
      {R"({"id":"a","id":"b","members":[{"id":"1"}],"members":[{"id":"2"}]})", Outcome::kStricter, "id: the field is given twice; give each field once (line 1, "},
      {R"({"id":"a","id":""})", Outcome::kStricter, "id: the field is given twice; give each field once (line 1, "},
      {R"({"region":{"county":"x"},"region":{"village":"y"}})", Outcome::kStricter, "region: the field is given twice; give each field once (line"},
      {R"({"monitoring":{},"monitoring":{}})", Outcome::kStricter, "monitoring: the field is given twice; give each field once ("},
      // Bools.
      {R"({"lifted_out":true,"sudden_shock":false})", Outcome::kRead},
      {R"({"lifted_out":"yes"})", Outcome::kSameError},
      {R"({"lifted_out":"true"})", Outcome::kSameError},
      {R"({"lifted_out":1})", Outcome::kSameError},
      {R"({"lifted_out":0})", Outcome::kSameError},
      {R"({"lifted_out":truex})", Outcome::kStricter, "malformed JSON: line 1, column 19: expected ',' or the end"},
      {R"({"lifted_out":True})", Outcome::kStricter, "malformed JSON: line 1, column 15: expected a value, found"},
      {R"({"members":[{"health":{"serious_illness":"1"}}]})", Outcome::kSameError},
      // Strings.
      {R"({"id":5})", Outcome::kSameError},
      {R"({"id":true})", Outcome::kSameError},
      {R"({"id":{"a":1}})", Outcome::kStricter, "id: expected a string, found an object (line 1, column 7)"},
      {R"({"id":'single'})", Outcome::kStricter, "malformed JSON: line 1, column 7: expected a value, found "},
      {R"({'id':"a"})", Outcome::kStricter, "malformed JSON: line 1, column 2: expected a key in double"},
      {R"({id:"a"})", Outcome::kStricter, "malformed JSON: line 1, column 2: expected a key in double"},
      // Whitespace: JSON's four anywhere, anything else left to protobuf.
      {" \t\r\n{ \t\r\n\"id\" \t\r\n: \t\r\n\"a\" \t\r\n, \"members\" : [ { } , { \"id\" : \"m\" "
       "} ] \t\r\n} \t\r\n", Outcome::kRead},
      {"{\"id\":\"a\"}\f", Outcome::kStricter, "malformed JSON: line 1, column 11: expected the end of the input after the object, found a form feed"},
      {"{\"id\":\v\"a\"}", Outcome::kStricter, "malformed JSON: line 1, column 7: expected a value, found "},
      {"\xef\xbb\xbf{\"id\":\"a\"}", Outcome::kStricter, "malformed JSON: line 1, column 1: expected a value, found "},
      // Dates are still checked, on the fast path too.
      {R"({"members":[{},{"birth_date":"2024-02-30"}]})", Outcome::kSameError},
      {R"({"support_since":"2024-2-3"})", Outcome::kSameError},
      // Not an object, not complete, or more after it.
      {"", Outcome::kStricter, "malformed JSON: line 1, column 1: expected a value, found "},
      {"   ", Outcome::kStricter, "malformed JSON: line 1, column 4: expected a value, found "},
      {"[]", Outcome::kStricter, "a record must be a JSON object {...}, not an array (line 1, column 1)"},
      {"5", Outcome::kStricter, "a record must be a JSON object {...}, not a number"},
      {"\"x\"", Outcome::kStricter, ""},
      {"null", Outcome::kStricter, "a record must be a JSON object {...}, not null"},
      {R"({"id":"a"} x)", Outcome::kStricter, "malformed JSON: line 1, column 12: expected the end of the input after the object, found 'x'"},
      {R"({"id":"a"}{})", Outcome::kStricter, "malformed JSON: line 1, column 11: expected the end"},
      {R"({"id":"a"},)", Outcome::kStricter, "malformed JSON: line 1, column 11: expected the end"},
      {R"({"id":"a",})", Outcome::kStricter, "malformed JSON: line 1, column 11: expected a key in doubl"},
      {R"({"members":[{"id":"a"},]})", Outcome::kStricter, "malformed JSON: line 1, column 24: expected a value, found"},
      {R"({,"id":"a"})", Outcome::kStricter, "malformed JSON: line 1, column 2: expected a key in double"},
      {R"({"id" "a"})", Outcome::kStricter, "malformed JSON: line 1, column 7: expected ':' after the k"},
      {R"({"id":"a" "b":1})", Outcome::kStricter, "malformed JSON: line 1, column 11: expected ',' or '}' aft"},
      {R"({"id":"a")", Outcome::kStricter, "malformed JSON: line 1, column 10: expected ',' or '}' aft"},
      {R"({"id":"a)", Outcome::kStricter, "malformed JSON: line 1, column 9: the input ends inside a "},
      {R"({"id":)", Outcome::kStricter, "malformed JSON: line 1, column 7: expected a value, found "},
      {R"({"members":[{"id":"a"})", Outcome::kStricter, "malformed JSON: line 1, column 23: expected ',' or ']' aft"},
      {"{\"id\":\"h\xff\"}", Outcome::kSameError},
  };
  for (const EdgeCase& c : cases) {
    std::string message;
    EXPECT_EQ(OutcomeName(CompareWithProtobuf(c.json, c.json, &message)), OutcomeName(c.outcome))
        << c.json << "\n  " << message;
    EXPECT_EQ(message.substr(0, std::string_view(c.message).size()), c.message) << c.json;
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
      if (cp != 0) escapes += escaped(cp);  // a NUL is refused (ANulInAStringIsRefused)
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
  struct Case {
    const char* json;
    bool read;  // whether the reader reads it
  };
  const Case cases[] = {
      {R"({"category":"CATEGORY_NONE","excluded":false,"counted_members":0})", true},
      {R"({"riskTypes":["RISK_TYPE_ILLNESS",2,99],"fired":["a","b\n",""]})", true},
      {R"({"per_capita_net_income_fen":"0","window_start":""})", true},
      {R"({"excluded":null,"category":null,"fired":null})", true},
      {R"({"excluded":true,"excluded":false})", false},
      {R"({"fired":[null]})", false},
      {R"({"fired":"a"})", false},
  };
  for (const Case& c : cases) {
    v1::Expectation fast, slow;
    const bool read = reader.Read(c.json, &fast);
    EXPECT_EQ(read, c.read) << c.json;
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

// The fast path takes every household povmon ships and generates (so the
// speed measured on them is the fast path's), and builds what the full
// reader builds; it declines every malformed line of examples/households/
// bad.jsonl and every input the full reader refuses.
TEST(JsonReaderFastPath, TakesEveryShippedHouseholdAsTheFullReaderReadsIt) {
  int taken = 0, lines = 0;
  std::vector<fs::path> files = {kSource / "tests" / "testdata" / "population" / "households.jsonl"};
  for (const char* folder : {"households", "cases", "plans"}) {
    for (const fs::path& file : Files(kSource / "examples" / folder, ".jsonl")) files.push_back(file);
  }
  for (const fs::path& file : files) {
    std::vector<std::string> content = Lines(file);
    ASSERT_FALSE(content.empty()) << file;
    for (std::size_t i = 0; i < content.size(); ++i) {
      if (content[i].empty()) continue;
      const std::string where = absl::StrCat(file.string(), ":", i + 1);
      v1::Household full;
      const bool full_read = HouseholdJsonReader().ReadWithoutFastPath(content[i], &full);
      const bool fast_read = FastPathAgrees(content[i], where);
      // Only a line with an escape may leave the fast path for the full
      // reader's, and only what the full reader refuses may fail both.
      // Nor may a line whose dates ValidateHousehold refuses (the fast path
      // checks them, and leaves the wording to ValidateHousehold).
      const bool escaped = content[i].find('\\') != std::string::npos;
      if (full_read && !escaped && ValidateHousehold(full).ok()) {
        EXPECT_TRUE(fast_read) << where;
      }
      if (!full_read) {
        EXPECT_FALSE(fast_read) << where;
      }
      taken += fast_read;
      ++lines;
    }
  }
  EXPECT_GE(lines, 60);
  EXPECT_GE(taken, lines / 2);
  // The generated population: every household on the fast path.
  bench::PopulationOptions options;
  v1::Household generated;
  std::string json;
  for (std::uint64_t i = 0; i < 300; ++i) {
    bench::GenerateHousehold(options, i, &generated);
    ASSERT_TRUE(bench::HouseholdToJsonLine(generated, &json).ok());
    v1::Household h;
    ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(json, &h)) << i;
    EXPECT_TRUE(MessageDifferencer::Equals(h, generated)) << i;
  }
}

// What the fast path must decline, one case of the full reader's list
// (src/codec/json_reader.h) each, and what it takes: each checked against the
// full reader.
TEST(JsonReaderFastPath, DeclinesWhatTheFullReaderRefuses) {
  struct Case {
    const char* json;
    bool fast;  // whether the fast path takes it
  };
  const Case cases[] = {
      {R"({"id":"h","lifted_out_year":2021,"members":[{"id":"m","health":{"serious_illness":true}}]})", true},
      {R"({"liftedOutYear":"2021","previousPeriodIncomeFen":"-9223372036854775808"})", true},
      {R"({"previous_period_income_fen":9223372036854775807,"support":2,"housing":"HOUSING_SAFETY_SAFE"})", true},
      {R"({"lifted_out_year":-0,"water":-2147483648})", true},
      {" \t\r\n{ \"id\" : \"h\" , \"members\" : [ ] }\n ", true},
      {R"({"id":null,"members":null,"region":null})", true},
      {R"({"region":{}})", true},
      // Given twice: under one name, under its JSON and its proto name.
      {R"({"id":"a","id":"b"})", false},
      {R"({"liftedOut":true,"lifted_out":true})", false},
      {R"({"members":[],"members":[]})", false},
      // Integers that are not JSON digits, or out of range.
      {R"({"lifted_out_year":1.0})", false},
      {R"({"lifted_out_year":1e3})", false},
      {R"({"lifted_out_year":"+1"})", false},
      {R"({"lifted_out_year":"01"})", false},
      {R"({"lifted_out_year":01})", false},
      {R"({"lifted_out_year":+1})", false},
      {R"({"lifted_out_year":"1.0"})", false},
      {R"({"lifted_out_year":" 1"})", false},
      {R"({"lifted_out_year":""})", false},
      {R"({"lifted_out_year":"-"})", false},
      {R"({"lifted_out_year":2147483648})", false},
      {R"({"lifted_out_year":-2147483649})", false},
      {R"({"previous_period_income_fen":"9223372036854775808"})", false},
      {R"({"previous_period_income_fen":18446744073709551616})", false},
      {R"({"lifted_out_year":true})", false},
      {R"({"water":2147483648})", false},
      {R"({"water":1.5})", false},
      {R"({"water":"WATER_SAFETY_NONE"})", false},
      {R"({"water":true})", false},
      // Kinds, nulls, arrays.
      {R"({"members":[null]})", false},
      {R"({"members":{"id":"m"}})", false},
      {R"({"id":["a"]})", false},
      {R"({"id":5})", false},
      {R"({"region":"x"})", false},
      {R"({"lifted_out":"true"})", false},
      {R"({"lifted_out":1})", false},
      {R"({"nope":1})", false},
      {R"([{"id":"h"}])", false},
      {R"("h")", false},
      // Not JSON, or not povmon's dialect of it.
      {R"({"id":"h",})", false},
      {R"({"id":"h"} x)", false},
      {R"({"id":"h"}{})", false},
      {"{\"id\":\"h\"}\f", false},
      {"\f{\"id\":\"h\"}", false},
      {"\v{\"id\":\"h\"}", false},
      {"\xEF\xBB\xBF{\"id\":\"h\"}", false},
      {"{\"id\":\"h\xC3\"}", false},
      {"{\"id\":\"h\xED\xA0\x80\"}", false},
      {"{\"id\":\"a\x01\"}", false},
      {R"({'id':"h"})", false},
      {R"({id:"h"})", false},
      {R"({"lifted_out":True})", false},
      {R"({"lifted_out":truex})", false},
      {R"({"id":"\u0000"})", false},
      {R"({"id":"\u0041"})", false},  // any escape goes to the full reader
      {"", false},
      {"   ", false},
      {"{", false},
  };
  for (const Case& c : cases) {
    const std::string_view json(c.json);
    EXPECT_EQ(FastPathAgrees(json, json.data()), c.fast) << json;
    CompareWithProtobuf(json, std::string(json));
  }
  // A NUL byte in a string (which strlen would cut).
  const std::string nul("{\"id\":\"a\0b\"}", 12);
  EXPECT_FALSE(FastPathAgrees(nul, "NUL"));
  // Nesting: within the limit where the schema nests, refused past it (the
  // schema does not nest 64 deep, so any such record is refused anyway).
  std::string deep = "{\"members\":[";
  for (int i = 0; i < 70; ++i) deep += "[";
  for (int i = 0; i < 70; ++i) deep += "]";
  deep += "]}";
  EXPECT_FALSE(FastPathAgrees(deep, "deep"));
  // Records over kMaxFastPathBytes go to the full reader.
  const std::size_t kBig = json_reader_internal::kMaxFastPathBytes;
  std::string big = R"({"id":")" + std::string(kBig, 'x') + R"("})";
  v1::Household h;
  EXPECT_FALSE(HouseholdJsonReader().ReadFastPathOnly(big, &h));
  EXPECT_TRUE(HouseholdJsonReader().Read(big, &h));
  EXPECT_EQ(h.id().size(), kBig);
  // Just within it, the fast path.
  big = R"({"id":")" + std::string(kBig - 9, 'x') + R"("})";
  ASSERT_EQ(big.size(), kBig);
  EXPECT_TRUE(HouseholdJsonReader().ReadFastPathOnly(big, &h));
  EXPECT_EQ(h.id().size(), kBig - 9);
}

// The generated string setters write a heap message's own string where it
// is, and go through mutable_x() for a message on an arena: a household on
// an arena, reused from record to record, is read as a household on the
// heap is.
TEST(JsonReaderFastPath, ReadsIntoAHouseholdOnAnArenaAsOnTheHeap) {
  google::protobuf::Arena arena;
  auto* on_arena = google::protobuf::Arena::CreateMessage<v1::Household>(&arena);
  v1::Household on_heap;
  bench::PopulationOptions options;
  v1::Household generated;
  std::string json;
  for (std::uint64_t i = 0; i < 6; ++i) {
    bench::GenerateHousehold(options, i, &generated);
    ASSERT_TRUE(bench::HouseholdToJsonLine(generated, &json).ok());
    ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(json, on_arena)) << i;
    ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(json, &on_heap)) << i;
    EXPECT_TRUE(MessageDifferencer::Equals(*on_arena, generated)) << i;
    EXPECT_TRUE(MessageDifferencer::Equals(on_heap, generated)) << i;
  }
}

// The fast path's key compare: a name of every length from 1 to 30 bytes
// is the key that spells it, whatever bytes follow the key in its buffer,
// and no key that differs from it in one byte (at any position) or in length.
TEST(JsonReaderFastPath, FieldNameIsExactlyTheKeyThatSpellsIt) {
  const std::string letters = "abcdefghijklmnopqrstuvwxyz_0123";
  for (std::size_t n = 1; n <= 30; ++n) {
    const std::string name = letters.substr(0, n);
    json_reader_internal::FieldName field_name;
    field_name = name;
    EXPECT_EQ(field_name.text(), name);
    for (const std::string& after : {std::string(16, '"'), letters.substr(n), std::string(16, '\0')}) {
      std::string buffer = name + after + std::string(16, 'x');
      EXPECT_TRUE(field_name.Is(std::string_view(buffer.data(), n))) << name << " | " << after;
      for (std::size_t k = 0; k < n; ++k) {
        std::string other = buffer;
        other[k] = static_cast<char>(other[k] ^ 0x20);
        EXPECT_FALSE(field_name.Is(std::string_view(other.data(), n))) << name << " " << k;
      }
      EXPECT_FALSE(field_name.Is(std::string_view(buffer.data(), n - 1))) << name;
      EXPECT_FALSE(field_name.Is(std::string_view(buffer.data(), n + 1))) << name;
    }
  }
}

// Integers in quotes of every length from 1 to 20 digits (the fast path
// reads up to eight at once, longer ones digit by digit), with and without a
// '-', in an int32 and an int64 field: taken and read as the full reader
// reads them where they fit, declined where they do not; and each with one
// byte that is not a digit at each position, or a leading zero: declined.
TEST(JsonReaderFastPath, ReadsQuotedIntegersOfEveryLengthAsTheFullReader) {
  const std::string digits = "12345678912345678912";  // no zero: none leads
  struct Field {
    const char* name;
    std::size_t fits;  // the most digits that fit (the numbers here)
  };
  for (const Field field : {Field{"lifted_out_year", 9}, Field{"previous_period_income_fen", 19}}) {
    for (std::size_t n = 1; n <= digits.size(); ++n) {
      for (const std::string sign : {"", "-"}) {
        const std::string number = sign + digits.substr(digits.size() - n);
        const std::string json = absl::StrCat(R"({")", field.name, R"(":")", number, R"("})");
        EXPECT_EQ(FastPathAgrees(json, json), n <= field.fits) << json;
        EXPECT_EQ(ExpectSameAsProtobuf(json, json), n <= field.fits) << json;
        for (std::size_t k = 0; k < n; ++k) {
          for (const char c : {'/', ':', 'a', ' ', '.', '\x80', '0'}) {
            if (c == '0' && (k != 0 || n == 1)) continue;  // a leading zero only
            std::string bad = number;
            bad[sign.size() + k] = c;
            const std::string bad_json = absl::StrCat(R"({")", field.name, R"(":")", bad, R"("})");
            EXPECT_FALSE(FastPathAgrees(bad_json, bad_json)) << bad_json;
            CompareWithProtobuf(bad_json, bad_json);
          }
        }
      }
    }
  }
  // Where it fits, the value read is the number.
  v1::Household h;
  ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(R"({"lifted_out_year":"12345678"})", &h));
  EXPECT_EQ(h.lifted_out_year(), 12345678);
  ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(R"({"lifted_out_year":"-7"})", &h));
  EXPECT_EQ(h.lifted_out_year(), -7);
  ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(R"({"previous_period_income_fen":"90000001"})", &h));
  EXPECT_EQ(h.previous_period_income_fen(), 90000001);
}

// simdjson's On-Demand parser checks only the tokens it is asked to read
// (no second stage validates the whole record first): the fast path reads
// every token, checks for the end of the record after the root, and finds
// each key's and string's end from the tokens around it. Each record here is
// one it must still decline (the full reader refuses them all), and the ones
// it takes are read as the full reader reads them.
TEST(JsonReaderFastPath, DeclinesWhatOnDemandDoesNotCheckUnasked) {
  const char* declined[] = {
      // Commas, colons and brackets between the tokens.
      R"({"id":"a" "region":{}})",
      R"({"id" "a"})",
      R"({"id"::"a"})",
      R"({"id":"a",,"region":{}})",
      R"({,"id":"a"})",
      R"({"id":"a":"b"})",
      R"({"id":"a",})",
      R"({"members":[{"id":"m"}}})",
      R"({"members":[{"id":"m"}]]})",
      R"({"region":{]})",
      R"({"region":{}])",
      R"({"region":{})",
      R"({"region":{"county":"1"})",
      R"({"members":[{"id":"m"},]})",
      R"({"members":[,{"id":"m"}]})",
      R"({"members":[{"id":"m"} {"id":"n"}]})",
      R"({"members":[{"id":"m"},,{"id":"n"}]})",
      R"({"members":[[]]})",
      R"({"region":[]})",
      R"({1:"a"})",
      R"({"id":{"id":"a"}})",
      // Scalars read to their end.
      R"({"lifted_out_year":1 2})",
      R"({"lifted_out_year":1:2})",
      R"({"lifted_out_year":12x})",
      R"({"lifted_out_year":-})",
      R"({"lifted_out_year":--1})",
      R"({"lifted_out_year":-01})",
      R"({"lifted_out_year":1.})",
      R"({"lifted_out_year":"1"x})",
      R"({"lifted_out_year":"1" 2})",
      R"({"id":"a"b})",
      R"({"id":"a""b"})",
      R"({"id":nul})",
      R"({"id":nullx})",
      R"({"id":null null})",
      R"({"id":null,"id":"a"})",
      R"({"lifted_out":tru})",
      R"({"lifted_out":false0})",
      R"({"lifted_out":true false})",
      R"({"water":9223372036854775808})",
      R"({"water":-9223372036854775809})",
      R"({"water":"WATER_SAFETY_NONE"x})",
      R"({"water":-0x1})",
      "{\"id\":\"a\tb\"}",
      "{\"id\":\"a\n\"}",
      R"({"id ":"a"})",
      R"({" id":"a"})",
      // Nothing but whitespace after the root object.
      R"({"id":"a"}})",
      R"({"id":"a"}])",
      R"({"id":"a"} {"id":"b"})",
      R"({"id":"a"}"x")",
      R"({"id":"a"}null)",
      R"({"id":"a"}1)",
      R"({"id":"a"},)",
      R"({}})",
      R"({} {})",
  };
  for (const char* c : declined) {
    const std::string_view json(c);
    EXPECT_FALSE(FastPathAgrees(json, json.data())) << json;
    v1::Household h;
    EXPECT_FALSE(HouseholdJsonReader().ReadWithoutFastPath(json, &h)) << json;
    CompareWithProtobuf(json, std::string(json));
  }
  // Whitespace around every token, strings and keys of every length near the
  // 8-byte steps, UTF-8 text: taken, and read as the full reader reads them.
  const char* taken[] = {
      "{ \"id\"\n:\t\"h\"\r\n,\"members\" : [ { \"id\" : \"m\" } , { \"id\":\"n\" } ] , "
      "\"water\" : 1 , \"lifted_out\" :true , \"region\": { } }  ",
      R"({"id":"","members":[{"id":"1234567"},{"id":"12345678"},{"id":"123456789"}]})",
      R"({"id":"刘建国","members":[{"name":"刘建国刘建国刘建国","relation":"RELATION_SPOUSE"}]})",
      R"({"liftedOutYear":"2021" ,"water":-0,"lifted_out":false})",
      "{\"id\":\"a\"}\n\n",
      // Structural bytes inside strings are text.
      R"({"id":"a,b:c}][{","members":[{"id":"]}"},{"name":" , "}]})",
  };
  for (const char* c : taken) {
    const std::string_view json(c);
    EXPECT_TRUE(FastPathAgrees(json, json.data())) << json;
    CompareWithProtobuf(json, std::string(json));
  }
}

// A record read where it lies in a larger buffer (its padding the bytes
// after it: the next records, or anything) is read as a copy of it is: the
// same message, or declined alike. The generated households one after
// another in one buffer, each read in place; the last records, with fewer
// than simdjson's padding after them, copied.
TEST(JsonReaderFastPath, ReadsARecordInItsBufferAsACopyOfIt) {
  bench::PopulationOptions options;
  v1::Household generated;
  std::string json;
  std::string buffer;
  std::vector<std::pair<std::size_t, std::size_t>> records;  // offset, size
  for (std::uint64_t i = 0; i < 40; ++i) {
    bench::GenerateHousehold(options, i, &generated);
    ASSERT_TRUE(bench::HouseholdToJsonLine(generated, &json).ok());
    records.emplace_back(buffer.size(), json.size());
    buffer += json;
    buffer += '\n';
  }
  // Short records at the end: the last ones have under 64 bytes after them.
  for (const char* small : {R"({"id":"a"})", R"({"id":"b","lifted_out_year":2021})", R"({})"}) {
    records.emplace_back(buffer.size(), std::strlen(small));
    buffer += small;
    buffer += '\n';
  }
  for (const auto& [offset, size] : records) {
    const std::string_view record(buffer.data() + offset, size);
    const std::size_t after = buffer.size() - offset - size;
    v1::Household in_place, copied;
    ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(record, &in_place, after)) << offset;
    ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(std::string(record), &copied)) << offset;
    EXPECT_TRUE(MessageDifferencer::Equals(in_place, copied)) << offset;
    v1::Household public_path, public_copy;
    ASSERT_TRUE(ParseHouseholdJsonInBuffer(record, after, &public_path).ok()) << offset;
    ASSERT_TRUE(ParseHouseholdJson(std::string(record), &public_copy).ok()) << offset;
    EXPECT_TRUE(MessageDifferencer::Equals(public_path, copied)) << offset;
    EXPECT_TRUE(MessageDifferencer::Equals(public_path, public_copy)) << offset;
  }
}

// Whatever follows a record in its buffer is not part of it: a record taken
// or declined when copied is taken or declined alike whatever its padding
// holds (closing braces and brackets, which simdjson issue 1834 is about,
// the rest of an object, another record, a NUL, bytes that are not UTF-8),
// and ParseHouseholdJsonInBuffer gives the same result or error message as
// ParseHouseholdJson.
TEST(JsonReaderFastPath, PaddingBytesAreNeverReadAsTheRecord) {
  const std::string paddings[] = {
      std::string(64, '}'),
      std::string(64, ']'),
      std::string(64, ' '),
      std::string(64, '\0'),
      std::string(64, '\xff'),
      R"(,"lifted_out_year":2021}})" + std::string(64, '}'),
      R"(]}]}]}]}"}"]"})" + std::string(64, ']'),
      "\n" R"({"id":"next","members":[{"id":"m"}]})" + std::string(64, '\n'),
      R"("},"x":1})" + std::string(64, '"'),
  };
  const char* records[] = {
      R"({"id":"h1","lifted_out_year":2021})",
      R"({"id":"h1","members":[{"id":"m1"},{"id":"m2"}]})",
      R"({"id":"h1","region":{"province_code":"43"}})",
      // Not whole: each is missing a closing bracket or more.
      R"({"id":"h1","region":{"province_code":"43"})",
      R"({"id":"h1","members":[{"id":"m1"}})",
      R"({"id":"h1","members":[{"id":"m1"})",
      R"({"id":"h1")",
      R"({"id":"h1",)",
      R"({"id":"h1","lifted_out_year":20)",
      R"({"id":"h1","lifted_out_year":)",
      R"({"id":"h1","members":[)",
      R"({"id":"h1","lifted_out_year":true)",
      R"({"id":"h1","lifted_out_year":nul)",
      R"({"id":"h1"} {"id":"h2"})",
      R"({"id":"h1"}})",
      R"({"id":"h1"}])",
      R"({"id":"h1"}x)",
      R"({)",
      R"(})",
      R"({"id":"h1)",
      "",
  };
  for (const char* r : records) {
    const std::string record = r;
    v1::Household copied;
    const bool taken = HouseholdJsonReader().ReadFastPathOnly(record, &copied);
    v1::Household parsed_copy;
    const absl::Status copy_status = ParseHouseholdJson(record, &parsed_copy);
    for (const std::string& padding : paddings) {
      const std::string buffer = record + padding;
      const std::string_view in_buffer(buffer.data(), record.size());
      v1::Household in_place;
      EXPECT_EQ(HouseholdJsonReader().ReadFastPathOnly(in_buffer, &in_place, padding.size()), taken)
          << record << " | " << padding;
      if (taken) {
        EXPECT_TRUE(MessageDifferencer::Equals(in_place, copied)) << record;
      }
      v1::Household parsed;
      const absl::Status status = ParseHouseholdJsonInBuffer(in_buffer, padding.size(), &parsed);
      EXPECT_EQ(status, copy_status) << record << " | " << padding;
      EXPECT_TRUE(MessageDifferencer::Equals(parsed, parsed_copy)) << record;
    }
  }
}

// The fast path reuses the message: a field the second record does not give
// is cleared, strings shrink, repeated fields hold only the new elements.
TEST(JsonReaderFastPath, ReusedMessageHoldsOnlyTheLastRecord) {
  v1::Household h;
  ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(
      R"({"id":"a long first identifier, longer than fifteen bytes","region":{"county":"430524"},)"
      R"("members":[{"id":"m1","name":"刘建国刘建国刘建国"},{"id":"m2"}],"lifted_out":true})",
      &h));
  ASSERT_EQ(h.members_size(), 2);
  ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(R"({"id":"b","members":[{"id":"m"}]})", &h));
  v1::Household expected;
  expected.set_id("b");
  expected.add_members()->set_id("m");
  EXPECT_TRUE(MessageDifferencer::Equals(h, expected));
  EXPECT_FALSE(h.has_region());
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


// The fields the fast path stores: those the reader takes (json_field_kind.h),
// neither maps nor members of a real oneof.
bool FastPathStores(const google::protobuf::FieldDescriptor* f) {
  return JsonFieldKindOf(f) != JsonFieldKind::kUnsupported && !f->is_map() &&
         f->real_containing_oneof() == nullptr;
}

// Every message type a household can hold, the household's first.
std::vector<const google::protobuf::Descriptor*> HouseholdTypes() {
  std::vector<const google::protobuf::Descriptor*> types = {v1::Household::descriptor()};
  for (std::size_t i = 0; i < types.size(); ++i) {
    for (int k = 0; k < types[i]->field_count(); ++k) {
      const google::protobuf::FieldDescriptor* f = types[i]->field(k);
      if (f->message_type() == nullptr || !FastPathStores(f)) continue;
      if (std::find(types.begin(), types.end(), f->message_type()) == types.end()) {
        types.push_back(f->message_type());
      }
    }
  }
  return types;
}

// Every field of every household type has a generated setter of its kind,
// so no household field is stored through Reflection.
TEST(JsonReaderFastPath, EveryHouseholdFieldHasAGeneratedSetter) {
  using google::protobuf::FieldDescriptor;
  int fields = 0;
  const std::vector<const google::protobuf::Descriptor*> types = HouseholdTypes();
  EXPECT_GE(types.size(), 10u);
  for (const google::protobuf::Descriptor* d : types) {
    EXPECT_NE(json_reader_internal::GeneratedPrototype(d), nullptr) << d->full_name();
    for (int k = 0; k < d->field_count(); ++k) {
      const FieldDescriptor* f = d->field(k);
      if (!FastPathStores(f)) continue;
      ++fields;
      const json_reader_internal::FieldSetter* setter = json_reader_internal::FindFieldSetter(f);
      ASSERT_NE(setter, nullptr) << f->full_name();
      EXPECT_EQ(setter->message != nullptr, f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE)
          << f->full_name();
      EXPECT_EQ(setter->string != nullptr, f->cpp_type() == FieldDescriptor::CPPTYPE_STRING)
          << f->full_name();
      EXPECT_EQ(setter->number != nullptr, f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE &&
                                               f->cpp_type() != FieldDescriptor::CPPTYPE_STRING)
          << f->full_name();
    }
  }
  EXPECT_GE(fields, 100);
  // A message type of another pool has none.
  google::protobuf::DescriptorPool pool;
  google::protobuf::FileDescriptorProto file;
  file.set_name("other.proto");
  file.set_package("other");
  file.set_syntax("proto3");
  auto* message = file.add_message_type();
  message->set_name("M");
  auto* field = message->add_field();
  field->set_name("id");
  field->set_number(1);
  field->set_type(google::protobuf::FieldDescriptorProto::TYPE_STRING);
  field->set_label(google::protobuf::FieldDescriptorProto::LABEL_OPTIONAL);
  ASSERT_NE(pool.BuildFile(file), nullptr);
  const google::protobuf::Descriptor* other = pool.FindMessageTypeByName("other.M");
  EXPECT_EQ(json_reader_internal::GeneratedPrototype(other), nullptr);
  EXPECT_EQ(json_reader_internal::FindFieldSetter(other->field(0)), nullptr);
}

bool IsDate(const google::protobuf::FieldDescriptor* f) {
  return f->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
         f->options().GetExtension(v1::unit) == v1::FIELD_UNIT_DATE;
}

// Sets every field the fast path stores in `m` and in the messages below it
// (to `depth`), each to its own value that is not the default, repeated
// fields to two elements: through the generated setters, or through
// Reflection. Dates are valid dates, but for date number `bad_date` (counted
// in `dates`), which is 2023-02-29.
void FillEveryField(google::protobuf::Message* m, bool setters, int depth, int* counter,
                    int bad_date = -1, int* dates = nullptr) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Descriptor* d = m->GetDescriptor();
  const google::protobuf::Reflection* r = m->GetReflection();
  for (int k = 0; k < d->field_count(); ++k) {
    const FieldDescriptor* f = d->field(k);
    if (!FastPathStores(f)) continue;
    const json_reader_internal::FieldSetter* setter =
        setters ? json_reader_internal::FindFieldSetter(f) : nullptr;
    ASSERT_TRUE(!setters || setter != nullptr) << f->full_name();
    for (int element = 0; element < (f->is_repeated() ? 2 : 1); ++element) {
      const int c = ++*counter;
      const bool add = f->is_repeated();
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_MESSAGE: {
          if (depth == 0) break;
          google::protobuf::Message* sub =
              setter != nullptr ? setter->message(m)
                                : (add ? r->AddMessage(m, f) : r->MutableMessage(m, f));
          FillEveryField(sub, setters, depth - 1, counter, bad_date, dates);
          break;
        }
        case FieldDescriptor::CPPTYPE_STRING: {
          std::string text = absl::StrCat("s", c, "湘");
          if (IsDate(f)) {
            const int date = dates == nullptr ? 0 : (*dates)++;
            text = date == bad_date ? "2023-02-29" : absl::StrCat("2023-0", 1 + c % 9, "-2", c % 9);
          }
          if (setter != nullptr) {
            setter->string(m, text);
          } else {
            add ? r->AddString(m, f, text) : r->SetString(m, f, text);
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_BOOL:
          if (setter != nullptr) {
            setter->number(m, 1);
          } else {
            add ? r->AddBool(m, f, true) : r->SetBool(m, f, true);
          }
          break;
        case FieldDescriptor::CPPTYPE_ENUM: {
          const google::protobuf::EnumDescriptor* e = f->enum_type();
          const int number = e->value(e->value_count() - 1 - c % e->value_count())->number();
          if (setter != nullptr) {
            setter->number(m, static_cast<std::uint64_t>(static_cast<std::int64_t>(number)));
          } else {
            add ? r->AddEnumValue(m, f, number) : r->SetEnumValue(m, f, number);
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_INT32: {
          const std::int32_t v = -1000000 - c;
          if (setter != nullptr) {
            setter->number(m, static_cast<std::uint64_t>(static_cast<std::int64_t>(v)));
          } else {
            add ? r->AddInt32(m, f, v) : r->SetInt32(m, f, v);
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_UINT32: {
          const std::uint32_t v = 3000000000u + static_cast<std::uint32_t>(c);
          if (setter != nullptr) {
            setter->number(m, v);
          } else {
            add ? r->AddUInt32(m, f, v) : r->SetUInt32(m, f, v);
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_INT64: {
          const std::int64_t v = -(std::int64_t{1} << 40) - c;
          if (setter != nullptr) {
            setter->number(m, static_cast<std::uint64_t>(v));
          } else {
            add ? r->AddInt64(m, f, v) : r->SetInt64(m, f, v);
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_UINT64: {
          const std::uint64_t v = (std::uint64_t{1} << 63) + static_cast<std::uint64_t>(c);
          if (setter != nullptr) {
            setter->number(m, v);
          } else {
            add ? r->AddUInt64(m, f, v) : r->SetUInt64(m, f, v);
          }
          break;
        }
        default:
          FAIL() << f->full_name() << " is stored by the fast path but has no case here";
      }
    }
  }
}

// The generated setters store what Reflection stores, field by field: a
// household with every field set (two elements in every repeated field)
// built both ways is the same message.
TEST(JsonReaderFastPath, GeneratedSettersStoreWhatReflectionStores) {
  v1::Household by_setters, by_reflection;
  int counter = 0;
  FillEveryField(&by_setters, true, 4, &counter);
  const int fields = counter;
  counter = 0;
  FillEveryField(&by_reflection, false, 4, &counter);
  EXPECT_EQ(counter, fields);
  EXPECT_GE(fields, 300);
  std::string difference;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  EXPECT_TRUE(differencer.Compare(by_setters, by_reflection)) << difference;
}

// A household with every field set, printed by protobuf, is read by the
// fast path into the same message, through the generated setters into a
// v1::Household and through Reflection into a DynamicMessage of the same
// type (the reader stays generic: a message without generated setters is
// built through Reflection); and reading a small record into the same
// messages again leaves only that record (cleared elements reused).
TEST(JsonReaderFastPath, ReadsEveryFieldThroughSettersAndThroughReflection) {
  v1::Household expected;
  int counter = 0;
  FillEveryField(&expected, false, 4, &counter);
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(expected, &json).ok());
  ASSERT_EQ(json.find('\\'), std::string::npos) << "an escape would leave the fast path";
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> dynamic(
      factory.GetPrototype(v1::Household::descriptor())->New());
  ASSERT_NE(dynamic->GetReflection(), expected.GetReflection());
  v1::Household generated;
  for (google::protobuf::Message* m : {static_cast<google::protobuf::Message*>(&generated),
                                       dynamic.get()}) {
    for (int round = 0; round < 2; ++round) {
      ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(json, m));
      std::string difference;
      MessageDifferencer differencer;
      differencer.ReportDifferencesToString(&difference);
      EXPECT_TRUE(differencer.Compare(*m, expected)) << difference;
      ASSERT_TRUE(HouseholdJsonReader().ReadFastPathOnly(
          R"({"id":"b","members":[{"id":"m"}],"income":[{"amount_fen":"5"}]})", m));
      v1::Household small;
      small.set_id("b");
      small.add_members()->set_id("m");
      small.add_income()->set_amount_fen(5);
      EXPECT_TRUE(MessageDifferencer::Equals(*m, small)) << m->DebugString();
    }
  }
}

// The fast path checks every date as ValidateHousehold does: a household
// with every field set and one invalid date, for each date field in turn,
// is declined by the fast path and read by the full reader, and
// ParseHouseholdJson refuses it with ValidateHousehold's words, as the full
// reader alone does; with every date valid the fast path takes it.
TEST(JsonReaderFastPath, DeclinesEveryInvalidDateForValidateHouseholdToWord) {
  int counter = 0, dates = 0;
  v1::Household valid;
  FillEveryField(&valid, false, 4, &counter, -1, &dates);
  ASSERT_GE(dates, 20);
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(valid, &json).ok());
  v1::Household h;
  EXPECT_TRUE(HouseholdJsonReader().ReadFastPathOnly(json, &h));
  EXPECT_TRUE(ParseHouseholdJson(json, &h).ok());
  bool dates_valid = false;
  EXPECT_TRUE(HouseholdJsonReader().Read(json, &h, nullptr, &dates_valid));
  EXPECT_TRUE(dates_valid);
  for (int bad = 0; bad < dates; ++bad) {
    v1::Household household;
    counter = 0;
    int seen = 0;
    FillEveryField(&household, false, 4, &counter, bad, &seen);
    json.clear();  // MessageToJsonString appends
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(household, &json).ok());
    EXPECT_FALSE(HouseholdJsonReader().ReadFastPathOnly(json, &h)) << bad;
    EXPECT_TRUE(HouseholdJsonReader().ReadWithoutFastPath(json, &h)) << bad;
    dates_valid = true;
    EXPECT_TRUE(HouseholdJsonReader().Read(json, &h, nullptr, &dates_valid)) << bad;
    EXPECT_FALSE(dates_valid) << bad;
    const absl::Status with = ParseHouseholdJson(json, &h);
    const absl::Status without = ParseHouseholdJsonWithoutFastPath(json, &h);
    EXPECT_FALSE(with.ok()) << bad;
    EXPECT_EQ(with, without) << bad;
    EXPECT_NE(with.message().find("\"2023-02-29\" is not a valid date (YYYY-MM-DD)"),
              std::string::npos)
        << with;
  }
  // An empty date is no date, on both paths.
  EXPECT_TRUE(HouseholdJsonReader().ReadFastPathOnly(R"({"income":[{"date":""}]})", &h));
  EXPECT_TRUE(ParseHouseholdJson(R"({"income":[{"date":""}]})", &h).ok());
  EXPECT_FALSE(HouseholdJsonReader().ReadFastPathOnly(R"({"income":[{"date":"2024-1-01"}]})", &h));
  EXPECT_EQ(ParseHouseholdJson(R"({"income":[{"date":"2024-1-01"}]})", &h).message(),
            "income[0].date: \"2024-1-01\" is not a valid date (YYYY-MM-DD)");
}

}  // namespace
}  // namespace povmon
