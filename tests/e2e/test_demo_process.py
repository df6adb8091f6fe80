"""`python bot.py demo` as a person runs it: one URL printed, the playground answering, a command reaching the bot
and its answer shown; Ctrl-C (SIGINT) or SIGTERM stops it, its temporary folder is gone and nothing else was
written (an empty working folder stays empty, TMPDIR holds nothing)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest
import requests

from tests.harness import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_demo_prints_one_url_serves_the_playground_and_cleans_up(tmp_path, stop):
    work, scratch = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ZOOM_", "DATABASE_", "PUBLIC_"))}
    env.update(PYTHONPATH=str(ROOT), TMPDIR=str(scratch), PYTHONDONTWRITEBYTECODE="1")
    process = subprocess.Popen([sys.executable, str(ROOT / "bot.py"), "demo"], cwd=work, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
        [url] = re.findall(r"http://127\.0\.0\.1:\d+/", first)
        assert len(list(scratch.iterdir())) == 1  # its temporary folder, and nothing else
        assert requests.get(url, timeout=10).status_code == 200
        sent = requests.post(f"{url}command", data={"user": "U0CHIKA", "text": "/zoom help"}, timeout=30)
        assert sent.status_code == 200
        private = sent.text.split('id="private"', 1)[1].split("</section>", 1)[0]
        assert "/zoom disconnect" in private  # the bot's answer to /zoom help (its ack), shown to Chika only
        process.send_signal(stop)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    rest = process.stdout.read()  # type: ignore[union-attr]
    assert "Traceback" not in rest, rest
    assert list(scratch.iterdir()) == []
    assert list(work.iterdir()) == []
    assert "http://" not in rest  # one URL, printed once
