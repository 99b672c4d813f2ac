#!/usr/bin/env python3
"""Checks that the folders keep their layering (issue 15), by their includes.

  - include/povmon/ is the one API every front end uses: no file under
    tools/, bindings/, examples/ or benchmarks/ includes anything from src/;
    nor does a public header under include/.
  - Loading a pack decides nothing and the calendar sits below the stages:
    no file under src/policy/ or src/calendar/ includes src/stages/.

An include counts however it is spelled: "src/x.h", <src/x.h>, or a relative
path ("../../src/x.h") that resolves into src/. Prints one line per
violation, "file:line: message", and exits 1 when there is any.

usage: check_includes.py [ROOT]   (ROOT defaults to the repository)
"""
import os
import re
import sys

FRONT_ENDS = ("tools", "bindings", "examples", "benchmarks", "include")
BELOW_STAGES = ("src/policy", "src/calendar")
SOURCE_SUFFIXES = (".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".inc", ".ipp")
INCLUDE = re.compile(r'^\s*#\s*(?:include|import)\s*([<"])([^>"]+)[>"]')
SKIP_DIRS = {".git", "build", "node_modules", "__pycache__", "target"}


def source_files(root, top):
    base = os.path.join(root, top)
    if not os.path.isdir(base):
        return
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("build"))
        for name in sorted(files):
            if name.endswith(SOURCE_SUFFIXES):
                yield os.path.join(folder, name)


def included_paths(root, path):
    """(line number, repository-relative include path) of each include in `path`."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(2).strip()
            # A relative include that climbs out of its folder resolves
            # against the including file's folder.
            if target.startswith("."):
                resolved = os.path.normpath(os.path.join(os.path.dirname(path), target))
                target = os.path.relpath(resolved, root)
            yield number, target.replace(os.sep, "/")


def under(path, folder):
    return path == folder or path.startswith(folder + "/")


def violations(root):
    root = os.path.abspath(root)
    found = []
    for top in FRONT_ENDS:
        for path in source_files(root, top):
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            for number, target in included_paths(root, path):
                if under(target, "src"):
                    found.append(f"{rel}:{number}: includes {target}: {top}/ may use "
                                 "include/povmon/ only, never src/")
    for top in BELOW_STAGES:
        for path in source_files(root, top):
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            for number, target in included_paths(root, path):
                if under(target, "src/stages"):
                    found.append(f"{rel}:{number}: includes {target}: {top}/ sits below "
                                 "the stages and may not include src/stages/")
    return found


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    if not os.path.isdir(os.path.join(root, "src")):
        print(f"check_includes: {root} has no src/ folder", file=sys.stderr)
        return 2
    found = violations(root)
    for v in found:
        print(v)
    if found:
        print(f"{len(found)} include(s) break the layering", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
