"""unittest suite of the povmon Python binding, against the shipped Hunan
pack (Plan 4). Run with POVMON_LIBRARY naming the built libpovmon.so and
POVMON_SOURCE_DIR the source tree (CTest povmon_python_unittest sets both)."""

import ctypes
import datetime
import decimal
import io
import json
import os
import random
import re
import threading
import unittest

import povmon

SOURCE_DIR = os.environ.get("POVMON_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", "..", ".."))
HUNAN = os.path.join(SOURCE_DIR, "policies", "hunan-2024")
HOUSEHOLDS = os.path.join(SOURCE_DIR, "examples", "households")
AS_OF = "2024-07-01"  # the date the Hunan pack's own tests use

# Plan 4 §2(二)①: lifted out, a seriously ill member, 6,000.00 per person.
UNSTABLE = {
    "id": "hn-unstable", "lifted_out": True, "lifted_out_year": 2019,
    "members": [
        {"id": "m1", "relation": "RELATION_HEAD", "registered": True, "co_resident": True,
         "labour_capacity": "LABOUR_CAPACITY_FULL"},
        {"id": "m2", "relation": "RELATION_SPOUSE", "registered": True, "co_resident": True,
         "labour_capacity": "LABOUR_CAPACITY_PARTIAL", "health": {"serious_illness": True}},
        {"id": "m3", "relation": "RELATION_CHILD", "registered": True, "co_resident": True,
         "labour_capacity": "LABOUR_CAPACITY_NONE",
         "schooling": {"stage": "SCHOOL_STAGE_PRIMARY"}},
    ],
    "income": [
        {"date": "2024-03-31", "kind": "INCOME_KIND_WAGE", "amount_fen": "1500000"},
        {"date": "2023-12-31", "kind": "INCOME_KIND_BUSINESS", "amount_fen": "300000"},
    ],
    "housing": "HOUSING_SAFETY_SAFE", "water": "WATER_SAFETY_SAFE",
}

# Plan 4 §2(二)②: an ordinary household in a dangerous house, 5,500.00 per person.
MARGINAL = {
    "id": "hn-marginal",
    "members": [
        {"id": "m1", "relation": "RELATION_HEAD", "registered": True, "co_resident": True,
         "labour_capacity": "LABOUR_CAPACITY_FULL"},
        {"id": "m2", "relation": "RELATION_SPOUSE", "registered": True, "co_resident": True,
         "labour_capacity": "LABOUR_CAPACITY_FULL"},
    ],
    "income": [{"date": "2024-01-15", "kind": "INCOME_KIND_WAGE", "amount_fen": "1100000"}],
    "housing": "HOUSING_SAFETY_UNSAFE", "water": "WATER_SAFETY_SAFE",
}


# Plan 4 §2(二)② with 6,800.00 per person: above the Hunan pack's monitoring
# line of 6,500 (Plan 4 §2(三)), below 7,000.
HOUSEHOLD_6800 = dict(
    MARGINAL, id="hn-6800",
    income=[{"date": "2024-01-15", "kind": "INCOME_KIND_WAGE", "amount_fen": "1360000"}])


def _varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _field(number, value):
    """A protobuf field: int → varint, bytes/str → length-delimited."""
    if isinstance(value, int):
        return _varint(number << 3) + _varint(value)
    data = value.encode() if isinstance(value, str) else value
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def marginal_proto():
    """MARGINAL as serialized povmon.v1.Household, by household.proto's numbers."""
    members = b""
    for member_id, relation in (("m1", 1), ("m2", 2)):
        member = (_field(1, member_id) + _field(5, relation) + _field(6, 1) + _field(7, 1) +
                  _field(8, 1))
        members += _field(5, member)
    income = _field(1, "2024-01-15") + _field(3, 1) + _field(4, 1100000)
    return _field(1, "hn-marginal") + members + _field(6, income) + _field(11, 2) + _field(12, 1)


BAD_PACK = {
    "pack.textproto":
        'id: "bad"\ntitle_en: "A pack with two mistakes"\n'
        'description: "A type error and a rule without a citation."\n'
        'source: "Plan 4"\nvalid_from: "2024-01-01"\nvalid_until: "2024-12-31"\n'
        'income {\n  window { kind: WINDOW_KIND_ROLLING_12_MONTHS }\n'
        '  counted_kinds: [INCOME_KIND_WAGE]\n  members: MEMBER_COUNTING_REGISTERED\n'
        '  citation: "Plan 7 §3(一)"\n}\n'
        'parameter_files: "parameters.textproto"\nrule_files: "rules.textproto"\n',
    "parameters.textproto":
        'parameter {\n  name: "monitoring_line"\n  type: PARAMETER_TYPE_MONEY\n'
        '  description: "Monitoring line"\n  citation: "Plan 4 §2(三)"\n'
        '  value { from: "2024-01-01" yuan: "6500.00" }\n}\n',
    "rules.textproto":
        'rule {\n  id: "category.marginal"\n  citation: "Plan 4 §2(二)"\n'
        '  description_zh: "人均純收入低於監測線"\n'
        '  description_en: "Per-capita net income below the line"\n'
        '  when: "facts.per_capita_net_income_fen < 6500"\n'
        '  category: CATEGORY_MARGINAL_AT_RISK\n}\n'
        'rule {\n  id: "risk.illness"\n  description_zh: "家庭成員患大病"\n'
        '  description_en: "A member has a serious illness"\n'
        '  when: "any(household.members, m, m.health.serious_illness)"\n'
        '  risk: RISK_TYPE_ILLNESS\n}\n',
}


def _parses(text):
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


def read_lines(name):
    with open(os.path.join(HOUSEHOLDS, name), encoding="utf-8") as f:
        return [line for line in f.read().splitlines() if line.strip()]


class PolicyTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.policy = povmon.Policy.load(HUNAN)

    @classmethod
    def tearDownClass(cls):
        cls.policy.close()

    # -------------------------------------------------------------- version

    def test_binding_and_library_versions_match_version_h(self):
        with open(os.path.join(SOURCE_DIR, "include", "povmon", "version.h")) as f:
            version = re.search(r'#define POVMON_VERSION_STRING "([^"]+)"', f.read()).group(1)
        self.assertEqual(povmon.__version__, version)
        self.assertEqual(povmon.library_version(), version)

    # -------------------------------------------------------------- loading

    def test_load_reads_the_pack_id_revision_and_dates(self):
        self.assertEqual(self.policy.id, "hunan-2024")
        self.assertRegex(self.policy.revision, r"^[0-9a-f]{64}$")
        self.assertEqual(self.policy.valid_from, datetime.date(2024, 1, 1))
        self.assertEqual(self.policy.valid_until, datetime.date(2024, 12, 31))

    def test_policy_is_a_context_manager_and_closes(self):
        with povmon.Policy.load(HUNAN) as policy:
            self.assertFalse(policy.closed)
            self.assertEqual(policy.evaluate(MARGINAL, as_of=AS_OF)["household_id"],
                             "hn-marginal")
        self.assertTrue(policy.closed)
        with self.assertRaisesRegex(ValueError, "povmon.Policy hunan-2024 is closed"):
            policy.evaluate(MARGINAL, as_of=AS_OF)
        with self.assertRaises(ValueError):
            policy.explain({})
        policy.close()  # twice is harmless

    def test_missing_pack_raises_not_found(self):
        with self.assertRaises(povmon.NotFoundError) as caught:
            povmon.Policy.load(os.path.join(SOURCE_DIR, "policies", "no-such-pack"))
        self.assertEqual(caught.exception.code, 5)
        self.assertEqual(caught.exception.status, "NOT_FOUND")
        self.assertIn("no-such-pack", caught.exception.message)
        self.assertIsInstance(caught.exception, FileNotFoundError)

    def test_pack_with_problems_lists_every_one_with_positions(self):
        with self.assertRaises(povmon.PolicyLoadError) as caught:
            povmon.Policy.from_files(BAD_PACK, label="mem")
        error = caught.exception
        self.assertEqual(error.code, 3)
        self.assertIsInstance(error, povmon.InvalidArgumentError)
        self.assertEqual(len(error.problems), 2)
        first, second = error.problems
        self.assertEqual((first.file, first.line), ("mem/rules.textproto", 6))
        self.assertGreaterEqual(first.column, 10)
        self.assertIn("category.marginal", first.message)
        self.assertEqual(second, povmon.Problem("mem/rules.textproto", 9, 1,
                                                'rule "risk.illness" has no citation'))
        self.assertIn('mem/rules.textproto:9:1: rule "risk.illness" has no citation',
                      error.message)

    def test_from_files_loads_the_same_pack_as_the_directory(self):
        files = {}
        for name in ("pack.textproto", "parameters.textproto", "rules.textproto"):
            with open(os.path.join(HUNAN, name), "rb") as f:
                files[name] = f.read()
        for name in os.listdir(HUNAN):
            path = os.path.join(HUNAN, name)
            if os.path.isfile(path) and name not in files:
                with open(path, "rb") as f:
                    files[name] = f.read()
        with povmon.Policy.from_files(files, label="hunan") as policy:
            self.assertEqual(policy.id, "hunan-2024")
            self.assertEqual(policy.revision, self.policy.revision)
            self.assertEqual(policy.evaluate(UNSTABLE, as_of=AS_OF),
                             self.policy.evaluate(UNSTABLE, as_of=AS_OF))

    # -------------------------------------------------------------- evaluate

    def test_evaluate_decides_an_unstable_lifted_out_household(self):
        decision = self.policy.evaluate(UNSTABLE, as_of=AS_OF)
        self.assertEqual(decision["household_id"], "hn-unstable")
        self.assertEqual(decision["pack_id"], "hunan-2024")
        self.assertEqual(decision["pack_revision"], self.policy.revision)
        self.assertEqual(decision["as_of"], AS_OF)
        identification = decision["identification"]
        self.assertEqual(identification["category"], "CATEGORY_UNSTABLE_LIFTED_OUT")
        self.assertEqual(identification["category_rule_id"], "p4.category.unstable_lifted_out")
        self.assertIn("RISK_TYPE_ILLNESS", identification["risk_types"])
        self.assertEqual(decision["facts"]["per_capita_net_income_fen"], "600000")
        self.assertEqual(decision["facts"]["counted_members"], 3)
        fired = {entry["rule_id"]: entry["citation"] for entry in decision["trace"]}
        self.assertEqual(fired["p4.category.unstable_lifted_out"], "Plan 4 §2(二)①")

    def test_dict_str_and_proto_bytes_give_the_same_decision(self):
        from_dict = self.policy.evaluate(MARGINAL, as_of=AS_OF)
        from_str = self.policy.evaluate(json.dumps(MARGINAL, indent=2), as_of=AS_OF)
        from_proto = self.policy.evaluate(marginal_proto(), as_of=datetime.date(2024, 7, 1))
        self.assertEqual(from_dict["identification"]["category"], "CATEGORY_MARGINAL_AT_RISK")
        self.assertEqual(from_dict["facts"]["per_capita_net_income_fen"], "550000")
        self.assertEqual(from_str, from_dict)
        self.assertEqual(from_proto, from_dict)

    def test_evaluate_to_bytes_returns_a_serialized_decision(self):
        data = self.policy.evaluate_to_bytes(marginal_proto(), as_of=AS_OF)
        self.assertIsInstance(data, bytes)
        # Decision.household_id is field 1, written first.
        self.assertTrue(data.startswith(b"\x0a\x0bhn-marginal"))
        self.assertEqual(data, self.policy.evaluate_to_bytes(MARGINAL, as_of=AS_OF))

    def test_trace_levels(self):
        off = self.policy.evaluate(UNSTABLE, as_of=AS_OF, trace=povmon.Trace.OFF)
        rules = self.policy.evaluate(UNSTABLE, as_of=AS_OF)
        full = self.policy.evaluate(UNSTABLE, as_of=AS_OF, trace="full")
        self.assertNotIn("trace", off)
        self.assertEqual(off["identification"], rules["identification"])
        self.assertTrue(all(entry["fired"] for entry in rules["trace"]))
        self.assertGreater(len(full["trace"]), len(rules["trace"]))
        not_fired = [e for e in full["trace"] if not e.get("fired")]
        self.assertIn("p4.risk.unsafe_housing", [e["rule_id"] for e in not_fired])
        self.assertTrue(any("compared" in e for e in full["trace"]))
        with self.assertRaisesRegex(ValueError, "trace must be 'off', 'rules' or 'full'"):
            self.policy.evaluate(UNSTABLE, as_of=AS_OF, trace="verbose")
        with self.assertRaises(ValueError):
            self.policy.evaluate(UNSTABLE, as_of=AS_OF, trace=7)

    # -------------------------------------------------------------- bad input

    def test_bad_households_raise_clear_errors(self):
        cases = [
            ('{"id":"x","members":[', "malformed JSON"),
            ("", "input is empty"),
            ("\ud800", "not valid UTF-8"),
            ({"id": "bad-date", "members": [{"id": "a", "registered": True,
                                              "birth_date": "2024-02-30"}]},
             'members[0].birth_date: "2024-02-30" is not a valid date'),
            ({"id": "x", "annual_income_yuan": 5}, "annual_income_yuan"),
            ({"id": "empty"}, "no counted members"),
            (b"\x0a\x7f\x01", "input is not a serialized povmon.v1.Household"),
        ]
        for household, message in cases:
            with self.subTest(household=household):
                with self.assertRaises(povmon.InvalidArgumentError) as caught:
                    self.policy.evaluate(household, as_of=AS_OF)
                self.assertEqual(caught.exception.code, 3)
                self.assertIn(message, caught.exception.message)
                self.assertIsInstance(caught.exception, ValueError)

    def test_dates_outside_the_pack_raise_out_of_range(self):
        with self.assertRaises(povmon.OutOfRangeError) as caught:
            self.policy.evaluate(MARGINAL, as_of="2025-01-01")
        self.assertEqual(caught.exception.code, 11)
        self.assertEqual(caught.exception.message,
                         "as-of date 2025-01-01 is outside the dates of pack hunan-2024 "
                         "(2024-01-01 to 2024-12-31)")

    def test_bad_arguments_raise(self):
        with self.assertRaises(povmon.InvalidArgumentError) as caught:
            self.policy.evaluate(MARGINAL, as_of="2024-02-30")
        self.assertEqual(caught.exception.message,
                         'povmon_options_set_as_of: "2024-02-30" is not a valid date '
                         "(expected YYYY-MM-DD)")
        with self.assertRaises(TypeError):
            self.policy.evaluate(42, as_of=AS_OF)
        with self.assertRaises(TypeError):
            self.policy.evaluate(MARGINAL, as_of=20240701)
        with self.assertRaises(TypeError):
            self.policy.evaluate(MARGINAL)  # as_of is required

    def test_random_bytes_never_crash(self):
        rng = random.Random(5)
        outcomes = set()
        for _ in range(300):
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
            try:
                self.policy.evaluate(data, as_of=AS_OF)
                outcomes.add("decided")
            except povmon.PovmonError as error:
                outcomes.add(error.status)
        self.assertIn("INVALID_ARGUMENT", outcomes)

    # -------------------------------------------------------------- many

    def test_evaluate_many_gives_one_result_per_household_in_order(self):
        hunan = read_lines("hunan.jsonl")
        bad = read_lines("bad.jsonl")
        items = ([hunan[0], UNSTABLE, marginal_proto(), b"\x0a\x7f\x01"] + bad +
                 ["", json.dumps(MARGINAL, indent=1)] + hunan[1:])
        results = list(self.policy.evaluate_many(items, as_of="2024-11-30", batch_size=4))
        self.assertEqual(len(results), len(items))
        self.assertEqual(results[0]["household_id"], json.loads(hunan[0])["id"])
        self.assertEqual(results[1]["household_id"], "hn-unstable")
        self.assertEqual(results[2]["household_id"], "hn-marginal")
        self.assertIsInstance(results[3], povmon.InvalidArgumentError)
        self.assertEqual(results[3].index, 3)
        failed = 0
        for offset, line in enumerate(bad):
            result = results[4 + offset]
            household_id = re.match(r'\{"id":"([^"]+)"', line).group(1)
            if isinstance(result, povmon.PovmonError):
                failed += 1
                self.assertEqual(result.index, 4 + offset)
                self.assertEqual(result.household_id, household_id)
            else:
                self.assertEqual(result["household_id"], household_id)
        self.assertGreaterEqual(failed, 4)  # bad.jsonl is there to fail
        blank = results[4 + len(bad)]
        self.assertIsInstance(blank, povmon.InvalidArgumentError)
        self.assertIn("input is empty", blank.message)
        self.assertEqual(results[5 + len(bad)]["household_id"], "hn-marginal")
        for line, result in zip(hunan[1:], results[6 + len(bad):]):
            if isinstance(result, dict):
                self.assertEqual(result["household_id"], json.loads(line)["id"])
        # Each decision equals the single-household answer.
        self.assertEqual(results[1], self.policy.evaluate(UNSTABLE, as_of="2024-11-30"))

    def test_evaluate_many_bad_date_error_carries_the_field(self):
        bad_date = {"id": "bad-date", "members": [{"id": "a", "registered": True,
                                                   "birth_date": "2024-02-30"}]}
        results = list(self.policy.evaluate_many([MARGINAL, bad_date], as_of=AS_OF))
        error = results[1]
        self.assertIsInstance(error, povmon.InvalidArgumentError)
        self.assertEqual((error.index, error.household_id, error.field),
                         (1, "bad-date", "members[0].birth_date"))

    def test_evaluate_many_takes_the_lines_of_an_open_file(self):
        path = os.path.join(HOUSEHOLDS, "bad.jsonl")
        with open(path, encoding="utf-8") as f:
            results = list(self.policy.evaluate_many(f, as_of=AS_OF))
        ids = [re.match(r'\{"id":"([^"]+)"', line).group(1) for line in read_lines("bad.jsonl")]
        self.assertEqual(len(results), len(ids))
        for index, (household_id, result) in enumerate(zip(ids, results)):
            self.assertIsInstance(result, povmon.InvalidArgumentError)
            self.assertEqual((result.index, result.household_id), (index, household_id))

    def test_evaluate_many_streams(self):
        consumed = []

        def households():
            for i in range(50):
                consumed.append(i)
                yield dict(MARGINAL, id=f"hn-{i}")

        stream = self.policy.evaluate_many(households(), as_of=AS_OF, batch_size=10)
        first = next(stream)
        self.assertEqual(first["household_id"], "hn-0")
        self.assertLessEqual(len(consumed), 11)  # one batch, plus the one that closed it
        self.assertEqual([r["household_id"] for r in stream], [f"hn-{i}" for i in range(1, 50)])

    def test_evaluate_many_can_raise_at_the_first_bad_household(self):
        stream = self.policy.evaluate_many([MARGINAL, {"id": "empty"}, UNSTABLE], as_of=AS_OF,
                                           errors="raise")
        self.assertEqual(next(stream)["household_id"], "hn-marginal")
        with self.assertRaises(povmon.InvalidArgumentError) as caught:
            next(stream)
        self.assertEqual(caught.exception.index, 1)
        self.assertEqual(caught.exception.household_id, "empty")
        with self.assertRaises(ValueError):
            self.policy.evaluate_many([], as_of=AS_OF, errors="ignore")

    # -------------------------------------------------------------- batch runs

    def _hunan_bytes(self, copies):
        """`copies` copies of the example households under fresh ids (less
        the two at the end of the file that are there to fail)."""
        lines = [line for line in read_lines("hunan.jsonl") if '"id":"bad-' not in line]
        out = []
        for k in range(copies):
            for line in lines:
                out.append(line.replace('{"id":"', '{"id":"c%d-' % k, 1))
        return ("\n".join(out) + "\n").encode("utf-8")

    def test_evaluate_jsonl_gives_one_result_per_line_with_line_numbers(self):
        hunan = read_lines("hunan.jsonl")
        bad = read_lines("bad.jsonl")
        text = "\n".join(hunan[:3]) + "\n\n  \t\n" + "\n".join(bad) + "\r\n" + \
            "\n".join(hunan[3:]) + "\n"
        data = text.encode("utf-8")
        expected = list(self.policy.evaluate_many(hunan[:3] + bad + hunan[3:],
                                                  as_of="2024-11-30"))
        for chunk_bytes in (1 << 22, 500, 1):
            for source in (data, bytearray(data), memoryview(data), io.BytesIO(data)):
                results = list(self.policy.evaluate_jsonl(source, as_of="2024-11-30",
                                                          chunk_bytes=chunk_bytes))
                self.assertEqual(len(results), len(expected))
                for index, (got, want) in enumerate(zip(results, expected)):
                    if isinstance(want, dict):
                        self.assertEqual(got, want)
                        continue
                    self.assertIsInstance(got, type(want))
                    self.assertEqual((got.index, got.message, got.household_id, got.field),
                                     (index, want.message, want.household_id, want.field))
                    # Lines of the file: 3 households, 2 blank lines, then bad.jsonl.
                    self.assertEqual(got.line, 6 + index - 3)

    def test_evaluate_jsonl_outputs_json_bytes_or_protobuf_without_a_round_trip(self):
        data = self._hunan_bytes(2)
        dicts = list(self.policy.evaluate_jsonl(data, as_of="2024-11-30"))
        raw = list(self.policy.evaluate_jsonl(data, as_of="2024-11-30", output="json"))
        proto = list(self.policy.evaluate_jsonl(data, as_of="2024-11-30", output="proto"))
        self.assertEqual(len(dicts), 60)
        self.assertEqual(len(raw), 60)
        self.assertEqual(len(proto), 60)
        lines = data.decode("utf-8").splitlines()
        for line, d, r, p in zip(lines, dicts, raw, proto):
            self.assertIsInstance(r, bytes)
            self.assertEqual(json.loads(r), d)
            self.assertIsInstance(p, bytes)
            self.assertEqual(p, self.policy.evaluate_to_bytes(line, as_of="2024-11-30"))
        # The same households through evaluate_many give the same bytes.
        many = list(self.policy.evaluate_many(lines, as_of="2024-11-30",
                                              output="json", batch_size=7))
        self.assertEqual(many, raw)
        many_proto = list(self.policy.evaluate_many(lines, as_of="2024-11-30",
                                                    output="proto"))
        self.assertEqual(many_proto, proto)

    def test_evaluate_jsonl_dicts_are_each_decisions_json_parsed_on_its_own(self):
        # dict output parses a chunk's decisions in one json.loads; each dict
        # must equal its own decision's JSON parsed alone, errors in place.
        hunan = read_lines("hunan.jsonl")
        bad = read_lines("bad.jsonl")
        data = ("\n".join(hunan[:5] + bad + hunan[5:] + bad[:1]) + "\n").encode("utf-8")
        for chunk_bytes in (1 << 22, 3000):
            dicts = list(self.policy.evaluate_jsonl(data, as_of="2024-11-30", chunk_bytes=chunk_bytes))
            raw = list(self.policy.evaluate_jsonl(data, as_of="2024-11-30", output="json",
                                                  chunk_bytes=chunk_bytes))
            self.assertEqual(len(dicts), len(hunan) + len(bad) + 1)
            self.assertEqual(len(dicts), len(raw))
            for got, want in zip(dicts, raw):
                if isinstance(want, bytes):
                    self.assertIsInstance(got, dict)
                    self.assertEqual(list(got), list(json.loads(want)))
                    self.assertEqual(got, json.loads(want))
                else:
                    self.assertIsInstance(got, povmon.PovmonError)
                    self.assertEqual((got.index, got.line, got.message, got.field),
                                     (want.index, want.line, want.message, want.field))

    def _batch_output(self, data, output_format):
        """The library's whole output for data in one povmon_batch_evaluate
        call (the C ABI's own buffer, freed by the binding), as bytes."""
        from povmon import _native
        from povmon._policy import _BatchRun
        run = _BatchRun(self.policy, "2024-11-30", povmon.Trace.RULES, 1)
        try:
            return run.evaluate(_native.FORMAT_JSON, data, output_format)
        finally:
            run.close()

    def test_evaluate_jsonl_json_and_proto_are_the_library_bytes_in_any_pieces(self):
        # json and proto results are made from the run's reused block as they
        # are consumed (json a piece at a time): whatever the chunks and the
        # pieces, the results put back together are the bytes one
        # povmon_batch_evaluate call writes, error records in the middle
        # included, on one or two workers.
        from povmon import _native, _policy
        bad = read_lines("bad.jsonl")
        good = self._hunan_bytes(3).decode("utf-8").splitlines()
        data = ("\n".join(good[:40] + bad + good[40:]) + "\n").encode("utf-8")
        whole_json = self._batch_output(data, _native.FORMAT_JSON)
        whole_proto = self._batch_output(data, _native.FORMAT_PROTO)
        self.assertEqual(whole_json.count(b'{"index":'), len(bad))
        piece_bytes = _policy._PIECE_BYTES
        try:
            for pieces in (piece_bytes, 4096, 97):  # 97: every line longer than a piece
                _policy._PIECE_BYTES = pieces
                for chunk_bytes, jobs in ((1 << 22, 1), (20000, 2), (1, 1)):
                    results = list(self.policy.evaluate_jsonl(
                        data, as_of="2024-11-30", output="json", jobs=jobs,
                        chunk_bytes=chunk_bytes))
                    self.assertEqual(len(results), len(good) + len(bad))
                    errors = [r for r in results if isinstance(r, povmon.PovmonError)]
                    self.assertEqual([e.index for e in errors],
                                     list(range(40, 40 + len(bad))))
                    lines = whole_json.split(b"\n")[:-1]
                    for got, line in zip(results, lines):
                        if isinstance(got, bytes):
                            self.assertEqual(got, line)
                        else:
                            self.assertEqual(got.message,
                                             json.loads(line)["error"]["message"])
        finally:
            _policy._PIECE_BYTES = piece_bytes
        for chunk_bytes in (1 << 22, 20000):
            results = list(self.policy.evaluate_jsonl(data, as_of="2024-11-30",
                                                      output="proto", chunk_bytes=chunk_bytes))
            self.assertEqual(b"".join(r for r in results if isinstance(r, bytes)),
                             b"".join(r for r in _policy._proto_results(whole_proto)
                                      if isinstance(r, bytes)))
            self.assertEqual([r.index for r in results if isinstance(r, povmon.PovmonError)],
                             list(range(40, 40 + len(bad))))

    def test_evaluate_many_takes_its_results_from_the_runs_reused_block(self):
        # evaluate_many decides each batch with povmon_batch_evaluate_view (the
        # output stays in the run's block, no buffer made and freed per batch)
        # and gives the same results as the library's own buffer: decisions,
        # and errors with the caller's index, line and household id, across
        # batches, a str with a lone surrogate among them.
        from povmon import _native, _policy
        bad = read_lines("bad.jsonl")
        good = self._hunan_bytes(2).decode("utf-8").splitlines()
        lines = good[:25] + bad + ["\ud800"] + good[25:]
        data = ("\n".join(good[:25] + bad) + "\n").encode("utf-8")
        whole = self._batch_output(data, _native.FORMAT_JSON).split(b"\n")[:-1]
        whole_proto = _policy._proto_results(self._batch_output(data, _native.FORMAT_PROTO))
        fresh_buffer = _policy._BatchRun.evaluate

        def refused(*args, **kwargs):
            raise AssertionError("evaluate_many made a buffer per batch")
        _policy._BatchRun.evaluate = refused
        try:
            for output in ("json", "proto", "dict"):
                results = list(self.policy.evaluate_many(lines, as_of="2024-11-30",
                                                         output=output, batch_size=9))
                self.assertEqual(len(results), len(lines))
                errors = [(r.index, r.line, r.household_id) for r in results
                          if isinstance(r, povmon.PovmonError)]
                # A protobuf error record carries no household id: it is read
                # from the household's JSON, when that parses.
                ids = [json.loads(record).get("household_id")
                       if output != "proto" or _parses(line) else None
                       for record, line in zip(whole[25:], bad)]
                self.assertEqual(errors[:len(bad)],
                                 [(25 + k, 26 + k, ids[k]) for k in range(len(bad))])
                self.assertEqual(errors[len(bad):], [(25 + len(bad), 26 + len(bad), None)])
                self.assertIn("not valid UTF-8", results[25 + len(bad)].message)
                for got, want, want_proto in zip(results[:25], whole, whole_proto):
                    if output == "json":
                        self.assertEqual(got, want)
                    elif output == "dict":
                        self.assertEqual(got, json.loads(want))
                    else:
                        self.assertEqual(got, want_proto)
                self.assertEqual(len(results[26 + len(bad):]), len(good) - 25)
        finally:
            _policy._BatchRun.evaluate = fresh_buffer

    def test_evaluate_many_hands_the_library_a_few_mb_at_a_time_in_one_buffer(self):
        # A batch ends at batch_size households or before _BATCH_BYTES (a
        # household bigger than that goes alone), and every batch of a call
        # is laid out in the same reused buffer: the results are those of
        # one batch of everything, JSON and protobuf households alike.
        from povmon import _policy
        lines = self._hunan_bytes(2).decode("utf-8").splitlines()
        proto = [marginal_proto()] * 5
        want = list(self.policy.evaluate_many(lines + proto, as_of="2024-11-30",
                                              output="json", batch_size=10000))
        cap, view = _policy._BATCH_BYTES, _policy._BatchRun.evaluate_view
        calls = []

        def recorded(run, input_format, data, output_format, start=0, end=None):
            calls.append((len(data), ctypes.addressof(data)))
            return view(run, input_format, data, output_format, start, end)
        longest = max(len(line.encode("utf-8")) for line in lines)
        _policy._BATCH_BYTES = 3 * longest
        _policy._BatchRun.evaluate_view = recorded
        try:
            got = list(self.policy.evaluate_many(lines + proto, as_of="2024-11-30",
                                                 output="json", batch_size=10000))
        finally:
            _policy._BATCH_BYTES, _policy._BatchRun.evaluate_view = cap, view
        self.assertEqual(got, want)
        total = sum(len(line.encode("utf-8")) + 1 for line in lines)
        self.assertGreater(len(calls) - 1, total // (3 * longest))  # besides the protobuf one
        self.assertTrue(all(size < 3 * longest for size, _ in calls), calls)
        # One buffer: once it has grown to its largest, every batch starts where it does.
        self.assertEqual(calls[-2][1], calls[-1][1])

    def test_evaluate_jsonl_results_outlive_the_block_they_came_from(self):
        # The run writes every chunk into the same block: a result kept from
        # the first chunk must not change when later chunks overwrite it.
        data = self._hunan_bytes(4)
        expected = list(self.policy.evaluate_jsonl(data, as_of="2024-11-30", output="json"))
        for output in ("json", "proto"):
            results = self.policy.evaluate_jsonl(data, as_of="2024-11-30", output=output,
                                                 chunk_bytes=3000)
            first = next(results)
            copy = bytes(first)
            rest = list(results)
            self.assertEqual(len(rest), len(expected) - 1)
            self.assertEqual(first, copy)
            if output == "json":
                self.assertEqual(first, expected[0])
                self.assertEqual(rest, expected[1:])

    def test_evaluate_jsonl_stopped_midway_frees_its_run(self):
        # A consumer that stops in the middle of a chunk (an exception, or
        # errors="raise" at a bad line) closes the run; the policy then runs
        # again and closes cleanly.
        bad = read_lines("bad.jsonl")
        good = self._hunan_bytes(2).decode("utf-8").splitlines()
        data = ("\n".join(good[:10] + bad[:1] + good[10:]) + "\n").encode("utf-8")

        class Stop(Exception):
            pass

        for output in ("json", "proto", "dict"):
            seen = 0
            with self.assertRaises(Stop):
                for _ in self.policy.evaluate_jsonl(data, as_of="2024-11-30", output=output,
                                                    chunk_bytes=5000):
                    seen += 1
                    if seen == 5:
                        raise Stop()
            with self.assertRaises(povmon.InvalidArgumentError) as caught:
                for _ in self.policy.evaluate_jsonl(data, as_of="2024-11-30", output=output,
                                                    errors="raise"):
                    pass
            self.assertEqual(caught.exception.index, 10)
            self.assertEqual(len(list(self.policy.evaluate_jsonl(
                data, as_of="2024-11-30", output=output))), len(good) + 1)
        with povmon.Policy.load(HUNAN) as policy:
            results = policy.evaluate_jsonl(data, as_of="2024-11-30", output="json",
                                            chunk_bytes=5000)
            next(results)
        # The policy closed with the generator still open: it ends cleanly.
        results.close()

    def test_evaluate_jsonl_proto_output_errors_carry_index_and_field(self):
        data = b'{"id":"a","members":[{"id":"m","registered":true,' \
               b'"birth_date":"2024-02-30"}]}\n' + json.dumps(MARGINAL).encode() + b"\n"
        results = list(self.policy.evaluate_jsonl(data, as_of=AS_OF, output="proto"))
        self.assertIsInstance(results[0], povmon.InvalidArgumentError)
        self.assertEqual((results[0].index, results[0].field), (0, "members[0].birth_date"))
        self.assertIsInstance(results[1], bytes)

    def test_evaluate_jsonl_takes_bytes_not_str(self):
        with self.assertRaises(TypeError):
            self.policy.evaluate_jsonl("{}\n", as_of=AS_OF)
        with open(os.path.join(HOUSEHOLDS, "hunan.jsonl"), encoding="utf-8") as f:
            with self.assertRaises(TypeError):
                list(self.policy.evaluate_jsonl(f, as_of=AS_OF))
        with open(os.path.join(HOUSEHOLDS, "hunan.jsonl"), "rb") as f:
            self.assertEqual(len(list(self.policy.evaluate_jsonl(f, as_of="2024-11-30"))),
                             len(read_lines("hunan.jsonl")))
        with self.assertRaises(ValueError):
            self.policy.evaluate_jsonl(b"", as_of=AS_OF, output="xml")
        for jobs in (-1, 257, 1.5, True):
            with self.assertRaises(ValueError):
                self.policy.evaluate_jsonl(b"", as_of=AS_OF, jobs=jobs)
        self.assertEqual(list(self.policy.evaluate_jsonl(b"", as_of=AS_OF)), [])

    def test_duplicate_household_ids_get_a_warning(self):
        line = json.dumps(MARGINAL).encode()
        results = list(self.policy.evaluate_jsonl(line + b"\n\n" + line + b"\n", as_of=AS_OF))
        self.assertNotIn("warnings", results[0])
        self.assertEqual(results[1]["warnings"], [{
            "code": "WARNING_CODE_DUPLICATE_HOUSEHOLD_ID",
            "message": 'household id "hn-marginal" was already used by record 0 (line 1) '
                       "of this batch",
            "first_index": "0", "first_line": "1", "field": "id"}])
        many = list(self.policy.evaluate_many([MARGINAL, UNSTABLE, MARGINAL], as_of=AS_OF,
                                              batch_size=1))
        self.assertNotIn("warnings", many[1])
        self.assertEqual(many[2]["warnings"][0]["code"], "WARNING_CODE_DUPLICATE_HOUSEHOLD_ID")
        empty = {"id": "empty", "members": []}
        errors = list(self.policy.evaluate_many([empty, empty], as_of=AS_OF))
        self.assertEqual(errors[0].warnings, [])
        self.assertEqual(errors[1].warnings[0]["first_index"], "0")

    def _max_threads_during(self, work):
        """The most threads this process had while work() ran, and before."""
        def count():
            return len(os.listdir("/proc/self/task"))
        before = count()
        seen = [before]
        done = threading.Event()

        def watch():
            while not done.is_set():
                seen.append(count())
                done.wait(0.0005)
        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            work()
        finally:
            done.set()
            watcher.join()
        return max(seen), before

    def _assert_threads_during(self, work, workers, msg):
        """work() runs on `workers` threads of its own, besides the watcher.

        A run of a few dozen households lasts milliseconds, and on a loaded
        machine the watcher can miss a worker that came and went between two
        looks: a count below the expected one is looked at again (up to five
        runs); one above it fails at once."""
        for _ in range(5):
            most, before = self._max_threads_during(work)
            self.assertLessEqual(most, before + 1 + workers, msg)
            if most == before + 1 + workers:
                return
        self.assertEqual(most, before + 1 + workers, msg)

    @unittest.skipUnless(os.path.isdir("/proc/self/task"), "needs /proc")
    def test_batch_calls_run_on_every_worker(self):
        data = self._hunan_bytes(60)
        households = data.decode("utf-8").splitlines()
        for jobs in (1, 2, 4):
            # A worker per job (none for one: the caller decides).
            workers = jobs if jobs > 1 else 0
            self._assert_threads_during(
                lambda: list(self.policy.evaluate_jsonl(data, as_of="2024-11-30",
                                                        output="json", jobs=jobs)),
                workers, jobs)
            self._assert_threads_during(
                lambda: list(self.policy.evaluate_many(households, as_of="2024-11-30",
                                                       output="json", jobs=jobs)),
                workers, jobs)
        # jobs=None: one worker per core.
        cores = os.cpu_count() or 1
        self._assert_threads_during(
            lambda: list(self.policy.evaluate_jsonl(data, as_of="2024-11-30", output="json")),
            cores if cores > 1 else 0, "jobs=None")

    # -------------------------------------------------------------- explain

    def test_explain_cites_the_rules(self):
        decision = self.policy.evaluate(UNSTABLE, as_of=AS_OF)
        text = self.policy.explain(decision)
        self.assertIn("Household hn-unstable", text)
        self.assertIn("脱贫不稳定户", text)
        self.assertIn("p4.category.unstable_lifted_out", text)
        self.assertIn("Plan 4 §2(二)①", text)
        as_bytes = self.policy.evaluate_to_bytes(UNSTABLE, as_of=AS_OF)
        self.assertEqual(self.policy.explain(as_bytes), text)
        tampered = dict(decision, pack_revision="0" * 64)
        with self.assertRaises(povmon.FailedPreconditionError) as caught:
            self.policy.explain(tampered)
        self.assertEqual(caught.exception.code, 9)
        with self.assertRaises(povmon.InvalidArgumentError):
            self.policy.explain(b"\x0a\x7f")
        with self.assertRaises(TypeError):
            self.policy.explain(3)

    # -------------------------------------------------------------- what-if

    def test_with_changes_raising_the_line_to_7000_monitors_a_6800_household(self):
        # Plan 4 §2(三): below the monitoring line (strictly), a household with a
        # risk is monitored. What if the line rises to 7,000?
        with self.policy.with_changes(["monitoring_line=7000"]) as what_if:
            self.assertIsInstance(what_if, povmon.Policy)
            self.assertEqual(what_if.id, "hunan-2024")
            self.assertEqual(what_if.changes, ("monitoring_line=7000",))
            self.assertEqual(self.policy.changes, ())
            self.assertRegex(what_if.revision, r"^[0-9a-f]{64}$")
            self.assertNotEqual(what_if.revision, self.policy.revision)
            self.assertEqual((what_if.valid_from, what_if.valid_until),
                             (self.policy.valid_from, self.policy.valid_until))
            self.assertIn("what-if monitoring_line=7000", repr(what_if))
            before = self.policy.evaluate(HOUSEHOLD_6800, as_of="2024-11-30")
            after = what_if.evaluate(HOUSEHOLD_6800, as_of="2024-11-30")
            self.assertEqual(before["facts"]["per_capita_net_income_fen"], "680000")
            self.assertEqual(before["identification"]["category"], "CATEGORY_NONE")
            self.assertNotIn("what_if", before)
            self.assertEqual(after["identification"]["category"], "CATEGORY_MARGINAL_AT_RISK")
            self.assertEqual(after["what_if"], ["monitoring_line=7000"])
            self.assertEqual(after["pack_revision"], what_if.revision)
            self.assertIn("WHAT-IF, not the plans' parameters: monitoring_line=7000",
                          what_if.explain(after))
            # The pack does not take the variant's decision for its own.
            with self.assertRaises(povmon.FailedPreconditionError):
                self.policy.explain(after)
            many = list(what_if.evaluate_many([HOUSEHOLD_6800, MARGINAL], as_of="2024-11-30"))
            self.assertEqual([d["identification"]["category"] for d in many],
                             ["CATEGORY_MARGINAL_AT_RISK", "CATEGORY_MARGINAL_AT_RISK"])
            self.assertEqual([d["what_if"] for d in many], [["monitoring_line=7000"]] * 2)
        self.assertTrue(what_if.closed)
        self.assertFalse(self.policy.closed)

    def test_with_changes_takes_a_dict_a_str_or_lines(self):
        # Plan 4 §2(三)'s line as a dict value, from a date on.
        with self.policy.with_changes({"monitoring_line": 7000}) as from_dict, \
                self.policy.with_changes("monitoring_line=7000\r\n\n") as from_text:
            self.assertEqual(from_dict.changes, ("monitoring_line=7000",))
            self.assertEqual(from_text.revision, from_dict.revision)
        with self.policy.with_changes({"monitoring_line": decimal.Decimal("6900.50")},
                                      from_=datetime.date(2024, 7, 1)) as dated:
            self.assertEqual(dated.changes, ("monitoring_line=6900.50@2024-07-01",))
            self.assertEqual(dated.evaluate(HOUSEHOLD_6800, as_of="2024-06-30")
                             ["identification"]["category"], "CATEGORY_NONE")
            self.assertEqual(dated.evaluate(HOUSEHOLD_6800, as_of="2024-11-30")
                             ["identification"]["category"], "CATEGORY_MARGINAL_AT_RISK")
            # A variant of a variant keeps the first change: a schedule.
            with dated.with_changes({"monitoring_line": 6700.0}, from_="2024-10-01") as again:
                self.assertEqual(again.changes, ("monitoring_line=6900.50@2024-07-01",
                                                 "monitoring_line=6700.0@2024-10-01"))
                decision = again.evaluate(HOUSEHOLD_6800, as_of="2024-11-30")
                self.assertEqual(decision["identification"]["category"], "CATEGORY_NONE")
                self.assertEqual(decision["what_if"], list(again.changes))
        with self.policy.with_changes({"min_monitoring_months": 12,
                                       "large_rigid_expenditure_bp": 4000}) as several:
            self.assertEqual(several.changes, ("min_monitoring_months=12",
                                               "large_rigid_expenditure_bp=4000"))

    def test_with_changes_bad_changes_raise_with_every_problem(self):
        with self.assertRaises(povmon.PolicyLoadError) as caught:
            self.policy.with_changes(["monitoring_line", "monitoring_line=7,000",
                                      "large_rigid_expenditure_bp=half",
                                      "monitoring_line=7000@2023-12-31"])
        error = caught.exception
        self.assertEqual((error.code, error.status), (3, "INVALID_ARGUMENT"))
        self.assertIsInstance(error, povmon.InvalidArgumentError)
        self.assertEqual(error.problems, [
            povmon.Problem("changes", 1, 1, 'what-if "monitoring_line": write NAME=VALUE or '
                                            "NAME=VALUE@YYYY-MM-DD"),
            povmon.Problem("what-if monitoring_line=7,000", 0, 0,
                           'parameter "monitoring_line": "7,000" is not an amount in yuan '
                           "(at most two decimals)"),
            povmon.Problem("what-if large_rigid_expenditure_bp=half", 0, 0,
                           'parameter "large_rigid_expenditure_bp" is '
                           'PARAMETER_TYPE_BASIS_POINTS: "half" is not a whole number'),
            povmon.Problem("what-if monitoring_line=7000@2023-12-31", 0, 0,
                           'from "2023-12-31" is not a date within the pack\'s dates '
                           "(2024-01-01 to 2024-12-31)"),
        ])
        self.assertEqual(error.message.splitlines()[0],
                         'changes:1:1: what-if "monitoring_line": write NAME=VALUE or '
                         "NAME=VALUE@YYYY-MM-DD")
        with self.assertRaises(povmon.PolicyLoadError) as caught:
            self.policy.with_changes({"monitoring_lin": 7000})
        self.assertTrue(caught.exception.message.startswith(
            'what-if monitoring_lin=7000: the pack has no parameter "monitoring_lin" (it has: '),
            caught.exception.message)
        self.assertIn("monitoring_line", caught.exception.message)
        with self.assertRaises(povmon.PolicyLoadError) as caught:
            self.policy.with_changes({"monitoring_line": True})
        self.assertEqual(caught.exception.message,
                         'what-if monitoring_line=true: parameter "monitoring_line": "true" '
                         "is not an amount in yuan (at most two decimals)")

    def test_with_changes_bad_arguments(self):
        cases = [([], "povmon_policy_with_changes: changes is empty"),
                 ({}, "povmon_policy_with_changes: changes is empty"),
                 (["", " "], "povmon_policy_with_changes: changes holds only blank lines; "
                             "write NAME=VALUE or NAME=VALUE@YYYY-MM-DD, one per line"),
                 (["monitoring_line=7\ud800"],
                  "povmon_policy_with_changes: changes is not valid UTF-8")]
        for changes, message in cases:
            with self.subTest(changes=changes):
                with self.assertRaises(povmon.InvalidArgumentError) as caught:
                    self.policy.with_changes(changes)
                self.assertNotIsInstance(caught.exception, povmon.PolicyLoadError)
                self.assertEqual(caught.exception.code, 3)
                self.assertEqual(caught.exception.message, message)
                self.assertEqual(caught.exception.problems, [])
        for changes in (42, [7000], b"monitoring_line=7000", {"monitoring_line": [7000]},
                        {"monitoring_line": datetime.datetime(2024, 7, 1)}, {7: "7000"}):
            with self.subTest(changes=changes):
                with self.assertRaises(TypeError):
                    self.policy.with_changes(changes)
        with self.assertRaisesRegex(TypeError, "from_ goes with a dict"):
            self.policy.with_changes(["monitoring_line=7000"], from_="2024-07-01")
        closed = povmon.Policy.load(HUNAN)
        closed.close()
        with self.assertRaisesRegex(ValueError, "is closed"):
            closed.with_changes(["monitoring_line=7000"])

    # -------------------------------------------------------------- threads

    def test_threads_share_one_policy_and_agree_with_one_thread(self):
        households = [json.loads(line) for line in read_lines("hunan.jsonl")]
        expected = []
        for household in households:
            try:
                expected.append(self.policy.evaluate(household, as_of="2024-11-30",
                                                     trace="full"))
            except povmon.PovmonError as error:
                expected.append(error.message)
        mismatches = []

        def work(seed):
            order = list(range(len(households)))
            random.Random(seed).shuffle(order)
            for i in order * 3:
                try:
                    got = self.policy.evaluate(households[i], as_of="2024-11-30", trace="full")
                except povmon.PovmonError as error:
                    got = error.message
                if got != expected[i]:
                    mismatches.append(i)

        threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(mismatches, [])

    def test_closing_while_other_threads_evaluate_is_safe(self):
        policy = povmon.Policy.load(HUNAN)
        outcomes = []
        started = threading.Barrier(5)

        def work():
            started.wait()
            decided = 0
            try:
                while True:
                    policy.evaluate(UNSTABLE, as_of=AS_OF)
                    decided += 1
            except ValueError as error:  # closed
                outcomes.append((decided, str(error)))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        started.wait()
        policy.evaluate(MARGINAL, as_of=AS_OF)  # the others are running meanwhile
        policy.close()
        for thread in threads:
            thread.join()
        self.assertEqual(len(outcomes), 4)
        for _, message in outcomes:
            self.assertEqual(message, "povmon.Policy hunan-2024 is closed")
        self.assertEqual(policy._in_flight, 0)
        self.assertIsNone(policy._handle)


if __name__ == "__main__":
    unittest.main()
