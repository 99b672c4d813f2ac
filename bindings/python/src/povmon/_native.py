"""Finding libpovmon and declaring its C functions for ctypes.

The library is looked for, in order:

1. the file named by the ``POVMON_LIBRARY`` environment variable;
2. a ``libpovmon.so*`` next to this package (copied in before
   ``pip install`` to ship it inside the wheel);
3. the system's library search path (``libpovmon.so.<major>``, as installed
   by ``cmake --install``).
"""

import ctypes
import ctypes.util
import glob
import os
import threading

from ._version import __version__

# The ABI this binding was written for: same major, and at least this minor.
_MAJOR = int(__version__.split(".")[0])
_MINOR = int(__version__.split(".")[1])

FORMAT_NONE = 0  # povmon_batch_summarize: no decisions (since 0.3)
FORMAT_PROTO = 1
FORMAT_JSON = 2

# Report formats (since 0.3).
REPORT_TEXT = 1
REPORT_JSON = 2
REPORT_JSONL = 3
NOTICE_CSV = 1
NOTICE_HTML = 2

_void_p = ctypes.c_void_p
_size_t = ctypes.c_size_t
_char_p = ctypes.c_char_p
_int = ctypes.c_int


class File(ctypes.Structure):
    """povmon_file: one file of a pack held in memory."""

    _fields_ = [("name", _char_p), ("name_len", _size_t),
                ("content", _char_p), ("content_len", _size_t)]


# name: (restype, argtypes)
_PROTOTYPES = {
    "povmon_version_number": (_int, []),
    "povmon_version_string": (_char_p, []),
    "povmon_last_error": (_char_p, []),
    "povmon_status_name": (_char_p, [_int]),
    "povmon_last_problems_json": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t)]),
    "povmon_free": (None, [_void_p]),
    "povmon_options_create": (_int, [ctypes.POINTER(_void_p)]),
    "povmon_options_destroy": (None, [_void_p]),
    "povmon_options_set_as_of": (_int, [_void_p, _char_p, _size_t]),
    "povmon_options_set_trace_level": (_int, [_void_p, _int]),
    "povmon_policy_load": (_int, [ctypes.POINTER(_void_p), _char_p, _size_t]),
    "povmon_policy_load_from_files": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(File),
                                             _size_t, _char_p, _size_t]),
    "povmon_policy_destroy": (None, [_void_p]),
    "povmon_policy_id": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t), _void_p]),
    "povmon_policy_revision": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                      _void_p]),
    "povmon_policy_valid_from": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                        _void_p]),
    "povmon_policy_valid_until": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                         _void_p]),
    "povmon_policy_with_changes": (_int, [ctypes.POINTER(_void_p), _void_p, _char_p, _size_t]),
    "povmon_policy_changes": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                     _void_p]),
    "povmon_policy_explain": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t), _void_p,
                                     _int, _char_p, _size_t]),
    "povmon_evaluator_create": (_int, [ctypes.POINTER(_void_p), _void_p]),
    "povmon_evaluator_destroy": (None, [_void_p]),
    "povmon_evaluate": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t), _void_p,
                               _void_p, _int, _char_p, _size_t, _int]),
    "povmon_evaluate_batch": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                     _void_p, _void_p, _int, _char_p, _size_t, _int]),
    "povmon_batch_create": (_int, [ctypes.POINTER(_void_p), _void_p, _void_p, _int]),
    "povmon_batch_destroy": (None, [_void_p]),
    # input is bytes or an address into bytes (a chunk of a larger buffer).
    "povmon_batch_evaluate": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                     _void_p, _int, _void_p, _size_t, _int]),
    "povmon_batch_jobs": (_int, [_void_p]),
    # 0.4: the results in a block the batch run owns and reuses (not freed).
    "povmon_batch_evaluate_view": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                          _void_p, _int, _void_p, _size_t, _int]),
    # 0.3: the reports of the povmon program.
    "povmon_policy_summary": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                     _void_p, _int]),
    "povmon_policy_test": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                  ctypes.POINTER(_size_t), _void_p, _char_p, _size_t, _int]),
    "povmon_notice_list": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                  ctypes.POINTER(_void_p), ctypes.POINTER(_size_t), _void_p,
                                  _void_p, _char_p, _size_t, _int]),
    "povmon_what_if_compare": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                      _void_p, _void_p, _void_p, _char_p, _size_t, _int]),
    # 0.3: population summaries in pieces.
    "povmon_batch_summarize": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                      ctypes.POINTER(_void_p), ctypes.POINTER(_size_t), _void_p,
                                      ctypes.c_uint64, _int, _void_p, _size_t, _int, _int]),
    "povmon_population_merge": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                       ctypes.POINTER(_void_p), ctypes.POINTER(_size_t), _size_t,
                                       _int]),
    "povmon_population_report": (_int, [ctypes.POINTER(_void_p), ctypes.POINTER(_size_t),
                                        _void_p, _void_p, _int, _char_p, _size_t, _char_p,
                                        _size_t, _int]),
}

_lock = threading.Lock()
_library = None


def _candidates():
    explicit = os.environ.get("POVMON_LIBRARY")
    if explicit:
        return [explicit]
    here = os.path.dirname(os.path.abspath(__file__))
    bundled = sorted(glob.glob(os.path.join(here, "libpovmon.so*")))
    system = [f"libpovmon.so.{_MAJOR}"]
    found = ctypes.util.find_library("povmon")
    if found:
        system.append(found)
    return bundled + system


def library():
    """The loaded libpovmon, its functions declared. Raises OSError if none
    is found or its ABI major differs from this binding's."""
    global _library
    with _lock:
        if _library is not None:
            return _library
        errors = []
        for candidate in _candidates():
            try:
                lib = ctypes.CDLL(candidate)
            except OSError as e:
                errors.append(f"{candidate}: {e}")
                continue
            number = lib.povmon_version_number()
            if number // 10000 != _MAJOR or (number // 100) % 100 < _MINOR:
                errors.append(f"{candidate}: library version {number} does not provide the "
                              f"ABI {_MAJOR}.{_MINOR} this binding needs")
                continue
            for name, (restype, argtypes) in _PROTOTYPES.items():
                function = getattr(lib, name)
                function.restype = restype
                function.argtypes = argtypes
            _library = lib
            return lib
        raise OSError("cannot load libpovmon (set POVMON_LIBRARY to its path): " +
                      "; ".join(errors))


def take_buffer(lib, pointer, length):
    """Copy a library-owned buffer into bytes and free it."""
    try:
        return ctypes.string_at(pointer, length) if length else b""
    finally:
        lib.povmon_free(pointer)
