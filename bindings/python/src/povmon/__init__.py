"""povmon: decide monitored households under China's prevent-return-to-poverty
policy, through libpovmon's C ABI (ctypes, standard library only).

    import povmon

    with povmon.Policy.load("policies/hunan-2024") as policy:
        decision = policy.evaluate(household, as_of="2024-11-30")
        print(decision["identification"]["category"])
        print(policy.explain(decision))

The library is found through the POVMON_LIBRARY environment variable, next
to this package, or on the system's library path.
"""

from ._errors import (DataLossError, FailedPreconditionError, InternalError,
                      InvalidArgumentError, NotFoundError, OutOfRangeError, PolicyLoadError,
                      PovmonError, Problem, ResourceExhaustedError)
from ._policy import Notices, Policy, Trace, merge_summaries
from ._rows import ROW_COLUMNS
from ._version import __version__

__all__ = [
    "DataLossError", "FailedPreconditionError", "InternalError", "InvalidArgumentError",
    "NotFoundError", "Notices", "OutOfRangeError", "Policy", "PolicyLoadError", "PovmonError",
    "Problem", "ROW_COLUMNS", "ResourceExhaustedError", "Trace", "__version__", "library_version",
    "merge_summaries",
]


def library_version() -> str:
    """The version of the libpovmon actually loaded, "MAJOR.MINOR.PATCH"."""
    from . import _native
    return _native.library().povmon_version_string().decode()
