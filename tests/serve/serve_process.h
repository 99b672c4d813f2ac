// `povmon serve` started for a test: on a free port (--listen 127.0.0.1:0,
// the port read back from --port-file), its standard error in a file, and
// a gRPC stub for it.
#ifndef POVMON_TESTS_SERVE_SERVE_PROCESS_H_
#define POVMON_TESTS_SERVE_SERVE_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "povmon/v1/service.grpc.pb.h"

namespace povmon::testing_serve {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ServeProcess {
 public:
  // `args` after "povmon serve"; `dir` holds the port file and stderr.
  ServeProcess(const std::string& dir, std::vector<std::string> args) : dir_(dir) {
    std::string port_file = dir + "/port";
    std::filesystem::remove(port_file);
    err_path_ = dir + "/serve.err";
    args.insert(args.begin(), {POVMON_CLI, "serve", "--listen", "127.0.0.1:0", "--port-file",
                               port_file, "--shutdown-grace-ms", "300"});
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // posix_spawn, not fork: the test process may run gRPC threads.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (posix_spawn(&pid_, POVMON_CLI, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (pid_ > 0 && std::chrono::steady_clock::now() < until) {
      std::string port = ReadFile(port_file);
      if (!port.empty() && port.back() == '\n') {
        port_ = std::stoi(port);
        break;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  bool running() const { return port_ > 0; }
  int port() const { return port_; }
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string err() const { return ReadFile(err_path_); }
  void Signal(int signal) const { kill(pid_, signal); }

  std::unique_ptr<v1::PovmonService::Stub> Stub(int max_message_bytes = 64 << 20) const {
    grpc::ChannelArguments arguments;
    arguments.SetMaxReceiveMessageSize(max_message_bytes);
    arguments.SetMaxSendMessageSize(max_message_bytes);
    return v1::PovmonService::NewStub(
        grpc::CreateCustomChannel(target(), grpc::InsecureChannelCredentials(), arguments));
  }

  // SIGTERM, then the exit status (-1 when it did not exit in 30 s).
  int Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 3000; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

 private:
  std::string dir_;
  std::string err_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace povmon::testing_serve

#endif  // POVMON_TESTS_SERVE_SERVE_PROCESS_H_
