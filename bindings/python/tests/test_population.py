"""Population summaries in pieces through the Python binding (0.3):
Policy.summarize_jsonl, povmon.merge_summaries and Policy.population_report
against the file `povmon eval --summary FILE --seed 7` writes for the whole
input, and the decisions against the program's standard output."""

import io
import json
import os
import subprocess
import tempfile
import unittest

import povmon

SOURCE_DIR = os.environ.get("POVMON_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CLI = os.environ.get("POVMON_CLI")
HUNAN = os.path.join(SOURCE_DIR, "policies", "hunan-2024")
YINGKOU = os.path.join(SOURCE_DIR, "policies", "yingkou-2024")
HUNAN_HOUSEHOLDS = os.path.join(SOURCE_DIR, "examples", "households", "hunan.jsonl")
POPULATION = os.path.join(SOURCE_DIR, "tests", "testdata", "population")


def povmon_eval(pack, as_of, households, *extra):
    """(decisions, summary file) of `povmon eval --summary --seed 7`."""
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "summary.json")
        run = subprocess.run([CLI, "eval", "--policy", pack, "--as-of", as_of, "--summary", path,
                              "--seed", "7", *extra, households], capture_output=True)
        if run.returncode not in (0, 2):
            raise AssertionError(run.stderr.decode())
        with open(path, encoding="utf-8") as f:
            return run.stdout, f.read()


def pieces(data, cuts):
    """data cut after the given line counts."""
    lines = data.split(b"\n")
    out, last = [], 0
    for cut in list(cuts) + [len(lines)]:
        out.append(b"\n".join(lines[last:cut]) + (b"\n" if cut < len(lines) else b""))
        last = cut
    return out


@unittest.skipIf(CLI is None, "POVMON_CLI is not set (the povmon program to compare with)")
class PopulationTest(unittest.TestCase):
    def test_the_whole_file_gives_what_povmon_eval_writes(self):
        decisions, expected = povmon_eval(HUNAN, "2024-11-30", HUNAN_HOUSEHOLDS)
        with open(HUNAN_HOUSEHOLDS, "rb") as f:
            data = f.read()
        with povmon.Policy.load(HUNAN) as policy:
            out = io.BytesIO()
            summary = policy.summarize_jsonl(data, as_of="2024-11-30", seed=7, jobs=2,
                                             decisions=out)
            self.assertIsInstance(summary, bytes)
            self.assertEqual(out.getvalue(), decisions)
            self.assertEqual(policy.population_report(summary, as_of="2024-11-30",
                                                      output="json"), expected)
            report = policy.population_report(summary, as_of="2024-11-30")
            self.assertEqual(report, json.loads(expected))
            # Some example records are broken on purpose: counted as failed.
            self.assertGreater(int(report["summary"]["households_failed"]), 0)
            # A file read in small chunks: the same decisions and summary.
            out = io.BytesIO()
            with open(HUNAN_HOUSEHOLDS, "rb") as f:
                chunked = policy.summarize_jsonl(f, as_of="2024-11-30", seed=7, decisions=out,
                                                 chunk_bytes=1000)
            self.assertEqual(out.getvalue(), decisions)
            self.assertEqual(chunked, summary)
            # A serialized PopulationReport: the summary is inside it.
            self.assertIn(summary, policy.population_report(summary, as_of="2024-11-30",
                                                            output="proto"))

    def test_pieces_merged_in_any_grouping_give_the_whole(self):
        households = os.path.join(POPULATION, "households.jsonl")
        regions_path = os.path.join(POPULATION, "regions.textproto")
        _, expected = povmon_eval(YINGKOU, "2024-06-01", households, "--regions", regions_path)
        with open(households, "rb") as f:
            data = f.read()
        with open(regions_path, encoding="utf-8") as f:
            regions = f.read()
        with povmon.Policy.load(YINGKOU) as policy:
            for summary_format in ("proto", "json"):
                with self.subTest(summary_format=summary_format):
                    a, b, c = [policy.summarize_jsonl(piece, as_of="2024-06-01", seed=7, jobs=1,
                                                      summary_format=summary_format)
                               for piece in pieces(data, [3, 4])]
                    flat = povmon.merge_summaries([a, b, c])
                    tree = povmon.merge_summaries([povmon.merge_summaries([c, a]), b])
                    self.assertEqual(flat, tree)
                    self.assertIsInstance(flat, bytes if summary_format == "proto" else str)
                    self.assertEqual(policy.population_report(flat, as_of="2024-06-01",
                                                              regions=regions, output="json"),
                                     expected)
                    self.assertNotEqual(policy.population_report(flat, as_of="2024-06-01",
                                                                 output="json"), expected)
            # JSON summaries are the proto3 JSON mapping.
            text = policy.summarize_jsonl(data, as_of="2024-06-01", seed=7, summary_format="json")
            self.assertEqual(json.loads(text)["sample_seed"], "7")
            self.assertEqual(json.loads(text)["households_decided"], "9")

    def test_no_households_is_the_empty_summary(self):
        with povmon.Policy.load(HUNAN) as policy:
            empty = policy.summarize_jsonl(b"", as_of="2024-11-30", seed=7, summary_format="json")
            self.assertEqual(json.loads(empty).get("households_decided", "0"), "0")
            with open(HUNAN_HOUSEHOLDS, "rb") as f:
                full = policy.summarize_jsonl(f.read(), as_of="2024-11-30", seed=7,
                                              summary_format="json")
            self.assertEqual(povmon.merge_summaries([empty, full]), full)

    def test_what_does_not_combine_is_refused(self):
        with open(HUNAN_HOUSEHOLDS, "rb") as f:
            data = f.read()
        with povmon.Policy.load(HUNAN) as policy:
            one = policy.summarize_jsonl(data, as_of="2024-11-30", seed=1)
            two = policy.summarize_jsonl(data, as_of="2024-11-30", seed=2)
            with self.assertRaises(povmon.InvalidArgumentError) as caught:
                povmon.merge_summaries([one, two])
            self.assertIn("summaries[1]: ", str(caught.exception))
            with self.assertRaises(povmon.InvalidArgumentError) as caught:
                povmon.merge_summaries([one, b"\xff\xff not a summary"])
            self.assertIn("summaries[1]: not a serialized povmon.v1.PopulationSummary",
                          str(caught.exception))
            with self.assertRaises(TypeError):
                povmon.merge_summaries([one, "{}"])
            with self.assertRaises(ValueError):
                povmon.merge_summaries([])
            with self.assertRaises(TypeError):
                povmon.merge_summaries(one)
            for seed in (-1, 1 << 64, "7", True):
                with self.assertRaises(ValueError):
                    policy.summarize_jsonl(data, as_of="2024-11-30", seed=seed)
            with self.assertRaises(ValueError):
                policy.summarize_jsonl(data, as_of="2024-11-30", seed=7, summary_format="xml")
            with self.assertRaises(TypeError):
                policy.summarize_jsonl(data, as_of="2024-11-30", seed=7, decisions="out.jsonl")
            with self.assertRaises(povmon.InvalidArgumentError) as caught:
                policy.population_report(one, as_of="2024-11-30", regions="region { code: }")
            self.assertIn("regions:1:", str(caught.exception))
            with self.assertRaises(povmon.OutOfRangeError):
                policy.population_report(one, as_of="2031-01-01")
            with self.assertRaises(ValueError):
                policy.population_report(one, as_of="2024-11-30", output="csv")


if __name__ == "__main__":
    unittest.main()
