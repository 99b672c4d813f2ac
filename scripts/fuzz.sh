#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz/*_fuzz.cc) with clang-14 and run
# each for a fixed time on its committed corpus plus its reproducers.
#   scripts/fuzz.sh                 every target, 30 s each (what CI runs)
#   scripts/fuzz.sh 600             every target, 10 minutes each
#   scripts/fuzz.sh 3600 capi       one target for an hour
# With no target named, a target whose tests/fuzz/CMakeLists.txt condition
# leaves it out of this build (serve_request without gRPC) is skipped with a
# note; a target named on the command line must exist.
# The build is configured with the tests on (POVMON_BUILD_TESTS=ON): the
# targets are built in the configuration whose replay tests
# (povmon_fuzz_replay_NAME) run their corpus in every build.
# A target's tests/fuzz/NAME.dict, if any, is its libFuzzer dictionary.
# New inputs go to build-fuzz/corpus/NAME (not committed); a crash leaves
# its reproducer in build-fuzz/crashes/NAME and fails the script: copy it
# into tests/fuzz/regressions/NAME/ with the fix, and the normal build
# replays it from then on (ctest -L fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
jobs="$(nproc)"
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPOVMON_FUZZ=ON -DPOVMON_BUILD_TESTS=ON -DPOVMON_BUILD_BENCHMARKS=OFF \
  -DPOVMON_BINDINGS_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target povmon_fuzzers
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
  for source in tests/fuzz/*_fuzz.cc; do
    stem="$(basename "$source" .cc)"
    if [ -x "build-fuzz/tests/fuzz/povmon_fuzz_${stem%_fuzz}" ]; then
      names+=("${stem%_fuzz}")
    else
      echo "fuzz ${stem%_fuzz}: skipped (not built in this configuration)"
    fi
  done
fi
run() {
  local name="$1"
  local binary="build-fuzz/tests/fuzz/povmon_fuzz_$name"
  [ -x "$binary" ] || { echo "no fuzz target $name"; return 1; }
  local work="build-fuzz/corpus/$name" crashes="build-fuzz/crashes/$name"
  mkdir -p "$work" "$crashes" "tests/fuzz/corpus/$name" "tests/fuzz/regressions/$name"
  # A target's dictionary of tokens, if it has one (tests/fuzz/NAME.dict).
  local dict=()
  [ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
  # -rss_limit_mb and -timeout turn unbounded memory and hangs into findings.
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=1048576 -print_final_stats=1 -artifact_prefix="$crashes/" "${dict[@]}" \
      "$work" "tests/fuzz/corpus/$name" "tests/fuzz/regressions/$name" \
      > "build-fuzz/fuzz-$name.log" 2>&1; then
    tail -n 60 "build-fuzz/fuzz-$name.log"
    echo "fuzz $name: FINDING (reproducer in $crashes)"
    return 1
  fi
  echo "fuzz $name: ${seconds}s, no finding;" \
    "$(grep -E '^stat::number_of_executed_units' "build-fuzz/fuzz-$name.log" | awk '{print $2}')" \
    "executions, peak RSS $(grep -E '^stat::peak_rss_mb' "build-fuzz/fuzz-$name.log" | awk '{print $2}') MB"
}

# As many targets at a time as there are cores.
status=0
pids=()
for name in "${names[@]}"; do
  run "$name" &
  pids+=($!)
  if [ "${#pids[@]}" -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit "$status"
