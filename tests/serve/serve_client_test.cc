// A C++ gRPC client against `povmon serve` started on a free port: the four
// calls of proto/povmon/v1/service.proto, bad requests (INVALID_ARGUMENT
// with the field path, never a crash), the message size limit, a reload
// under a live stream (nothing lost, every answer naming its revision), a
// failed reload (the old revision goes on serving, every problem logged),
// and the decision log (one line per household, no personal data).
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "povmon/evaluator.h"
#include "povmon/explain.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "povmon/population.h"
#include "tests/serve/planted_personal_data.h"
#include "tests/serve/serve_process.h"

namespace povmon {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing_serve::ReadFile;
using testing_serve::ServeProcess;

const std::string kSource = POVMON_SOURCE_DIR;

// The records of an example file that parse.
std::vector<v1::Household> ExampleHouseholds(const std::string& file) {
  std::ifstream in(kSource + "/examples/households/" + file);
  std::vector<v1::Household> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    v1::Household h;
    // The example files carry a few broken records on purpose; skip them.
    if (ParseHouseholdJson(line, &h).ok()) out.push_back(h);
  }
  return out;
}

// A scratch folder with a copy of the Hunan pack that the tests may change.
std::string ScratchDir(const std::string& name) {
  std::string dir = ::testing::TempDir() + "/povmon_serve_" + name + "_" +
                    std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

v1::EvaluateRequest Request(const std::string& pack, const v1::Household& household,
                            const std::string& as_of = "2024-11-30") {
  v1::EvaluateRequest r;
  r.set_pack(pack);
  r.set_as_of(as_of);
  *r.mutable_household() = household;
  return r;
}

class ServeClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(ScratchDir("client"));
    server_ = new ServeProcess(
        *dir_, {"--policy", kSource + "/policies/hunan-2024", "--policy",
                kSource + "/policies/lingshou-2024", "--workers", "2", "--max-message-bytes",
                "1048576", "--decision-log", *dir_ + "/decisions.jsonl"});
    auto hunan = Policy::Load(kSource + "/policies/hunan-2024");
    ASSERT_TRUE(hunan.ok()) << hunan.status();
    hunan_ = new std::shared_ptr<const Policy>(*hunan);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete hunan_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(server_->running()) << server_->err(); }

  // The decision the library makes in-process.
  static v1::Decision Local(const v1::Household& h, v1::TraceLevel trace = v1::TRACE_LEVEL_RULES) {
    Evaluator evaluator(*hunan_);
    EvaluateOptions options;
    options.as_of = absl::CivilDay(2024, 11, 30);
    options.trace = trace;
    v1::Decision d;
    absl::Status s = evaluator.Evaluate(h, options, &d);
    EXPECT_TRUE(s.ok()) << s;
    return d;
  }

  static std::string* dir_;
  static ServeProcess* server_;
  static std::shared_ptr<const Policy>* hunan_;
};
std::string* ServeClientTest::dir_ = nullptr;
ServeProcess* ServeClientTest::server_ = nullptr;
std::shared_ptr<const Policy>* ServeClientTest::hunan_ = nullptr;

TEST_F(ServeClientTest, PacksListsEveryPackWithItsRevision) {
  auto stub = server_->Stub();
  grpc::ClientContext context;
  v1::PacksResponse packs;
  grpc::Status s = stub->Packs(&context, v1::PacksRequest(), &packs);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(packs.packs_size(), 2);
  EXPECT_EQ(packs.packs(0).id(), "hunan-2024");
  EXPECT_EQ(packs.packs(0).revision(), (*hunan_)->revision());
  EXPECT_EQ(packs.packs(0).valid_from(), "2024-01-01");
  EXPECT_EQ(packs.packs(0).valid_until(), "2024-12-31");
  EXPECT_EQ(packs.packs(0).reloads(), 0);
  EXPECT_EQ(packs.packs(1).id(), "lingshou-2024");
  EXPECT_EQ(packs.packs(1).revision().size(), 64u);
}

