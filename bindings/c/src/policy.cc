// Loading policy packs and reading what a loaded pack says about itself
// (what-if variants are made in what_if.cc).
#include <climits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/json_util.h"
#include "internal.h"
#include "povmon/explain.h"

namespace povmon::capi {
namespace {

// Finish a load: store the problems for povmon_last_problems_json and hand
// out the handle.
absl::Status FinishLoad(absl::StatusOr<std::shared_ptr<const Policy>> loaded,
                        std::vector<LoadProblem> problems,
                        povmon_policy** out) {
  if (!loaded.ok()) {
    SetLoadProblems(std::move(problems));
    return loaded.status();
  }
  SetLoadProblems({});
  *out = new povmon_policy{*std::move(loaded)};
  return absl::OkStatus();
}

absl::Status CopyString(const std::string& value, char** out,
                        std::size_t* out_len) {
  char* buffer = CopyOut(value);
  if (buffer == nullptr) throw std::bad_alloc();
  *out = buffer;
  *out_len = value.size();
  return absl::OkStatus();
}

// The accessors all share one shape.
template <typename Get>
int ReadPolicyString(char** out, std::size_t* out_len,
                     const povmon_policy* policy, const char* function,
                     Get get) {
  ClearOut(out, out_len);
  return Guard([&]() -> absl::Status {
    if (out == nullptr || out_len == nullptr || policy == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(function, ": out, out_len and policy must not be NULL"));
    }
    return CopyString(get(*policy->policy), out, out_len);
  });
}

}  // namespace
}  // namespace povmon::capi

using povmon::capi::CheckNotNull;
using povmon::capi::CheckText;
using povmon::capi::ClearOut;
using povmon::capi::Guard;

extern "C" {

POVMON_API int povmon_policy_load(povmon_policy** out, const char* directory,
                                  size_t directory_len) {
  ClearOut(out, static_cast<std::size_t*>(nullptr));
  return Guard([&]() -> absl::Status {
    povmon::capi::SetLoadProblems({});
    if (absl::Status s = CheckNotNull(out, "povmon_policy_load: out");
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckText(directory, directory_len,
                                   "povmon_policy_load: directory", false);
        !s.ok()) {
      return s;
    }
    std::vector<povmon::LoadProblem> problems;
    auto loaded =
        povmon::Policy::Load(std::string(directory, directory_len), &problems);
    return povmon::capi::FinishLoad(std::move(loaded), std::move(problems),
                                    out);
  });
}

POVMON_API int povmon_policy_load_from_files(povmon_policy** out,
                                             const povmon_file* files,
                                             size_t file_count,
                                             const char* label,
                                             size_t label_len) {
  ClearOut(out, static_cast<std::size_t*>(nullptr));
  return Guard([&]() -> absl::Status {
    povmon::capi::SetLoadProblems({});
    if (absl::Status s =
            CheckNotNull(out, "povmon_policy_load_from_files: out");
        !s.ok()) {
      return s;
    }
    if (files == nullptr && file_count != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "povmon_policy_load_from_files: files is NULL but file_count is ",
          file_count));
    }
    if (absl::Status s = CheckText(
            label, label_len, "povmon_policy_load_from_files: label", true);
        !s.ok()) {
      return s;
    }
    std::map<std::string, std::string> contents;
    for (std::size_t i = 0; i < file_count; ++i) {
      const povmon_file& file = files[i];
      std::string what =
          absl::StrCat("povmon_policy_load_from_files: files[", i, "].name");
      if (absl::Status s =
              CheckText(file.name, file.name_len, what.c_str(), false);
          !s.ok()) {
        return s;
      }
      std::string name(file.name, file.name_len);
      what = absl::StrCat("povmon_policy_load_from_files: files[", i,
                          "].content (", name, ")");
      if (absl::Status s =
              CheckText(file.content, file.content_len, what.c_str(), true);
          !s.ok()) {
        return s;
      }
      std::string content(file.content == nullptr ? "" : file.content,
                          file.content_len);
      if (!contents.emplace(name, std::move(content)).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("povmon_policy_load_from_files: file \"", name,
                         "\" is given twice (files[", i, "])"));
      }
    }
    std::vector<povmon::LoadProblem> problems;
    auto loaded = povmon::Policy::LoadFromFiles(
        contents, std::string(label == nullptr ? "" : label, label_len),
        &problems);
    return povmon::capi::FinishLoad(std::move(loaded), std::move(problems),
                                    out);
  });
}

