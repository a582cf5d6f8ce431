"""`just up` restarts a process that died, with growing delays, and says so."""

from __future__ import annotations

import sys
import time

import pytest

from scripts.up import Supervised

_WAIT_S = 20


def test_a_dead_process_is_restarted_with_backoff_and_logged(capsys: pytest.CaptureFixture[str]) -> None:
    child = Supervised("worker", [sys.executable, "-c", "raise SystemExit(3)"], {})
    deadline = time.monotonic() + _WAIT_S
    while child.restarts < 3:
        assert time.monotonic() < deadline, f"only {child.restarts} restart(s) in {_WAIT_S} s"
        child.tend()
        time.sleep(0.05)  # polling the supervisor, as up.py's loop does
    child.process.wait()
    logged = capsys.readouterr().err.splitlines()
    assert logged[:3] == [
        "just up: the worker exited with code 3; restarting it in 0 s",
        "just up: the worker exited with code 3; restarting it in 1 s",
        "just up: the worker exited with code 3; restarting it in 2 s",
    ]
