// The limits povmon checks its input against. Each one exceeded is a clear
// error naming the file (with line and column) or the input line, never a
// crash, a hang or unbounded memory. README.md ("Limits") lists them too.
#ifndef POVMON_LIMITS_H_
#define POVMON_LIMITS_H_

#include <cstddef>

namespace povmon {

// ---- policy packs (Policy::Load, Policy::LoadFromFiles)
// One pack file (pack.textproto, a parameter, rule, measure, lifecycle or
// calendar file): 8 MiB. The shipped packs' largest file is under 100 KiB.
inline constexpr std::size_t kMaxPackFileBytes = std::size_t{8} << 20;
// Files one pack.textproto names, all kinds together.
inline constexpr int kMaxPackFiles = 1000;
// Rules in one pack, all rule files together.
inline constexpr int kMaxPackRules = 10000;
// Pack files are named relative to the pack folder, inside it: no absolute
// path, no "..", no symbolic link leading out of the folder; each must be a
// regular file (not a directory, a device or a pipe).

// ---- household JSON (ParseHouseholdJson: the CLI, the C ABI, the bindings)
// - kMaxHouseholdJsonBytes: the length of one record (one line of JSON
//   Lines; one buffer through the C ABI): "the household's JSON is N bytes,
//   over the limit of 4194304 bytes (4 MiB)". The example and generated
//   households are 1-30 KB.
// - kMaxJsonDepth: objects and arrays nested in one another, the record's
//   own braces counting as 1: "malformed JSON: line 1, column C: nested
//   deeper than 64 levels of objects and arrays (the limit)". A household
//   nests 4 deep.
inline constexpr std::size_t kMaxHouseholdJsonBytes = std::size_t{4} << 20;
inline constexpr int kMaxJsonDepth = 64;

// ---- rule expressions (every expression in a pack)
// Source text of one expression, in bytes.
inline constexpr int kMaxExpressionBytes = 8192;
// Nesting of the syntax tree (parentheses, operators, calls).
inline constexpr int kMaxExpressionDepth = 64;
// Nodes in one expression.
inline constexpr int kMaxExpressionNodes = 2000;
// Nesting of comprehensions (any, all, count, sum, filter).
inline constexpr int kMaxComprehensionDepth = 4;

}  // namespace povmon

#endif  // POVMON_LIMITS_H_
