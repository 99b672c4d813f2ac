#include "tools/povmon/serve/server.h"

#include <algorithm>
#include <climits>
#include <thread>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/server_builder.h"

namespace povmon::serve {

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const PackRegistry* registry,
                                                      DecisionLog* log,
                                                      const ServerOptions& options) {
  if (options.max_message_bytes == 0 || options.max_message_bytes > INT_MAX) {
    return absl::InvalidArgumentError("max message size must be 1 byte to 2 GiB");
  }
  if (options.deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("the deadline must be positive");
  }
  std::unique_ptr<Server> server(new Server());
  server->workers_ = options.workers > 0
                         ? options.workers
                         : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  ServiceOptions service_options;
  service_options.workers = server->workers_;
  service_options.deadline = options.deadline;
  server->service_ = std::make_unique<PovmonService>(registry, log, service_options);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &server->port_);
  builder.RegisterService(server->service_.get());
  builder.SetMaxReceiveMessageSize(static_cast<int>(options.max_message_bytes));
  builder.SetMaxSendMessageSize(static_cast<int>(options.max_message_bytes));
  grpc::ResourceQuota quota("povmon-serve");
  quota.SetMaxThreads(options.max_threads > 0 ? options.max_threads : 16 + 4 * server->workers_);
  builder.SetResourceQuota(quota);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              std::max(2, server->workers_));
  // Idle polling threads look up every 200 ms, so a shutdown does not wait
  // out gRPC's default 10 s poll while a client holds its connection open.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::CQ_TIMEOUT_MSEC, 200);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  grpc::HealthCheckServiceInterface* health = server->server_->GetHealthCheckService();
  if (health != nullptr) health->SetServingStatus(kServiceName, true);
  return server;
}

void Server::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health != nullptr) health->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoMicroseconds(grace));
  server_->Wait();
}

Server::~Server() {
  if (server_ != nullptr) Shutdown(absl::Seconds(1));
}

}  // namespace povmon::serve
