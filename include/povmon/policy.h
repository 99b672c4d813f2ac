// A compiled policy pack.
//
// A Policy is immutable once loaded and safe to share across threads without
// synchronisation. Loading parses every file of the pack, type-checks every
// rule against the schema and plans it; a pack with any problem is rejected
// with all of its problems, each as "file:line:col: message". The limits a
// pack is held to (file size, file count, rule count, expression size and
// depth, files confined to the pack folder) are in povmon/limits.h. Every
// string in a pack must be valid UTF-8 (a textproto escape such as \377
// that makes it invalid is a problem at its position).
#ifndef POVMON_POLICY_H_
#define POVMON_POLICY_H_

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "povmon/limits.h"
#include "povmon/v1/policy.pb.h"

namespace povmon {

// One problem found while loading a pack.
struct LoadProblem {
  std::string file;  // as given: the pack folder joined with the file name
  int line = 0;      // 1-based; 0 when the problem concerns the whole file
  int column = 0;    // 1-based
  std::string message;
  std::string ToString() const;  // "file:line:col: message"
};

// A what-if: one parameter given another value, as an analyst asks "what if
// the line rises to 7,000?". Written "NAME=VALUE" or "NAME=VALUE@FROM".
struct ParameterChange {
  std::string name;   // the parameter, as the pack's parameter files name it
  // As a parameter file writes a value of the parameter's type: yuan for
  // money ("7000" or "7000.00"), a whole number for int and basis points,
  // true or false, or a date (YYYY-MM-DD).
  std::string value;
  // The first day of the new value (YYYY-MM-DD, within the pack's dates);
  // empty for the pack's first day. Later dated values are replaced too.
  std::string from;

  // Parse "NAME=VALUE" or "NAME=VALUE@YYYY-MM-DD" (InvalidArgument otherwise).
  static absl::StatusOr<ParameterChange> Parse(const std::string& text);
  // The same form back.
  std::string ToString() const;
};

// What a loaded pack holds, counted: what `povmon check` prints, so that a
// pack which silently lost a file (a measure or lifecycle file no longer
// named) shows it. Policy::Summary() makes it.
struct PackSummary {
  std::string label;        // the pack folder as named at load (LoadFromFiles: its label)
  std::string id;
  std::string revision;
  std::string valid_from;   // YYYY-MM-DD, as pack.textproto writes it
  std::string valid_until;
  std::size_t rules = 0;
  std::size_t definitions = 0; // named definitions (definition_files)
  std::size_t measures = 0;    // assistance measures (measure_files)
  std::size_t principles = 0;  // assistance principles
  bool has_lifecycle = false;  // the pack names lifecycle files
  std::size_t elimination_rules = 0;
  std::size_t procedures = 0;
  std::size_t visit_cadences = 0;
  std::size_t duties = 0;      // periodic duties (screenings, checks, reviews)
  bool has_population = false; // the pack names population or region files
  std::size_t population_rules = 0;
  std::size_t places = 0;      // places the region files name
  bool has_calendar = false;   // the pack names calendar files
  std::string calendar_years;  // e.g. "2024–2025"; empty without a calendar
  std::vector<ParameterChange> changes;  // a what-if policy's changes

  // The two lines `povmon check PACK` prints for a pack that loads, with
  // `pack` (the folder as the user wrote it) standing for PACK:
  //   PACK: ok — pack ID, N rules, N definitions, FROM to UNTIL, revision REV
  //     assistance: N measures, N principles; lifecycle: N elimination rules,
  //     N procedures, N visit cadences, N periodic duties; population:
  //     N rules, N places; working-day calendar 2024–2025
  // (the population part only for a pack with population or region files).
  std::string Text(const std::string& pack) const;
  // One JSON object: {"label":"...","id":"...","revision":"...",
  // "valid_from":"...","valid_until":"...","rules":N,"definitions":N,"measures":N,
  // "principles":N,"lifecycle":{"elimination_rules":N,"procedures":N,
  // "visit_cadences":N,"duties":N} (null without lifecycle files),
  // "population":{"rules":N,"places":N} (null without population files),
  // "calendar_years":"..." (null without calendar files),
  // "changes":["NAME=VALUE@FROM",...]}.
  std::string Json() const;
};

class PolicyImpl;

class Policy {
 public:
  // Load the pack in `directory` (which holds pack.textproto). On failure
  // the status is InvalidArgument (or NotFound for a missing file) and its
  // message lists every problem, one per line; `problems`, when given,
  // receives them as records too.
  static absl::StatusOr<std::shared_ptr<const Policy>> Load(
      const std::string& directory, std::vector<LoadProblem>* problems = nullptr);

  // Load a pack from memory: file name (relative to the pack, e.g.
  // "pack.textproto", "rules.textproto") to file content. `label` prefixes
  // file names in problems.
  static absl::StatusOr<std::shared_ptr<const Policy>> LoadFromFiles(
      const std::map<std::string, std::string>& files, const std::string& label,
      std::vector<LoadProblem>* problems = nullptr);

  ~Policy();
  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

  const std::string& id() const;
  // Hex sha256 over the pack's files (names and contents, in name order).
  const std::string& revision() const;
  const v1::PolicyPack& pack() const;
  // The dates the pack answers for.
  absl::CivilDay valid_from() const;
  absl::CivilDay valid_until() const;
  // The rules, in evaluation order, with their source file.
  const std::vector<v1::Rule>& rules() const;
  // Look up a rule by id (nullptr if none).
  const v1::Rule* FindRule(const std::string& id) const;

  // The same pack with `changes` applied: a what-if policy, loaded and
  // checked like the pack itself. Changes apply in order, each replacing the
  // parameter's values from its date on (two changes of one parameter make a
  // schedule). An unknown parameter, a value that is not of the parameter's
  // type or a date outside the pack's dates is InvalidArgument, each problem
  // naming its change ("what-if poverty_line=7,000: ..."); `problems`, when
  // given, receives them. The result's revision hashes the changes in with
  // the files, and every decision made with it lists the changes
  // (Decision.what_if; the explanation says WHAT-IF), so its decisions never
  // pass for the pack's own. A variant of a variant keeps the first changes
  // and applies the new ones after them.
  absl::StatusOr<std::shared_ptr<const Policy>> WithChanges(
      const std::vector<ParameterChange>& changes,
      std::vector<LoadProblem>* problems = nullptr) const;
  // The changes this policy was made with; empty for a pack as loaded.
  const std::vector<ParameterChange>& changes() const;

  // What the pack holds, counted (see PackSummary).
  PackSummary Summary() const;

  // The value of parameter `name` on `day`, written as the parameter files
  // write it: "7,000.00" for money, "true", a date, "250 bp", a whole
  // number. NotFound for a parameter the pack does not have; OutOfRange when
  // it has no value on `day`.
  absl::StatusOr<std::string> ParameterText(const std::string& name, absl::CivilDay day) const;

 private:
  explicit Policy(std::unique_ptr<PolicyImpl> impl);
  friend class PolicyImpl;
  std::unique_ptr<PolicyImpl> impl_;
};

}  // namespace povmon

#endif  // POVMON_POLICY_H_
