#!/usr/bin/env python3
"""Households per CPU-second of the Python and Java batch calls against the
CLI's, on the same generated households, in one run.

    python3 benchmarks/bindings/batch_throughput.py [--build BUILD] [--n 20000]
        [--rounds 3] [--java]

Each measurement decides every household once (after one untimed warm-up run
in the same process for the bindings) and counts the CPU time of the whole
process, every thread included (getrusage), and the wall time:

- cli: `povmon eval --jobs J FILE > /dev/null` (the child's rusage);
- python json / proto / dict: Policy.evaluate_jsonl(bytes of the file,
  output=..., jobs=J), consuming every result;
- python many: Policy.evaluate_many(list of the file's lines as str,
  output="json", jobs=J);
- java json / proto: Policy.evaluateJsonLines(bytes, options, format, J),
  every result kept in the returned list; java json sink / proto sink: the
  same with a DecisionSink that reads each decision and keeps nothing (the
  CLI keeps nothing either) (benchmarks/bindings/BatchThroughput.java, the
  JVM's process CPU time around the call, after a warm-up call).

Prints households per CPU-second and per wall-second, and each binding's
ratio to the CLI at the same number of jobs (issue 10 asks for >= 0.8).
"""

import argparse
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cpu_self():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure_cli(povmon, pack, path, jobs):
    c0, w0 = cpu_children(), time.perf_counter()
    with open(os.devnull, "wb") as null:
        subprocess.run([povmon, "eval", "--policy", pack, "--as-of", "2024-11-30",
                        "--jobs", str(jobs), "--no-progress", path],
                       stdout=null, stderr=subprocess.DEVNULL, check=False)
    return cpu_children() - c0, time.perf_counter() - w0


def measure_python(policy, data, lines, jobs, how):
    def run():
        if how == "many":
            return sum(1 for _ in policy.evaluate_many(lines, as_of="2024-11-30", output="json",
                                                       jobs=jobs))
        return sum(1 for _ in policy.evaluate_jsonl(data, as_of="2024-11-30", output=how,
                                                    jobs=jobs))
    run()  # warm up: the evaluators' working memory
    c0, w0 = cpu_self(), time.perf_counter()
    n = run()
    return cpu_self() - c0, time.perf_counter() - w0, n


def measure_java(build, path, jobs, fmt, mode):
    jar = os.path.join(build, "bindings", "java", next(
        f for f in os.listdir(os.path.join(build, "bindings", "java"))
        if f.startswith("povmon-") and f.endswith(".jar") and "tests" not in f))
    classes = os.path.join(build, "benchmarks", "java-classes")
    os.makedirs(classes, exist_ok=True)
    source = os.path.join(ROOT, "benchmarks", "bindings", "BatchThroughput.java")
    # The jar's typed decisions need protobuf-java (Debian libprotobuf-java).
    cp = f"{jar}:/usr/share/java/jna.jar:/usr/share/java/protobuf.jar"
    subprocess.run(["javac", "-d", classes, "-cp", cp, source], check=True)
    lib = os.path.join(build, "bindings", "c", "libpovmon.so")
    out = subprocess.run(["java", f"-Dpovmon.library={lib}", "-cp", f"{cp}:{classes}",
                          "BatchThroughput", os.path.join(ROOT, "policies", "hunan-2024"), path,
                          str(jobs), fmt, mode], check=True, capture_output=True, text=True).stdout
    cpu, wall, n = out.split()
    return float(cpu), float(wall), int(n)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--java", action="store_true")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    os.environ.setdefault("POVMON_LIBRARY", os.path.join(build, "bindings", "c", "libpovmon.so"))
    sys.path.insert(0, os.path.join(ROOT, "bindings", "python", "src"))
    import povmon  # noqa: E402

    povmon_cli = os.path.join(build, "bin", "povmon")
    pack = os.path.join(ROOT, "policies", "hunan-2024")
    path = f"/tmp/povmon-bindings-{args.n}.jsonl"
    if not os.path.exists(path):
        with open(path, "wb") as f:
            subprocess.run([os.path.join(build, "benchmarks", "povmon_population"), "--n",
                            str(args.n), "--seed", "20240601", "--as_of", "2024-11-30"],
                           stdout=f, check=True)
    with open(path, "rb") as f:
        data = f.read()
    lines = data.decode("utf-8").splitlines()
    rows = {}
    with povmon.Policy.load(pack) as policy:
        for _ in range(args.rounds):
            for jobs in (1, 2):
                cpu, wall = measure_cli(povmon_cli, pack, path, jobs)
                rows.setdefault(("cli", jobs), []).append((cpu, wall))
                for how in ("json", "proto", "dict", "many"):
                    cpu, wall, n = measure_python(policy, data, lines, jobs, how)
                    assert n == args.n, n
                    rows.setdefault((f"python {how}", jobs), []).append((cpu, wall))
                if args.java:
                    for fmt in ("JSON", "PROTO"):
                        for mode in ("list", "sink"):
                            cpu, wall, n = measure_java(build, path, jobs, fmt, mode)
                            assert n == args.n, n
                            what = f"java {fmt.lower()}" + (" sink" if mode == "sink" else "")
                            rows.setdefault((what, jobs), []).append((cpu, wall))
    load = open("/proc/loadavg").read().split()[:3]
    print(f"{args.n} generated Hunan households, best of {args.rounds} rounds; "
          f"load average at the end: {' '.join(load)}")
    print(f"{'what':<17}{'jobs':>5}{'hh/cpu-s':>11}{'hh/wall-s':>11}{'x cli/cpu-s':>13}")
    for (what, jobs), runs in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0] != "cli",
                                                                    kv[0][0])):
        cpu = min(r[0] for r in runs)
        wall = min(r[1] for r in runs)
        cli_cpu = min(r[0] for r in rows[("cli", jobs)])
        print(f"{what:<17}{jobs:>5}{args.n / cpu:>11.0f}{args.n / wall:>11.0f}"
              f"{cli_cpu / cpu:>13.2f}")


if __name__ == "__main__":
    main()
