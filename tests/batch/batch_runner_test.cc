// The batch runner (include/povmon/batch.h): one result per record, in input
// order, whatever the number of workers and whatever a record does (does not
// parse, is not UTF-8, is too long, makes its worker throw); duplicate ids
// warned about; the sink's error stops the run; protobuf framing.
#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "povmon/batch.h"
#include "povmon/evaluator.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "src/batch/batch_runner_state.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kSource = POVMON_SOURCE_DIR;

std::shared_ptr<const Policy> Hunan() {
  static std::shared_ptr<const Policy> policy = [] {
    auto loaded = Policy::Load(kSource + "/policies/hunan-2024");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return *loaded;
  }();
  return policy;
}

std::vector<std::string> HunanLines() {
  std::ifstream in(kSource + "/examples/households/hunan.jsonl");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    // The file ends with two households that are there to fail.
    if (!line.empty() && line.rfind("{\"id\":\"bad-", 0) != 0) lines.push_back(line);
  }
  return lines;
}

// Household k: an example household under a fresh id.
std::string Household(const std::vector<std::string>& examples, int k) {
  std::string line = examples[static_cast<std::size_t>(k) % examples.size()];
  // {"id":"hn-... → {"id":"c<k>-hn-...
  return absl::StrCat("{\"id\":\"c", k, "-", line.substr(7));
}

BatchOptions Options(int jobs, BatchOutput output = BatchOutput::kJson) {
  BatchOptions o;
  o.evaluate.as_of = absl::CivilDay(2024, 11, 30);
  o.jobs = jobs;
  o.output = output;
  return o;
}

struct Collected {
  std::vector<BatchResult> results;  // pointers cleared
  std::vector<std::string> outputs;
  std::vector<std::string> ids;
  std::vector<absl::Status> statuses;
  std::string text;  // outputs joined by "\n"
};

// Runs `input` through a runner and collects every result.
absl::Status RunAll(BatchRunner& runner, const std::string& input, Collected* c,
                    bool as_stream = false) {
  BatchFunctionSink sink([&](const BatchResult& r) {
    BatchResult copy = r;
    copy.household = nullptr;
    copy.decision = nullptr;
    copy.what_if_decision = nullptr;
    copy.record = {};
    copy.output = {};
    copy.household_id = {};
    c->results.push_back(copy);
    c->outputs.emplace_back(r.output);
    c->ids.emplace_back(r.household_id);
    c->statuses.push_back(r.status);
    c->text.append(r.output);
    c->text.push_back('\n');
    return absl::OkStatus();
  });
  if (as_stream) {
    std::istringstream in(input);
    return runner.Run(in, sink);
  }
  return runner.Run(input, sink);
}

// A few thousand households with bad records among them.
std::string MixedInput(int households, std::vector<long>* bad_lines) {
  std::vector<std::string> examples = HunanLines();
  std::string input;
  long line = 0;
  for (int k = 0; k < households; ++k) {
    absl::StrAppend(&input, Household(examples, k), "\n");
    ++line;
    if (k % 97 == 5) {
      absl::StrAppend(&input, "{\"id\":\"broken-", k, "\",\"members\":[\n");  // malformed
      bad_lines->push_back(++line);
    }
    if (k % 211 == 7) {
      absl::StrAppend(&input, "{\"id\":\"bad-utf8-", k, "\",\"name\":\"\xff\xfe\"}\n");
      bad_lines->push_back(++line);
    }
    if (k % 333 == 9) {
      absl::StrAppend(&input, "   \t\r\n");  // blank: not a record
      ++line;
    }
    if (k % 173 == 13) {  // an income that overflows the sum
      absl::StrAppend(&input, "{\"id\":\"overflow-", k,
                      "\",\"members\":[{\"id\":\"m\",\"registered\":true}],\"income\":["
                      "{\"date\":\"2024-06-01\",\"kind\":\"INCOME_KIND_WAGE\","
                      "\"amount_fen\":\"9223372036854775807\"},"
                      "{\"date\":\"2024-07-01\",\"kind\":\"INCOME_KIND_WAGE\","
                      "\"amount_fen\":\"9223372036854775807\"}]}\n");
      bad_lines->push_back(++line);
    }
    if (k % 251 == 17) {  // pathological nesting
      absl::StrAppend(&input, "{\"id\":\"deep-", k, "\",\"members\":", std::string(50000, '['),
                      std::string(50000, ']'), "}\n");
      bad_lines->push_back(++line);
    }
    if (k % 401 == 11) {
      absl::StrAppend(&input, "{\"id\":\"no-members-", k, "\",\"members\":[]}\r\n");
      bad_lines->push_back(++line);
    }
  }
  return input;
}

