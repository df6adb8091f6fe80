"""The Dockerfile and docker-compose.yml, read as files (no Docker here): the image runs the README's gunicorn
command as a non-root user, checks /healthz, and starts from a pinned slim Python; hadolint's basics hold;
compose puts the bot beside a pinned PostgreSQL it waits for."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    joined: list[str] = []
    pending = ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        joined.append(pending + line)
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued line"
    parsed = []
    for line in joined:
        instruction, _, arguments = line.partition(" ")
        parsed.append((instruction.upper(), arguments.strip()))
    return parsed


def only(name: str) -> str:
    found = [arguments for instruction, arguments in instructions() if instruction == name]
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


def readme_gunicorn_command() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    commands = {line.strip() for line in readme.splitlines() if line.strip().startswith("gunicorn ")}
    assert len(commands) == 1, f"the README should show one gunicorn command, not {commands}"
    return shlex.split(commands.pop())


def test_the_command_is_the_readmes_gunicorn_command_in_exec_form():
    command = json.loads(only("CMD"))  # exec form (hadolint DL3025): signals reach gunicorn, not a shell
    assert command == readme_gunicorn_command()
    assert command[-1] == "bot:create_app()"
    assert "--preload" in command  # metrics summed across workers and one runner per host (README)


def test_the_base_image_is_a_pinned_slim_python_the_project_supports():
    base = only("FROM")
    match = re.fullmatch(r"python:(\d+)\.(\d+)\.(\d+)-slim(-[a-z]+)?(@sha256:[0-9a-f]{64})?", base)
    assert match, f"pin a python:X.Y.Z-slim image, not {base!r}"  # DL3006, DL3007: no bare or latest tag
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    low = tuple(int(part) for part in re.fullmatch(r">=(\d+)\.(\d+)", requires).groups())  # type: ignore[union-attr]
    assert (int(match[1]), int(match[2])) >= low


def test_it_runs_as_a_user_it_creates_not_root():
    users = [arguments for instruction, arguments in instructions() if instruction == "USER"]
    assert users, "no USER: the bot would run as root"
    last = users[-1].split(":")[0]
    assert last not in ("root", "0")  # DL3002
    runs = " ".join(arguments for instruction, arguments in instructions() if instruction == "RUN")
    assert re.search(rf"useradd\b[^&;]*\b{re.escape(last)}\b", runs), f"USER {last} is never created"
    order = [instruction for instruction, _ in instructions()]
    assert order.index("USER") > max(i for i, name in enumerate(order) if name == "RUN"), \
        "everything after USER runs as the bot: install first"


def test_the_healthcheck_asks_healthz_on_the_port_gunicorn_binds():
    healthcheck = only("HEALTHCHECK")
    bind = readme_gunicorn_command()[readme_gunicorn_command().index("-b") + 1]
    port = bind.rsplit(":", 1)[1]
    assert f"127.0.0.1:{port}/healthz" in healthcheck
    assert "--timeout=" in healthcheck
    assert only("EXPOSE") == port
    assert "curl" not in healthcheck  # not in the slim image: Python's urllib is


def test_hadolint_basics():
    parsed = instructions()
    names = [instruction for instruction, _ in parsed]
    assert "ADD" not in names  # DL3020: COPY for files
    assert "MAINTAINER" not in names  # DL4000
    workdir = only("WORKDIR")
    assert workdir.startswith("/")  # DL3000
    for instruction, arguments in parsed:
        if instruction == "RUN" and "pip install" in arguments:
            assert "--no-cache-dir" in arguments  # DL3042
        if instruction == "RUN":
            assert not re.search(r"\bcd\b", arguments)  # DL3003: WORKDIR instead
            assert "apt-get upgrade" not in arguments  # DL3005
            assert "sudo" not in arguments  # DL3004
    assert names.count("CMD") == 1  # DL4003
    assert names.count("HEALTHCHECK") == 1  # DL3012


def test_the_image_holds_every_package_and_nothing_secret():
    copied = {arguments.split()[0] for instruction, arguments in instructions() if instruction == "COPY"}
    copied |= {part for instruction, arguments in instructions() if instruction == "COPY"
               for part in arguments.split()[:-1]}
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    for pattern in packages["include"]:
        assert pattern.rstrip("*") in copied, f"{pattern} is not copied into the image"
    assert {"bot.py", "pyproject.toml"} <= copied
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", "*.db", "*.key", ".git"} <= ignored  # a local secret or database never goes into the image


@pytest.fixture
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_the_bot_beside_a_pinned_postgresql_it_waits_for(compose):
    services = compose["services"]
    database, bot = services["db"], services["bot"]
    assert re.fullmatch(r"postgres:\d+\.\d+(-[a-z]+)?", database["image"])
    assert "pg_isready" in " ".join(database["healthcheck"]["test"])
    assert bot["build"] == "."
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    url = bot["environment"]["DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://")
    assert "@db:5432/" in url
    assert database["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")  # no default password
    port = readme_gunicorn_command()[readme_gunicorn_command().index("-b") + 1].rsplit(":", 1)[1]
    assert f"{port}:{port}" in bot["ports"]
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in database["volumes"])
