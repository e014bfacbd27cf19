"""Set up and run kapanalytics on a machine that has nothing but Python 3.11+.

    python3 run.py app     # install what is needed, then start the dashboard on the demo data
    python3 run.py test    # install what is needed (Chromium too, where possible), run all tests
    python3 run.py kap ... # the command line, e.g. python3 run.py kap info

Everything is installed into .venv beside this file; a second run skips what is in place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".requirements.sha256"
CHROMIUM = "/usr/bin/chromium"


def _requirements_digest() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> None:
    """Create .venv and install the pinned requirements and the project, once per change."""
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = _requirements_digest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("Installing requirements into .venv ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(ROOT / "requirements.txt")], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_text(wanted)


def ensure_chromium() -> None:
    """Install Debian's Chromium for the browser tests when it is missing and we may."""
    if Path(CHROMIUM).exists():
        return
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        print(
            f"{CHROMIUM} is missing and cannot be installed here (needs root and apt-get); "
            "the browser tests will say so.",
            flush=True,
        )
        return
    print("Installing Chromium for the browser tests ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt, "update", "-qq"], check=True, env=env)
    subprocess.run([apt, "install", "-y", "-qq", "chromium"], check=True, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test", "kap"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_environment()
    if command == "app":
        app = [str(PYTHON), "-m", "streamlit", "run", str(ROOT / "dashboard.py"), *rest]
        return subprocess.call(app, cwd=ROOT)
    if command == "kap":
        return subprocess.call([str(BIN / "kap"), *rest], cwd=ROOT)
    ensure_chromium()
    return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
