"""Rows for analysts (Policy.rows / to_records), `field` and `line` on every
error, and the type hints (issue 13 §4). Run like test_povmon.py; with
POVMON_CLI set (CTest does), the rows are checked against
`povmon eval --format csv`, value by value."""

import csv
import inspect
import io
import json
import os
import subprocess
import sys
import typing
import unittest

import povmon

SOURCE_DIR = os.environ.get("POVMON_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", "..", ".."))
HUNAN = os.path.join(SOURCE_DIR, "policies", "hunan-2024")
HUNAN_FILE = os.path.join(SOURCE_DIR, "examples", "households", "hunan.jsonl")
AS_OF = "2024-11-30"


class RowsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.policy = povmon.Policy.load(HUNAN)
        with open(HUNAN_FILE, encoding="utf-8") as f:
            cls.lines = f.readlines()
        cls.rows = cls.policy.to_records(cls.lines, as_of=AS_OF)

    @classmethod
    def tearDownClass(cls):
        cls.policy.close()

    def test_one_flat_row_per_household_with_every_column(self):
        self.assertEqual(len(self.rows), len(self.lines))
        for row in self.rows:
            self.assertEqual(tuple(row), povmon.ROW_COLUMNS)
            for value in row.values():
                self.assertIsInstance(value, (str, int, float, bool, type(None)))

    def test_money_in_yuan_and_zeros_filled(self):
        # Plan 4 §2(二)①: 4,500.00 per person, below the 6,500 line, one risk.
        first = self.rows[0]
        self.assertEqual(first["line"], 1)
        self.assertEqual(first["household_id"], "hn-001-unstable-serious-illness")
        self.assertEqual(first["category"], "CATEGORY_UNSTABLE_LIFTED_OUT")
        self.assertEqual(first["per_capita_net_income_yuan"], 4500.0)
        self.assertEqual(first["net_income_yuan"], 13500.0)
        self.assertEqual(first["counted_members"], 3)
        self.assertEqual(first["risk_types"], "RISK_TYPE_ILLNESS")
        self.assertIs(first["excluded"], False)
        self.assertEqual(first["insurance_claims_yuan"], 0.0)   # absent from the JSON
        self.assertEqual(first["error_status"], "")

    def test_a_household_not_decided_has_its_line_field_and_message(self):
        bad = self.rows[30]
        self.assertEqual(bad["line"], 31)
        self.assertEqual(bad["household_id"], "bad-invalid-date")
        self.assertEqual(bad["error_status"], "INVALID_ARGUMENT")
        self.assertEqual(bad["error_field"], "income[2].date")
        self.assertIn("is not a valid date", bad["error_message"])
        self.assertIsNone(bad["category"])
        self.assertIsNone(bad["per_capita_net_income_yuan"])

    def test_rows_are_lazy_and_in_order(self):
        rows = self.policy.rows(iter(self.lines[:3]), as_of=AS_OF)
        self.assertEqual([next(rows)["line"], next(rows)["line"], next(rows)["line"]], [1, 2, 3])
        with self.assertRaises(StopIteration):
            next(rows)

    @unittest.skipUnless(os.environ.get("POVMON_CLI"), "POVMON_CLI not set")
    def test_the_rows_are_the_cli_csv(self):
        out = subprocess.run([os.environ["POVMON_CLI"], "eval", "--format", "csv", "--policy",
                              HUNAN, "--as-of", AS_OF, HUNAN_FILE], capture_output=True,
                             check=False).stdout.decode("utf-8")
        table = list(csv.reader(io.StringIO(out)))
        self.assertEqual(tuple(table[0]), povmon.ROW_COLUMNS)
        self.assertEqual(len(table) - 1, len(self.rows))
        for cells, row in zip(table[1:], self.rows):
            for column, text in zip(table[0], cells):
                value = row[column]
                with self.subTest(line=row["line"], column=column):
                    if value is None:
                        self.assertEqual(text, "")
                    elif isinstance(value, bool):
                        self.assertEqual(text, "true" if value else "false")
                    elif isinstance(value, float):
                        self.assertEqual(float(text), value)
                    else:
                        self.assertEqual(text, str(value))

    def test_pandas_filters_the_records(self):
        # Debian's python3-pandas lives in /usr/bin/python3.
        script = (
            "import json, sys, pandas\n"
            "import povmon\n"
            "with povmon.Policy.load(sys.argv[1]) as policy, open(sys.argv[2]) as f:\n"
            "    frame = pandas.DataFrame.from_records(policy.to_records(f, as_of=sys.argv[3]),\n"
            "                                          columns=povmon.ROW_COLUMNS)\n"
            "decided = frame[frame.error_status == '']\n"
            "below = decided[decided.per_capita_net_income_yuan < 6500]\n"
            "print(json.dumps({'rows': len(frame), 'errors': int((frame.error_status != '').sum()),\n"
            "                  'below': len(below), 'dtype': str(decided.counted_members.dtype),\n"
            "                  'money': str(frame.net_income_yuan.dtype)}))\n")
        for python in ("/usr/bin/python3", sys.executable):
            probe = subprocess.run([python, "-c", "import pandas"], capture_output=True)
            if probe.returncode == 0:
                break
        else:
            self.skipTest("no Python here has pandas (Debian: python3-pandas)")
        env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(povmon.__file__)))
        result = subprocess.run([python, "-c", script, HUNAN, HUNAN_FILE, AS_OF],
                                capture_output=True, env=env)
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        summary = json.loads(result.stdout)
        self.assertEqual(summary["rows"], 32)
        self.assertEqual(summary["errors"], 2)
        expected_below = sum(1 for r in self.rows if r["error_status"] == ""
                             and r["per_capita_net_income_yuan"] < 6500)
        self.assertEqual(summary["below"], expected_below)
        self.assertGreater(summary["below"], 0)
        self.assertEqual(summary["money"], "float64")


class ErrorPositionTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.policy = povmon.Policy.load(HUNAN)

    @classmethod
    def tearDownClass(cls):
        cls.policy.close()

    def test_a_single_evaluation_error_names_its_field(self):
        household = {"id": "x", "members": [{"id": "m1", "registered": True}],
                     "income": [{"date": "2024-02-30", "kind": "INCOME_KIND_WAGE",
                                 "amount_fen": "100"}]}
        with self.assertRaises(povmon.InvalidArgumentError) as caught:
            self.policy.evaluate(household, as_of=AS_OF)
        self.assertEqual(caught.exception.field, "income[0].date")

    def test_batch_errors_carry_their_line(self):
        with open(HUNAN_FILE, encoding="utf-8") as f:
            results = list(self.policy.evaluate_many(f, as_of=AS_OF, trace=povmon.Trace.OFF))
        errors = [r for r in results if isinstance(r, povmon.PovmonError)]
        self.assertEqual([(e.line, e.field) for e in errors],
                         [(31, "income[2].date"), (32, "income[3].amount_fen")])
        # A record decided on its own (a blank line) carries its line too.
        results = list(self.policy.evaluate_many(["", self.lines_first()], as_of=AS_OF))
        self.assertEqual(results[0].line, 1)

    @staticmethod
    def lines_first():
        with open(HUNAN_FILE, encoding="utf-8") as f:
            return f.readline()


class TypeHintsTest(unittest.TestCase):

    def test_the_package_is_typed(self):
        self.assertTrue(os.path.exists(os.path.join(os.path.dirname(povmon.__file__),
                                                    "py.typed")))
        for name in ("load", "evaluate", "evaluate_many", "explain", "rows", "to_records",
                     "with_changes"):
            hints = typing.get_type_hints(getattr(povmon.Policy, name))
            self.assertIn("return", hints, name)
        self.assertEqual(typing.get_type_hints(povmon.Policy.to_records)["return"],
                         typing.List[typing.Dict[str, typing.Any]])
        self.assertIn("household", inspect.signature(povmon.Policy.evaluate).parameters)


if __name__ == "__main__":
    unittest.main()
