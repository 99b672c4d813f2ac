#include "tools/povmon/population_run.h"

#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "absl/strings/numbers.h"

namespace povmon::cli {

int ParsePopulationFlag(const char* command, const std::vector<std::string>& args,
                        std::size_t* i, PopulationFlags* flags) {
  const std::string& a = args[*i];
  if (a != "--seed" && a != "--regions") return 0;
  if (*i + 1 >= args.size()) {
    std::cerr << "povmon " << command << ": " << a << " needs a value\n";
    return -1;
  }
  const std::string& value = args[++*i];
  if (a == "--seed") {
    std::uint64_t seed = 0;
    if (!absl::SimpleAtoi(value, &seed)) {
      std::cerr << "povmon " << command << ": --seed \"" << value
                << "\" is not a whole number from 0 to 18446744073709551615\n";
      return -1;
    }
    flags->seed = seed;
  } else {
    flags->regions_path = value;
  }
  return 1;
}

bool PopulationRun::Start(const char* command, std::shared_ptr<const Policy> policy,
                          const PopulationFlags& flags) {
  command_ = command;
  policy_ = std::move(policy);
  std::uint64_t seed;
  if (flags.seed) {
    seed = *flags.seed;
  } else {
    std::random_device device;
    seed = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }
  aggregator_ = std::make_unique<Aggregator>(policy_, seed);
  if (!flags.regions_path.empty()) {
    std::ifstream in(flags.regions_path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in || in.bad()) {
      std::cerr << "povmon " << command_ << ": cannot read region file " << flags.regions_path
                << "\n";
      return false;
    }
    absl::Status s = ParseRegionFile(text.str(), flags.regions_path, &regions_);
    if (!s.ok()) {
      std::cerr << s.message() << "\n";
      return false;
    }
  }
  return true;
}

std::optional<v1::PopulationReport> PopulationRun::Finish(const v1::PopulationSummary& summary,
                                                          absl::CivilDay as_of) {
  PopulationOptions options;
  options.as_of = as_of;
  options.regions = regions_;
  absl::StatusOr<v1::PopulationReport> report = RunPopulationRules(*policy_, summary, options);
  if (!report.ok()) {
    std::cerr << "povmon " << command_ << ": " << report.status().message() << "\n";
    return std::nullopt;
  }
  return *std::move(report);
}

std::optional<v1::PopulationReport> PopulationRun::Finish(absl::CivilDay as_of) {
  v1::PopulationSummary summary;
  aggregator_->Summarize(&summary);
  return Finish(summary, as_of);
}

bool WriteTextFile(const char* command, const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "povmon " << command << ": cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace povmon::cli
