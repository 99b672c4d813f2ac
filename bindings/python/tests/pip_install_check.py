"""`pip install bindings/python` works offline, and the installed package
finds libpovmon through POVMON_LIBRARY or next to itself.

    pip_install_check.py --source bindings/python --work <dir> --library libpovmon.so
                         --pack policies/hunan-2024

Run by CTest (povmon_python_pip_install). Exits 77 (skipped) when this Python
has no pip.
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import zipfile

CHECK = r"""
import json, os, sys
import povmon
here = os.path.dirname(povmon.__file__)
assert here.startswith(sys.argv[1]), (here, sys.argv[1])
with povmon.Policy.load(sys.argv[2]) as policy:
    decision = policy.evaluate({
        "id": "hn-marginal",
        "members": [
            {"id": "m1", "relation": "RELATION_HEAD", "registered": True,
             "co_resident": True, "labour_capacity": "LABOUR_CAPACITY_FULL"},
            {"id": "m2", "relation": "RELATION_SPOUSE", "registered": True,
             "co_resident": True, "labour_capacity": "LABOUR_CAPACITY_FULL"}],
        "income": [{"date": "2024-01-15", "kind": "INCOME_KIND_WAGE",
                    "amount_fen": "1100000"}],
        "housing": "HOUSING_SAFETY_UNSAFE", "water": "WATER_SAFETY_SAFE"},
        as_of="2024-07-01")
    assert decision["identification"]["category"] == "CATEGORY_MARGINAL_AT_RISK", decision
print("installed povmon", povmon.__version__, "from", here, "decides",
      decision["identification"]["category"])
"""


def run(command, **kwargs):
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, check=True, **kwargs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--library", required=True)
    parser.add_argument("--pack", required=True)
    args = parser.parse_args()
    args.library = os.path.abspath(args.library)
    args.pack = os.path.abspath(args.pack)

    if subprocess.run([sys.executable, "-m", "pip", "--version"],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
        print("this Python has no pip: skipped")
        return 77

    shutil.rmtree(args.work, ignore_errors=True)
    site = os.path.join(args.work, "site")
    wheels = os.path.join(args.work, "wheels")
    os.makedirs(wheels)
    # No index, no network: the build backend needs nothing.
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_NO_CACHE_DIR="1")
    env.pop("PYTHONPATH", None)
    env.pop("POVMON_LIBRARY", None)
    run([sys.executable, "-m", "pip", "install", "--no-index", "--no-deps", "--target", site,
         args.source], env=env)
    run([sys.executable, "-m", "pip", "wheel", "--no-index", "--no-deps", "-w", wheels,
         args.source], env=env)
    (wheel,) = glob.glob(os.path.join(wheels, "povmon-*-py3-none-any.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("povmon/__init__.py", "povmon/_policy.py", "povmon/_native.py"):
        assert expected in names, (expected, names)
    assert not any(name.startswith("tests/") for name in names), names

    # The installed copy, not the source tree, with POVMON_LIBRARY.
    check_env = dict(env, PYTHONPATH=site, POVMON_LIBRARY=args.library)
    run([sys.executable, "-c", CHECK, site, args.pack], env=check_env, cwd=args.work)

    # The library copied next to the package is found without the variable.
    shutil.copy(args.library, os.path.join(site, "povmon", "libpovmon.so"))
    run([sys.executable, "-c", CHECK, site, args.pack], env=dict(env, PYTHONPATH=site),
        cwd=args.work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
