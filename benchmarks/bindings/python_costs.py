#!/usr/bin/env python3
"""What Python's evaluate_many and output="dict" cost besides deciding, in one
process (CPU-seconds, best of ROUNDS):

    python3 benchmarks/bindings/python_costs.py [--build BUILD] [--n 20000] [--rounds 3]

- json: evaluate_jsonl(the file's bytes, output="json", jobs=1), every result
  consumed: deciding, the library writing JSON, the bytes handed to Python;
- dict: the same with output="dict";
- many: evaluate_many(the file's lines as str, output="json", jobs=1);
- encode: str.encode of those 20,000 str alone (the UTF-8 the CLI never makes);
- json.loads: the stdlib parse of the same decisions' JSON alone, one array
  per chunk of 310 decisions as output="dict" parses them.

Each result is dropped as soon as it is made, as the bindings' callers would,
so the figures do not count page faults for memory kept until the end.
Uses the file batch_throughput.py generates (/tmp/povmon-bindings-N.jsonl).
"""

import argparse
import json
import os
import resource
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("POVMON_LIBRARY", os.path.join(os.path.abspath(args.build), "bindings",
                                                         "c", "libpovmon.so"))
    sys.path.insert(0, os.path.join(ROOT, "bindings", "python", "src"))
    import povmon  # noqa: E402

    path = f"/tmp/povmon-bindings-{args.n}.jsonl"
    if not os.path.exists(path):
        sys.exit(f"{path} is missing: run batch_throughput.py --n {args.n} first")
    with open(path, "rb") as f:
        data = f.read()
    lines = data.decode("utf-8").splitlines()
    as_of = "2024-11-30"
    best = {}

    def measure(name, run):
        c0 = cpu()
        run()
        best[name] = min(best.get(name, float("inf")), cpu() - c0)

    def consume(results):
        for _ in results:
            pass

    with povmon.Policy.load(os.path.join(ROOT, "policies", "hunan-2024")) as policy:
        decisions = list(policy.evaluate_jsonl(data, as_of=as_of, output="json", jobs=1))
        chunks = [decisions[i:i + 310] for i in range(0, len(decisions), 310)]
        for _ in range(args.rounds):
            measure("json", lambda: consume(policy.evaluate_jsonl(data, as_of=as_of,
                                                                  output="json", jobs=1)))
            measure("dict", lambda: consume(policy.evaluate_jsonl(data, as_of=as_of,
                                                                  output="dict", jobs=1)))
            measure("many", lambda: consume(policy.evaluate_many(lines, as_of=as_of,
                                                                 output="json", jobs=1)))
            measure("encode", lambda: consume(line.encode("utf-8", "surrogatepass")
                                              for line in lines))
            measure("json.loads", lambda: consume(json.loads(b"[" + b",".join(chunk) + b"]")
                                                  for chunk in chunks))
    print(f"{args.n} generated Hunan households, best of {args.rounds}; load average at the end: "
          f"{' '.join(open('/proc/loadavg').read().split()[:3])}")
    for name, seconds in best.items():
        print(f"{name:<12}{seconds:8.3f} CPU-s")
    print(f"dict: povmon's share {best['json'] / best['dict']:.0%}, "
          f"json.loads alone {best['json.loads'] / best['dict']:.0%}")


if __name__ == "__main__":
    main()
