"""Installs, once, the local Flink the test suite runs the job on.

    python3 env.py

Creates a project-local virtualenv under .cache/flink/ at the repository root (gitignored) with
the PyFlink pinned in requirements.txt, and prints one JSON line: the virtualenv's python and the
PyFlink version it holds. A second run finds the stamp written after a complete install and
returns at once; a changed requirements.txt, or an install that was interrupted, installs again.
Only the tests need this: installing the library or running the offline plan never fetches Flink.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
CACHE = os.path.join(ROOT, ".cache", "flink")
VENV = os.path.join(CACHE, "venv")
STAMP = os.path.join(VENV, "installed.json")
REQUIREMENTS = os.path.join(HERE, "requirements.txt")
# PyFlink 2.2 publishes wheels for CPython 3.9 to 3.12.
SUPPORTED_PYTHON = ((3, 9), (3, 12))
# A full install downloads about 300 MB; past this something is wrong, and CI must stay bounded.
INSTALL_TIMEOUT_SECONDS = 900


class SetupError(Exception):
    pass


def flink_version():
    with open(os.path.join(HERE, "..", "application.json"), encoding="utf-8") as handle:
        return json.load(handle)["flinkVersion"]


def requirements_digest():
    with open(REQUIREMENTS, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def venv_python():
    return os.path.join(VENV, "Scripts" if os.name == "nt" else "bin", "python")


def read_stamp():
    try:
        with open(STAMP, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def check_prerequisites():
    low, high = SUPPORTED_PYTHON
    if not low <= sys.version_info[:2] <= high:
        raise SetupError(
            f"PyFlink {flink_version()} needs Python {low[0]}.{low[1]} to {high[0]}.{high[1]}, "
            f"this is {sys.version.split()[0]}; run env.py with a supported python3"
        )
    if shutil.which("java") is None:
        raise SetupError(
            "PyFlink starts a JVM and finds no `java` on PATH; install a JDK 11 or 17 (e.g. "
            "openjdk-17-jdk-headless) or set PATH to include one"
        )


def install(digest):
    shutil.rmtree(VENV, ignore_errors=True)
    os.makedirs(CACHE, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    command = [venv_python(), "-m", "pip", "install", "-q", "--no-input"]
    command += ["--disable-pip-version-check", "--timeout", "60", "-r", REQUIREMENTS]
    try:
        subprocess.run(command, check=True, timeout=INSTALL_TIMEOUT_SECONDS, stdout=sys.stderr)
    except subprocess.TimeoutExpired as error:
        raise SetupError(
            f"installing PyFlink took longer than {INSTALL_TIMEOUT_SECONDS} s; check that PyPI "
            "is reachable (pip's index and proxy settings) and run again"
        ) from error
    except subprocess.CalledProcessError as error:
        raise SetupError(
            f"pip install -r {os.path.relpath(REQUIREMENTS, ROOT)} failed "
            f"(exit {error.returncode}); its output is above"
        ) from error
    version = subprocess.run(
        [venv_python(), "-c", "import pyflink.version as v; print(v.__version__)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    stamp = {"requirements": digest, "pyflink": version}
    with open(STAMP, "w", encoding="utf-8") as handle:
        json.dump(stamp, handle)
    return stamp


def ensure():
    digest = requirements_digest()
    stamp = read_stamp()
    if not stamp or stamp.get("requirements") != digest or not os.path.exists(venv_python()):
        check_prerequisites()
        print(f"installing PyFlink into {os.path.relpath(VENV, ROOT)} (once)", file=sys.stderr)
        stamp = install(digest)
    if not stamp["pyflink"].startswith(flink_version() + "."):
        raise SetupError(
            f"requirements.txt installs PyFlink {stamp['pyflink']}, but the stack deploys Flink "
            f"{flink_version()} (application.json); pin apache-flink=={flink_version()}.x"
        )
    return {"python": venv_python(), "pyflink": stamp["pyflink"]}


if __name__ == "__main__":
    try:
        print(json.dumps(ensure()))
    except SetupError as error:
        print(f"local Flink setup failed: {error}", file=sys.stderr)
        sys.exit(2)
