"""The runner process is started with the folder that holds `handlers` on its path (it broke once, silently:
the acks kept coming while no command ran, when the bot was started from another directory)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from handlers.app.durable import package_root_dir


def test_the_runner_process_finds_the_package_from_any_working_directory(tmp_path: Path):
    root = package_root_dir()
    assert (root / "handlers" / "__init__.py").is_file()
    assert (root / "bot.py").is_file()
    # From an empty folder, with only that root on the path (and not this interpreter's site packages' copy of
    # the project, if any), `-m handlers.app.runner_process` resolves to this checkout's module.
    found = subprocess.run(
        [sys.executable, "-c", "import importlib.util as u; print(u.find_spec('handlers.app.runner_process').origin)"],
        cwd=tmp_path, env={"PYTHONPATH": str(root), "PATH": ""}, capture_output=True, text=True, timeout=30,
        check=True)
    assert Path(found.stdout.strip()) == root / "handlers" / "app" / "runner_process.py"
