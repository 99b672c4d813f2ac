"""Policy: a compiled pack, and evaluation against it."""

import collections
import contextlib
import ctypes
import datetime
import decimal
import enum
import json
import os
import re
import threading
from typing import (Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence,
                    Tuple, Union)

from . import _native
from ._rows import Row, decision_row, error_field, error_row
from ._errors import PolicyLoadError, PovmonError, Problem, error_for


class Trace(enum.IntEnum):
    """How much of its reasoning a decision records (povmon.v1.TraceLevel)."""

    OFF = 1    # no trace at all
    RULES = 2  # the rules that fired, with their citations (the default)
    FULL = 3   # every rule evaluated, with the values it compared


# What the public methods take.
AsOf = Union[datetime.date, str]
TraceInput = Union[Trace, int, str]
HouseholdInput = Union[Mapping[str, Any], str, bytes, bytearray, memoryview]
# The reports take households as dicts or JSON text.
ReportHousehold = Union[Dict[str, Any], str]


def _trace_level(trace):
    if isinstance(trace, str):
        try:
            return Trace[trace.upper()]
        except KeyError:
            raise ValueError(f"trace must be 'off', 'rules' or 'full', not {trace!r}") from None
    try:
        return Trace(trace)
    except ValueError:
        raise ValueError(f"trace must be a povmon.Trace, not {trace!r}") from None


def _as_of_text(as_of):
    if isinstance(as_of, datetime.datetime):
        raise TypeError("as_of must be a date or 'YYYY-MM-DD', not a datetime")
    if isinstance(as_of, datetime.date):
        return as_of.isoformat()
    if isinstance(as_of, str):
        return as_of
    raise TypeError(f"as_of must be a datetime.date or 'YYYY-MM-DD', not {type(as_of).__name__}")


def _utf8(text):
    # Lone surrogates pass through as the bytes they would be, so the library
    # rejects them as invalid UTF-8 instead of Python raising a codec error.
    return text.encode("utf-8", "surrogatepass")


def _change_value(name, value):
    """A what-if value as a parameter file writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        raise TypeError(f"the value of {name!r} is a datetime; give a date or 'YYYY-MM-DD'")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, decimal.Decimal)):
        return str(value)
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: 6999.99,
        # not 6999.98999...; a value with more than two decimals is refused by
        # the library.
        return repr(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"the value of {name!r} is a {type(value).__name__}; give a str, int, "
                    "decimal.Decimal, float, bool or datetime.date")


def _changes_text(changes, from_):
    """The text povmon_policy_with_changes takes: one change per line."""
    if isinstance(changes, dict):
        suffix = "" if from_ is None else "@" + _as_of_text(from_)
        lines = []
        for name, value in changes.items():
            if not isinstance(name, str):
                raise TypeError(f"a parameter name is a str, not {type(name).__name__}")
            lines.append(f"{name}={_change_value(name, value)}{suffix}")
        return "\n".join(lines)
    if from_ is not None:
        raise TypeError("from_ goes with a dict of changes; in text, write "
                        "NAME=VALUE@YYYY-MM-DD")
    if isinstance(changes, str):
        return changes
    if isinstance(changes, (bytes, bytearray, memoryview)):
        raise TypeError("changes are str, not bytes")
    lines = []
    for change in changes:
        if not isinstance(change, str):
            raise TypeError(f"a change is a 'NAME=VALUE' str, not {type(change).__name__}")
        lines.append(change)
    return "\n".join(lines)


def _household_input(household):
    """(format, bytes) for one household: a dict or str is JSON, bytes-like
    is a serialized povmon.v1.Household."""
    if isinstance(household, dict):
        return _native.FORMAT_JSON, _utf8(json.dumps(household, ensure_ascii=False,
                                                     separators=(",", ":")))
    if isinstance(household, str):
        return _native.FORMAT_JSON, _utf8(household)
    if isinstance(household, (bytes, bytearray, memoryview)):
        return _native.FORMAT_PROTO, bytes(household)
    raise TypeError("a household is a dict, a JSON str or serialized povmon.v1.Household "
                    f"bytes, not {type(household).__name__}")


def _household_id_of(household):
    """The id of a household that failed on its own, when it can be read."""
    if isinstance(household, str):
        try:
            household = json.loads(household)
        except ValueError:
            return None
    if isinstance(household, dict) and isinstance(household.get("id"), str):
        return household["id"] or None
    return None


def _one_line(text, position):
    """A household's JSON on one line: raw line breaks between tokens are
    JSON whitespace and become spaces; one inside a string is not JSON, and
    since joining the lines would hide it, it is refused here."""
    if "\n" not in text and "\r" not in text:
        return text
    out = []
    in_string = escaped = False
    for i, c in enumerate(text):
        if in_string:
            if c in "\r\n":
                raise ValueError(f"household {position}: a raw line break inside a JSON string "
                                 f"(character {i + 1}); write it as \\n")
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "\r\n":
            c = " "
        out.append(c)
    return "".join(out)


def _json_lines(households):
    """JSON Lines of households (dicts or JSON str), one line each."""
    if isinstance(households, (str, bytes, bytearray, memoryview, dict)):
        raise TypeError("households is an iterable of households (dicts or JSON str), "
                        f"not one {type(households).__name__}")
    lines = []
    for position, household in enumerate(households, 1):
        if isinstance(household, dict):
            text = json.dumps(household, ensure_ascii=False, separators=(",", ":"))
        elif isinstance(household, str):
            if not household.strip():
                raise ValueError(f"household {position} is blank")
            text = _one_line(household, position)
        else:
            raise TypeError(f"household {position} is a {type(household).__name__}; "
                            "give a dict or a JSON str")
        lines.append(text)
    return _utf8("\n".join(lines))


_SUMMARY_FORMATS = {"proto": _native.FORMAT_PROTO, "json": _native.FORMAT_JSON}


def _summary_format(summary_format):
    if summary_format not in _SUMMARY_FORMATS:
        raise ValueError(f"summary_format must be 'proto' or 'json', not {summary_format!r}")
    return _SUMMARY_FORMATS[summary_format]


def _check_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 1 << 64:
        raise ValueError(f"seed must be a whole number from 0 to 2**64 - 1, not {seed!r}")
    return seed


def _summary_input(summary):
    """(format, bytes) of a summary: bytes are a serialized
    PopulationSummary, str its JSON."""
    if isinstance(summary, str):
        return _native.FORMAT_JSON, _utf8(summary)
    if isinstance(summary, (bytes, bytearray, memoryview)):
        return _native.FORMAT_PROTO, bytes(summary)
    raise TypeError("a summary is bytes (a serialized povmon.v1.PopulationSummary) or str "
                    f"(its JSON), not {type(summary).__name__}")


def _merge(lib, partials, summary_code):
    """The library's sum of partial summaries (bytes, all in one format)."""
    count = len(partials)
    pointers = (ctypes.c_void_p * count)(
        *[ctypes.cast(ctypes.c_char_p(p), ctypes.c_void_p) for p in partials])
    lengths = (ctypes.c_size_t * count)(*[len(p) for p in partials])
    out, length = ctypes.c_void_p(), ctypes.c_size_t()
    code = lib.povmon_population_merge(ctypes.byref(out), ctypes.byref(length), pointers,
                                       lengths, count, summary_code)
    if code:
        _raise_last(lib, code)
    return _native.take_buffer(lib, out, length.value)