TEST_F(ServeClientTest, EvaluateAnswersAsTheLibraryDoes) {
  auto stub = server_->Stub();
  for (const v1::Household& h : ExampleHouseholds("hunan.jsonl")) {
    v1::EvaluateRequest request = Request("hunan-2024", h);
    request.set_request_id("caller-" + h.id());
    grpc::ClientContext context;
    v1::EvaluateResponse response;
    grpc::Status s = stub->Evaluate(&context, request, &response);
    ASSERT_TRUE(s.ok()) << h.id() << ": " << s.error_message();
    EXPECT_EQ(response.request_id(), "caller-" + h.id());
    EXPECT_EQ(response.pack(), "hunan-2024");
    EXPECT_EQ(response.revision(), (*hunan_)->revision());
    EXPECT_EQ(response.decision().pack_revision(), (*hunan_)->revision());
    EXPECT_EQ(response.decision().SerializeAsString(), Local(h).SerializeAsString()) << h.id();
  }
}

TEST_F(ServeClientTest, EachRequestChoosesItsPack) {
  auto stub = server_->Stub();
  v1::Household h = ExampleHouseholds("lingshou.jsonl").front();
  grpc::ClientContext context;
  v1::EvaluateResponse response;
  ASSERT_TRUE(stub->Evaluate(&context, Request("lingshou-2024", h), &response).ok());
  EXPECT_EQ(response.decision().pack_id(), "lingshou-2024");
  EXPECT_EQ(response.pack(), "lingshou-2024");
  EXPECT_FALSE(response.request_id().empty());  // made by the server
}

