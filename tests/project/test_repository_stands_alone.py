"""A fresh clone runs its tests: the specifications the tests and emulators read are inside the repository.

Proved the direct way: the repository's tracked files are copied into an empty temporary folder, with
nothing beside them, and the code that loads every spec runs there in a fresh interpreter.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handlers.demo import specs

REPO = Path(__file__).resolve().parents[2]

_LOAD_EVERY_SPEC = """
import json, sys
from pathlib import Path
from handlers.demo import specs
from handlers.demo.emulators import _zoom_schema
assert specs.specs_dir().resolve().is_relative_to(Path.cwd().resolve()), specs.specs_dir()
specs.create_meeting_schema()
specs.manifest_schema()
for name in sorted(p.name for p in specs.specs_dir().glob("*.json")):
    specs.load(name)
assert _zoom_schema.create_meeting_error({"topic": 5}) is not None
print("ok")
"""


def _tracked_files() -> list[str]:
    git = shutil.which("git")
    if git is None:
        pytest.fail("git is needed to list the repository's files")
    try:
        listed = subprocess.run([git, "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.fail(f"cannot list the repository's files with git: {exc}")
    return [name for name in listed.stdout.decode().split("\0") if name]


def test_the_specs_load_from_a_copy_with_nothing_beside_it(tmp_path, monkeypatch):
    monkeypatch.delenv(specs.SPECS_DIR_ENV, raising=False)
    copy = tmp_path / "alone" / "repo"  # its parent is an empty folder: no sibling to read from
    for name in _tracked_files():
        if (REPO / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, copy / name)
    env = {"PATH": "", "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", _LOAD_EVERY_SPEC], cwd=copy, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_no_code_climbs_out_of_the_repository_by_a_relative_path():
    # A literal "../" in code or CI reads from wherever the repository happens to sit. Test modules are left
    # out: they feed the bot hostile paths on purpose ("../../etc/passwd" as a time zone).
    climbing = re.compile(r"""["'`]\.\.[/\\]|\$\(dirname "\$0"\)/\.\./\.\.""")
    tracked = [n for n in _tracked_files() if (n == ".ci/run" or Path(n).suffix in {".py", ".toml", ".sh"})
               and not Path(n).name.startswith("test_")]
    assert len(tracked) > 20
    offending = {n: line.strip() for n in tracked for line in (REPO / n).read_text(errors="replace").splitlines()
                 if climbing.search(line)}
    assert offending == {}


def test_the_specs_the_tests_read_are_in_the_repository(monkeypatch):
    monkeypatch.delenv(specs.SPECS_DIR_ENV, raising=False)
    assert specs.specs_dir() == REPO / "handlers" / "demo" / "specs"
    tracked = set(_tracked_files())
    listed = re.findall(r"^\| `?([\w.]+\.json)`? \|", (specs.SPECS_DIR / "README.md").read_text(), flags=re.M)
    assert sorted(listed) == sorted(p.name for p in specs.SPECS_DIR.glob("*.json"))
    for name in listed:
        assert f"handlers/demo/specs/{name}" in tracked, f"{name} is not committed"
        assert json.loads((specs.SPECS_DIR / name).read_text(encoding="utf-8"))