TEST(BatchRunner, OneResultPerRecordInOrderWhateverTheJobs) {
  std::vector<long> bad_lines;
  const std::string input = MixedInput(1500, &bad_lines);
  Collected one;
  BatchRunner sequential(Hunan(), Options(1));
  ASSERT_TRUE(RunAll(sequential, input, &one).ok());
  EXPECT_EQ(sequential.jobs(), 1);
  const std::size_t records = 1500 + bad_lines.size();
  ASSERT_EQ(one.results.size(), records);
  for (std::size_t i = 0; i < one.results.size(); ++i) {
    EXPECT_EQ(one.results[i].index, i);
    if (i > 0) {
      EXPECT_GT(one.results[i].line, one.results[i - 1].line);
    }
  }
  // The bad records are errors at their own lines, naming the household.
  std::vector<long> error_lines;
  for (std::size_t i = 0; i < records; ++i) {
    if (!one.statuses[i].ok()) {
      error_lines.push_back(static_cast<long>(one.results[i].line));
      EXPECT_THAT(one.outputs[i],
                  StartsWith(absl::StrCat("{\"index\":", i, ",\"line\":", one.results[i].line)));
    } else {
      EXPECT_THAT(one.outputs[i], StartsWith(absl::StrCat("{\"household_id\":\"", one.ids[i])));
    }
  }
  EXPECT_EQ(error_lines, bad_lines);
  EXPECT_EQ(sequential.counts().errors, bad_lines.size());
  EXPECT_EQ(sequential.counts().decided, 1500u);
  EXPECT_EQ(sequential.counts().duplicates, 0u);

  for (int jobs : {2, 3, 8}) {
    for (bool stream : {false, true}) {
      Collected many;
      BatchOptions o = Options(jobs);
      o.block_records = 7;  // many blocks, so that they overtake each other
      BatchRunner parallel(Hunan(), o);
      ASSERT_TRUE(RunAll(parallel, input, &many, stream).ok());
      EXPECT_EQ(parallel.jobs(), jobs);
      EXPECT_EQ(many.text, one.text) << "jobs " << jobs << (stream ? " stream" : " buffer");
    }
  }
}

