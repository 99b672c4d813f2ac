"""The reports of the povmon program through the Python binding (0.3): the
pack summary (povmon check), the pack's own tests (povmon test), the notice
list (povmon notice) and the what-if comparison (povmon whatif)."""

import datetime
import os
import tempfile
import unittest

import povmon

SOURCE_DIR = os.environ.get("POVMON_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", "..", ".."))
HUNAN = os.path.join(SOURCE_DIR, "policies", "hunan-2024")
YINGKOU = os.path.join(SOURCE_DIR, "policies", "yingkou-2024")
HUNAN_HOUSEHOLDS = os.path.join(SOURCE_DIR, "examples", "households", "hunan.jsonl")
YINGKOU_CASES = os.path.join(SOURCE_DIR, "examples", "cases", "yingkou.jsonl")


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line for line in f.read().split("\n") if line.strip()]


class SummaryTest(unittest.TestCase):
    def test_summary_counts_what_the_pack_holds(self):
        with povmon.Policy.load(HUNAN) as policy:
            summary = policy.summary()
            self.assertEqual(summary["id"], "hunan-2024")
            self.assertEqual(summary["label"], HUNAN)
            self.assertEqual(summary["revision"], policy.revision)
            self.assertEqual((summary["valid_from"], summary["valid_until"]),
                             ("2024-01-01", "2024-12-31"))
            self.assertGreater(summary["rules"], 0)
            self.assertGreater(summary["measures"], 0)
            self.assertEqual(summary["changes"], [])
            text = policy.summary_text()
            self.assertTrue(text.startswith(f"{HUNAN}: ok — pack hunan-2024, "
                                            f"{summary['rules']} rules, "
                                            f"{summary['definitions']} definitions, 2024-01-01 to "
                                            f"2024-12-31, revision {policy.revision}\n"))
            self.assertIn(f"  assistance: {summary['measures']} measures", text)

    def test_a_pack_with_a_lifecycle_and_a_calendar_counts_them(self):
        with povmon.Policy.load(YINGKOU) as policy:
            summary = policy.summary()
            self.assertIsNotNone(summary["lifecycle"])
            self.assertGreater(summary["lifecycle"]["procedures"], 0)
            self.assertIsNotNone(summary["calendar_years"])
            self.assertIn(f"; working-day calendar {summary['calendar_years']}",
                          policy.summary_text())

    def test_a_what_if_lists_its_changes(self):
        with povmon.Policy.load(HUNAN) as policy, \
                policy.with_changes({"monitoring_line": 7000}) as what_if:
            self.assertEqual(what_if.summary()["changes"], ["monitoring_line=7000"])
            self.assertEqual(what_if.summary()["revision"], what_if.revision)


class PackTestsTest(unittest.TestCase):
    def test_the_shipped_cases_pass(self):
        with povmon.Policy.load(HUNAN) as policy:
            report = policy.run_tests()
            self.assertEqual(report["pack"], "hunan-2024")
            self.assertEqual(report["failed"], 0)
            self.assertEqual(report["passed"], len(report["cases"]))
            unstable = [c for c in report["cases"]
                        if c["name"] == "unstable lifted-out: ill member, 6,000.00 per person"]
            self.assertEqual(unstable, [{
                "name": "unstable lifted-out: ill member, 6,000.00 per person",
                "citation": "Plan 4 §2(二)①",
                "file": os.path.join(HUNAN, "tests", "identification.textproto"),
                "line": 9, "passed": True, "failures": []}])
            text = policy.run_tests_text()
            self.assertTrue(text.endswith(f"hunan-2024: {report['passed']} passed, 0 failed\n"))

    def test_a_failing_case_is_a_result_and_a_broken_file_an_error(self):
        case = ('case {{ name: "{name}" as_of: "2024-07-01" household {{ id: "x" members {{ '
                'id: "m1" relation: RELATION_HEAD registered: true co_resident: true }} '
                'income {{ date: "2024-03-31" kind: INCOME_KIND_WAGE amount_fen: 600000 }} }} '
                'expect {{ per_capita_net_income_fen: {fen} }} }}\n')
        with tempfile.TemporaryDirectory() as folder, povmon.Policy.load(HUNAN) as policy:
            os.mkdir(os.path.join(folder, "tests"))
            path = os.path.join(folder, "tests", "a.textproto")
            with open(path, "w", encoding="utf-8") as f:
                f.write(case.format(name="right", fen=600000))
                f.write(case.format(name="wrong", fen=1))
            report = policy.run_tests(folder)
            self.assertEqual((report["passed"], report["failed"]), (1, 1))
            self.assertEqual(report["cases"][1]["failures"],
                             ["per-capita net income: expected 0.01 (1 fen), got 6,000.00 "
                              "(600000 fen)"])
            self.assertIn("FAIL wrong\n     at ", policy.run_tests_text(folder))
            with open(path, "w", encoding="utf-8") as f:
                f.write("case {\n  nmae: 1\n}\n")
            with self.assertRaises(povmon.InvalidArgumentError) as caught:
                policy.run_tests(folder)
            self.assertIn("a.textproto:2:", str(caught.exception))
            os.remove(path)
            with self.assertRaises(povmon.NotFoundError):
                policy.run_tests(folder)


