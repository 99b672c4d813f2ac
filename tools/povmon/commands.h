// The `povmon` command-line program: one function per subcommand.
#ifndef POVMON_TOOLS_POVMON_COMMANDS_H_
#define POVMON_TOOLS_POVMON_COMMANDS_H_

#include <string>
#include <vector>

namespace povmon::cli {

// Exit statuses.
inline constexpr int kOk = 0;
inline constexpr int kFailed = 1;       // check or test failed, usage error, unreadable pack
inline constexpr int kSomeErrors = 2;   // eval: some input lines were not decided

int Check(const std::vector<std::string>& args);
int Test(const std::vector<std::string>& args);
int Eval(const std::vector<std::string>& args);
// The employment-workshop award (Plan 6 §3.5), workshops as JSON Lines.
int Workshop(const std::vector<std::string>& args);
// The public-notice list (Plan 10 §3.2), households as JSON Lines.
int Notice(const std::vector<std::string>& args);
// The same households under the pack and under changed parameters.
int WhatIf(const std::vector<std::string>& args);
int Report(const std::vector<std::string>& args);
// `povmon serve`: runs povmon-serve, the gRPC service's own program, from
// this program's folder (it is built when POVMON_SERVE is on).
int ServeProgram(const std::vector<std::string>& args);
// The gRPC service itself: povmon-serve's main (tools/povmon/serve/).
int Serve(const std::vector<std::string>& args);

}  // namespace povmon::cli

#endif  // POVMON_TOOLS_POVMON_COMMANDS_H_
