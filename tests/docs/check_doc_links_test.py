#!/usr/bin/env python3
"""The documentation link checker (tools/check_doc_links.py) on made-up trees:
it must report every kind of broken or outward reference in README.md and
docs/*.md, with file and line, exit 1, and pass a tree whose references all
hold. The real tree is checked by the CTest test doc_links."""
import os
import subprocess
import sys
import tempfile
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools",
                       "check_doc_links.py")


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def run(root):
    p = subprocess.run([sys.executable, CHECKER, root], capture_output=True, text=True)
    return p.returncode, p.stdout.splitlines()


def good_tree(root):
    write(root, "src/base/date.h", "")
    write(root, "src/base/date.cc", "")
    write(root, "policies/demo/tests/cases.textproto", "")
    write(root, "docs/guide.md", "# The guide\n\n## Money in fen\n\n"
          "Back to [the start](../README.md#quick-start); `src/base/date.h`.\n")
    write(root, "README.md", "# demo\n\n## Quick start\n\n"
          "See [the guide](docs/guide.md), [money](docs/guide.md#money-in-fen) and\n"
          "[above](#quick-start). Code: `src/base/date.{h,cc}`, `src/base/*.h`, a pack's\n"
          "`tests/*.textproto`, a placeholder `tests/fuzz/NAME_fuzz.cc`, a build output\n"
          "`build/bin/povmon`, Debian's `/usr/share/java/jna.jar`.\n\n"
          "```sh\nbuild/bin/povmon check policies/demo\n```\n")


class CheckDocLinksTest(unittest.TestCase):
    def test_a_tree_whose_references_hold_passes(self):
        with tempfile.TemporaryDirectory() as root:
            good_tree(root)
            code, out = run(root)
            self.assertEqual(code, 0, out)
            self.assertEqual(out, ["ok: every link and repository path in 2 file(s) exists"])

    def test_every_kind_of_breach_is_reported_with_file_and_line(self):
        with tempfile.TemporaryDirectory() as root:
            good_tree(root)
            write(root, "README.md", "# demo\n\n## Quick start\n\n"
                  "[gone](docs/gone.md)\n"                           # 5: no such file
                  "[anchor](docs/guide.md#no-such-heading)\n"        # 6: no such heading
                  "[web](https://example.org/povmon)\n"              # 7: outside
                  "[up](../other/README.md)\n"                       # 8: leaves the repo
                  "[abs](/etc/passwd)\n"                             # 9: absolute
                  "The digest is in `../shared/domain/policy-digest.md`.\n"  # 10
                  "`src/base/time.h` and `src/base/date.{h,cpp}`\n"  # 11: two missing
                  "```sh\nbuild/bin/povmon check policies/nowhere\n```\n")  # 13
            write(root, "docs/guide.md", "# The guide\n\n"
                  "[back](../README.md#no-section) and /work/main/build\n"  # 3: two
                  "As the policy digest C12 says.\n")                # 4: outside
            code, out = run(root)
            self.assertEqual(code, 1, out)
            expected = [
                "README.md:5: link to docs/gone.md: no such file",
                "README.md:6: link to docs/guide.md#no-such-heading: docs/guide.md has no "
                "heading #no-such-heading",
                "README.md:7: link to https://example.org/povmon points outside the repository",
                "README.md:8: link to ../other/README.md leaves the repository",
                "README.md:9: link to the absolute path /etc/passwd",
                "README.md:10: '../shared/domain/policy-digest.md`.' points outside the "
                "repository",
                "README.md:11: src/base/time.h does not exist",
                "README.md:11: src/base/date.{h,cpp} does not exist",
                "README.md:13: policies/nowhere does not exist",
                "docs/guide.md:3: link to ../README.md#no-section: README.md has no heading "
                "#no-section",
                "docs/guide.md:3: '/work/main/build' points outside the repository",
                "docs/guide.md:4: 'policy digest C12' points outside the repository",
                "12 broken reference(s) in 2 file(s)",
            ]
            self.assertEqual(out, expected)

    def test_a_missing_readme_is_reported(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "docs"))
            code, out = run(root)
            self.assertEqual(code, 1)
            self.assertIn("README.md: missing", out)


if __name__ == "__main__":
    unittest.main()
