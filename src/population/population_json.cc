// The population report in and out as JSON, and places read from a region
// file.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "povmon/json.h"
#include "povmon/population.h"
#include "src/base/utf8.h"
#include "src/policy/text_source.h"
#include "src/population/population_loader.h"

namespace povmon {

absl::Status PopulationReportToJson(const v1::PopulationReport& report, std::string* out) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  // Every figure is written, zeros too: a reader never has to know the
  // defaults to tell "none" from "not counted".
  options.always_print_primitive_fields = true;
  out->clear();
  auto printed = google::protobuf::util::MessageToJsonString(report, out, options);
  if (!printed.ok()) return absl::InternalError(std::string(printed.message()));
  return absl::OkStatus();
}

absl::Status ParsePopulationReportJson(std::string_view json, v1::PopulationReport* report) {
  if (!IsValidUtf8(json)) {
    return absl::InvalidArgumentError("population report: the JSON is not valid UTF-8");
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  report->Clear();
  auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), report, options);
  if (!parsed.ok()) {
    // Protobuf's message quotes the input around the error, cut at a byte
    // count that may fall inside a character.
    return absl::InvalidArgumentError(absl::StrCat(
        "population report: ",
        EscapeInvalidUtf8(std::string_view(parsed.message().data(), parsed.message().size()))));
  }
  return absl::OkStatus();
}

absl::Status ParseRegionFile(std::string_view text, const std::string& name,
                             std::vector<v1::RegionInfo>* regions) {
  TextSource source(name, std::string(text));
  ProblemList problems;
  v1::RegionFile file;
  if (source.Parse(&file, &problems)) CheckRegions(source, file, regions, &problems);
  if (problems.empty()) return absl::OkStatus();
  std::vector<std::string> lines;
  for (const LoadProblem& p : problems.problems()) lines.push_back(p.ToString());
  return absl::InvalidArgumentError(absl::StrJoin(lines, "\n"));
}

}  // namespace povmon
