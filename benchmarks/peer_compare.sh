#!/usr/bin/env bash
# povmon against the ZEN peer benchmark, on the peer's own population.
#
#   benchmarks/peer_compare.sh [BUILD_DIR] [WORK_DIR]
#
# BUILD_DIR (default build-bench) must hold the benchmarks built in Release.
# WORK_DIR (default /tmp/povmon-peer) receives a writable copy of the peer
# (shared/peers/zen is read-only; PEER_DIR overrides where it is), its
# node_modules, the 100k population, the converted households and the
# peer oracle's reference decisions. Steps:
#   1. copy the peer, npm install (the peer's lock file predates npm 11, so
#      `npm ci` refuses it; `npm install` installs the pinned versions), and
#      generate its population (seed 20240601, sha256 a1c85527…);
#   2. convert it to povmon households, with the peer's reference decisions;
#   3. check povmon's decisions household by household (povmon_peer_check);
#   4. time povmon, the hand-written C++ baseline and the peer's plain-JS
#      policy (Peer* benchmarks, one Google Benchmark run: PeerPlainJs runs
#      the peer's bench.js --engines js from inside it), then ZEN (bench.js),
#      back to back.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build-bench}" && pwd)
work=${2:-/tmp/povmon-peer}
peer_src=${PEER_DIR:-$root/../shared/peers/zen}
runs=${RUNS:-3}

mkdir -p "$work"
if [ ! -d "$work/zen" ]; then
  cp -r "$peer_src" "$work/zen"
  chmod -R u+w "$work/zen"
fi
if [ ! -d "$work/zen/node_modules/@gorules/zen-engine" ]; then
  (cd "$work/zen" && npm install --no-audit --no-fund)
fi
data=$work/zen/data/households-n100000-s20240601.jsonl
if [ ! -f "$data" ]; then
  (cd "$work/zen" && node gen.js --n 100000 --seed 20240601 --out "$data")
fi
if [ ! -f "$work/households.jsonl" ] || [ ! -f "$work/reference.jsonl" ]; then
  node "$root/benchmarks/zen_to_povmon.js" --in "$data" --out "$work/households.jsonl" \
    --peer "$work/zen" --reference "$work/reference.jsonl"
fi

echo "== povmon decisions against the peer's oracle"
"$build/benchmarks/povmon_peer_check" --households "$work/households.jsonl" \
  --reference "$work/reference.jsonl" --pack "$root/benchmarks/peer-pack"

echo "== povmon (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"$build/benchmarks/povmon_identification_benchmark" --population=100 \
  --peer_households="$work/households.jsonl" --peer_pack="$root/benchmarks/peer-pack" \
  --peer_js="$work/zen" --peer_js_data="$data" \
  --benchmark_filter='^Peer' --benchmark_repetitions="$runs" --benchmark_report_aggregates_only=true \
  --benchmark_out="$work/povmon.json" --benchmark_out_format=json

echo "== ZEN (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
(cd "$work/zen" && node bench.js --n 100000 --engines zen-seq,zen-conc-256 --runs "$runs" \
  --json "$work/zen.json")
