#!/usr/bin/env python3
"""Decide households with povmon's Python binding and print each decision,
explained.

    evaluate_households.py <pack-dir> <as-of YYYY-MM-DD> <households.jsonl>...

Prints exactly what the C, C++ and Java examples print: "== <file>:<line>",
then the decision explained or "error <STATUS>: <message>". Exit status 0,
2 when some household was not decided, 1 on usage or pack errors.
"""

import os
import sys

import povmon


def main(argv):
    if len(argv) < 4:
        print(f"usage: {argv[0]} <pack-dir> <as-of YYYY-MM-DD> <households.jsonl>...",
              file=sys.stderr)
        return 1
    pack, as_of, files = argv[1], argv[2], argv[3:]
    # Print the library's UTF-8 exactly, whatever the terminal's locale.
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", closefd=False)
    try:
        policy = povmon.Policy.load(pack)
    except povmon.PovmonError as error:
        print(error.message, file=sys.stderr)
        return 1
    undecided = False
    with policy:
        for path in files:
            with open(path, encoding="utf-8", newline="") as f:
                lines = [line.rstrip("\n").rstrip("\r") for line in f]
            # Blank lines are not households; evaluate_many gets the rest, in
            # order, and yields one result for each.
            numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip(" \t")]
            results = policy.evaluate_many((line for _, line in numbered), as_of=as_of)
            for (number, _), result in zip(numbered, results):
                out.write(f"== {os.path.basename(path)}:{number}\n")
                if isinstance(result, povmon.PovmonError):
                    out.write(f"error {result.status}: {result.message}\n")
                    undecided = True
                else:
                    out.write(policy.explain(result))
    out.flush()
    return 2 if undecided else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