def merge_summaries(summaries: Iterable[Union[bytes, str]]) -> Union[bytes, str]:
    """The sum of partial population summaries (from Policy.summarize_jsonl
    or earlier merges): bytes (serialized povmon.v1.PopulationSummary) or
    str (their JSON), all of one kind, the result of the same kind. Order
    and grouping do not matter: a tree of merges gives the same summary as
    one merge of all. Raises InvalidArgumentError for summaries that do not
    parse (the message names summaries[i]) or do not combine (different
    seeds or packs), ValueError for none at all."""
    if isinstance(summaries, (bytes, bytearray, memoryview, str)):
        raise TypeError("merge_summaries takes an iterable of summaries, not one summary")
    items = [_summary_input(summary) for summary in summaries]
    if not items:
        raise ValueError("merge_summaries needs at least one summary")
    kinds = {code for code, _ in items}
    if len(kinds) > 1:
        raise TypeError("merge_summaries takes summaries of one kind: all bytes (protobuf) or "
                        "all str (JSON)")
    code = kinds.pop()
    merged = _merge(_native.library(), [data for _, data in items], code)
    return merged if code == _native.FORMAT_PROTO else merged.decode("utf-8")


class Notices(collections.namedtuple("Notices", ["document", "report"])):
    """The public-notice list: ``document`` (str) is the CSV or HTML that
    ``povmon notice`` writes; ``report`` (dict) is for the operator, never
    for the notice board: pack, as_of, households, notices, not_decided
    (records of line and message, personal-data shapes redacted) and
    warnings."""

    __slots__ = ()


def _varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


_OUTPUTS = {"dict": _native.FORMAT_JSON, "json": _native.FORMAT_JSON,
            "proto": _native.FORMAT_PROTO}
_ERROR_PREFIX = b'{"index":'
_FIELD = re.compile(r"([a-z0-9_.\[\]]+): ")


def _check_output(output):
    if output not in _OUTPUTS:
        raise ValueError(f"output must be 'dict', 'json' or 'proto', not {output!r}")


def _check_jobs(jobs):
    if jobs is None:
        return 0
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 0 <= jobs <= 256:
        raise ValueError(f"jobs must be None (every core) or a number of worker threads "
                         f"from 1 to 256, not {jobs!r}")
    return jobs


def _error_field(message):
    """The field path an error message starts with ("members[0].birth_date")."""
    match = _FIELD.match(message)
    return match.group(1) if match else None


def _record_error(line):
    """The PovmonError of a JSON error record of a batch."""
    record = json.loads(line)
    failure = record["error"]
    error = error_for(failure["code"], failure["message"], failure.get("status"),
                      index=record["index"], line=record.get("line"),
                      household_id=record.get("household_id"), field=failure.get("field"))
    error.warnings = record.get("warnings", [])
    return error


def _json_results(out, output):
    """The results of a JSON batch output: decisions (dicts, or the bytes of
    their JSON) and PovmonErrors, in order."""
    lines = out.split(b"\n")
    lines.pop()  # after the final newline
    if output == "dict":
        # One json.loads over all of them, as one array: the decoder's memo of
        # object keys lasts one call, so each key string is made once per
        # call instead of once per decision, and the call's fixed cost is
        # paid once. Error records parse too; they are then replaced.
        results = json.loads(b"[" + b",".join(lines) + b"]")
        for i, line in enumerate(lines):
            if line.startswith(_ERROR_PREFIX):
                results[i] = _record_error(line)
        return results
    return [_record_error(line) if line.startswith(_ERROR_PREFIX) else line for line in lines]


def _proto_results(out):
    """The results of a PROTO batch output (bytes, or a memoryview of
    unsigned bytes, each result then copied out once): serialized Decisions and
    PovmonErrors (with code, message and field; index, line and household_id
    are for the caller to fill)."""
    results = []
    pos, end = 0, len(out)
    while pos < end:
        values = []
        for _ in range(2):
            byte = out[pos]
            pos += 1
            value, shift = byte & 0x7F, 7
            while byte & 0x80:
                byte = out[pos]
                pos += 1
                value |= (byte & 0x7F) << shift
                shift += 7
            values.append(value)
        code, size = values
        payload = bytes(out[pos:pos + size])  # out bytes: the slice itself, not copied again
        pos += size
        if code == 0:
            results.append(payload)
        else:
            message = payload.decode("utf-8", "replace")
            results.append(error_for(code, message, field=_error_field(message)))
    return results


# Bytes of a JSON batch output copied into Python at a time: below glibc's
# mmap threshold, so each piece reuses the heap memory the previous one freed.
_PIECE_BYTES = 64 << 10


def _json_view_results(address, length):
    """The results of a JSON batch output held by the library (length bytes
    at address, valid while this runs): the bytes of each decision's JSON and
    PovmonErrors, in order, made a piece at a time as they are consumed, so
    that each piece and its lines reuse the memory of the ones before
    instead of holding the whole output twice."""
    pos, piece = 0, _PIECE_BYTES
    while pos < length:
        block = ctypes.string_at(address + pos, min(piece, length - pos))
        lines = block.split(b"\n")
        if len(lines) == 1:
            if pos + len(block) == length:
                raise AssertionError("povmon_batch_evaluate_view's JSON output does not end "
                                     "with a newline")
            piece *= 2  # a line longer than the piece: read more at once
            continue
        pos += len(block) - len(lines.pop())  # the line cut off is read again
        for line in lines:
            yield _record_error(line) if line.startswith(_ERROR_PREFIX) else line


def _view_bytes(address, length):
    """length bytes at address as a memoryview of unsigned bytes (no copy)."""
    if not length:
        return memoryview(b"")
    return memoryview((ctypes.c_char * length).from_address(address)).cast("B")


