"""A PEP 517 build backend for the povmon binding, standard library only.

To ship libpovmon inside the wheel (so that ``pip install povmon-*.whl`` is
all a user needs), name it in the config setting ``library``::

    pip wheel bindings/python -C library=build/bindings/c/libpovmon.so

or run this file: ``python3 povmon_build.py --library LIB --out DIR`` (what the
CMake target ``povmon_python_wheel`` does). The library goes into the package
as ``povmon/libpovmon.so.<major>``, stripped of its debug information when
``strip`` is there, and the wheel is tagged for this platform.

setuptools is not needed and, behind pip's build isolation, could not be
installed without a package index; this backend needs nothing, so
``pip install bindings/python`` works offline. It packs ``src/povmon`` into a
wheel (pure Python, or tagged for this platform when a ``libpovmon.so*`` was
copied into the package to ship with it), an sdist, or an editable wheel
(PEP 660) that points at ``src``.
"""

import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import tarfile
import zipfile

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_PACKAGE_DIR = os.path.join(_ROOT, "src", "povmon")
_NAME = "povmon"
_SUMMARY = ("Python binding (ctypes) for povmon, the prevent-return-to-poverty "
            "monitoring rules engine")
# Reproducible archives: a fixed timestamp (1980-01-01, the zip epoch).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _version():
    with open(os.path.join(_PACKAGE_DIR, "_version.py"), encoding="utf-8") as f:
        match = re.search(r'^__version__ = "([^"]+)"$', f.read(), re.M)
    if match is None:
        raise RuntimeError("src/povmon/_version.py has no __version__")
    return match.group(1)


def _metadata():
    return ("Metadata-Version: 2.1\n"
            f"Name: {_NAME}\n"
            f"Version: {_version()}\n"
            f"Summary: {_SUMMARY}\n"
            "Requires-Python: >=3.9\n")


def _package_files():
    """(path in the archive, path on disk) for every file of the package."""
    files = []
    for directory, subdirs, names in os.walk(_PACKAGE_DIR):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(directory, name)
            files.append((os.path.relpath(path, os.path.dirname(_PACKAGE_DIR)), path))
    return files


def _bundles_library(files):
    return any(os.path.basename(archive).startswith("libpovmon.so") for archive, _ in files)


def _wheel_tag(files):
    if not _bundles_library(files):
        return "py3-none-any"
    platform = re.sub(r"[-.]", "_", sysconfig.get_platform())
    return f"py3-none-{platform}"


def _record_line(archive_name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"{archive_name},sha256={digest.decode()},{len(data)}\n"


def _write_wheel(wheel_directory, contents, tag):
    """contents: list of (archive name, bytes). Returns the wheel's file name."""
    dist_info = f"{_NAME}-{_version()}.dist-info"
    wheel_meta = ("Wheel-Version: 1.0\n"
                  "Generator: povmon_build\n"
                  f"Root-Is-Purelib: {'true' if tag.endswith('-any') else 'false'}\n"
                  f"Tag: {tag}\n")
    contents = list(contents) + [
        (f"{dist_info}/METADATA", _metadata().encode()),
        (f"{dist_info}/WHEEL", wheel_meta.encode()),
        (f"{dist_info}/top_level.txt", f"{_NAME}\n".encode()),
    ]
    record = "".join(_record_line(name, data) for name, data in contents)
    record += f"{dist_info}/RECORD,,\n"
    contents.append((f"{dist_info}/RECORD", record.encode()))
    wheel_name = f"{_NAME}-{_version()}-{tag}.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w",
                         compression=zipfile.ZIP_DEFLATED) as wheel:
        for name, data in contents:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            shared = os.path.basename(name).startswith("libpovmon.so")
            info.external_attr = (0o755 if shared else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    return wheel_name


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    dist_info = f"{_NAME}-{_version()}.dist-info"
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    with open(os.path.join(metadata_directory, dist_info, "METADATA"), "w",
              encoding="utf-8") as f:
        f.write(_metadata())
    return dist_info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def _library_contents(library):
    """(archive name, bytes) of libpovmon to bundle: the file the path
    resolves to, stripped of debug information where strip(1) is there."""
    major = _version().split(".")[0]
    real = os.path.realpath(library)
    if not os.path.isfile(real):
        raise FileNotFoundError(f"library to bundle not found: {library}")
    data = None
    strip = shutil.which("strip")
    if strip is not None:
        with tempfile.TemporaryDirectory() as scratch:
            stripped = os.path.join(scratch, "libpovmon.so")
            result = subprocess.run([strip, "--strip-debug", "-o", stripped, real],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if result.returncode == 0:
                with open(stripped, "rb") as f:
                    data = f.read()
    if data is None:
        with open(real, "rb") as f:
            data = f.read()
    return (f"{_NAME}/libpovmon.so.{major}", data)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = _package_files()
    contents = []
    for archive_name, path in files:
        with open(path, "rb") as f:
            contents.append((archive_name, f.read()))
    library = (config_settings or {}).get("library")
    if library:
        contents = [(name, data) for name, data in contents
                    if not os.path.basename(name).startswith("libpovmon.so")]
        contents.append(_library_contents(library))
        files = files + [(contents[-1][0], library)]
    return _write_wheel(wheel_directory, contents, _wheel_tag(files))


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    src = os.path.dirname(_PACKAGE_DIR)
    return _write_wheel(wheel_directory, [(f"__editable__.{_NAME}.pth", f"{src}\n".encode())],
                        "py3-none-any")


def build_sdist(sdist_directory, config_settings=None):
    base = f"{_NAME}-{_version()}"
    sdist_name = f"{base}.tar.gz"
    members = [("pyproject.toml", os.path.join(_ROOT, "pyproject.toml")),
               ("build_backend/povmon_build.py", os.path.abspath(__file__))]
    members += [(os.path.join("src", name), path) for name, path in _package_files()]
    with tarfile.open(os.path.join(sdist_directory, sdist_name), "w:gz",
                      format=tarfile.PAX_FORMAT) as sdist:
        pkg_info = _metadata().encode()
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(pkg_info)
        info.mtime = 315532800
        sdist.addfile(info, io.BytesIO(pkg_info))
        for name, path in members:
            info = sdist.gettarinfo(path, arcname=f"{base}/{name}")
            info.mtime = 315532800
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with open(path, "rb") as f:
                sdist.addfile(info, f)
    return sdist_name


def _main(argv):
    import argparse
    parser = argparse.ArgumentParser(description="Build the povmon wheel, libpovmon inside.")
    parser.add_argument("--library", required=True, help="libpovmon.so to bundle")
    parser.add_argument("--out", required=True, help="directory to write the wheel to")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    for old in os.listdir(args.out):
        if old.startswith(f"{_NAME}-") and old.endswith(".whl"):
            os.remove(os.path.join(args.out, old))
    print(os.path.join(args.out, build_wheel(args.out, {"library": args.library})))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
