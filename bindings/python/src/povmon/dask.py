"""povmon.dask: a province's monitoring run on a Dask cluster.

The households are decided where the data lives, partition by partition:
each worker process loads the pack once (and keeps it), decides its
partitions through the batch runner on its own cores, writes each
partition's decisions as a JSON Lines file beside the others (one result
line per input line, in order) and hands back the partition's population
summary, a mergeable partial. The partials are added up in a tree and the
pack's population rules run over the whole, so the report is exactly the
file a single machine's ``povmon eval --summary FILE --seed SEED`` writes
for the same households::

    from dask.distributed import Client
    import povmon.dask

    client = Client("tcp://scheduler.example:8786")
    run = povmon.dask.run(["/shared/2024-11/county-01.jsonl", ...],
                          "/shared/packs/hunan-2024", as_of="2024-11-30", seed=20241130,
                          output="/shared/2024-11/decisions")
    run.report_json  # the file `povmon eval --summary` writes
    run.report       # the same as a dict

The pack folder, the input files and the output folder must be at the same
path on every worker (shared storage), and every worker needs libpovmon
(the povmon wheel, or POVMON_LIBRARY). Needs Dask and distributed (Debian:
python3-dask, python3-distributed).

A worker that dies mid-run loses nothing: Dask runs its partitions again
elsewhere, and a partition's decisions file is written under a temporary
name and renamed into place once complete, so a partition decided twice is
written once, whole.
"""

import collections
import os
import random
import re
import threading
import uuid
from typing import Any, Dict, List, Optional, Sequence, Union

import dask
import dask.bag
from dask.delayed import Delayed, delayed

from ._policy import Policy, Trace, _as_of_text, _check_jobs, _check_seed, _trace_level
from ._policy import merge_summaries

__all__ = ["Run", "run", "summarize"]

# ------------------------------------------------------------------ on a worker

_lock = threading.Lock()
_policies: Dict[str, Policy] = {}
# How many times this process loaded each pack (the test checks "once").
_loads: Dict[str, int] = collections.Counter()


def _policy(pack: str) -> Policy:
    """The pack, loaded once per process and kept for the process's life."""
    with _lock:
        policy = _policies.get(pack)
        if policy is None:
            policy = Policy.load(pack)
            _policies[pack] = policy
            _loads[pack] += 1
        return policy


def loaded_packs() -> Dict[str, int]:
    """How many times this process has loaded each pack folder (1 each: the
    cache works). Call it on the workers with ``client.run``."""
    with _lock:
        return dict(_loads)


_ERROR_RECORD = re.compile(rb'(?m)^\{"index":(\d+),"line":(\d+)')
_PART = "part-{:05d}.jsonl"


def _lines_of(partition, number) -> bytes:
    """A bag partition's elements (str or bytes, one JSON line each, with
    or without its line ending) as JSON Lines."""
    out = []
    for position, element in enumerate(partition):
        if isinstance(element, str):
            element = element.encode("utf-8", "surrogateescape")
        elif not isinstance(element, (bytes, bytearray)):
            raise TypeError(f"partition {number}, element {position}: a "
                            f"{type(element).__name__}; the bag holds JSON lines (str or bytes)")
        if element.endswith(b"\n"):
            element = element[:-1]
        if b"\n" in element:
            raise ValueError(f"partition {number}, element {position}: holds a line break; "
                             "a bag of JSON Lines has one household per element")
        out.append(bytes(element))
    return b"".join(line + b"\n" for line in out)


def _line_count(data: bytes) -> int:
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


class _Scanner:
    """Writes decisions through to a file, noting the error records' local
    index and line (for renumbering) and counting the lines."""

    def __init__(self, out):
        self.out = out
        self.records = 0
        self.errors = []

    def write(self, chunk):
        if b'{"index":' in chunk:  # decisions never start so; skip the scan without errors
            for match in _ERROR_RECORD.finditer(chunk):
                self.errors.append((int(match.group(1)), int(match.group(2))))
        self.records += chunk.count(b"\n")
        self.out.write(chunk)