def _jsonl_chunks(source, chunk_bytes):
    """(data, start, end): pieces of JSON Lines ending at a line boundary,
    from a bytes-like buffer (not copied) or a binary file."""
    if isinstance(source, str):
        raise TypeError("evaluate_jsonl takes bytes (the file's UTF-8 as it is), not str; "
                        "open files in binary mode, or pass text.encode()")
    if isinstance(source, memoryview):
        source = source.tobytes()
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source) if isinstance(source, bytearray) else source
        start, size = 0, len(data)
        while start < size:
            end = data.find(b"\n", min(start + chunk_bytes, size) - 1)
            end = size if end < 0 else end + 1
            yield data, start, end
            start = end
        return
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError("evaluate_jsonl takes bytes or a binary file, not "
                        f"{type(source).__name__}")
    carry = b""
    while True:
        block = read(chunk_bytes)
        if isinstance(block, str):
            raise TypeError("evaluate_jsonl reads bytes: open the file in binary mode ('rb')")
        if not block:
            break
        data = carry + block if carry else bytes(block)
        cut = data.rfind(b"\n")
        if cut < 0:
            carry = data
            continue
        carry = data[cut + 1:]
        yield data, 0, cut + 1
    if carry:
        yield carry, 0, len(carry)


def _raise_last(lib, code):
    message = lib.povmon_last_error().decode("utf-8", "replace")
    raise error_for(code, message, lib.povmon_status_name(code).decode(),
                    field=error_field(message))


class _Options:
    """One povmon_options handle (as-of date and trace level), read-only once
    made, shared by every thread."""

    def __init__(self, lib, as_of, trace):
        self._lib = lib
        self.handle = ctypes.c_void_p()
        code = lib.povmon_options_create(ctypes.byref(self.handle))
        if code:
            _raise_last(lib, code)
        try:
            date = _utf8(as_of)
            code = lib.povmon_options_set_as_of(self.handle, date, len(date))
            if code == 0:
                code = lib.povmon_options_set_trace_level(self.handle, int(trace))
            if code:
                _raise_last(lib, code)
        except BaseException:
            lib.povmon_options_destroy(self.handle)
            raise

    def release(self):
        """Shared (cached) options live until the policy closes."""

    def close(self) -> None:
        self._lib.povmon_options_destroy(self.handle)
        self.handle = None


# Bytes of households evaluate_many hands the library at a time, at most (and
# batch_size households): as evaluate_jsonl's chunks.
_BATCH_BYTES = 4 << 20


class _BatchInput:
    """The households of an evaluate_many batch as the library reads them
    (JSON lines, or protobuf records each after its varint length), in one
    buffer that every batch of the call reuses: each household's bytes are
    copied once, into memory already in use, where joining them made a new
    buffer per batch (fresh memory, a page fault per 4 KiB)."""

    def __init__(self):
        self._buffer = bytearray()
        self.size = 0

    def clear(self):
        self.size = 0

    def _put(self, piece):
        end = self.size + len(piece)
        # In place, or past the end: then the buffer grows (no temporary).
        self._buffer[self.size:end] = piece
        self.size = end

    def add(self, input_format, record):
        if input_format == _native.FORMAT_JSON:
            if self.size:
                self._put(b"\n")
        else:
            self._put(_varint(len(record)))
        self._put(record)

    def data(self):
        """The batch's bytes as a ctypes array over the buffer (not copied);
        the buffer cannot grow until it is dropped."""
        if not self.size:
            return b""
        return (ctypes.c_char * self.size).from_buffer(self._buffer)


class _BatchRun:
    """One povmon_batch: a run deciding on ``jobs`` worker threads, whose
    record indexes, line numbers and duplicate-id check span all its calls."""

    def __init__(self, policy, as_of, trace, jobs):
        self._policy = policy
        self._lib = policy._lib
        self._handle = None
        options = policy._enter(as_of, trace)
        try:
            handle = ctypes.c_void_p()
            code = self._lib.povmon_batch_create(ctypes.byref(handle), policy._handle,
                                                 options.handle, jobs)
            if code:
                _raise_last(self._lib, code)
            self._handle = handle
        finally:
            policy._release(None, options)

    def jobs(self):
        return self._lib.povmon_batch_jobs(self._handle)

    def _input(self, data, start, end):
        """(pointer, length) of data[start:end] (bytes, not copied), once
        the policy is checked to be open."""
        if end is None:
            end = len(data)
        self._policy._checked_open()
        pointer = data if start == 0 else (
            ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p).value + start)
        return pointer, end - start

    def evaluate(self, input_format, data, output_format, start=0, end=None):
        """The library's output for data[start:end] (bytes, not copied)."""
        pointer, length_in = self._input(data, start, end)
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        code = self._lib.povmon_batch_evaluate(ctypes.byref(out), ctypes.byref(length),
                                               self._handle, input_format, pointer,
                                               length_in, output_format)
        if code:
            _raise_last(self._lib, code)
        return _native.take_buffer(self._lib, out, length.value)

    def evaluate_view(self, input_format, data, output_format, start=0, end=None):
        """(address, length): the library's output for data[start:end], in
        the block the run reuses, valid until the next evaluate_view call
        on this run or close()."""
        pointer, length_in = self._input(data, start, end)
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        code = self._lib.povmon_batch_evaluate_view(ctypes.byref(out), ctypes.byref(length),
                                                    self._handle, input_format, pointer,
                                                    length_in, output_format)
        if code:
            _raise_last(self._lib, code)
        return out.value, length.value

    def summarize(self, data, output_format, seed, summary_format, start=0, end=None):
        """(decisions, summary) for data[start:end] of JSON Lines: the
        library's output (None with FORMAT_NONE) and the partial summary."""
        pointer, length_in = self._input(data, start, end)
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        summary, summary_length = ctypes.c_void_p(), ctypes.c_size_t()
        code = self._lib.povmon_batch_summarize(
            ctypes.byref(out), ctypes.byref(length), ctypes.byref(summary),
            ctypes.byref(summary_length), self._handle, seed, _native.FORMAT_JSON, pointer,
            length_in, output_format, summary_format)
        if code:
            _raise_last(self._lib, code)
        partial = _native.take_buffer(self._lib, summary, summary_length.value)
        decisions = (None if output_format == _native.FORMAT_NONE
                     else _native.take_buffer(self._lib, out, length.value))
        return decisions, partial

    def close(self):
        handle, self._handle = self._handle, None
        if handle is not None:
            self._lib.povmon_batch_destroy(handle)


