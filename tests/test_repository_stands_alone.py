"""A fresh clone runs its tests: no code reads the specifications (or anything) from beside the repository.

The specs the tests need are trimmed copies in tests/specs. Only its README (provenance) and trim.py (the
maintenance tool that refreshes them from the full files) may name where the full files live.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import specs

REPO = Path(__file__).resolve().parents[1]
ALLOWED = {"tests/specs/README.md", "tests/specs/trim.py"}
CODE_SUFFIXES = {".py", ".toml", ".sh", ".cfg", ".ini"}
CODE_DIRS = (".ci/", "bench/")

# The sibling folder however it is spelled: as one path string (dot-dot then the folder, or the folder then
# specs), or as pathlib / os.path pieces (`parents[2] / <folder> / <specs>`, `join(<dot-dot>, <folder>)`).
# The patterns are built from pieces so that this file, which is checked like every other, does not match itself.
_Q = "[\"']"
_SEP = r"\s*[/,]\s*"
OUTSIDE = re.compile("|".join([
    r"\.\.[/\\]+" + "shared",
    "shared" + r"[/\\]+" + "specs",
    _Q + "shared" + _Q + _SEP + _Q + "specs" + _Q,
    _Q + r"\.\." + _Q + _SEP + _Q + "shared" + _Q,
]))


def _tracked_files() -> list[str]:
    git = shutil.which("git")
    if git is None:
        pytest.fail("git is needed to list the repository's files")
    try:
        listed = subprocess.run([git, "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.fail(f"cannot list the repository's files with git: {exc}")
    return [name for name in listed.stdout.decode().split("\0") if name]


def _is_code(name: str) -> bool:
    return name == ".ci/run" or name.startswith(CODE_DIRS) or Path(name).suffix in CODE_SUFFIXES


def _references_outside(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if OUTSIDE.search(line)]


_S = "shar" + "ed"  # so that the samples below do not make this file match


@pytest.mark.parametrize("line", [
    f'SPECS_DIR = Path(__file__).resolve().parents[2] / "{_S}" / "specs"',
    f"return Path(__file__).resolve().parents[3] / '{_S}' / 'specs'",
    f'os.path.join(os.path.dirname(__file__), "..", "{_S}", "specs")',
    f"spec = json.load(open('../{_S}/specs/zoom_meetings_endpoints.json'))",
    f'ZOOM_SPECS_DIR="$(dirname "$0")/../{_S}" pytest',
    f"specs = '/work/{_S}/specs'",
])
def test_the_check_catches_a_path_beside_the_repository(line):
    assert _references_outside(line) == [line]


@pytest.mark.parametrize("line", [
    "SPECS_DIR = Path(__file__).resolve().parent",
    '"""Small HTTP helpers shared by the OAuth and REST clients."""',
    "machines here are shared and noisy.",
    'load("zoom_meetings_endpoints.json")',
])
def test_the_check_leaves_ordinary_lines_alone(line):
    assert _references_outside(line) == []


def test_no_tracked_code_points_outside_the_repository():
    tracked = _tracked_files()
    assert "tests/specs/__init__.py" in tracked, "the scan must see the repository's own files"
    checked, offending = 0, {}
    for name in tracked:
        path = REPO / name
        if name in ALLOWED or not _is_code(name) or not path.is_file():
            continue
        checked += 1
        if found := _references_outside(path.read_text(encoding="utf-8", errors="replace")):
            offending[name] = found
    assert checked > 20, f"only {checked} code files scanned"
    assert offending == {}, f"code that reads from beside the repository: {offending}"


def test_the_specs_the_tests_read_are_in_the_repository(monkeypatch):
    monkeypatch.delenv(specs.SPECS_DIR_ENV, raising=False)
    assert specs.specs_dir() == REPO / "tests" / "specs"
    tracked = set(_tracked_files())
    listed = re.findall(r"^\| `?([\w.]+\.json)`? \|", (specs.SPECS_DIR / "README.md").read_text(), flags=re.M)
    assert sorted(listed) == sorted(p.name for p in specs.SPECS_DIR.glob("*.json"))
    for name in listed:
        assert f"tests/specs/{name}" in tracked, f"{name} is not committed"
        assert json.loads((specs.SPECS_DIR / name).read_text(encoding="utf-8"))
