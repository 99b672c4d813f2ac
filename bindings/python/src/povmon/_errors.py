"""povmon's errors as Python exceptions.

Every failure of the C library is raised as a ``PovmonError`` subclass
chosen by its status code (which follows ``absl::StatusCode``), carrying
``code``, ``status`` and ``message``. The subclasses also derive from the
built-in exception a Python caller would expect (``ValueError`` for bad
input, ``FileNotFoundError`` for a missing pack...).
"""

import collections
from typing import Iterable, Optional


class PovmonError(Exception):
    """A povmon failure: ``code`` (int, absl::StatusCode), ``status`` (its
    name) and ``message``. Errors of one record in ``evaluate_many`` also
    carry ``index`` (0-based position) and ``line`` (1-based position: the
    line of a JSON Lines file read line by line) and ``household_id``; every
    error whose message starts with a field path ("income[2].date: ...")
    carries it as ``field``; each is None when unknown."""

    code: int = 2
    status: str = "UNKNOWN"

    def __init__(self, message: str, code: Optional[int] = None, status: Optional[str] = None,
                 *, index: Optional[int] = None, line: Optional[int] = None,
                 household_id: Optional[str] = None, field: Optional[str] = None) -> None:
        super().__init__(message)
        self.message: str = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.index: Optional[int] = index
        self.line: Optional[int] = line
        self.household_id: Optional[str] = household_id
        self.field: Optional[str] = field

    def __str__(self) -> str:
        where = []
        if self.index is not None:
            where.append(f"record {self.index}")
        if self.household_id:
            where.append(f"household {self.household_id}")
        prefix = f"{', '.join(where)}: " if where else ""
        return f"{prefix}{self.message} [{self.status}]"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code})"


class InvalidArgumentError(PovmonError, ValueError):
    code, status = 3, "INVALID_ARGUMENT"


class NotFoundError(PovmonError, FileNotFoundError):
    code, status = 5, "NOT_FOUND"


class ResourceExhaustedError(PovmonError, MemoryError):
    code, status = 8, "RESOURCE_EXHAUSTED"


class FailedPreconditionError(PovmonError):
    code, status = 9, "FAILED_PRECONDITION"


class OutOfRangeError(PovmonError, ValueError):
    code, status = 11, "OUT_OF_RANGE"


class InternalError(PovmonError):
    code, status = 13, "INTERNAL"


class DataLossError(PovmonError):
    code, status = 15, "DATA_LOSS"


Problem = collections.namedtuple("Problem", "file line column message")
Problem.__doc__ = ("One problem found while loading a pack: line and column are "
                   "1-based, 0 when the problem concerns the whole file.")


class PolicyLoadError(InvalidArgumentError):
    """A pack with problems. ``problems`` lists every one as a ``Problem``."""

    def __init__(self, message: str, problems: Iterable["Problem"], **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.problems = list(problems)


_BY_CODE = {cls.code: cls for cls in (InvalidArgumentError, NotFoundError,
                                      ResourceExhaustedError, FailedPreconditionError,
                                      OutOfRangeError, InternalError, DataLossError)}


def error_for(code: int, message: str, status: Optional[str] = None, **kwargs) -> PovmonError:
    """The exception for a status code (PovmonError for codes without a
    subclass, including codes added by later library versions)."""
    cls = _BY_CODE.get(code, PovmonError)
    if cls is PovmonError:
        return PovmonError(message, code=code, status=status or "UNKNOWN", **kwargs)
    return cls(message, **kwargs)
