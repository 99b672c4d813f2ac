// povmon-serve: the gRPC service as its own program, so that gRPC (its
// threads, its descriptors opened at start-up) stays out of every other
// povmon command. `povmon serve ARGS` runs it (tools/povmon/serve_exec.cc);
// it can be run directly too.
#include <string>
#include <vector>

#include "tools/povmon/commands.h"

int main(int argc, char** argv) {
  return povmon::cli::Serve(std::vector<std::string>(argv + 1, argv + argc));
}