// Every bad request is INVALID_ARGUMENT naming the field, and the server
// answers the next request as before.
TEST_F(ServeClientTest, BadRequestsAreInvalidArgumentWithTheFieldPath) {
  auto stub = server_->Stub();
  v1::Household good = ExampleHouseholds("hunan.jsonl").front();
  struct Case {
    v1::EvaluateRequest request;
    std::string starts_with;
  };
  std::vector<Case> cases;
  cases.push_back({Request("", good), "pack: required when the server holds several packs"});
  cases.push_back({Request("nowhere-2024", good), "pack: no pack \"nowhere-2024\" is served"});
  cases.push_back({Request("hunan-2024", good, ""), "as_of: required"});
  cases.push_back({Request("hunan-2024", good, "2024-02-30"), "as_of: \"2024-02-30\" is not a date"});
  cases.push_back({Request("hunan-2024", good, "2024-1-5"), "as_of: \"2024-1-5\" is not a date"});
  cases.push_back({Request("hunan-2024", good, "2023-12-31"),
                   "as_of: 2023-12-31 is outside the dates of pack hunan-2024"});
  Case trace{Request("hunan-2024", good), "trace: unknown TraceLevel 99"};
  trace.request.set_trace(static_cast<v1::TraceLevel>(99));
  cases.push_back(trace);
  Case id{Request("hunan-2024", good), "request_id: byte 4 is not a printable ASCII"};
  id.request.set_request_id("abc def");
  cases.push_back(id);
  Case birth{Request("hunan-2024", good), "household.members[0].birth_date: "};
  birth.request.mutable_household()->mutable_members(0)->set_birth_date("1966-02-30");
  cases.push_back(birth);
  Case member{Request("hunan-2024", good), "household.income[0].member_id: "};
  member.request.mutable_household()->mutable_income(0)->set_member_id("nobody");
  cases.push_back(member);
  // An income record without its date (the serve_request fuzz target found
  // its refusal without a field path).
  Case undated{Request("hunan-2024", good),
               "household.income[0].date: empty; every record needs its date"};
  undated.request.mutable_household()->mutable_income(0)->clear_date();
  cases.push_back(undated);
  for (const Case& c : cases) {
    grpc::ClientContext context;
    v1::EvaluateResponse response;
    grpc::Status s = stub->Evaluate(&context, c.request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.starts_with;
    EXPECT_THAT(s.error_message(), StartsWith(c.starts_with));
  }
  grpc::ClientContext context;
  v1::EvaluateResponse response;
  EXPECT_TRUE(stub->Evaluate(&context, Request("hunan-2024", good), &response).ok());
}

// --max-message-bytes 1048576: a larger request is refused by gRPC itself.
TEST_F(ServeClientTest, AMessageOverTheLimitIsRefused) {
  auto stub = server_->Stub();
  v1::Household h = ExampleHouseholds("hunan.jsonl").front();
  h.add_visits()->set_note(std::string(2 << 20, 'x'));
  grpc::ClientContext context;
  v1::EvaluateResponse response;
  grpc::Status s = stub->Evaluate(&context, Request("hunan-2024", h), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  grpc::ClientContext again;
  EXPECT_TRUE(stub->Evaluate(&again, Request("hunan-2024", ExampleHouseholds("hunan.jsonl")[1]),
                             &response).ok());
}

// One response per request, in order; a bad household answered in its
// place without ending the stream.
TEST_F(ServeClientTest, EvaluateStreamAnswersEveryHouseholdInOrder) {
  auto stub = server_->Stub();
  std::vector<v1::Household> households = ExampleHouseholds("hunan.jsonl");
  households[5].mutable_members(0)->set_birth_date("not a date");
  grpc::ClientContext context;
  auto stream = stub->EvaluateStream(&context);
  // Writes and reads interleave as a department system's would.
  std::vector<v1::EvaluateResponse> responses;
  for (std::size_t i = 0; i < households.size(); ++i) {
    v1::EvaluateRequest r = Request("hunan-2024", households[i]);
    r.set_request_id("s-" + std::to_string(i));
    ASSERT_TRUE(stream->Write(r));
    if (i % 3 == 2) {
      v1::EvaluateResponse response;
      ASSERT_TRUE(stream->Read(&response));
      responses.push_back(response);
    }
  }
  ASSERT_TRUE(stream->WritesDone());
  v1::EvaluateResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  grpc::Status s = stream->Finish();
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(responses.size(), households.size());
  for (std::size_t i = 0; i < households.size(); ++i) {
    EXPECT_EQ(responses[i].request_id(), "s-" + std::to_string(i));
    if (i == 5) {
      ASSERT_TRUE(responses[i].has_error());
      EXPECT_EQ(responses[i].error().status(), "INVALID_ARGUMENT");
      EXPECT_EQ(responses[i].error().code(), 3);
      EXPECT_EQ(responses[i].error().field(), "household.members[0].birth_date");
      continue;
    }
    ASSERT_TRUE(responses[i].has_decision()) << i;
    EXPECT_EQ(responses[i].decision().household_id(), households[i].id());
    EXPECT_EQ(responses[i].decision().SerializeAsString(),
              Local(households[i]).SerializeAsString());
  }
}

TEST_F(ServeClientTest, ExplainGivesTheTextOfTheFullDecision) {
  auto stub = server_->Stub();
  v1::Household h = ExampleHouseholds("hunan.jsonl").front();
  v1::ExplainRequest request;
  request.set_pack("hunan-2024");
  request.set_as_of("2024-11-30");
  *request.mutable_household() = h;
  request.set_language("en");
  grpc::ClientContext context;
  v1::ExplainResponse response;
  grpc::Status s = stub->Explain(&context, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::Decision full = Local(h, v1::TRACE_LEVEL_FULL);
  EXPECT_EQ(response.decision().SerializeAsString(), full.SerializeAsString());
  auto expected = ExplainIn(full, **hunan_, Language::kEnglish);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(response.text(), *expected);
  EXPECT_EQ(response.language(), "en");
  EXPECT_THAT(response.text(), HasSubstr("Plan 4"));
  EXPECT_EQ(response.revision(), (*hunan_)->revision());

  request.set_language("klingon");
  grpc::ClientContext bad;
  s = stub->Explain(&bad, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), StartsWith("language: "));
}

// Summarize: the report equals the library's Aggregator and population
// rules over the same households with the same seed; a household that
// cannot be decided is counted and listed, not lost.
TEST_F(ServeClientTest, SummarizeGivesTheLibrarysPopulationReport) {
  auto stub = server_->Stub();
  std::vector<v1::Household> households = ExampleHouseholds("hunan.jsonl");
  grpc::ClientContext context;
  v1::SummarizeResponse response;
  auto stream = stub->Summarize(&context, &response);
  for (std::size_t i = 0; i < households.size(); ++i) {
    v1::SummarizeRequest r;
    if (i == 0) {
      r.set_pack("hunan-2024");
      r.set_as_of("2024-11-30");
      r.set_sample_seed(20241130);
      r.set_request_id("census");
      // The caller's own figures for the first household's village.
      v1::RegionInfo* village = r.add_regions();
      village->set_level(v1::REGION_LEVEL_VILLAGE);
      village->set_code(households[0].region().village());
      village->set_name("測試村");
      village->set_rural_registered_people(1234);
    }
    *r.mutable_household() = households[i];
    if (i == 3) r.mutable_household()->mutable_members(0)->set_birth_date("1966-02-30");
    ASSERT_TRUE(stream->Write(r));
  }
  ASSERT_TRUE(stream->WritesDone());
  grpc::Status s = stream->Finish();
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.request_id(), "census");
  EXPECT_EQ(response.revision(), (*hunan_)->revision());
  EXPECT_EQ(response.decided(), households.size() - 1);
  EXPECT_EQ(response.not_decided(), 1u);
  ASSERT_EQ(response.errors_size(), 1);
  EXPECT_EQ(response.errors(0).index(), 3u);
  EXPECT_EQ(response.errors(0).error().field(), "household.members[0].birth_date");

  Aggregator aggregator(*hunan_, 20241130);
  for (std::size_t i = 0; i < households.size(); ++i) {
    if (i == 3) {
      aggregator.AddFailed();
      continue;
    }
    ASSERT_TRUE(aggregator.Add(households[i], Local(households[i])).ok());
  }
  v1::PopulationSummary summary;
  aggregator.Summarize(&summary);
  PopulationOptions options;
  options.as_of = absl::CivilDay(2024, 11, 30);
  v1::RegionInfo village;
  village.set_level(v1::REGION_LEVEL_VILLAGE);
  village.set_code(households[0].region().village());
  village.set_name("測試村");
  village.set_rural_registered_people(1234);
  options.regions.push_back(village);
  auto expected = RunPopulationRules(**hunan_, summary, options);
  ASSERT_TRUE(expected.ok()) << expected.status();
  EXPECT_EQ(response.report().SerializeAsString(), expected->SerializeAsString());
  EXPECT_GT(response.report().summary().regions_size(), 0);
  bool named = false;
  for (const v1::RegionInfo& place : response.report().regions()) {
    named = named || (place.code() == village.code() && place.name() == "測試村");
  }
  EXPECT_TRUE(named) << "the first message's places are in the report";
}

TEST_F(ServeClientTest, SummarizeRefusesAStreamThatChangesItsPack) {
  auto stub = server_->Stub();
  std::vector<v1::Household> households = ExampleHouseholds("hunan.jsonl");
  grpc::ClientContext context;
  v1::SummarizeResponse response;
  auto stream = stub->Summarize(&context, &response);
  v1::SummarizeRequest r;
  r.set_pack("hunan-2024");
  r.set_as_of("2024-11-30");
  *r.mutable_household() = households[0];
  ASSERT_TRUE(stream->Write(r));
  r.set_pack("lingshou-2024");
  ASSERT_TRUE(stream->Write(r));
  r.set_pack("hunan-2024");
  r.add_regions()->set_code("430000");
  ASSERT_TRUE(stream->Write(r));
  stream->WritesDone();
  grpc::Status s = stream->Finish();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(response.decided(), 1u);
  EXPECT_EQ(response.not_decided(), 2u);
  ASSERT_EQ(response.errors_size(), 2);
  EXPECT_EQ(response.errors(0).index(), 1u);
  EXPECT_THAT(response.errors(0).error().message(),
              StartsWith("pack: \"lingshou-2024\" differs from the stream's first message"));
  EXPECT_EQ(response.errors(1).index(), 2u);
  EXPECT_EQ(response.errors(1).error().field(), "regions");

  grpc::ClientContext empty_context;
  auto empty = stub->Summarize(&empty_context, &response);
  empty->WritesDone();
  s = empty->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), StartsWith("pack: the stream carried no message"));
}

