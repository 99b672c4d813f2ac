"""The wheel carries libpovmon: `pip install povmon-*.whl` into a fresh
virtual environment, then `import povmon` decides a household with no build
tree, no POVMON_LIBRARY and no PYTHONPATH.

    wheel_install_check.py --wheel-dir DIR --work DIR --pack policies/hunan-2024

Run by CTest (povmon_python_wheel_install) after the povmon_python_wheel
target wrote the wheel. Falls back to `pip install --target` where this Python
cannot make a virtual environment with pip (Debian without python3-venv).
Exits 77 (skipped) when this Python has no pip at all.
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import zipfile

CHECK = r"""
import os, sys
import povmon
from povmon import _native
here = os.path.dirname(os.path.abspath(povmon.__file__))
assert here.startswith(os.path.abspath(sys.argv[1])), (here, sys.argv[1])
lib = _native.library()
assert os.path.dirname(os.path.abspath(lib._name)) == here, (lib._name, here)
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
print("wheel-installed povmon", povmon.__version__, "with", os.path.basename(lib._name),
      "decides", decision["identification"]["category"])
"""


def run(command, **kwargs):
    print("$", " ".join(command), flush=True)
    return subprocess.run(command, check=True, **kwargs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wheel-dir", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--pack", required=True)
    args = parser.parse_args()
    args.pack = os.path.abspath(args.pack)

    wheels = glob.glob(os.path.join(args.wheel_dir, "povmon-*.whl"))
    assert len(wheels) == 1, wheels
    wheel = wheels[0]
    assert wheel.endswith("-py3-none-linux_x86_64.whl") or "-py3-none-linux_" in wheel, wheel
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("povmon/__init__.py", "povmon/py.typed", "povmon/libpovmon.so.0"):
        assert expected in names, (expected, names)

    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_NO_CACHE_DIR="1")
    for name in ("PYTHONPATH", "POVMON_LIBRARY", "LD_LIBRARY_PATH", "VIRTUAL_ENV"):
        env.pop(name, None)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    venv = os.path.join(args.work, "venv")
    made = subprocess.run([sys.executable, "-m", "venv", venv],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    python = os.path.join(venv, "bin", "python")
    if made and subprocess.run([python, "-m", "pip", "--version"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL).returncode == 0:
        run([python, "-m", "pip", "install", "--no-index", "--no-deps", wheel], env=env)
        site = venv
        check_env = env
    else:
        if subprocess.run([sys.executable, "-m", "pip", "--version"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode != 0:
            print("this Python has no pip: skipped")
            return 77
        print("no virtual environment with pip here (python3-venv): pip install --target")
        site = os.path.join(args.work, "site")
        run([sys.executable, "-m", "pip", "install", "--no-index", "--no-deps", "--target",
             site, wheel], env=env)
        python = sys.executable
        check_env = dict(env, PYTHONPATH=site)
    run([python, "-c", CHECK, site, args.pack], env=check_env, cwd=args.work)
    shutil.rmtree(args.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