POVMON_API void povmon_policy_destroy(povmon_policy* policy) {
  // Destroying a compiled pack runs only destructors, which do not throw.
  delete policy;
}

POVMON_API int povmon_policy_id(char** out, size_t* out_len,
                                const povmon_policy* policy) {
  return povmon::capi::ReadPolicyString(
      out, out_len, policy, "povmon_policy_id",
      [](const povmon::Policy& p) { return p.id(); });
}

POVMON_API int povmon_policy_revision(char** out, size_t* out_len,
                                      const povmon_policy* policy) {
  return povmon::capi::ReadPolicyString(
      out, out_len, policy, "povmon_policy_revision",
      [](const povmon::Policy& p) { return p.revision(); });
}

POVMON_API int povmon_policy_valid_from(char** out, size_t* out_len,
                                        const povmon_policy* policy) {
  return povmon::capi::ReadPolicyString(
      out, out_len, policy, "povmon_policy_valid_from",
      [](const povmon::Policy& p) {
        return absl::FormatCivilTime(p.valid_from());
      });
}

POVMON_API int povmon_policy_valid_until(char** out, size_t* out_len,
                                         const povmon_policy* policy) {
  return povmon::capi::ReadPolicyString(
      out, out_len, policy, "povmon_policy_valid_until",
      [](const povmon::Policy& p) {
        return absl::FormatCivilTime(p.valid_until());
      });
}

POVMON_API int povmon_policy_changes(char** out, size_t* out_len,
                                     const povmon_policy* policy) {
  return povmon::capi::ReadPolicyString(
      out, out_len, policy, "povmon_policy_changes",
      [](const povmon::Policy& p) {
        std::string text;
        for (const povmon::ParameterChange& change : p.changes()) {
          if (!text.empty()) text += '\n';
          text += change.ToString();
        }
        return text;
      });
}

POVMON_API int povmon_policy_explain(char** out, size_t* out_len,
                                     const povmon_policy* policy,
                                     int decision_format, const void* decision,
                                     size_t decision_len) {
  ClearOut(out, out_len);
  return Guard([&]() -> absl::Status {
    if (out == nullptr || out_len == nullptr || policy == nullptr) {
      return absl::InvalidArgumentError(
          "povmon_policy_explain: out, out_len and policy must not be NULL");
    }
    if (absl::Status s = povmon::capi::CheckFormat(
            decision_format, "povmon_policy_explain: decision_format");
        !s.ok()) {
      return s;
    }
    povmon::v1::Decision parsed;
    if (decision_format == POVMON_FORMAT_JSON) {
      const char* text = static_cast<const char*>(decision);
      if (absl::Status s = CheckText(text, decision_len,
                                     "povmon_policy_explain: decision", false);
          !s.ok()) {
        return s;
      }
      auto status = google::protobuf::util::JsonStringToMessage(
          google::protobuf::StringPiece(text, decision_len), &parsed);
      if (!status.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "povmon_policy_explain: decision is not a povmon.v1.Decision in "
            "JSON: ",
            status.message().as_string()));
      }
    } else {
      if (absl::Status s = povmon::capi::CheckBytes(
              decision, decision_len, "povmon_policy_explain: decision");
          !s.ok()) {
        return s;
      }
      google::protobuf::LogSilencer quiet;  // see ParseHousehold in evaluate.cc
      if (decision_len > static_cast<std::size_t>(INT_MAX) ||
          !parsed.ParseFromArray(decision, static_cast<int>(decision_len))) {
        return absl::InvalidArgumentError(
            "povmon_policy_explain: decision is not a serialized "
            "povmon.v1.Decision");
      }
    }
    const povmon::Policy& p = *policy->policy;
    if (!parsed.pack_revision().empty() &&
        parsed.pack_revision() != p.revision()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "povmon_policy_explain: the decision was made by pack \"",
          parsed.pack_id(), "\" revision ", parsed.pack_revision(),
          ", not by this policy (\"", p.id(), "\" revision ", p.revision(),
          ")"));
    }
    // In Simplified Chinese (beside English), the default language.
    absl::StatusOr<std::string> text = povmon::ExplainIn(parsed, p);
    if (!text.ok()) return text.status();
    return povmon::capi::CopyString(*text, out, out_len);
  });
}

}  // extern "C"