TEST(BatchRunner, ErrorRecordsSayWhy) {
  const std::string input = absl::StrCat(
      "{\"id\":\"broken\",\"members\":[\n", "\n", "{\"id\":\"x\",\"name\":\"\xc3\"}\n",
      "{\"id\":\"none\",\"members\":[]}");
  Collected c;
  BatchRunner runner(Hunan(), Options(2));
  ASSERT_TRUE(RunAll(runner, input, &c).ok());
  ASSERT_EQ(c.results.size(), 3u);
  EXPECT_EQ(c.results[0].line, 1u);
  EXPECT_EQ(c.ids[0], "broken");
  EXPECT_EQ(c.statuses[0].code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(c.results[1].line, 3u);  // the blank line 2 is counted, not a record
  EXPECT_EQ(c.results[1].index, 1u);
  EXPECT_EQ(c.statuses[1].message(), "input is not valid UTF-8");
  EXPECT_EQ(c.results[2].line, 4u);  // no final newline
  EXPECT_EQ(c.statuses[2].code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.outputs[2], StartsWith("{\"index\":2,\"line\":4,\"household_id\":\"none\","
                                       "\"error\":{\"code\":3,\"status\":\"INVALID_ARGUMENT\""));
}

// A line past the limit is not held in memory: its slot gets an error and
// the lines around it are decided, also when it spans many reads.
TEST(BatchRunner, TooLongRecordIsAnErrorInItsSlot) {
  std::vector<std::string> examples = HunanLines();
  const std::string huge(3 << 20, ' ');  // 3 MiB, many 256 KiB reads
  const std::string input = absl::StrCat(Household(examples, 0), "\n", "{\"id\":\"big\",", huge,
                                         "}\n", Household(examples, 1), "\n", huge, "x");
  for (bool stream : {false, true}) {
    for (int jobs : {1, 2}) {
      BatchOptions o = Options(jobs);
      o.max_record_bytes = 1 << 20;
      Collected c;
      BatchRunner runner(Hunan(), o);
      ASSERT_TRUE(RunAll(runner, input, &c, stream).ok());
      ASSERT_EQ(c.results.size(), 4u);
      EXPECT_TRUE(c.statuses[0].ok());
      EXPECT_EQ(c.statuses[1].code(), absl::StatusCode::kResourceExhausted);
      EXPECT_EQ(c.statuses[1].message(),
                absl::StrCat("the line is longer than the limit of 1048576 bytes (1 MiB); "
                             "it was not read (",
                             huge.size() + 13, " bytes)"));
      EXPECT_EQ(c.results[1].line, 2u);
      EXPECT_TRUE(c.statuses[2].ok());
      EXPECT_EQ(c.results[2].line, 3u);
      EXPECT_EQ(c.statuses[3].code(), absl::StatusCode::kResourceExhausted);
      EXPECT_EQ(c.results[3].line, 4u);
    }
  }
}

// A decider that throws on every 10th record, as a worker's failure would.
class FailingDecider : public batch::RecordDecider {
 public:
  using RecordDecider::RecordDecider;

 protected:
  absl::Status ParseAndEvaluate(batch::Slot* slot) override {
    if (slot->index % 10 == 3) throw std::runtime_error("worker failed");
    return RecordDecider::ParseAndEvaluate(slot);
  }
};

TEST(BatchRunner, AWorkersFailureLosesAndReordersNothing) {
  std::vector<std::string> examples = HunanLines();
  std::string input;
  for (int k = 0; k < 400; ++k) absl::StrAppend(&input, Household(examples, k), "\n");
  for (int jobs : {1, 2, 4}) {
    BatchOptions o = Options(jobs);
    o.block_records = 3;
    auto runner = BatchRunnerState::MakeRunner(
        Hunan(), o, [](std::shared_ptr<const Policy> p, const BatchOptions& options) {
          return std::make_unique<FailingDecider>(std::move(p), options);
        });
    Collected c;
    ASSERT_TRUE(RunAll(*runner, input, &c).ok());
    ASSERT_EQ(c.results.size(), 400u);
    for (std::size_t i = 0; i < 400; ++i) {
      EXPECT_EQ(c.results[i].index, i);
      if (i % 10 == 3) {
        EXPECT_EQ(c.statuses[i].code(), absl::StatusCode::kInternal);
        EXPECT_EQ(c.statuses[i].message(), "internal error: worker failed");
        EXPECT_THAT(c.outputs[i], HasSubstr("\"status\":\"INTERNAL\""));
      } else {
        EXPECT_TRUE(c.statuses[i].ok()) << i << ": " << c.statuses[i];
        EXPECT_THAT(c.outputs[i], StartsWith(absl::StrCat("{\"household_id\":\"c", i, "-")));
      }
    }
  }
}

TEST(BatchRunner, DuplicateHouseholdIdsGetAWarning) {
  std::vector<std::string> examples = HunanLines();
  const std::string a = Household(examples, 0), b = Household(examples, 1);
  const std::string input =
      absl::StrCat(a, "\n", b, "\n", a, "\n", "{\"id\":\"c1-", "x\",\"members\":[]}\n", b, "\n");
  for (int jobs : {1, 2}) {
    Collected c;
    BatchRunner runner(Hunan(), Options(jobs));
    ASSERT_TRUE(RunAll(runner, input, &c).ok());
    ASSERT_EQ(c.results.size(), 5u);
    EXPECT_FALSE(c.results[0].has_duplicate);
    EXPECT_FALSE(c.results[1].has_duplicate);
    EXPECT_TRUE(c.results[2].has_duplicate);
    EXPECT_EQ(c.results[2].duplicate_of_index, 0u);
    EXPECT_EQ(c.results[2].duplicate_of_line, 1u);
    const std::string id_a = c.ids[0];
    EXPECT_THAT(c.outputs[2],
                HasSubstr(absl::StrCat(
                    "\"warnings\":[{\"code\":\"WARNING_CODE_DUPLICATE_HOUSEHOLD_ID\","
                    "\"message\":\"household id \\\"",
                    id_a, "\\\" was already used by record 0 (line 1) of this batch\","
                          "\"first_index\":\"0\",\"first_line\":\"1\",\"field\":\"id\"}]")));
    EXPECT_THAT(c.outputs[0], Not(HasSubstr("warnings")));
    EXPECT_TRUE(c.results[4].has_duplicate);
    EXPECT_EQ(c.results[4].duplicate_of_index, 1u);
    EXPECT_EQ(runner.counts().duplicates, 2u);
    // The decision is otherwise the first one's: the same household.
    std::string first = c.outputs[0], dup = c.outputs[2];
    // The warnings array sits among the fields in field-number order (the
    // duties follow it); take out just the array.
    const std::size_t from = dup.find(",\"warnings\":[");
    ASSERT_NE(from, std::string::npos);
    dup.erase(from, dup.find("}]", from) + 2 - from);
    EXPECT_EQ(dup, first);
  }
  // An error record with a duplicate id carries the warning too.
  Collected c;
  BatchRunner runner(Hunan(), Options(2));
  ASSERT_TRUE(RunAll(runner, "{\"id\":\"z\",\"members\":[]}\n{\"id\":\"z\",\"members\":[]}\n", &c)
                  .ok());
  ASSERT_EQ(c.results.size(), 2u);
  EXPECT_THAT(c.outputs[1], StartsWith("{\"index\":1,\"line\":2,\"household_id\":\"z\",\"error\":"));
  EXPECT_THAT(c.outputs[1],
              HasSubstr("},\"warnings\":[{\"code\":\"WARNING_CODE_DUPLICATE_HOUSEHOLD_ID\","
                        "\"message\":\"household id \\\"z\\\" was already used by record 0 "
                        "(line 1) of this batch\",\"first_index\":\"0\",\"first_line\":\"1\",\"field\":\"id\"}]}"));
}

TEST(BatchRunner, TheSinksErrorStopsTheRun) {
  std::vector<std::string> examples = HunanLines();
  std::string input;
  for (int k = 0; k < 2000; ++k) absl::StrAppend(&input, Household(examples, k), "\n");
  for (int jobs : {1, 2}) {
    BatchRunner runner(Hunan(), Options(jobs));
    std::uint64_t seen = 0;
    BatchFunctionSink sink([&](const BatchResult& r) -> absl::Status {
      EXPECT_EQ(r.index, seen);
      ++seen;
      if (r.index == 100) return absl::DataLossError("disk full");
      return absl::OkStatus();
    });
    absl::Status s = runner.Run(input, sink);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ(s.message(), "disk full");
    EXPECT_EQ(seen, 101u);
  }
}

TEST(BatchRunner, RunsCountOnAcrossCalls) {
  std::vector<std::string> examples = HunanLines();
  BatchRunner runner(Hunan(), Options(2));
  Collected c;
  ASSERT_TRUE(RunAll(runner, absl::StrCat(Household(examples, 0), "\n\n"), &c).ok());
  ASSERT_TRUE(RunAll(runner, absl::StrCat(Household(examples, 0), "\n"), &c).ok());
  ASSERT_EQ(c.results.size(), 2u);
  EXPECT_EQ(c.results[1].index, 1u);
  EXPECT_EQ(c.results[1].line, 3u);
  EXPECT_TRUE(c.results[1].has_duplicate);
}

TEST(BatchRunner, NeedsAnAsOfDate) {
  BatchOptions o;
  BatchRunner runner(Hunan(), o);
  Collected c;
  absl::Status s = RunAll(runner, "{}\n", &c);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("as-of"));
  EXPECT_TRUE(c.results.empty());
}

