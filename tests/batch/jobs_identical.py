#!/usr/bin/env python3
"""`povmon eval --jobs 1` and `--jobs 2` write byte-identical output (issue 9).

Generated Hunan households (benchmarks/population.h) with bad records among
them every 450 households: a malformed line, invalid UTF-8, an overflowing
income, a pathologically nested record, an undecidable household (no
members, CRLF), a blank line (not a record) and a duplicate id. Each run must
give exactly one result line per record, in input order, the errors at
their records' lines.

    jobs_identical.py POVMON POPULATION PACK WORK
"""
import hashlib
import json
import os
import subprocess
import sys


def main():
    povmon, population, pack, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    generated = subprocess.run([population, "--n", "3000", "--seed", "7"], check=True,
                               stdout=subprocess.PIPE).stdout.split(b"\n")
    generated = [line for line in generated if line.strip()]

    lines = []           # the input, one entry per line
    expected = []        # per record: (line number, kind)
    for index, household in enumerate(generated):
        lines.append(household)
        expected.append((len(lines), "household"))
        if index % 450 != 17:
            continue
        bad = [
            (b'{"id":"broken-%d","members":[' % index, "error"),
            (b'{"id":"bad-utf8-%d","name":"\xff"}' % index, "error"),
            (b'{"id":"overflow-%d","members":[{"id":"m","registered":true}],"income":['
             b'{"date":"2024-06-01","kind":"INCOME_KIND_WAGE","amount_fen":"9223372036854775807"},'
             b'{"date":"2024-07-01","kind":"INCOME_KIND_WAGE","amount_fen":"9223372036854775807"}]}'
             % index, "error"),
            (b'{"id":"deep-%d","members":' % index + b"[" * 100000 + b"]" * 100000 + b"}",
             "error"),
            (b"   \t", None),  # blank: counted, not a record
            (b'{"id":"none-%d","members":[]}\r' % index, "error"),
            (household, "duplicate"),
        ]
        for text, kind in bad:
            lines.append(text)
            if kind is not None:
                expected.append((len(lines), kind))
    path = os.path.join(work, "input.jsonl")
    with open(path, "wb") as f:
        f.write(b"\n".join(lines) + b"\n")

    outputs = {}
    for jobs in (1, 2):
        run = subprocess.run([povmon, "eval", "--policy", pack, "--as-of", "2024-11-30",
                              "--jobs", str(jobs), "--no-progress", path],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if run.returncode != 2:
            sys.exit("--jobs %d: exit %d (expected 2: some not decided)\n%s"
                     % (jobs, run.returncode, run.stderr.decode(errors="replace")))
        outputs[jobs] = run
    one, two = outputs[1], outputs[2]
    if one.stdout != two.stdout:
        sys.exit("--jobs 1 and --jobs 2 differ (sha256 %s, %s)"
                 % (hashlib.sha256(one.stdout).hexdigest(), hashlib.sha256(two.stdout).hexdigest()))
    if one.stderr != two.stderr:
        sys.exit("the summaries differ:\n%s\n%s" % (one.stderr.decode(), two.stderr.decode()))

    results = one.stdout.decode().splitlines()
    if len(results) != len(expected):
        sys.exit("%d result lines for %d records" % (len(results), len(expected)))
    errors = warnings = 0
    for index, (result, (line, kind)) in enumerate(zip(results, expected)):
        record = json.loads(result)
        if kind == "error":
            errors += 1
            if "error" not in record or record["index"] != index or record["line"] != line:
                sys.exit("record %d (line %d) should be an error there: %s"
                         % (index, line, result[:300]))
        elif "error" in record:
            sys.exit("record %d (line %d) was not decided: %s" % (index, line, result[:300]))
        if kind == "duplicate":
            warnings += 1
            codes = [w["code"] for w in record.get("warnings", [])]
            if codes != ["WARNING_CODE_DUPLICATE_HOUSEHOLD_ID"]:
                sys.exit("record %d (line %d) should warn of its duplicate id: %s"
                         % (index, line, result[:300]))
    decided = len(expected) - errors
    summary = "povmon eval: %d decided, %d not decided, %d with a household id used before " \
              "(warnings)\n" % (decided, errors, warnings)
    if one.stderr.decode() != summary:
        sys.exit("stderr: %r, expected %r" % (one.stderr.decode(), summary))
    print("%d records: --jobs 1 and --jobs 2 byte-identical (%d errors, %d duplicate-id warnings)"
          % (len(expected), errors, warnings))


if __name__ == "__main__":
    main()