class NoticesTest(unittest.TestCase):
    # Plan 10 §3.2: the three notices in force on 2024-10-03, and no phone or
    # ID number, whatever the records hold.
    def test_the_notices_in_force_without_personal_data(self):
        with povmon.Policy.load(YINGKOU) as policy:
            households = read_lines(YINGKOU_CASES)
            notices = policy.notices(households, as_of=datetime.date(2024, 10, 3))
            self.assertIsInstance(notices, povmon.Notices)
            self.assertTrue(notices.document.startswith("\ufeff"))
            self.assertIn('"吳春生"', notices.document)
            self.assertIn('"2024-09-27","2024-10-09"', notices.document)
            self.assertNotIn("13998701234", notices.document)
            self.assertNotIn("210881197203154411", notices.document)
            self.assertEqual(notices.report["notices"], 3)
            self.assertEqual(notices.report["households"], len(households))
            self.assertEqual(notices.report["not_decided"], [])
            html = policy.notices(households, as_of="2024-10-03", format="html").document
            self.assertIn("<table", html)
            self.assertIn("吳春生", html)

    def test_a_household_not_decided_is_reported_by_position(self):
        with povmon.Policy.load(YINGKOU) as policy:
            bad = {"id": "x", "members": [{"id": "m1", "birth_date": "1972-13-15"}]}
            notices = policy.notices([bad, "{not json}"], as_of="2024-10-03")
            self.assertEqual([r["line"] for r in notices.report["not_decided"]], [1, 2])
            self.assertNotIn("1972-13-15", str(notices.report))
            with self.assertRaises(ValueError):
                policy.notices(["  "], as_of="2024-10-03")
            with self.assertRaises(ValueError):
                policy.notices([], as_of="2024-10-03", format="pdf")
            with self.assertRaises(TypeError):
                policy.notices(bad, as_of="2024-10-03")

    def test_line_breaks_and_dates_outside_the_pack(self):
        with povmon.Policy.load(YINGKOU) as policy:
            # A pretty-printed household is one record.
            notices = policy.notices(['{\n  "id": "p"\r\n}'], as_of="2024-10-03")
            self.assertEqual(notices.report["households"], 1)
            # A raw line break inside a string is not JSON: refused, not
            # joined into a valid record.
            with self.assertRaisesRegex(ValueError, "household 1: a raw line break inside a "
                                                    "JSON string"):
                policy.notices(['{"id":"a\nb"}'], as_of="2024-10-03")
            # A date the pack does not answer for refuses the whole run.
            with self.assertRaisesRegex(povmon.OutOfRangeError,
                                        "2030-01-01 is outside the dates of pack yingkou-2024"):
                policy.notices(read_lines(YINGKOU_CASES), as_of="2030-01-01")


class WhatIfComparisonTest(unittest.TestCase):
    # Plan 4 §2(三)'s line raised from 6,500 to 7,000 on the quick-start
    # households: the five at 6,500-6,800 per person come in; the
    # sudden-hardship household whose previous income was 7,000.00 leaves,
    # since 超過 is strict (Plan 4 §2(二)③).
    def test_raising_the_line_to_7000(self):
        households = read_lines(HUNAN_HOUSEHOLDS)
        with povmon.Policy.load(HUNAN) as policy, \
                policy.with_changes({"monitoring_line": 7000}) as what_if:
            report = policy.compare_what_if(what_if, households, as_of="2024-11-30")
            self.assertEqual(report["changes"], [{
                "set": "monitoring_line=7000", "parameter": "monitoring_line",
                "pack_value": "6,500.00", "what_if_value": "7,000.00"}])
            self.assertEqual((report["households"], report["compared"], report["changed"],
                              report["not_decided"]), (32, 30, 6, 2))
            self.assertEqual(report["monitored"], {"pack": 20, "what_if": 24})
            self.assertEqual(report["category_changes"], [
                {"from": "CATEGORY_NONE", "to": "CATEGORY_MARGINAL_AT_RISK", "households": 5},
                {"from": "CATEGORY_SUDDEN_SEVERE_HARDSHIP", "to": "CATEGORY_NONE",
                 "households": 1}])
            exact = [h for h in report["changed_households"]
                     if h["household_id"] == "hn-007-exact-line"]
            self.assertEqual(exact, [{
                "line": 7, "household_id": "hn-007-exact-line",
                "per_capita_net_income_fen": "650000",
                "differences": ["CATEGORY_NONE → CATEGORY_MARGINAL_AT_RISK", "now monitored",
                                "measures 0 → 2",
                                "ELIMINATION_STATUS_NOT_MONITORED → "
                                "ELIMINATION_STATUS_NEWLY_IDENTIFIED"]}])
            text = policy.compare_what_if_text(what_if, households, as_of="2024-11-30")
            self.assertIn("6 of 30 decided differently\nmonitored: 20 → 24\n", text)
            records = policy.compare_what_if_records(what_if, households,
                                                     as_of=datetime.date(2024, 11, 30))
            self.assertEqual(len(records), 32)
            self.assertTrue(records[6]["changed"])
            self.assertEqual(records[6]["what_if"]["category"], "CATEGORY_MARGINAL_AT_RISK")
            self.assertEqual(records[30]["error"]["status"], "INVALID_ARGUMENT")

    def test_bad_calls(self):
        with povmon.Policy.load(HUNAN) as policy:
            with self.assertRaises(TypeError):
                policy.compare_what_if("not a policy", [], as_of="2024-11-30")
            with self.assertRaises(povmon.InvalidArgumentError):
                policy.compare_what_if(policy, [], as_of="2024-02-30")
            with self.assertRaises(povmon.OutOfRangeError):
                policy.compare_what_if(policy, [], as_of="2025-01-01")


if __name__ == "__main__":
    unittest.main()