// Households carrying personal data everywhere, decided and refused through
// every call: the log keeps what was decided and none of the data.
TEST_F(ServeClientTest, TheDecisionLogHoldsNoPersonalData) {
  namespace privacy = testing_privacy;
  auto stub = server_->Stub();
  std::vector<v1::Household> planted;
  for (int n = 0; n < 6; ++n) planted.push_back(privacy::Tempting(n, "劉建國", "430524104211"));
  const std::string before = ReadFile(*dir_ + "/decisions.jsonl");
  int expected_lines = 0;
  for (const v1::Household& h : planted) {
    v1::EvaluateRequest r = Request("hunan-2024", h, "2024-04-12");
    r.set_request_id("id-" + privacy::kIdNumbers[0]);  // a caller's careless id
    grpc::ClientContext context;
    v1::EvaluateResponse response;
    grpc::Status s = stub->Evaluate(&context, r, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ++expected_lines;
  }
  {
    grpc::ClientContext context;
    auto stream = stub->EvaluateStream(&context);
    for (const v1::Household& h : planted) {
      ASSERT_TRUE(stream->Write(Request("hunan-2024", h, "2024-04-12")));
      ++expected_lines;
    }
    v1::Household broken = planted[0];
    broken.mutable_members(1)->set_birth_date(privacy::kPhones[0]);  // refused: not a date
    ASSERT_TRUE(stream->Write(Request("hunan-2024", broken, "2024-04-12")));
    ++expected_lines;
    stream->WritesDone();
    v1::EvaluateResponse response;
    int read = 0;
    while (stream->Read(&response)) ++read;
    EXPECT_EQ(read, 7);
    EXPECT_TRUE(stream->Finish().ok());
  }
  {
    v1::ExplainRequest r;
    r.set_pack("hunan-2024");
    r.set_as_of("2024-04-12");
    *r.mutable_household() = planted[1];
    grpc::ClientContext context;
    v1::ExplainResponse response;
    ASSERT_TRUE(stub->Explain(&context, r, &response).ok());
    ++expected_lines;
  }
  std::string log = ReadFile(*dir_ + "/decisions.jsonl").substr(before.size());
  privacy::ExpectNoPersonalData(log, "decision log");
  for (const char* name : {"劉建國", "李桂蘭", "劉志強", "王明"}) {
    EXPECT_THAT(log, ::testing::Not(HasSubstr(name)));
  }
  std::istringstream lines(log);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    google::protobuf::Struct record;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &record).ok()) << line;
    const auto& f = record.fields();
    EXPECT_EQ(f.at("pack").string_value(), "hunan-2024");
    EXPECT_EQ(f.at("revision").string_value(), (*hunan_)->revision());
    EXPECT_THAT(f.at("household_id").string_value(), StartsWith("hh-"));
    EXPECT_THAT(f.at("time").string_value(), ::testing::MatchesRegex("20..-..-..T..:..:..\\....Z"));
    if (f.count("error")) {
      EXPECT_EQ(f.at("error").struct_value().fields().at("field").string_value(),
                "household.members[1].birth_date");
      EXPECT_EQ(f.count("category"), 0u);
    } else {
      EXPECT_EQ(f.at("as_of").string_value(), "2024-04-12");
      EXPECT_THAT(f.at("category").string_value(), StartsWith("CATEGORY_"));
      EXPECT_TRUE(f.at("measures").has_list_value());
    }
  }
  EXPECT_EQ(count, expected_lines);
}

