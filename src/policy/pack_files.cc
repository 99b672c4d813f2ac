#include "src/policy/pack_files.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "povmon/v1/policy.pb.h"
#include "src/base/sha256.h"

namespace povmon {

PackFiles::PackFiles(const std::map<std::string, std::string>* files, std::string label,
                     ProblemList* problems)
    : files_(files), label_(std::move(label)), problems_(problems) {}

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
    problems_->Add(Path(kPack), 0, 0, "cannot read pack.textproto: no such file");
    return nullptr;
  }
  TextSource* source = Keep(kPack, it->second);
  pack_source_ = source;
  return source;
}

TextSource* PackFiles::OpenNamed(const char* field, int index, const std::string& name,
                                 const char* kind) {
  auto it = files_->find(name);
  if (it == files_->end()) {
    FilePosition at;
    if (pack_source_ != nullptr) {
      at = pack_source_->FieldPosition(
          nullptr, v1::PolicyPack::descriptor()->FindFieldByName(field), index);
    }
    problems_->Add(Path("pack.textproto"), at.line, at.column,
                   absl::StrCat("cannot read ", kind, " file \"", name, "\""));
    return nullptr;
  }
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