class _Reports:
    """The reports of the povmon program (since 0.3), mixed into Policy."""

    # ------------------------------------------------------------ check

    def summary(self) -> Dict[str, Any]:
        """What the pack holds, counted, as ``povmon check`` reports it, so
        that a pack which silently lost a file shows it: a dict with
        ``label`` (the folder it was loaded from), ``id``, ``revision``,
        ``valid_from``, ``valid_until``, the counts ``rules``, ``measures``
        and ``principles``, ``lifecycle`` (a dict of ``elimination_rules``,
        ``procedures``, ``visit_cadences`` and ``duties``, or None without
        lifecycle files), ``population`` (a dict of ``rules`` and ``places``,
        or None without population or region files), ``calendar_years`` (e.g. "2024–2025", or None without a
        calendar) and ``changes`` (a what-if policy's)."""
        return json.loads(self._summary(_native.REPORT_JSON))

    def summary_text(self) -> str:
        """The two lines ``povmon check`` prints for this pack."""
        return self._summary(_native.REPORT_TEXT).decode("utf-8")

    def _summary(self, report_format):
        with self._pinned() as handle:
            out, length = ctypes.c_void_p(), ctypes.c_size_t()
            code = self._lib.povmon_policy_summary(ctypes.byref(out), ctypes.byref(length),
                                                   handle, report_format)
            if code:
                _raise_last(self._lib, code)
            return _native.take_buffer(self._lib, out, length.value)

    # ------------------------------------------------------------ test

    def run_tests(self, directory: Optional[Union[str, "os.PathLike[str]"]] = None
                  ) -> Dict[str, Any]:
        """Run the pack's own test cases (``directory``/tests/*.textproto;
        by default the folder the pack was loaded from) and return the
        results as a dict: ``pack``, ``passed``, ``failed`` and ``cases``,
        each with ``name``, ``citation``, ``file``, ``line``, ``passed`` and
        ``failures`` (one line per unmet expectation). A failing case is a
        result, not an exception. Raises NotFoundError for a folder without
        tests, InvalidArgumentError for a test file that does not parse."""
        return json.loads(self._run_tests(directory, _native.REPORT_JSON))

    def run_tests_text(self, directory: Optional[Union[str, "os.PathLike[str]"]] = None
                       ) -> str:
        """The report ``povmon test`` prints: PASS/FAIL per case, then
        "PACK: N passed, M failed"."""
        return self._run_tests(directory, _native.REPORT_TEXT).decode("utf-8")

    def _run_tests(self, directory, report_format):
        path = b"" if directory is None else _utf8(os.fspath(directory))
        with self._pinned() as handle:
            out, length, failed = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_size_t()
            code = self._lib.povmon_policy_test(ctypes.byref(out), ctypes.byref(length),
                                                ctypes.byref(failed), handle,
                                                path or None, len(path), report_format)
            if code:
                _raise_last(self._lib, code)
            return _native.take_buffer(self._lib, out, length.value)

    # ------------------------------------------------------------ notice

    def notices(self, households: Iterable[ReportHousehold], *, as_of: AsOf,
                format: str = "csv") -> "Notices":
        """The public-notice list (公示名單, Plan 10 §3.2) of ``households``
        (an iterable of dicts or JSON str), each decided as of ``as_of``:
        the notices in force that day, without ID numbers, addresses, phone
        numbers, birth dates or bank card numbers whatever the records
        hold. ``format`` is "csv" or "html". Returns Notices(document,
        report); a household that cannot be decided is listed in
        ``report["not_decided"]`` by its 1-based position ("line")."""
        formats = {"csv": _native.NOTICE_CSV, "html": _native.NOTICE_HTML}
        if format not in formats:
            raise ValueError(f"format must be 'csv' or 'html', not {format!r}")
        data = _json_lines(households)
        with self._pinned() as handle, self._date_options(as_of) as options:
            out, length = ctypes.c_void_p(), ctypes.c_size_t()
            report, report_length = ctypes.c_void_p(), ctypes.c_size_t()
            code = self._lib.povmon_notice_list(
                ctypes.byref(out), ctypes.byref(length), ctypes.byref(report),
                ctypes.byref(report_length), handle, options, data, len(data), formats[format])
            if code:
                _raise_last(self._lib, code)
            document = _native.take_buffer(self._lib, out, length.value).decode("utf-8")
            report_text = _native.take_buffer(self._lib, report, report_length.value)
            return Notices(document, json.loads(report_text))

    # ------------------------------------------------------------ what-if

    def compare_what_if(self, what_if: "Policy", households: Iterable[ReportHousehold], *,
                        as_of: AsOf) -> Dict[str, Any]:
        """The what-if comparison: ``households`` (an iterable of dicts or
        JSON str) decided as of ``as_of`` under this policy and under
        ``what_if`` (normally from with_changes), and what changes. Returns
        a dict: ``changes`` (each with the parameter's ``pack_value`` and
        ``what_if_value``), the counts ``households``, ``compared``,
        ``changed`` and ``not_decided``, ``monitored`` ({"pack", "what_if"}),
        ``category_changes`` and ``elimination_changes`` (from, to,
        households), ``amounts`` by department and basis (``pack_fen``,
        ``what_if_fen``, exact fen as str), ``changed_households`` (with
        their ``differences`` in words) and ``errors``; ``line`` is a
        household's 1-based position."""
        return json.loads(self._compare(what_if, households, as_of, _native.REPORT_JSON))

    def compare_what_if_text(self, what_if: "Policy", households: Iterable[ReportHousehold],
                             *, as_of: AsOf) -> str:
        """The report ``povmon whatif`` prints."""
        return self._compare(what_if, households, as_of, _native.REPORT_TEXT).decode("utf-8")

    def compare_what_if_records(self, what_if: "Policy",
                                households: Iterable[ReportHousehold], *,
                                as_of: AsOf) -> List[Dict[str, Any]]:
        """One dict per household, in order, as ``povmon whatif --format
        jsonl`` writes them: index, line, household_id, changed, and the
        outcome under each policy ("pack", "what_if"), or an "error" object
        for a household not decided."""
        out = self._compare(what_if, households, as_of, _native.REPORT_JSONL)
        return [json.loads(line) for line in out.splitlines()]

    def _compare(self, what_if, households, as_of, report_format):
        if not isinstance(what_if, Policy):
            raise TypeError(f"what_if is a povmon.Policy, not {type(what_if).__name__}")
        data = _json_lines(households)
        with self._pinned() as handle, what_if._pinned() as what_if_handle, \
                self._date_options(as_of) as options:
            out, length = ctypes.c_void_p(), ctypes.c_size_t()
            code = self._lib.povmon_what_if_compare(
                ctypes.byref(out), ctypes.byref(length), handle, what_if_handle, options, data,
                len(data), report_format)
            if code:
                _raise_last(self._lib, code)
            return _native.take_buffer(self._lib, out, length.value)

    # ------------------------------------------------------------ internals

    @contextlib.contextmanager
    def _pinned(self):
        """The policy handle, kept alive (close() waits) while in use."""
        with self._lock:
            self._checked_open()
            self._in_flight += 1
            handle = self._handle
        try:
            yield handle
        finally:
            self._release(None, None)

    @contextlib.contextmanager
    def _date_options(self, as_of):
        options = _Options(self._lib, _as_of_text(as_of), Trace.RULES)
        try:
            yield options.handle
        finally:
            options.close()