// SIGHUP while a stream is open: households sent before the reload are
// decided on the old revision, those after on the new one, none lost, none
// answered twice, in order. A pack that then fails to load keeps serving.
TEST(ServeReloadTest, ReloadUnderALiveStreamLosesNothing) {
  std::string dir = ScratchDir("reload");
  std::string pack = dir + "/hunan";
  std::filesystem::copy(kSource + "/policies/hunan-2024", pack,
                        std::filesystem::copy_options::recursive);
  ServeProcess server(dir, {"--policy", pack, "--workers", "2"});
  ASSERT_TRUE(server.running()) << server.err();
  auto stub = server.Stub();
  auto revision = [&]() {
    grpc::ClientContext context;
    v1::PacksResponse packs;
    EXPECT_TRUE(stub->Packs(&context, v1::PacksRequest(), &packs).ok());
    return packs.packs(0);
  };
  const std::string old_revision = revision().revision();
  std::vector<v1::Household> households = ExampleHouseholds("hunan.jsonl");

  grpc::ClientContext context;
  auto stream = stub->EvaluateStream(&context);
  std::vector<v1::EvaluateResponse> responses;
  const std::size_t half = households.size() / 2;
  for (std::size_t i = 0; i < half; ++i) {
    ASSERT_TRUE(stream->Write(Request("", households[i])));  // the only pack
  }
  for (std::size_t i = 0; i < half; ++i) {
    v1::EvaluateResponse r;
    ASSERT_TRUE(stream->Read(&r));
    responses.push_back(r);
  }
  // A new revision: same rules, one more comment line.
  { std::ofstream(pack + "/rules.textproto", std::ios::app) << "# reloaded by the test\n"; }
  server.Signal(SIGHUP);
  std::string new_revision;
  for (int i = 0; i < 500 && new_revision.empty(); ++i) {
    v1::PackInfo info = revision();
    if (info.revision() != old_revision) {
      new_revision = info.revision();
      EXPECT_EQ(info.reloads(), 1);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ASSERT_FALSE(new_revision.empty()) << server.err();
  for (std::size_t i = half; i < households.size(); ++i) {
    ASSERT_TRUE(stream->Write(Request("", households[i])));
  }
  stream->WritesDone();
  v1::EvaluateResponse r;
  while (stream->Read(&r)) responses.push_back(r);
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(responses.size(), households.size());
  for (std::size_t i = 0; i < households.size(); ++i) {
    ASSERT_TRUE(responses[i].has_decision()) << i;
    EXPECT_EQ(responses[i].decision().household_id(), households[i].id());
    const std::string& expected = i < half ? old_revision : new_revision;
    EXPECT_EQ(responses[i].revision(), expected) << i;
    EXPECT_EQ(responses[i].decision().pack_revision(), expected) << i;
  }
  EXPECT_THAT(server.err(), HasSubstr("pack hunan-2024 reloaded"));

  // Now break the pack in two places: the reload fails, every problem is
  // logged and listed, the last good revision answers.
  { std::ofstream(pack + "/rules.textproto", std::ios::app) << "rules { id: \n"; }
  { std::ofstream(pack + "/parameters.textproto", std::ios::app) << "parameters { nonsense: 1 }\n"; }
  server.Signal(SIGHUP);
  v1::PackInfo info;
  for (int i = 0; i < 500; ++i) {
    info = revision();
    if (info.reload_problems_size() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GE(info.reload_problems_size(), 2) << server.err();
  std::string all;
  for (const std::string& problem : info.reload_problems()) all += problem + "\n";
  EXPECT_THAT(all, HasSubstr("parameters.textproto:"));
  EXPECT_THAT(all, HasSubstr("rules.textproto:"));
  EXPECT_EQ(info.revision(), new_revision);
  std::string err = server.err();
  EXPECT_THAT(err, HasSubstr("failed; revision " + new_revision + " goes on serving"));
  for (const std::string& problem : info.reload_problems()) EXPECT_THAT(err, HasSubstr(problem));
  grpc::ClientContext again;
  v1::EvaluateResponse response;
  ASSERT_TRUE(stub->Evaluate(&again, Request("", households[0]), &response).ok());
  EXPECT_EQ(response.revision(), new_revision);
  // SIGTERM: a clean stop (exit 0) once the clients have gone (gRPC waits
  // for open connections until the grace period ends).
  stream.reset();
  stub.reset();
  EXPECT_EQ(server.Stop(), 0) << server.err();
  std::filesystem::remove_all(dir);
}

TEST(ServeStartTest, APackThatDoesNotLoadStopsTheStartWithEveryProblem) {
  std::string dir = ScratchDir("start");
  std::filesystem::create_directories(dir + "/empty");
  ServeProcess server(dir, {"--policy", dir + "/empty", "--policy", kSource + "/policies/hunan-2024",
                            "--policy", kSource + "/policies/hunan-2024"});
  EXPECT_FALSE(server.running());
  std::string err = server.err();
  EXPECT_THAT(err, HasSubstr("cannot load the packs"));
  EXPECT_THAT(err, HasSubstr(dir + "/empty"));
  EXPECT_THAT(err, HasSubstr("pack id \"hunan-2024\" is already served"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace povmon
