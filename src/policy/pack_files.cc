#include "src/policy/pack_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "povmon/limits.h"
#include "povmon/v1/policy.pb.h"
#include "src/base/sha256.h"

namespace povmon {
namespace {

std::string TooLarge(std::size_t size) {
  return absl::StrCat("it is ", size, " bytes, more than the limit of ", kMaxPackFileBytes,
                      " bytes (8 MiB) for one pack file");
}

// `path`'s content, or why not: it must be a regular file (checked on the
// open descriptor before any byte is read, so that a device or a pipe is
// never read) of at most kMaxPackFileBytes.
std::string ReadRegularFile(const std::string& path, std::string* out) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return std::strerror(errno);
  struct stat st;
  std::string why;
  if (::fstat(fd, &st) != 0) {
    why = std::strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    why = "it is a directory, not a file";
  } else if (!S_ISREG(st.st_mode)) {
    why = "it is not a regular file (a device, a pipe or a socket)";
  } else if (static_cast<std::uint64_t>(st.st_size) > kMaxPackFileBytes) {
    why = TooLarge(static_cast<std::size_t>(st.st_size));
  } else {
    out->clear();
    char buffer[1 << 15];
    for (;;) {
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        why = std::strerror(errno);
        break;
      }
      if (n == 0) break;
      out->append(buffer, static_cast<std::size_t>(n));
      if (out->size() > kMaxPackFileBytes) {  // it grew while being read
        why = TooLarge(out->size());
        break;
      }
    }
  }
  ::close(fd);
  if (!why.empty()) out->clear();
  return why;
}

// The pack's own file names, from a pack.textproto that may not parse
// (then none: the loader reports the syntax error).
std::vector<std::string> NamedFiles(const std::string& pack_text) {
  v1::PolicyPack pack;
  class Silent : public google::protobuf::io::ErrorCollector {
    void AddError(int, int, const std::string&) override {}
  } silent;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&silent);
  std::vector<std::string> names;
  if (!parser.ParseFromString(pack_text, &pack)) return names;
  for (const auto* list : {&pack.parameter_files(), &pack.rule_files(), &pack.measure_files(),
                           &pack.lifecycle_files(), &pack.calendar_files(),
                           &pack.population_files(), &pack.region_files(),
                           &pack.definition_files()}) {
    for (const std::string& name : *list) names.push_back(name);
  }
  return names;
}

}  // namespace

void ReadPackFolder(const std::string& directory, std::map<std::string, std::string>* files,
                    std::map<std::string, std::string>* unreadable) {
  char* resolved = ::realpath(directory.c_str(), nullptr);
  if (resolved == nullptr) {
    (*unreadable)["pack.textproto"] =
        absl::StrCat(std::strerror(errno), " (is this a pack folder?)");
    return;
  }
  std::string root = resolved;
  std::free(resolved);
  // `name` inside the folder, symbolic links resolved: its content or why not.
  auto read = [&](const std::string& name) {
    if (files->count(name) != 0 || unreadable->count(name) != 0) return;
    if (!PackFiles::NameProblem(name).empty()) return;  // the loader says why
    if (files->size() + unreadable->size() > static_cast<std::size_t>(kMaxPackFiles)) return;
    std::string joined = absl::StrCat(directory, "/", name);
    char* real = ::realpath(joined.c_str(), nullptr);
    if (real == nullptr) {
      (*unreadable)[name] = errno == ENOENT ? "no such file in the pack" : std::strerror(errno);
      return;
    }
    std::string path = real;
    std::free(real);
    if (path.compare(0, root.size(), root) != 0 ||
        (root != "/" && (path.size() <= root.size() || path[root.size()] != '/'))) {
      (*unreadable)[name] = "it is a symbolic link leading out of the pack folder";
      return;
    }
    std::string content;
    std::string why = ReadRegularFile(path, &content);
    if (!why.empty()) {
      (*unreadable)[name] = why;
    } else {
      (*files)[name] = std::move(content);
    }
  };
  read("pack.textproto");
  auto pack = files->find("pack.textproto");
  if (pack == files->end()) {
    auto& why = (*unreadable)["pack.textproto"];
    if (why == "no such file in the pack") why = "no such file (is this a pack folder?)";
    return;
  }
  for (const std::string& name : NamedFiles(pack->second)) read(name);
}