void AppendDelimited(const std::string& bytes, std::string* out) {
  std::uint64_t n = bytes.size();
  while (n >= 0x80) {
    out->push_back(static_cast<char>((n & 0x7F) | 0x80));
    n >>= 7;
  }
  out->push_back(static_cast<char>(n));
  out->append(bytes);
}

TEST(BatchRunner, DelimitedProtobufInputAndBrokenFraming) {
  std::vector<std::string> examples = HunanLines();
  std::string input;
  for (int k = 0; k < 50; ++k) {
    v1::Household h;
    ASSERT_TRUE(ParseHouseholdJson(Household(examples, k), &h).ok());
    AppendDelimited(k == 20 ? std::string("\xff\xff garbage") : h.SerializeAsString(), &input);
  }
  for (bool stream : {false, true}) {
    for (int jobs : {1, 2}) {
      BatchOptions o = Options(jobs, BatchOutput::kProto);
      o.input = BatchInput::kDelimitedProto;
      o.block_records = 4;
      Collected c;
      BatchRunner runner(Hunan(), o);
      ASSERT_TRUE(RunAll(runner, input, &c, stream).ok());
      ASSERT_EQ(c.results.size(), 50u);
      for (std::size_t i = 0; i < 50; ++i) {
        EXPECT_EQ(c.results[i].line, 0u);
        if (i == 20) {
          EXPECT_EQ(c.statuses[i].message(), "input is not a serialized povmon.v1.Household");
          EXPECT_EQ(c.outputs[i], "input is not a serialized povmon.v1.Household");
          continue;
        }
        ASSERT_TRUE(c.statuses[i].ok());
        v1::Decision d;
        ASSERT_TRUE(d.ParseFromString(c.outputs[i]));
        EXPECT_EQ(d.household_id(), c.ids[i]);
      }
      // A length running past the end: the records before it are delivered.
      std::string broken = input;
      broken.append("\x80\x01short");
      Collected b;
      BatchRunner again(Hunan(), o);
      absl::Status s = RunAll(again, broken, &b, stream);
      EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
      EXPECT_EQ(s.message(), absl::StrCat("the length prefix of record 50 at byte ", input.size(),
                                          " runs past the end of the input (",
                                          broken.size(), " bytes)"));
      EXPECT_EQ(b.results.size(), 50u);
    }
  }
}

