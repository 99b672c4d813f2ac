"""povmon.dask on a distributed.LocalCluster of two worker processes, in
Debian's own Python with python3-dask and python3-distributed (exit 77,
skipped, with the reason when they are absent).

The same generated Hunan households (with a line that is not JSON, a
household with an impossible date and a blank line among them) are decided
by `povmon eval --summary FILE --seed 7` and by the cluster: the report is
byte for byte the program's summary file and the decisions, collected in
order, byte for byte its output: from a list of files (and the summary
alone, without decisions), and from a dask.bag of about 100 partitions while
one worker process is killed mid-run (nothing lost, nothing decided twice
into the output, no temporary file left). Each worker loads the pack once.

    python3 dask_run_test.py   (environment: POVMON_CLI, POVMON_POPULATION,
                                POVMON_SOURCE_DIR, POVMON_LIBRARY, PYTHONPATH)
"""

import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

# Debian's tornado warns about its own event loop use on every cluster start.
warnings.filterwarnings("ignore", category=DeprecationWarning)

try:
    import dask.bag as db
    from distributed import Client, LocalCluster
except ImportError as missing:
    print(f"SKIPPED: povmon.dask's cluster test needs Debian's python3-dask and "
          f"python3-distributed in {sys.executable} ({missing}); scripts/install-deps.sh "
          "installs them")
    sys.exit(77)

import povmon
import povmon.dask

CLI = os.environ["POVMON_CLI"]
GENERATOR = os.environ["POVMON_POPULATION"]
SOURCE = os.environ["POVMON_SOURCE_DIR"]
HUNAN = os.path.join(SOURCE, "policies", "hunan-2024")
AS_OF = "2024-11-30"
HOUSEHOLDS = 3000


def collected(outputs):
    data = b""
    for path in outputs:
        with open(path, "rb") as f:
            data += f.read()
    return data


class DaskRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        generated = subprocess.run([GENERATOR, "--n", str(HOUSEHOLDS), "--seed", "20240601",
                                    "--as_of", AS_OF], capture_output=True, check=True).stdout
        lines = generated.decode("utf-8").split("\n")[:-1]
        lines.insert(700, '{"id": "not-json", "members": [')
        lines.insert(1500, "")
        lines.insert(2300, '{"id":"impossible-date","members":[{"birth_date":"1966-02-30"}]}')
        cls.lines = lines
        cls.input = os.path.join(cls.scratch.name, "all.jsonl")
        with open(cls.input, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        summary = os.path.join(cls.scratch.name, "summary.json")
        cli = subprocess.run([CLI, "eval", "--policy", HUNAN, "--as-of", AS_OF, "--summary",
                              summary, "--seed", "7", "--jobs", "1", cls.input],
                             capture_output=True)
        assert cli.returncode == 2, cli.stderr  # two households not decided
        cls.expected_decisions = cli.stdout
        with open(summary, encoding="utf-8") as f:
            cls.expected_summary = f.read()
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.CRITICAL)
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        cls.scratch.cleanup()

    def folder(self, name):
        return os.path.join(self.scratch.name, name)

    def check_run(self, run, output):
        self.assertEqual(run.report_json, self.expected_summary)
        self.assertEqual(run.report["summary"]["households_failed"], "2")
        self.assertEqual(collected(run.outputs), self.expected_decisions)
        self.assertEqual(run.lines, len(self.lines))
        # Nothing else in the folder: no second copy, no temporary left.
        self.assertEqual(sorted(os.listdir(output)),
                         sorted(os.path.basename(p) for p in run.outputs))

    def test_a_list_of_files(self):
        files = []
        for number, start in enumerate(range(0, len(self.lines), 800)):
            path = self.folder(f"in-{number}.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(self.lines[start:start + 800]) + "\n")
            files.append(path)
        output = self.folder("from-files")
        run = povmon.dask.run(files, HUNAN, as_of=AS_OF, seed=7, output=output, jobs=1,
                              split_every=2, client=self.client)
        self.check_run(run, output)
        self.assertEqual(run.partitions, len(files))
        self.assertEqual(run.revision, povmon.Policy.load(HUNAN).revision)
        # Each worker process loaded the pack once, however many partitions.
        # (A worker restarted after the other test's kill may have none.)
        loads = self.client.run(povmon.dask.loaded_packs)
        for worker, packs in loads.items():
            self.assertIn(packs, ({}, {HUNAN: 1}), worker)
        self.assertIn({HUNAN: 1}, list(loads.values()))
        # Without decisions: the same summary; and an output folder already
        # holding decisions is refused.
        alone = povmon.dask.run(files, HUNAN, as_of=AS_OF, seed=7, jobs=1, client=self.client)
        self.assertEqual(alone.report_json, self.expected_summary)
        self.assertEqual(alone.outputs, [])
        with self.assertRaises(FileExistsError):
            povmon.dask.summarize(files, HUNAN, as_of=AS_OF, seed=7, output=output)

    def test_a_bag_with_a_worker_killed_mid_run(self):
        bag = db.from_sequence(self.lines, npartitions=100)
        output = self.folder("from-bag")
        graph = povmon.dask.summarize(bag, HUNAN, as_of=AS_OF, seed=7, output=output, jobs=1)
        future = self.client.compute(graph)
        deadline = time.time() + 60
        while time.time() < deadline and not any(n.startswith("part-")
                                                  for n in os.listdir(output)):
            time.sleep(0.002)
        self.assertFalse(future.done(), "the run ended before a worker could be killed")
        pids = self.client.run(os.getpid)
        busy = [worker for worker, keys in self.client.processing().items() if keys]
        self.assertTrue(busy, "no worker was deciding when the kill came")
        victim = busy[0]
        os.kill(pids[victim], signal.SIGKILL)
        result = future.result(timeout=120)
        run = povmon.dask.Run(result["report_json"], result["summary"], result["outputs"],
                              result["revision"], result["partitions"], result["lines"], 7)
        self.check_run(run, output)
        self.assertEqual(run.partitions, bag.npartitions)
        self.assertGreater(bag.npartitions, 50)
        # One result line per input line, in order, with the error records
        # numbered in the whole input.
        decisions = collected(run.outputs).split(b"\n")[:-1]
        self.assertEqual(len(decisions), len(self.lines) - 1)  # the blank line is no record
        self.assertTrue(decisions[700].startswith(b'{"index":700,"line":701,'))

    def test_bad_arguments(self):
        with self.assertRaises(TypeError):
            povmon.dask.summarize(self.input, HUNAN, as_of=AS_OF)
        with self.assertRaises(ValueError):
            povmon.dask.summarize([self.input], HUNAN, as_of=AS_OF, seed=-1)
        with self.assertRaises(ValueError):
            povmon.dask.summarize([self.input], HUNAN, as_of=AS_OF, split_every=1)
        with self.assertRaises(ValueError):
            povmon.dask.summarize([], HUNAN, as_of=AS_OF)
        # A bag element holding two lines cannot keep one result per line.
        bag = db.from_sequence([self.lines[0] + "\n" + self.lines[1]], npartitions=1)
        with self.assertRaisesRegex(ValueError, "partition 0, element 0: holds a line break"):
            povmon.dask.run(bag, HUNAN, as_of=AS_OF, seed=7, client=self.client)


if __name__ == "__main__":
    unittest.main(verbosity=2)