PackFiles::PackFiles(const std::map<std::string, std::string>* files, std::string label,
                     ProblemList* problems, const std::map<std::string, std::string>* unreadable)
    : files_(files), unreadable_(unreadable), label_(std::move(label)), problems_(problems) {}

std::string PackFiles::NameProblem(const std::string& name) {
  if (name.empty()) return "the name is empty";
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return "the name holds a control character";
    }
  }
  if (name.size() > 1024) return "the name is longer than 1024 bytes";
  if (name[0] == '/') {
    return "it is an absolute path; pack files are named relative to the pack folder";
  }
  for (absl::string_view part : absl::StrSplit(name, '/')) {
    if (part == "..") return "it leaves the pack folder (\"..\"); pack files stay inside it";
  }
  return "";
}

std::string PackFiles::Path(const std::string& name) const {
  return label_.empty() ? name : absl::StrCat(label_, "/", name);
}

TextSource* PackFiles::Keep(const std::string& name, const std::string& content) {
  opened_.emplace_back(name, content);
  sources_.push_back(std::make_unique<TextSource>(Path(name), content));
  return sources_.back().get();
}

TextSource* PackFiles::OpenPack() {
  static const std::string kPack = "pack.textproto";
  auto it = files_->find(kPack);
  if (it == files_->end()) {
    std::string why = "no such file";
    if (unreadable_ != nullptr) {
      if (auto u = unreadable_->find(kPack); u != unreadable_->end()) why = u->second;
    }
    problems_->Add(Path(kPack), 0, 0, absl::StrCat("cannot read pack.textproto: ", why));
    return nullptr;
  }
  if (it->second.size() > kMaxPackFileBytes) {
    problems_->Add(Path(kPack), 0, 0, TooLarge(it->second.size()));
    return nullptr;
  }
  TextSource* source = Keep(kPack, it->second);
  pack_source_ = source;
  return source;
}

TextSource* PackFiles::OpenNamed(const char* field, int index, const std::string& name,
                                 const char* kind) {
  auto problem = [&](const std::string& why) {
    FilePosition at;
    if (pack_source_ != nullptr) {
      at = pack_source_->FieldPosition(
          nullptr, v1::PolicyPack::descriptor()->FindFieldByName(field), index);
    }
    problems_->Add(Path("pack.textproto"), at.line, at.column,
                   absl::StrCat("cannot read ", kind, " file \"", absl::CHexEscape(name), "\" (",
                                field, "): ", why));
    return nullptr;
  };
  if (std::string why = NameProblem(name); !why.empty()) return problem(why);
  if (++named_ > kMaxPackFiles) {
    return problem(absl::StrCat("the pack names more than ", kMaxPackFiles,
                                " files (the limit, povmon/limits.h)"));
  }
  auto it = files_->find(name);
  if (it == files_->end()) {
    if (unreadable_ != nullptr) {
      if (auto u = unreadable_->find(name); u != unreadable_->end()) return problem(u->second);
    }
    return problem("no such file in the pack");
  }
  if (it->second.size() > kMaxPackFileBytes) return problem(TooLarge(it->second.size()));
  return Keep(name, it->second);
}

std::string PackFiles::Revision(const std::string& variant) const {
  std::vector<std::pair<std::string, std::string>> files = opened_;
  std::sort(files.begin(), files.end());
  Sha256 sha;
  for (const auto& [name, content] : files) {
    sha.Update(name);
    sha.Update(std::string_view("\0", 1));
    sha.Update(std::to_string(content.size()));
    sha.Update(std::string_view("\0", 1));
    sha.Update(content);
  }
  if (!variant.empty()) {
    sha.Update(std::string_view("\0what-if\0", 9));
    sha.Update(variant);
  }
  return sha.HexDigest();
}

}  // namespace povmon