TEST(BatchRunner, WhatIfDecidesUnderBothPolicies) {
  std::vector<LoadProblem> problems;
  auto what_if = Hunan()->WithChanges({*ParameterChange::Parse("monitoring_line=7000")}, &problems);
  ASSERT_TRUE(what_if.ok()) << what_if.status();
  BatchOptions o = Options(2, BatchOutput::kNone);
  o.what_if = *what_if;
  BatchRunner runner(Hunan(), o);
  std::vector<std::string> examples = HunanLines();
  std::string input;
  for (int k = 0; k < 64; ++k) absl::StrAppend(&input, Household(examples, k), "\n");
  int both = 0;
  BatchFunctionSink sink([&](const BatchResult& r) -> absl::Status {
    EXPECT_TRUE(r.status.ok()) << r.status;
    EXPECT_TRUE(r.output.empty());
    EXPECT_NE(r.decision, nullptr);
    EXPECT_NE(r.what_if_decision, nullptr);
    EXPECT_EQ(r.decision->household_id(), r.what_if_decision->household_id());
    EXPECT_TRUE(r.decision->what_if().empty());
    EXPECT_EQ(r.what_if_decision->what_if_size(), 1);
    ++both;
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Run(input, sink).ok());
  EXPECT_EQ(both, 64);
}

}  // namespace
}  // namespace povmon
