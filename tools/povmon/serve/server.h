// A running povmon gRPC server: PovmonService on a PackRegistry, with the
// standard health service (grpc.health.v1.Health, "povmon.v1.PovmonService"
// SERVING while it runs) and server reflection, under the limits below.
#ifndef POVMON_TOOLS_POVMON_SERVE_SERVER_H_
#define POVMON_TOOLS_POVMON_SERVE_SERVER_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "tools/povmon/serve/decision_log.h"
#include "tools/povmon/serve/pack_registry.h"
#include "tools/povmon/serve/povmon_service.h"

namespace povmon::serve {

inline constexpr char kServiceName[] = "povmon.v1.PovmonService";

struct ServerOptions {
  // host:port; port 0 picks a free port (Server::port() says which).
  std::string listen = "127.0.0.1:50051";
  // Households decided at once; 0: one per core.
  int workers = 0;
  // The largest request or response message.
  std::size_t max_message_bytes = std::size_t{4} << 20;
  // How long a household may wait for a worker unless the caller's deadline
  // is earlier.
  absl::Duration deadline = absl::Seconds(30);
  // gRPC threads (calls in progress, streams included); a call beyond them
  // is RESOURCE_EXHAUSTED. 0: 16 + 4 per worker.
  int max_threads = 0;
};

class Server {
 public:
  // `registry` and `log` (may be null) must outlive the server.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const PackRegistry* registry,
                                                       DecisionLog* log,
                                                       const ServerOptions& options);
  ~Server();

  int port() const { return port_; }
  int workers() const { return workers_; }
  // Stop taking calls, let those in progress finish until `grace` has
  // passed, then cancel the rest.
  void Shutdown(absl::Duration grace);

 private:
  Server() = default;
  std::unique_ptr<PovmonService> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  int workers_ = 0;
  bool shut_down_ = false;
};

}  // namespace povmon::serve

#endif  // POVMON_TOOLS_POVMON_SERVE_SERVER_H_
