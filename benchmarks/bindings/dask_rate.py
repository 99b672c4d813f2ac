#!/usr/bin/python3
"""Households per second of povmon.dask on a distributed.LocalCluster with 1
and 2 worker processes against `povmon eval --summary` on the same
generated households, in one run, checking that every run's report equals
the program's summary file byte for byte (and the decisions its output).

    /usr/bin/python3 benchmarks/bindings/dask_rate.py [--build BUILD] [--n 200000]
        [--files 20] [--pack policies/hunan-2024]

Debian's own Python (python3-dask, python3-distributed). The households come
from the benchmarks' generator (povmon_population --seed 20240601), written
as --files JSONL files; each is one partition. Every measurement decides
every household once and writes the decisions (the program to a file, the
cluster to its output folder) with spot-check seed 7, wall time from the
call to the result; the cluster is started before the clock (its workers
load the pack inside the measured run, once per process). Worker processes
run one partition at a time (threads_per_worker=1), each deciding on
--jobs threads of the batch runner (default 1: on a 2-core machine two
processes of one thread each fill the cores).
"""

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--n", type=int, default=200000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--pack", default=os.path.join(ROOT, "policies", "hunan-2024"))
    parser.add_argument("--as-of", default="2024-11-30")
    args = parser.parse_args()
    os.environ.setdefault("POVMON_LIBRARY", os.path.join(args.build, "bindings", "c",
                                                         "libpovmon.so"))
    sys.path.insert(0, os.path.join(ROOT, "bindings", "python", "src"))
    from distributed import Client, LocalCluster
    import povmon.dask

    cli = os.path.join(args.build, "bin", "povmon")
    generator = os.path.join(args.build, "benchmarks", "povmon_population")
    scratch = tempfile.mkdtemp(prefix="povmon_dask_rate_")
    try:
        data = subprocess.run([generator, "--n", str(args.n), "--seed", "20240601",
                               "--as_of", args.as_of], capture_output=True, check=True).stdout
        lines = data.split(b"\n")[:-1]
        files = []
        per_file = -(-len(lines) // args.files)
        for number in range(args.files):
            path = os.path.join(scratch, f"in-{number:03d}.jsonl")
            with open(path, "wb") as f:
                f.write(b"".join(line + b"\n" for line in lines[number * per_file:
                                                                 (number + 1) * per_file]))
            files.append(path)
        whole = os.path.join(scratch, "all.jsonl")
        with open(whole, "wb") as f:
            f.write(data)
        print(f"{len(lines)} households, {len(data) / 1e6:.0f} MB, {args.files} files; "
              f"pack {args.pack}, as of {args.as_of}, seed 7")

        expected = {}
        for jobs in (1, 2):
            summary = os.path.join(scratch, f"cli-{jobs}.json")
            out = os.path.join(scratch, f"cli-{jobs}.out")
            start = time.perf_counter()
            with open(out, "wb") as o:
                subprocess.run([cli, "eval", "--policy", args.pack, "--as-of", args.as_of,
                                "--summary", summary, "--seed", "7", "--jobs", str(jobs),
                                "--no-progress", whole], stdout=o, stderr=subprocess.DEVNULL)
            seconds = time.perf_counter() - start
            with open(summary, encoding="utf-8") as f:
                expected[jobs] = f.read()
            print(f"povmon eval --jobs {jobs}: {seconds:6.1f} s, "
                  f"{len(lines) / seconds:8,.0f} households/s")
        assert expected[1] == expected[2]
        with open(os.path.join(scratch, "cli-1.out"), "rb") as f:
            expected_decisions = f.read()

        for workers in (1, 2):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.CRITICAL)
            client = Client(cluster)
            output = os.path.join(scratch, f"dask-{workers}")
            start = time.perf_counter()
            run = povmon.dask.run(files, args.pack, as_of=args.as_of, seed=7, output=output,
                                  jobs=args.jobs, client=client)
            seconds = time.perf_counter() - start
            same = run.report_json == expected[1]
            decisions = b""
            for path in run.outputs:
                with open(path, "rb") as f:
                    decisions += f.read()
            print(f"LocalCluster, {workers} worker process(es) x {args.jobs} job(s): "
                  f"{seconds:6.1f} s, {len(lines) / seconds:8,.0f} households/s; "
                  f"report {'equals' if same else 'DIFFERS FROM'} the CLI's summary file, "
                  f"decisions {'equal' if decisions == expected_decisions else 'DIFFER FROM'} "
                  "its output")
            client.close()
            cluster.close()
            if not same or decisions != expected_decisions:
                return 1
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
