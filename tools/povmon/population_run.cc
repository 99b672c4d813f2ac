#include "tools/povmon/population_run.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>

#include "absl/strings/numbers.h"

namespace povmon::cli {

void PopulationFlags::AddTo(CommandLine* line) {
  seed_option_ = line->Value("--seed", &seed_text_, "N",
                             "the spot check's seed, 0 to 18446744073709551615 (default: a "
                             "random one, written in the summary so the draw can be repeated)");
  line->Value("--regions", &regions_path, "FILE",
              "the places' names (also the villages' in --explain), 出列村 and populations (the "
              "region file format)");
}

bool PopulationFlags::Finish(const CommandLine& line) {
  if (seed_option_ == nullptr || seed_option_->count() == 0) return true;
  std::uint64_t value = 0;
  if (!absl::SimpleAtoi(seed_text_, &value)) {
    line.UsageError("--seed \"" + seed_text_ +
                    "\" is not a whole number from 0 to 18446744073709551615");
    return false;
  }
  seed = value;
  return true;
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
    std::string text;
    if (!ReadTextFile(command_, "region file", flags.regions_path, &text)) return false;
    absl::Status s = ParseRegionFile(text, flags.regions_path, &regions_);
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
  errno = 0;  // before the open, so that its failure's reason is kept
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out << text;
  if (out) out.close();
  if (!out) {
    int error = errno;
    std::cerr << "povmon " << command << ": cannot write " << path << ": "
              << std::strerror(error == 0 ? EIO : error) << "\n";
    return false;
  }
  return true;
}

bool ReadTextFile(const char* command, const char* what, const std::string& path,
                  std::string* text) {
  constexpr std::size_t kMaxBytes = std::size_t{256} << 20;
  auto fail = [&](const std::string& reason) {
    std::cerr << "povmon " << command << ": cannot read " << what << " " << path << ": "
              << reason << "\n";
    return false;
  };
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return fail(std::strerror(errno));
  struct stat st;
  int error = ::fstat(fd, &st) != 0 ? errno : (S_ISDIR(st.st_mode) ? EISDIR : 0);
  if (error != 0) {
    ::close(fd);
    return fail(std::strerror(error));
  }
  text->clear();
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      return fail(std::strerror(error));
    }
    if (n == 0) break;
    if (text->size() + static_cast<std::size_t>(n) > kMaxBytes) {
      ::close(fd);
      return fail("larger than 256 MiB");
    }
    text->append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

}  // namespace povmon::cli
