#!/usr/bin/env python3
"""Checks that README.md and docs/*.md point only at things in the repository.

Run from anywhere: python3 tools/check_doc_links.py [REPO_ROOT]
(REPO_ROOT defaults to the folder above this script's). Exits 0 when every
reference holds, 1 listing each broken one as FILE:LINE: message.

What it checks, in README.md and every docs/*.md:
- every Markdown link [text](target) and image: a relative target must name a
  file or folder that exists (resolved from the linking file's folder; a
  #fragment must name a heading of the target file); a link to a web address,
  an absolute path or anything outside the repository is refused, because a
  reader of the repository cannot follow it;
- every repository path written in the text, in `code` or in a code block,
  that starts with one of the repository's top-level folders (src/, include/,
  tests/, ...; see TOP_LEVEL): it must exist, taken from the repository root.
  Globs (`*`) must match something and braces (`{h,cc}`) must all exist;
  a pack's own files may be named as seen from a shipped pack's folder
  (`tests/*.textproto`); placeholders (NAME, PACK, FILE, <version>, ...), names
  shown as missing on purpose (no-such-...) and build outputs (build/...) are
  not checked;
- no text mentions a place outside the repository: `../` out of it, the
  development machine's own folders (/work/, ../shared, shared/design, ...),
  or the project's policy digest by its entry numbers ("digest C12"), which
  the repository does not hold: cite the plan itself.
"""

import functools
import glob
import os
import re
import sys

# The folders whose paths are checked when the text names them.
TOP_LEVEL = ("src", "include", "tests", "policies", "examples", "benchmarks",
             "bindings", "docs", "scripts", "tools", "proto", "cmake", ".ci")

# A path segment that is a placeholder, not a name: NAME, PACK, FILE, N, <x>.
PLACEHOLDER = re.compile(r"(^|[/_.-])(NAME|PACK|FILE|DIR|ID|N|X|LINE|COL|DATE|"
                         r"SCHEDULER|CORES|VERSION)([/_.-]|$)|[<>]|\.\.\.|…|\$|no-such")

LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*)"
                  r"(?:\s+\"[^\"]*\")?\)")
PATH = re.compile(r"(?<![\w./-])((?:%s)/(?:\{[^{}\s]*\}|[^\s`'\"()\[\],;{#])*)" %
                  "|".join(re.escape(t) for t in TOP_LEVEL))
# Mentions of places outside the repository that readers cannot reach.
OUTSIDE = re.compile(r"(?<![\w.])\.\./(?:\.\./)*shared\b|(?<![\w.])/work/|"
                     r"(?<![\w.])(?:\.\./)?shared/(?:design|domain|sources|peers)\b|"
                     r"\b(?:policy )?digest\s+[CA]\d+\b")


@functools.lru_cache(maxsize=None)
def headings(path):
    """GitHub-style anchors of a Markdown file's headings."""
    anchors = set()
    counts = {}
    in_code = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```"):
                in_code = not in_code
                continue
            if in_code:
                continue
            m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
            if not m:
                continue
            text = re.sub(r"[`*]", "", m.group(1)).strip().lower()
            slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
            n = counts.get(slug, 0)
            counts[slug] = n + 1
            anchors.add(slug if n == 0 else "%s-%d" % (slug, n))
    return anchors


def expand_braces(path):
    m = re.search(r"\{([^{}]*)\}", path)
    if not m:
        return [path]
    out = []
    for alt in m.group(1).split(","):
        out.extend(expand_braces(path[:m.start()] + alt + path[m.end():]))
    return out


def exists_under(base, path):
    for candidate in expand_braces(path):
        full = os.path.join(base, candidate)
        if any(c in candidate for c in "*?["):
            if not glob.glob(full):
                return False
        elif not os.path.exists(full):
            return False
    return True


def path_exists(root, path):
    """From the repository root; a pack's own file (`tests/*.textproto`,
    `calendar/...`) may also be named as seen from a shipped pack's folder."""
    if exists_under(root, path):
        return True
    return any(exists_under(pack, path)
               for pack in glob.glob(os.path.join(root, "policies", "*")))


def check_file(root, md):
    problems = []
    here = os.path.dirname(md)
    rel_md = os.path.relpath(md, root)
    with open(md, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for number, line in enumerate(lines, 1):
        where = "%s:%d" % (rel_md, number)
        link_targets = []
        for m in LINK.finditer(line):
            target = m.group(1)
            link_targets.append(m.span(1))
            if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
                problems.append("%s: link to %s points outside the repository" %
                                (where, target))
                continue
            file_part, _, fragment = target.partition("#")
            if file_part.startswith("/"):
                problems.append("%s: link to the absolute path %s" % (where, target))
                continue
            resolved = os.path.normpath(os.path.join(here, file_part)) if file_part else md
            if os.path.relpath(resolved, root).startswith(".."):
                problems.append("%s: link to %s leaves the repository" % (where, target))
                continue
            if not os.path.exists(resolved):
                problems.append("%s: link to %s: no such file" % (where, target))
                continue
            if fragment and resolved.endswith(".md") and \
                    fragment not in headings(resolved):
                problems.append("%s: link to %s: %s has no heading #%s" %
                                (where, target, os.path.relpath(resolved, root), fragment))
        for m in OUTSIDE.finditer(line):
            shown = m.group(0) + re.match(r"\S*", line[m.end():]).group(0)
            problems.append("%s: %r points outside the repository" % (where, shown))
        for m in PATH.finditer(line):
            if any(a <= m.start() < b for a, b in link_targets):
                continue        # a link's target, checked above
            path = m.group(1).rstrip(".:")
            path = re.sub(r"(:\d+)+:?$", "", path)     # file:line:col
            if PLACEHOLDER.search(path):
                continue
            if not path_exists(root, path):
                problems.append("%s: %s does not exist" % (where, path))
    return problems


def main(argv):
    root = os.path.abspath(argv[1] if len(argv) > 1 else
                           os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    files = [os.path.join(root, "README.md")]
    files += sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    problems = []
    for md in files:
        if not os.path.exists(md):
            problems.append("%s: missing" % os.path.relpath(md, root))
            continue
        problems.extend(check_file(root, md))
    for p in problems:
        print(p)
    if problems:
        print("%d broken reference(s) in %d file(s)" % (len(problems), len(files)))
        return 1
    print("ok: every link and repository path in %d file(s) exists" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
