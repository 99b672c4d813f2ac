// The gRPC service against the library in-process: households decided per
// second through `povmon serve`'s service (unary Evaluate one at a time,
// and EvaluateStream), against an Evaluator in the same process; and the
// latency of one Evaluate call (p50, p99).
//
//   povmon_serve_benchmark [--pack DIR] [--households N] [--workers N]
//       [Google Benchmark flags]
//
// The server runs in this process on 127.0.0.1 (a free port) with the
// decision log off, so client and server share the machine's cores: the
// figures are for a client on the same host, over loopback TCP, and include
// protobuf serialization both ways. Counters: "households/s" per wall-clock
// second; "p50_us" and "p99_us" the median and 99th percentile of the
// Evaluate calls' wall time in the run.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/civil_time.h"
#include "benchmark/benchmark.h"
#include "benchmarks/population.h"
#include "grpcpp/create_channel.h"
#include "povmon/engine.h"
#include "povmon/v1/service.grpc.pb.h"
#include "tools/povmon/serve/pack_registry.h"
#include "tools/povmon/serve/server.h"

#ifndef POVMON_SOURCE_DIR
#error "POVMON_SOURCE_DIR must be defined by the build"
#endif

namespace {

struct World {
  std::string pack = std::string(POVMON_SOURCE_DIR) + "/policies/hunan-2024";
  std::size_t households = 2000;
  int workers = 0;
  std::shared_ptr<const povmon::Policy> policy;
  std::vector<povmon::v1::Household> population;
  std::vector<povmon::v1::EvaluateRequest> requests;
  std::unique_ptr<povmon::serve::PackRegistry> registry;
  std::unique_ptr<povmon::serve::Server> server;
  std::unique_ptr<povmon::v1::PovmonService::Stub> stub;
};
World* world = nullptr;

void InProcess(benchmark::State& state) {
  povmon::Evaluator evaluator(world->policy);
  povmon::EvaluateOptions options;
  options.as_of = absl::CivilDay(2024, 11, 30);
  povmon::v1::Decision decision;
  std::size_t i = 0, decided = 0;
  for (auto _ : state) {
    if (!evaluator.Evaluate(world->population[i], options, &decision).ok()) {
      state.SkipWithError("evaluation failed");
      return;
    }
    benchmark::DoNotOptimize(decision);
    i = (i + 1) % world->population.size();
    ++decided;
  }
  state.counters["households/s"] =
      benchmark::Counter(static_cast<double>(decided), benchmark::Counter::kIsRate);
}
BENCHMARK(InProcess)->UseRealTime();

void ServiceEvaluate(benchmark::State& state) {
  std::vector<double> micros;
  micros.reserve(1 << 16);
  std::size_t i = 0, decided = 0;
  povmon::v1::EvaluateResponse response;
  for (auto _ : state) {
    grpc::ClientContext context;
    auto start = std::chrono::steady_clock::now();
    grpc::Status s = world->stub->Evaluate(&context, world->requests[i], &response);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    if (!s.ok()) {
      state.SkipWithError(s.error_message().c_str());
      return;
    }
    i = (i + 1) % world->requests.size();
    ++decided;
  }
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) {
    return micros.empty() ? 0.0 : micros[static_cast<std::size_t>(q * (micros.size() - 1))];
  };
  state.counters["households/s"] =
      benchmark::Counter(static_cast<double>(decided), benchmark::Counter::kIsRate);
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
}
BENCHMARK(ServiceEvaluate)->UseRealTime();

// One stream per iteration carrying the whole population; a second thread
// writes while this one reads, as a department system would.
void ServiceStream(benchmark::State& state) {
  std::size_t decided = 0;
  for (auto _ : state) {
    grpc::ClientContext context;
    auto stream = world->stub->EvaluateStream(&context);
    std::thread writer([&stream] {
      for (const povmon::v1::EvaluateRequest& r : world->requests) {
        if (!stream->Write(r)) break;
      }
      stream->WritesDone();
    });
    povmon::v1::EvaluateResponse response;
    std::size_t read = 0;
    while (stream->Read(&response)) {
      if (!response.has_decision()) {
        state.SkipWithError("a household was not decided");
      }
      ++read;
    }
    writer.join();
    grpc::Status s = stream->Finish();
    if (!s.ok() || read != world->requests.size()) {
      state.SkipWithError("the stream failed or lost households");
      return;
    }
    decided += read;
  }
  state.counters["households/s"] =
      benchmark::Counter(static_cast<double>(decided), benchmark::Counter::kIsRate);
}
BENCHMARK(ServiceStream)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  world = new World();
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--pack" && i + 1 < argc) {
      world->pack = argv[++i];
    } else if (a == "--households" && i + 1 < argc) {
      world->households = static_cast<std::size_t>(std::atol(argv[++i]));
    } else if (a == "--workers" && i + 1 < argc) {
      world->workers = std::atoi(argv[++i]);
    } else {
      rest.push_back(argv[i]);
    }
  }
  auto policy = povmon::Policy::Load(world->pack);
  if (!policy.ok()) {
    std::fprintf(stderr, "%s\n", std::string(policy.status().message()).c_str());
    return 1;
  }
  world->policy = *policy;
  world->population =
      povmon::bench::GeneratePopulation(povmon::bench::PopulationOptions(), world->households);
  for (const povmon::v1::Household& h : world->population) {
    povmon::v1::EvaluateRequest r;
    r.set_as_of("2024-11-30");
    r.set_trace(povmon::v1::TRACE_LEVEL_RULES);
    *r.mutable_household() = h;
    world->requests.push_back(std::move(r));
  }
  auto registry = povmon::serve::PackRegistry::Load({world->pack});
  if (!registry.ok()) {
    std::fprintf(stderr, "%s\n", std::string(registry.status().message()).c_str());
    return 1;
  }
  world->registry = *std::move(registry);
  povmon::serve::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.workers = world->workers;
  auto server = povmon::serve::Server::Start(world->registry.get(), nullptr, options);
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", std::string(server.status().message()).c_str());
    return 1;
  }
  world->server = *std::move(server);
  world->stub = povmon::v1::PovmonService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(world->server->port()), grpc::InsecureChannelCredentials()));
  benchmark::AddCustomContext("households", std::to_string(world->households));
  benchmark::AddCustomContext("server_workers", std::to_string(world->server->workers()));
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  world->stub.reset();
  world->server->Shutdown(absl::Milliseconds(100));
  return 0;
}
