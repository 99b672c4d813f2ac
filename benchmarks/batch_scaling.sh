#!/usr/bin/env bash
# povmon eval --jobs 1 against --jobs 2, end to end, in one run: generated
# Hunan households (20,000 and 200,000 by default), wall time, CPU time and
# maximum resident memory of each run, and how busy the rest of the machine
# was meanwhile (the CPU time of every other process, from /proc/stat).
#
#   benchmarks/batch_scaling.sh [BUILD_DIR] [WORK_DIR]
#
# BUILD_DIR (default build) holds bin/povmon and benchmarks/povmon_population.
# ROUNDS (default 3) alternates --jobs 1 and --jobs 2 that many times per
# size; SIZES (default "20000 200000") are the population sizes. Each run's
# output goes to a file, and the two outputs are compared byte for byte.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
work=${2:-/tmp/povmon-batch-scaling}
rounds=${ROUNDS:-3}
sizes=${SIZES:-"20000 200000"}
povmon=$build/bin/povmon
population=$build/benchmarks/povmon_population
pack=$root/policies/hunan-2024
mkdir -p "$work"

# Busy CPU-seconds of the whole machine so far (user+nice+system+irq+softirq+steal).
busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu /{print ($2+$3+$4+$7+$8+$9)/hz}' /proc/stat
}

printf "%-8s %-5s %9s %11s %13s %9s %8s %13s\n" households jobs wall_s "hh/wall-s" "hh/cpu-s" \
  cpu/wall rss_MB "others_cores"
for n in $sizes; do
  input=$work/hunan-$n.jsonl
  [ -s "$input" ] || "$population" --n "$n" --seed 20240601 --as_of 2024-11-30 > "$input"
  for round in $(seq "$rounds"); do
    for jobs in 1 2; do
      b0=$(busy_seconds)
      /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
        "$povmon" eval --policy "$pack" --as-of 2024-11-30 --jobs "$jobs" --no-progress \
        "$input" > "$work/out-$jobs.jsonl" 2> "$work/err"
      b1=$(busy_seconds)
      read -r wall user sys rss < "$work/time"
      awk -v n="$n" -v j="$jobs" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
          -v b="$(awk -v a="$b0" -v c="$b1" 'BEGIN{print c-a}')" 'BEGIN{
        cpu=u+s; others=(b-cpu)/w; if (others<0) others=0;
        printf "%-8d %-5d %9.2f %11.0f %13.0f %9.2f %8.1f %13.2f\n", n, j, w, n/w, n/cpu, cpu/w, r/1024, others}'
    done
    if ! cmp -s "$work/out-1.jsonl" "$work/out-2.jsonl"; then
      echo "the outputs of --jobs 1 and --jobs 2 differ ($work/out-1.jsonl, $work/out-2.jsonl)" >&2
      exit 1
    fi
  done
done
echo "outputs of --jobs 1 and --jobs 2: byte-identical; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
