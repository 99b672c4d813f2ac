#!/usr/bin/env python3
"""`povmon report` opened in a real browser (Debian's headless chromium).

Renders the report of tests/testdata/population, loads it with chromium
--dump-dom under a short fixed timeout, fails on any console message, and
reads figures back from the rendered DOM. Exits 77 (CTest: skipped) with a
message where chromium is not installed.

usage: report_browser_test.py POVMON_CLI SOURCE_DIR
"""
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

TIMEOUT_SECONDS = 60


class Figures(html.parser.HTMLParser):
    """Text of every element with an id, and the rows of every table by section."""

    def __init__(self):
        super().__init__()
        self.by_id = {}
        self.stack = []  # open elements: (tag, id)
        self.section = None
        self.rows = {}  # section id -> list of rows (list of cell texts)
        self.cell = None
        self.scripts = 0
        self.external = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href"):
            if key in a and re.match(r"^(https?:)?//", a[key] or ""):
                self.external.append(a[key])
        if tag == "section":
            self.section = a.get("id")
        if tag == "tr" and self.section:
            self.rows.setdefault(self.section, []).append([])
        if tag in ("td", "th"):
            self.cell = ""
        if tag in ("meta", "br", "rect", "link"):
            return
        self.stack.append((tag, a.get("id")))
        if a.get("id"):
            self.by_id[a["id"]] = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.section in self.rows:
            self.rows[self.section][-1].append(self.cell.strip())
            self.cell = None
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        for _, element_id in self.stack:
            if element_id:
                self.by_id[element_id] += data
        if self.cell is not None:
            self.cell += data


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    cli, source = sys.argv[1], sys.argv[2]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("SKIPPED: chromium is not installed (apt-get install chromium); "
              "the report was not checked in a browser")
        sys.exit(77)
    data = os.path.join(source, "tests", "testdata", "population")
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "report.html")
        run = subprocess.run(
            [cli, "report", "--policy", os.path.join(source, "policies", "yingkou-2024"),
             "--as-of", "2024-06-01", "--regions", os.path.join(data, "regions.textproto"),
             "--seed", "7", "--out", page, os.path.join(data, "households.jsonl")],
            capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        if run.returncode != 0:
            fail("povmon report exited %d: %s" % (run.returncode, run.stderr))
        source_html = open(page, encoding="utf-8").read()
        profile = os.path.join(tmp, "profile")
        try:
            browser = subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                 "--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + page],
                capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            fail("chromium did not finish within %d s" % TIMEOUT_SECONDS)
        if browser.returncode != 0:
            fail("chromium exited %d: %s" % (browser.returncode, browser.stderr[-2000:]))
        # "[pid:tid:date:INFO:CONSOLE:1] "message", source: ..." (older builds:
        # "CONSOLE(1)"), at every level: any message at all fails the test.
        console = [line for line in browser.stderr.splitlines()
                   if re.search(r":CONSOLE[:(]\d", line)]
        if console:
            fail("console messages while opening the report:\n" + "\n".join(console))
        dom = browser.stdout
        if "<main>" not in dom:
            fail("chromium rendered no report (DOM: %r)" % dom[:500])

    figures = Figures()
    figures.feed(dom)
    expect = {
        "scope": "示例县",
        "as-of": "2024-06-01",
        "seed": "7",
        "fig-households": "9",
        # yk-01 and yk-06 (unstable lifted-out), yk-04 (marginal).
        "fig-monitored": "3",
        "fig-lifted-out": "6",
        "fig-unresolved": "3",
        # The two unstable households earned 26,000 in the previous May-April year.
        "fig-declined": "2",
        # 河口村's focus-village finding and the county's spot check.
        "flag-count": "2",
    }
    for element_id, want in expect.items():
        got = figures.by_id.get(element_id)
        if got is None:
            fail("no element #%s in the rendered page" % element_id)
        if got.strip() != want:
            fail("#%s reads %r, expected %r" % (element_id, got.strip(), want))
    flagged = figures.rows.get("flagged", [])
    places = [row[1] for row in flagged[1:]]
    if not any(p.startswith("河口村") for p in places) or any(p.startswith("东山村") for p in places):
        fail("flagged places: %r (expected 河口村, 3 of 100 > 2%%, and not 东山村, 3 of 200)" % places)
    if not any("Plan 5 §2(四)1" in row[3] for row in flagged[1:]):
        fail("the focus village's citation Plan 5 §2(四)1 is not shown")
    townships = [row[0] for row in figures.rows.get("townships", [])[1:]]
    if townships != ["东山镇", "西河乡"]:
        fail("township table rows: %r" % townships)
    if figures.scripts or figures.external:
        fail("the page loads scripts or remote resources: %r" % figures.external)
    for personal in ("张秀英", "210881197003041234", "13912345678", "1970-03-04", "yk-01",
                     "21088119650708567X"):
        if personal in source_html or personal in dom:
            fail("personal data %r is in the report" % personal)
    print("PASS: report rendered in chromium without console messages; figures read back")


if __name__ == "__main__":
    main()