def _decide_partition(source, number, spec):
    """Decide one partition (a bag partition's lines, or a file's path);
    returns (summary, facts about the partition)."""
    policy = _policy(spec["pack"])
    if isinstance(source, str):
        with open(source, "rb") as f:
            data = f.read()
    else:
        data = _lines_of(source, number)
    facts = {"number": number, "lines": _line_count(data), "revision": policy.revision,
             "path": None, "records": None, "errors": []}
    options = dict(as_of=spec["as_of"], seed=spec["seed"], trace=spec["trace"],
                   jobs=spec["jobs"])
    if spec["output"] is None:
        return policy.summarize_jsonl(data, **options), facts
    path = os.path.join(spec["output"], _PART.format(number))
    temporary = os.path.join(spec["output"],
                             f".{_PART.format(number)}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "wb") as f:
            scanner = _Scanner(f)
            summary = policy.summarize_jsonl(data, decisions=scanner, **options)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    facts.update(path=path, records=scanner.records, errors=scanner.errors)
    return summary, facts


def _merge(summaries):
    return merge_summaries(summaries)


def _renumber(path, errors, index_offset, line_offset):
    """Give the error records of a partition's file their place in the
    whole input (as one `povmon eval` over all of it numbers them).
    Idempotent: the numbers come from the partition's own, not the file."""
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    for index, line in errors:
        lines[index] = _ERROR_RECORD.sub(
            b'{"index":%d,"line":%d' % (index + index_offset, line + line_offset), lines[index],
            count=1)
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    with open(temporary, "wb") as f:
        f.write(b"\n".join(lines))
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


def _finish(summary, facts, spec):
    """On a worker: the report of the merged summary, the partitions'
    error records renumbered, stray temporary files of dead workers
    removed."""
    revisions = {f["revision"] for f in facts}
    if len(revisions) > 1:
        by_revision = collections.defaultdict(list)
        for f in facts:
            by_revision[f["revision"]].append(f["number"])
        raise RuntimeError(
            f"the pack at {spec['pack']} is not the same on every worker: " +
            "; ".join(f"revision {r[:12]} decided partitions {sorted(n)[:10]}"
                      for r, n in sorted(by_revision.items())) +
            " (the pack folder must hold the same files at the same path on every worker)")
    policy = _policy(spec["pack"])
    if facts and policy.revision not in revisions:
        raise RuntimeError(f"the pack at {spec['pack']} changed during the run (revision "
                           f"{policy.revision[:12]} now, {revisions.pop()[:12]} when decided)")
    report_json = policy.population_report(summary, as_of=spec["as_of"],
                                           regions=spec["regions"], output="json")
    outputs = []
    if spec["output"] is not None:
        records = lines = 0
        for f in sorted(facts, key=lambda f: f["number"]):
            if f["errors"] and (records or lines):
                _renumber(f["path"], f["errors"], records, lines)
            records += f["records"]
            lines += f["lines"]
            outputs.append(f["path"])
        for name in os.listdir(spec["output"]):
            if name.startswith(".part-") and name.endswith(".tmp"):
                try:
                    os.unlink(os.path.join(spec["output"], name))
                except OSError:
                    pass
    return {"summary": summary, "report_json": report_json, "outputs": outputs,
            "revision": policy.revision, "partitions": len(facts),
            "lines": sum(f["lines"] for f in facts)}


# ------------------------------------------------------------------ the client

class Run(collections.namedtuple("Run", ["report_json", "summary", "outputs", "revision",
                                         "partitions", "lines", "seed"])):
    """What a run gives: ``report_json`` (str) is the file ``povmon eval
    --summary FILE --seed SEED`` writes for the same households, byte for
    byte; ``summary`` the merged povmon.v1.PopulationSummary (serialized);
    ``outputs`` the decisions files in input order (empty without
    ``output``); ``revision`` the pack revision that decided; ``partitions``
    and ``lines`` what was read; ``seed`` the spot-check seed."""

    __slots__ = ()

    @property
    def report(self) -> Dict[str, Any]:
        """The report as a dict (the proto3 JSON mapping of
        povmon.v1.PopulationReport)."""
        import json
        return json.loads(self.report_json)


def summarize(source: Union[dask.bag.Bag, Sequence[Union[str, "os.PathLike[str]"]]],
              pack: Union[str, "os.PathLike[str]"], *, as_of, seed: Optional[int] = None,
              output: Optional[Union[str, "os.PathLike[str]"]] = None,
              regions: Optional[str] = None, trace=Trace.RULES, jobs: Optional[int] = None,
              split_every: int = 8, overwrite: bool = False) -> Delayed:
    """The run as a Dask graph, not yet computed (``run`` computes it): a
    Delayed whose result is the dict behind a Run.

    source: a dask.bag.Bag of JSON lines (str or bytes, one household each,
    with or without the line ending; blank lines are counted, not decided,
    as ``povmon eval`` does), or a list of JSON Lines files (paths readable
    at the same path on every worker; each file is one partition).

    pack: the pack folder, at the same path on every worker. as_of: the
    date to decide as of. seed: the spot-check seed (0 to 2**64-1; a random
    one when None, given back in Run.seed). output: a folder (created when
    missing, shared by every worker) for the decisions, part-00000.jsonl ...
    one per partition in input order, each line the result of the input
    line at the same place, as ``povmon eval`` writes it; error records
    carry their index and line in the whole input. None writes no decisions
    (faster). A folder already holding part files is refused unless
    overwrite. regions: the text of a county's region file (``povmon eval
    --regions``). jobs: threads per partition (None: every core of the
    worker; with several worker processes on one machine give
    cores/processes). split_every: how many summaries each merge task adds
    up."""
    as_of = _as_of_text(as_of)
    _trace_level(trace)
    jobs = _check_jobs(jobs)
    if seed is None:
        seed = random.SystemRandom().getrandbits(64)
    seed = _check_seed(seed)
    if isinstance(split_every, bool) or not isinstance(split_every, int) or split_every < 2:
        raise ValueError(f"split_every must be a whole number of at least 2, not {split_every!r}")
    if regions is not None and not isinstance(regions, str):
        raise TypeError(f"regions is the region file's text (str), not {type(regions).__name__}")
    pack = os.fspath(pack)
    if output is not None:
        output = os.fspath(output)
        os.makedirs(output, exist_ok=True)
        existing = sorted(name for name in os.listdir(output)
                          if name.startswith("part-") and name.endswith(".jsonl"))
        if existing and not overwrite:
            raise FileExistsError(f"{output} already holds decisions ({existing[0]} ...); give "
                                  "an empty folder, or overwrite=True")
        for name in existing:
            os.unlink(os.path.join(output, name))
    spec = {"pack": pack, "as_of": as_of, "seed": seed, "trace": trace, "jobs": jobs,
            "output": output, "regions": regions}
    decide = delayed(_decide_partition, pure=True, nout=2)
    if isinstance(source, dask.bag.Bag):
        parts = source.to_delayed(optimize_graph=True)
        results = [decide(part, number, spec, dask_key_name=f"povmon-decide-{uuid.uuid4().hex}")
                   for number, part in enumerate(parts)]
    elif isinstance(source, (str, bytes, os.PathLike)):
        raise TypeError("source is a dask.bag.Bag of JSON lines or a list of JSONL files, not "
                        "one path")
    else:
        paths = [os.fspath(path) for path in source]
        results = [decide(path, number, spec, dask_key_name=f"povmon-decide-{uuid.uuid4().hex}")
                   for number, path in enumerate(paths)]
    if not results:
        raise ValueError("no partitions to decide")
    level: List[Any] = [summary for summary, _ in results]
    depth = 0
    while len(level) > 1:
        depth += 1
        level = [delayed(_merge, pure=True)(level[i:i + split_every],
                                            dask_key_name=f"povmon-merge-{depth}-{i}-"
                                                          f"{uuid.uuid4().hex}")
                 for i in range(0, len(level), split_every)]
    facts = [f for _, f in results]
    finish = delayed(_finish, pure=True)(level[0], facts, spec,
                                         dask_key_name=f"povmon-finish-{uuid.uuid4().hex}")
    return finish


def run(source, pack, *, as_of, seed: Optional[int] = None, output=None,
        regions: Optional[str] = None, trace=Trace.RULES, jobs: Optional[int] = None,
        split_every: int = 8, overwrite: bool = False, client=None) -> Run:
    """Decide and summarize on the cluster (see summarize for the
    arguments) and wait for the result. client: a distributed.Client (the
    current one when None; without one, Dask's local scheduler)."""
    if seed is None:
        seed = random.SystemRandom().getrandbits(64)
    graph = summarize(source, pack, as_of=as_of, seed=seed, output=output, regions=regions,
                      trace=trace, jobs=jobs, split_every=split_every, overwrite=overwrite)
    if client is not None:
        result = client.compute(graph).result()
    else:
        result = dask.compute(graph)[0]
    return Run(result["report_json"], result["summary"], result["outputs"], result["revision"],
               result["partitions"], result["lines"], seed)
