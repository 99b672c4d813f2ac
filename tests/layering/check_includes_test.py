#!/usr/bin/env python3
"""The include checker (scripts/check_includes.py) on made-up trees: it must
report every include that breaks the layering, however it is spelled, and
nothing else; and pass a tree that keeps it. The real tree is checked by the
CTest test include_layering."""
import os
import subprocess
import sys
import tempfile
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                       "check_includes.py")


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def run(root):
    p = subprocess.run([sys.executable, CHECKER, root], capture_output=True, text=True)
    return p.returncode, p.stdout.splitlines()


class CheckIncludesTest(unittest.TestCase):
    def test_every_breach_is_reported_with_file_and_line(self):
        with tempfile.TemporaryDirectory() as root:
            write(root, "src/stages/decide.h", "")
            write(root, "src/base/date.h", "")
            # Breaches: front ends reaching into src/, policy and calendar
            # reaching up into the stages, in every spelling.
            write(root, "tools/povmon/check.cc",
                  '#include <string>\n#include "povmon/policy.h"\n#include "src/base/date.h"\n')
            write(root, "bindings/c/src/shim.cc",
                  '// the C ABI\n#include "../../../src/stages/decide.h"\n')
            write(root, "examples/cpp/main.cc", '#  include <src/base/date.h>\n')
            write(root, "benchmarks/bench.cc", '\n\n#include "src/base/money.h"\n')
            write(root, "include/povmon/api.h", '#include "src/base/date.h"\n')
            write(root, "src/policy/load.cc", '#include "src/stages/decide.h"\n')
            write(root, "src/calendar/days.h", '#include "src/base/date.h"\n'
                  '#include "src/stages/decide.h"\n')
            # Allowed: tests and the library reach into src/; the engine
            # above the stages includes them; a commented-out include and a
            # path that only looks like src/ are not includes of src/.
            write(root, "tests/policy/load_test.cc", '#include "src/policy/load.h"\n')
            write(root, "src/engine/evaluate.cc", '#include "src/stages/decide.h"\n')
            write(root, "tools/povmon/main.cc",
                  '// #include "src/base/date.h"\n#include "tools/povmon/src/x.h"\n'
                  '#include "srcs/x.h"\n')
            write(root, "src/policy/load.h", '#include "src/policy/text.h"\n')
            code, lines = run(root)
            self.assertEqual(code, 1, lines)
            self.assertEqual(
                sorted(line.split(": includes")[0] for line in lines),
                sorted([
                    "tools/povmon/check.cc:3",
                    "bindings/c/src/shim.cc:2",
                    "examples/cpp/main.cc:1",
                    "benchmarks/bench.cc:3",
                    "include/povmon/api.h:1",
                    "src/policy/load.cc:1",
                    "src/calendar/days.h:2",
                ]))
            self.assertIn("bindings/c/src/shim.cc:2: includes src/stages/decide.h: bindings/ may "
                          "use include/povmon/ only, never src/", lines)
            self.assertIn("src/policy/load.cc:1: includes src/stages/decide.h: src/policy/ sits "
                          "below the stages and may not include src/stages/", lines)

    def test_a_tree_that_keeps_the_layering_passes(self):
        with tempfile.TemporaryDirectory() as root:
            write(root, "src/stages/decide.cc", '#include "src/policy/load.h"\n')
            write(root, "src/policy/load.cc", '#include "src/calendar/days.h"\n')
            write(root, "tools/povmon/main.cc", '#include "povmon/engine.h"\n')
            write(root, "bindings/c/src/shim.cc",
                  '#include "internal.h"\n#include "povmon/policy.h"\n')
            code, lines = run(root)
            self.assertEqual((code, lines), (0, []))

    def test_a_folder_without_src_is_an_error_not_a_pass(self):
        with tempfile.TemporaryDirectory() as root:
            p = subprocess.run([sys.executable, CHECKER, root], capture_output=True, text=True)
            self.assertEqual(p.returncode, 2)
            self.assertIn("has no src/ folder", p.stderr)


if __name__ == "__main__":
    unittest.main()