class Policy(_Reports):
    """A compiled policy pack, immutable and safe to share across threads.

    Load it with ``Policy.load(directory)`` or ``Policy.from_files(files)``
    and use it as a context manager (or call ``close()``)::

        with povmon.Policy.load("policies/hunan-2024") as policy:
            decision = policy.evaluate(household, as_of="2024-11-30")

    Evaluation from several threads runs in parallel: the GIL is released
    while the library works, and each concurrent call gets its own evaluator
    (working memory) from a pool.
    """

    _MAX_OPTIONS = 32

    def __init__(self, handle, lib):
        self._lib = lib
        self._handle = handle
        self._lock = threading.Lock()
        self._evaluators = []   # idle evaluator handles
        self._options = {}      # (as_of, trace) -> _Options
        self._in_flight = 0     # calls between _acquire and _release
        self._closed = False
        self.id: str = self._read(lib.povmon_policy_id)
        self.revision: str = self._read(lib.povmon_policy_revision)
        self.valid_from: datetime.date = datetime.date.fromisoformat(
            self._read(lib.povmon_policy_valid_from))
        self.valid_until: datetime.date = datetime.date.fromisoformat(
            self._read(lib.povmon_policy_valid_until))
        changes = self._read(lib.povmon_policy_changes)
        # The what-if changes the policy was made with; () for a pack as loaded.
        self.changes: Tuple[str, ...] = tuple(changes.split("\n")) if changes else ()

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, directory: Union[str, "os.PathLike[str]"]) -> "Policy":
        """Load and compile the pack in ``directory`` (the folder holding
        pack.textproto). Raises NotFoundError for a missing folder or file,
        PolicyLoadError (with ``problems``) for a pack with problems."""
        lib = _native.library()
        path = _utf8(os.fspath(directory))
        handle = ctypes.c_void_p()
        code = lib.povmon_policy_load(ctypes.byref(handle), path, len(path))
        if code:
            cls._raise_load_error(lib, code)
        return cls(handle, lib)

    @classmethod
    def from_files(cls, files: Union[Mapping[str, Union[str, bytes]],
                                     Iterable[Tuple[str, Union[str, bytes]]]],
                   label: str = "") -> "Policy":
        """Load a pack held in memory: ``files`` maps names relative to the
        pack ("pack.textproto", "rules.textproto"...) to their text (str or
        UTF-8 bytes). ``label`` prefixes file names in problems."""
        lib = _native.library()
        encoded = [(_utf8(name), _utf8(content) if isinstance(content, str) else bytes(content))
                   for name, content in files.items()]
        array = (_native.File * max(len(encoded), 1))()
        for slot, (name, content) in zip(array, encoded):
            slot.name, slot.name_len = name, len(name)
            slot.content, slot.content_len = content, len(content)
        label_bytes = _utf8(label)
        handle = ctypes.c_void_p()
        code = lib.povmon_policy_load_from_files(ctypes.byref(handle), array, len(encoded),
                                                 label_bytes, len(label_bytes))
        if code:
            cls._raise_load_error(lib, code)
        return cls(handle, lib)

    def with_changes(self, changes: Union[Mapping[str, Any], Sequence[str], str], *,
                     from_: Optional[AsOf] = None) -> "Policy":
        """A what-if policy: this pack with some parameters given other
        values ("what if the line rises to 7,000?"), a new Policy to close
        like any other::

            with policy.with_changes({"monitoring_line": 7000}) as what_if:
                decision = what_if.evaluate(household, as_of="2024-11-30")

        changes: a dict {name: value} (value a str, int, decimal.Decimal,
        float, bool or datetime.date, written as the parameter files write
        it: yuan for money), with from_ (a date or "YYYY-MM-DD") the first
        day of the new values; or an iterable of "NAME=VALUE" /
        "NAME=VALUE@YYYY-MM-DD" strings; or one such str (lines allowed).
        Changes apply in order; a variant of a variant keeps the first
        changes. The variant is checked like the pack, has its own
        ``revision``, lists its ``changes``, and its decisions carry them in
        ``what_if``. Raises PolicyLoadError (an InvalidArgumentError) with
        ``problems`` for a change that does not hold: not NAME=VALUE, an
        unknown parameter, a value not of its type, a date outside the
        pack's; InvalidArgumentError for no change at all."""
        data = _utf8(_changes_text(changes, from_))
        lib = self._lib
        with self._lock:
            self._checked_open()
            self._in_flight += 1  # keeps the handle alive without the lock
            handle = self._handle
        try:
            out = ctypes.c_void_p()
            code = lib.povmon_policy_with_changes(ctypes.byref(out), handle, data, len(data))
            if code:
                self._raise_load_error(lib, code)
        finally:
            self._release(None, None)
        return type(self)(out, lib)

    @staticmethod
    def _raise_load_error(lib, code):
        message = lib.povmon_last_error().decode("utf-8", "replace")
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        problems = []
        if lib.povmon_last_problems_json(ctypes.byref(out), ctypes.byref(length)) == 0:
            records = json.loads(_native.take_buffer(lib, out, length.value))
            problems = [Problem(p["file"], p["line"], p["column"], p["message"])
                        for p in records]
        if code == 3 and problems:
            raise PolicyLoadError(message, problems)
        error = error_for(code, message, lib.povmon_status_name(code).decode())
        error.problems = problems
        raise error

    # ------------------------------------------------------------ lifetime

    def close(self):
        """Release the policy. Calls already running finish normally (the
        last one to finish frees what they share); later calls raise
        ValueError. Closing twice is harmless."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            evaluators, self._evaluators = self._evaluators, []
            shared = self._take_shared_if_idle()
        for evaluator in evaluators:
            self._lib.povmon_evaluator_destroy(evaluator)
        self._free_shared(shared)

    def _take_shared_if_idle(self):
        """With the lock held, once closed: the policy handle and the cached
        options, if no call is running (else the last one takes them)."""
        if not self._closed or self._in_flight:
            return None
        handle, self._handle = self._handle, None
        options, self._options = self._options, {}
        return handle, list(options.values())

    def _free_shared(self, shared):
        if shared is None:
            return
        handle, options = shared
        for option in options:
            option.close()
        self._lib.povmon_policy_destroy(handle)

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> "Policy":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __del__(self):
        if getattr(self, "_lib", None) is not None and not getattr(self, "_closed", True):
            self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"revision {self.revision[:12]}"
        what_if = f" what-if {', '.join(self.changes)}" if self.changes else ""
        return f"<povmon.Policy {self.id}{what_if} {state}>"

    # ------------------------------------------------------------ internals

    def _read(self, function):
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        code = function(ctypes.byref(out), ctypes.byref(length), self._handle)
        if code:
            _raise_last(self._lib, code)
        return _native.take_buffer(self._lib, out, length.value).decode("utf-8")

    def _checked_open(self):
        if self._closed:
            raise ValueError(f"povmon.Policy {self.id} is closed")

    def _acquire(self, as_of, trace):
        """An idle evaluator (or a new one) and the options handle, counted
        as a call in flight until _release."""
        key = (_as_of_text(as_of), _trace_level(trace))
        with self._lock:
            self._checked_open()
            self._in_flight += 1
            evaluator = self._evaluators.pop() if self._evaluators else None
            options = self._options.get(key)
            handle = self._handle  # stays valid while a call is in flight
        try:
            options = self._options_or_new(key, options)
            if evaluator is None:
                evaluator = ctypes.c_void_p()
                code = self._lib.povmon_evaluator_create(ctypes.byref(evaluator), handle)
                if code:
                    _raise_last(self._lib, code)
        except BaseException:
            self._release(None, options)
            raise
        return evaluator, options

    def _options_or_new(self, key, cached):
        """`cached` (the options handle the cache held for `key`), or a new
        one, put in the cache when there is room. One not cached (cache full,
        or another thread won) is owned by this call, which frees it."""
        if cached is not None:
            return cached
        options = _Options(self._lib, *key)
        with self._lock:
            keep = (len(self._options) < self._MAX_OPTIONS and
                    self._options.setdefault(key, options) is options)
        return options if keep else _OwnedOptions(options)

    def _release(self, evaluator, options):
        if options is not None:
            options.release()
        with self._lock:
            self._in_flight -= 1
            if not self._closed and evaluator is not None:
                self._evaluators.append(evaluator)
                return
            shared = self._take_shared_if_idle()
        if evaluator is not None:
            self._lib.povmon_evaluator_destroy(evaluator)
        self._free_shared(shared)

    def _enter(self, as_of, trace):
        """The options handle, with the call counted in flight (no evaluator);
        _release(None, options) ends it."""
        key = (_as_of_text(as_of), _trace_level(trace))
        with self._lock:
            self._checked_open()
            self._in_flight += 1
            options = self._options.get(key)
        try:
            return self._options_or_new(key, options)
        except BaseException:
            self._release(None, None)
            raise

    def _call(self, function, evaluator, options, input_format, data, output_format):
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        code = function(ctypes.byref(out), ctypes.byref(length), evaluator, options.handle,
                        input_format, data, len(data), output_format)
        if code:
            _raise_last(self._lib, code)
        return _native.take_buffer(self._lib, out, length.value)

    # ------------------------------------------------------------ evaluation

    def evaluate(self, household: HouseholdInput, *, as_of: AsOf,
                 trace: TraceInput = Trace.RULES) -> Dict[str, Any]:
        """Decide one household as of a date; returns the decision as a dict
        (the proto3 JSON mapping of povmon.v1.Decision, snake_case names,
        int64 money as strings).

        household: a dict or JSON str (povmon.v1.Household), or bytes of a
        serialized povmon.v1.Household. as_of: datetime.date or
        "YYYY-MM-DD". trace: Trace.OFF, RULES or FULL (or "off"...).
        Raises InvalidArgumentError for a household that does not parse or
        cannot be decided (the message names the field), OutOfRangeError
        for a date outside the pack's."""
        return json.loads(self._evaluate(household, as_of, trace, _native.FORMAT_JSON))

    def evaluate_to_bytes(self, household: HouseholdInput, *, as_of: AsOf,
                          trace: TraceInput = Trace.RULES) -> bytes:
        """As evaluate, but returns the serialized povmon.v1.Decision."""
        return self._evaluate(household, as_of, trace, _native.FORMAT_PROTO)

    def _evaluate(self, household, as_of, trace, output_format):
        input_format, data = _household_input(household)
        return self._evaluate_data(input_format, data, as_of, trace, output_format)

    def _evaluate_data(self, input_format, data, as_of, trace, output_format):
        evaluator, options = self._acquire(as_of, trace)
        try:
            return self._call(self._lib.povmon_evaluate, evaluator, options, input_format,
                              data, output_format)
        finally:
            self._release(evaluator, options)

    def evaluate_many(self, households: Iterable[HouseholdInput], *, as_of: AsOf,
                      trace: TraceInput = Trace.RULES, batch_size: int = 1024,
                      errors: str = "return", output: str = "dict",
                      jobs: Optional[int] = None) -> Iterator[Any]:
        """Decide households from any iterable, lazily, yielding one result
        per household in order: the decision, or (errors="return", the
        default) the PovmonError for a household that failed, with its
        ``index``, ``line`` (its 1-based position) and ``household_id``, so one bad
        record never stops the rest. errors="raise" raises that error
        instead.

        Households are dicts, JSON str or bytes of a serialized
        povmon.v1.Household, as for evaluate(). They are decided batch_size
        at a time (fewer when a batch reaches 4 MiB) on ``jobs`` worker
        threads (None: one per core) by one batch run
        (povmon_batch_evaluate_view), so only one batch is in memory and
        every core works. A str costs its UTF-8 encoding, which the bytes of
        a file given to evaluate_jsonl do not. output: "dict" (the decision as a dict),
        "json" (the bytes of its JSON, not parsed) or "proto" (the bytes of
        the serialized povmon.v1.Decision). A household id used by an
        earlier household of the same call gets a
        WARNING_CODE_DUPLICATE_HOUSEHOLD_ID entry in the decision's
        "warnings" (in ``warnings`` of an error). For a JSON Lines file, see
        evaluate_jsonl: it hands the file's bytes over as they are."""
        if errors not in ("return", "raise"):
            raise ValueError("errors must be 'return' or 'raise'")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        _check_output(output)
        jobs = _check_jobs(jobs)
        # Check the arguments now, not at the first item.
        _as_of_text(as_of)
        _trace_level(trace)
        return self._evaluate_many(iter(households), as_of, trace, batch_size, errors, output,
                                   jobs)

    def _evaluate_many(self, households, as_of, trace, batch_size, errors, output, jobs):
        run = None
        try:
            index = 0
            batch, originals, batch_format = _BatchInput(), [], None
            for household in households:
                if type(household) is str:
                    # The common case inline: a JSON str, encoded as _utf8 does.
                    input_format = _native.FORMAT_JSON
                    data = household.encode("utf-8", "surrogatepass")
                else:
                    input_format, data = _household_input(household)
                if input_format == _native.FORMAT_JSON:
                    # Lines read from a file keep their line ending: JSON whitespace.
                    data = data.rstrip(b"\r\n")
                # A JSON record must sit on one line of the batch; one that does
                # not (blank, or with raw line breaks inside) is decided on its own.
                alone = input_format == _native.FORMAT_JSON and (
                    b"\n" in data or b"\r" in data or not data.strip())
                if originals and (alone or input_format != batch_format or
                                  len(originals) >= batch_size or
                                  batch.size + len(data) >= _BATCH_BYTES):
                    if run is None:
                        run = _BatchRun(self, as_of, trace, jobs)
                    yield from self._finish(self._run_batch(run, batch, originals, batch_format,
                                                            output, index), errors)
                    index += len(originals)
                    batch.clear()
                    originals = []
                if alone:
                    try:
                        result = self._evaluate_data(input_format, data, as_of, trace,
                                                     _OUTPUTS[output])
                        if output == "dict":
                            result = json.loads(result)
                    except PovmonError as error:
                        error.index = index
                        error.line = index + 1
                        error.household_id = _household_id_of(household)
                        result = error
                    yield from self._finish([result], errors)
                    index += 1
                    continue
                batch.add(input_format, data)
                originals.append(household)
                batch_format = input_format
            if originals:
                if run is None:
                    run = _BatchRun(self, as_of, trace, jobs)
                yield from self._finish(self._run_batch(run, batch, originals, batch_format,
                                                        output, index), errors)
        finally:
            if run is not None:
                run.close()

    @staticmethod
    def _finish(results, errors):
        for result in results:
            if errors == "raise" and isinstance(result, Exception):
                raise result
            yield result

    @staticmethod
    def _run_batch(run, batch, originals, input_format, output, first_index):
        """The results of one batch, made as they are consumed from the
        output the run keeps in its reused block (valid until the run's
        next call, which comes after the last of them)."""
        data = batch.data()
        try:
            address, length = run.evaluate_view(input_format, data, _OUTPUTS[output])
        finally:
            del data  # lets the buffer grow again
        if output == "proto":
            results = _proto_results(_view_bytes(address, length))
        elif output == "json":
            results = _json_view_results(address, length)
        else:
            results = _json_results(ctypes.string_at(address, length), output)
        offset = 0
        for result in results:
            if offset == len(originals):
                raise AssertionError(f"povmon_batch_evaluate_view returned more than "
                                     f"{len(originals)} results for {len(originals)} households")
            if isinstance(result, PovmonError):
                # Positions in the caller's iterable; line is the 1-based
                # position (the line number when it is a JSON Lines file read
                # line by line), not a line of the internal batch.
                result.index = first_index + offset
                result.line = first_index + offset + 1
                if result.household_id is None:
                    result.household_id = _household_id_of(originals[offset])
                if not hasattr(result, "warnings"):
                    result.warnings = []
            yield result
            offset += 1
        if offset != len(originals):
            raise AssertionError(f"povmon_batch_evaluate_view returned {offset} results "
                                 f"for {len(originals)} households")

    def evaluate_jsonl(self, source, *, as_of, trace=Trace.RULES, errors="return",
                       output="dict", jobs=None, chunk_bytes=4 << 20):
        """Decide the households of a JSON Lines file, lazily, yielding one
        result per non-blank line in order (blank lines are counted, not
        decided): the decision, or the PovmonError of a line that failed,
        with its ``index`` (0-based record), ``line`` (1-based line of the
        file), ``household_id`` and ``field``.

        source: bytes (or bytearray, memoryview) holding the whole file, or
        a file opened in binary mode ("rb"), read chunk_bytes at a time. The
        bytes go to the library as they are, whole chunks at once: Python
        neither decodes nor re-encodes them, and the library checks UTF-8
        once, as it parses. str is refused (TypeError). The households are
        decided on ``jobs`` worker threads (None: one per core).

        output: "dict", "json" (the bytes of each decision's JSON, with no
        JSON round trip in Python) or "proto" (the bytes of each serialized
        povmon.v1.Decision; errors then carry index but no line). A
        household id already used on an earlier line gets a
        WARNING_CODE_DUPLICATE_HOUSEHOLD_ID entry in "warnings"."""
        if errors not in ("return", "raise"):
            raise ValueError("errors must be 'return' or 'raise'")
        _check_output(output)
        jobs = _check_jobs(jobs)
        if chunk_bytes < 1:
            raise ValueError("chunk_bytes must be at least 1")
        _as_of_text(as_of)
        _trace_level(trace)
        if isinstance(source, str):
            raise TypeError("evaluate_jsonl takes bytes (the file's UTF-8 as it is), not str; "
                            "open files in binary mode, or pass text.encode()")
        return self._evaluate_jsonl(source, as_of, trace, errors, output, jobs, chunk_bytes)

    def _evaluate_jsonl(self, source, as_of, trace, errors, output, jobs, chunk_bytes):
        run = _BatchRun(self, as_of, trace, jobs)
        try:
            index = 0
            for data, start, end in _jsonl_chunks(source, chunk_bytes):
                # The output stays in the run's block, reused chunk after chunk,
                # until the next chunk's call: every result of this one is made
                # (and yielded) before that.
                address, length = run.evaluate_view(_native.FORMAT_JSON, data,
                                                    _OUTPUTS[output], start, end)
                if output == "proto":
                    results = _proto_results(_view_bytes(address, length))
                    for offset, result in enumerate(results):
                        if isinstance(result, PovmonError):
                            result.index = index + offset
                            result.warnings = []
                    index += len(results)
                elif output == "json":
                    results = _json_view_results(address, length)
                else:
                    results = _json_results(ctypes.string_at(address, length), output)
                yield from self._finish(results, errors)
        finally:
            run.close()

    # ------------------------------------------------------------ population

    def summarize_jsonl(self, source, *, as_of: AsOf, seed: int, trace: TraceInput = Trace.RULES,
                        jobs: Optional[int] = None, decisions: Optional[Any] = None,
                        summary_format: str = "proto",
                        chunk_bytes: int = 4 << 20) -> Union[bytes, str]:
        """Decide the households of a JSON Lines file on ``jobs`` worker
        threads (None: one per core) and count them into a partial
        population summary (povmon.v1.PopulationSummary): each decided
        household in its village, township, county and province, each line
        that was not decided as failed, as ``povmon eval --summary`` counts.
        Partial summaries of pieces of a run, made with the same ``seed``
        (the spot-check draw's), add up with ``povmon.merge_summaries`` to
        the summary of the whole, and ``population_report`` turns that into
        the file ``povmon eval --summary FILE --seed SEED`` writes.

        source: bytes holding JSON Lines, or a binary file read chunk_bytes
        at a time (as evaluate_jsonl). decisions: None, or a binary file
        (anything with write(bytes)) that receives one result line per
        input record, in order, as ``povmon eval`` writes them (the error
        record of a line not decided in its place). summary_format: "proto"
        returns the serialized PopulationSummary (bytes), "json" its proto3
        JSON mapping (str)."""
        summary_code = _summary_format(summary_format)
        jobs = _check_jobs(jobs)
        seed = _check_seed(seed)
        if chunk_bytes < 1:
            raise ValueError("chunk_bytes must be at least 1")
        if decisions is not None and not callable(getattr(decisions, "write", None)):
            raise TypeError("decisions is a binary file (with write(bytes)) or None, not "
                            f"{type(decisions).__name__}")
        _as_of_text(as_of)
        _trace_level(trace)
        output = _native.FORMAT_NONE if decisions is None else _native.FORMAT_JSON
        run = _BatchRun(self, as_of, trace, jobs)
        try:
            partials = []
            for data, start, end in _jsonl_chunks(source, chunk_bytes):
                out, partial = run.summarize(data, output, seed, summary_code, start, end)
                if out:
                    decisions.write(out)
                partials.append(partial)
            if not partials:
                # No record at all: the empty summary of this seed.
                out, partial = run.summarize(b"", output, seed, summary_code)
                partials.append(partial)
        finally:
            run.close()
        merged = partials[0] if len(partials) == 1 else _merge(self._lib, partials, summary_code)
        return merged if summary_code == _native.FORMAT_PROTO else merged.decode("utf-8")

    def population_report(self, summary: Union[bytes, str], *, as_of: AsOf,
                          regions: Optional[str] = None, trace: TraceInput = Trace.RULES,
                          output: str = "dict") -> Any:
        """The population report of a summary (from summarize_jsonl or
        merge_summaries: bytes for a serialized PopulationSummary, str for
        its JSON): the pack's population rules run over it as of ``as_of``,
        with ``regions`` (the text of a county's region file, as ``povmon
        eval --regions FILE`` reads it) added to the pack's places.
        Trace.FULL lists every finding, fired or not. output: "dict" (the
        report as a dict), "json" (str: the file ``povmon eval --summary``
        writes, byte for byte) or "proto" (bytes: a serialized
        povmon.v1.PopulationReport). Raises InvalidArgumentError for a
        summary that does not parse or regions that do not
        ("regions:LINE:COL: ..."), OutOfRangeError for a date outside the
        pack's."""
        if output not in ("dict", "json", "proto"):
            raise ValueError(f"output must be 'dict', 'json' or 'proto', not {output!r}")
        summary_code, data = _summary_input(summary)
        if regions is not None and not isinstance(regions, str):
            raise TypeError("regions is the region file's text (str), not "
                            f"{type(regions).__name__}")
        regions_data = b"" if regions is None else _utf8(regions)
        report_code = _native.FORMAT_PROTO if output == "proto" else _native.FORMAT_JSON
        options = self._enter(as_of, trace)
        try:
            handle = self._handle  # kept alive: the call is counted in flight
            out, length = ctypes.c_void_p(), ctypes.c_size_t()
            code = self._lib.povmon_population_report(
                ctypes.byref(out), ctypes.byref(length), handle, options.handle, summary_code,
                data, len(data), regions_data, len(regions_data), report_code)
            if code:
                _raise_last(self._lib, code)
            report = _native.take_buffer(self._lib, out, length.value)
        finally:
            self._release(None, options)
        if output == "proto":
            return report
        text = report.decode("utf-8")
        return text if output == "json" else json.loads(text)

    # ------------------------------------------------------------ explain

    def explain(self, decision: Union[Mapping[str, Any], str, bytes]) -> str:
        """A human-readable, multi-line explanation (Chinese and English) of
        a decision this policy made, given as the dict from evaluate(), its
        JSON text, or the bytes from evaluate_to_bytes()."""
        if isinstance(decision, dict):
            decision_format = _native.FORMAT_JSON
            data = _utf8(json.dumps(decision, ensure_ascii=False))
        elif isinstance(decision, str):
            decision_format, data = _native.FORMAT_JSON, _utf8(decision)
        elif isinstance(decision, (bytes, bytearray, memoryview)):
            decision_format, data = _native.FORMAT_PROTO, bytes(decision)
        else:
            raise TypeError("a decision is a dict, a JSON str or serialized "
                            f"povmon.v1.Decision bytes, not {type(decision).__name__}")
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        with self._lock:
            self._checked_open()
            # Under the lock: close() cannot free the handle mid-call.
            code = self._lib.povmon_policy_explain(ctypes.byref(out), ctypes.byref(length),
                                                   self._handle, decision_format, data,
                                                   len(data))
        if code:
            _raise_last(self._lib, code)
        return _native.take_buffer(self._lib, out, length.value).decode("utf-8")


    # ------------------------------------------------------------ rows

    def rows(self, households: Iterable[HouseholdInput], *, as_of: AsOf,
             trace: TraceInput = Trace.OFF, batch_size: int = 256) -> Iterator[Row]:
        """Decide households from any iterable (as evaluate_many) and yield
        one flat dict per household, in order, with the columns of
        ``povmon eval --format csv`` (povmon.ROW_COLUMNS): money in yuan
        (float), counts as int, flags as bool, lists ";"-joined, zeros
        filled. A household that was not decided yields its row with
        ``error_status``, ``error_field`` and ``error_message`` set and the
        decision's columns None. ``line`` is the 1-based position in the
        iterable (the line number of a JSON Lines file). Region codes are read
        from dict and JSON households (not from protobuf bytes)."""
        households = iter(households)
        pending = collections.deque()

        def remembered():
            for household in households:
                pending.append(household)
                yield household

        results = self.evaluate_many(remembered(), as_of=as_of, trace=trace,
                                     batch_size=batch_size)
        line = 0
        for result in results:
            line += 1
            household = pending.popleft() if pending else None
            if isinstance(result, PovmonError):
                yield error_row(line, result.household_id, result)
            else:
                yield decision_row(line, household, result)

    def to_records(self, households: Iterable[HouseholdInput], *, as_of: AsOf,
                   trace: TraceInput = Trace.OFF, batch_size: int = 256) -> List[Row]:
        """rows() as a list: ``pandas.DataFrame.from_records(policy.to_records(
        lines, as_of=...), columns=povmon.ROW_COLUMNS)``."""
        return list(self.rows(households, as_of=as_of, trace=trace, batch_size=batch_size))


class _OwnedOptions:
    """Options used by one call only, freed when it releases them."""

    def __init__(self, options):
        self._options = options
        self.handle = options.handle

    def release(self):
        self._options.close()
