"""Shared test set-up: offscreen Qt, a throw-away file keyring, logs in tmp, and the
honesty guard (`tests/support/logfail.py`): a test fails when an error is logged, a
background thread dies or a Qt slot raises, unless the test says it expects that."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.logfail import (
    WATCHED_LOGGERS,
    Expectations,
    FileWatch,
    LogFailHandler,
    Problem,
    parse_log_text,
    problems_from_records,
)

# Fixtures shared across test packages (``hq``: a real HQ subprocess per test).
pytest_plugins = ["tests.support.hq"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"

_HANDLER = LogFailHandler()
_FILES = FileWatch()


@dataclass
class _Guard:
    expectations: Expectations
    log_dir: Path | None = None
    passed_call: bool = False
    in_process: list[Problem] = field(default_factory=list)


_GUARD = pytest.StashKey[_Guard]()


def pytest_configure(config: pytest.Config) -> None:
    if config.getini("qt_no_exception_capture"):
        raise pytest.UsageError("pytest-qt's exception capture must stay on (logfail)")
    for name in WATCHED_LOGGERS:
        logging.getLogger(name).addHandler(_HANDLER)


def pytest_unconfigure(config: pytest.Config) -> None:
    for name in WATCHED_LOGGERS:
        logging.getLogger(name).removeHandler(_HANDLER)


def _hq_stderr_files() -> list[Path]:
    from hq_stub import process

    return [directory / "stderr.log" for directory in process._TEMP_DIRS]


def _collect(guard: _Guard) -> list[Problem]:
    in_process = problems_from_records(_HANDLER.take())
    guard.in_process += in_process
    problems = list(in_process)
    for path in _hq_stderr_files():
        problems += parse_log_text(_FILES.read_new(path), "HQ process")
    if guard.log_dir is not None:
        # The terminal's log file: what terminal subprocesses wrote. Records this process
        # wrote there too were already seen through the handler.
        seen = {p.text.split("\n", 1)[0] for p in guard.in_process}
        from pos_desktop.logs import redact

        seen |= {redact(text) for text in seen}
        for path in sorted(guard.log_dir.glob("pos-desktop.log*")):
            for problem in parse_log_text(_FILES.read_new(path), "terminal process"):
                if problem.text.split("\n", 1)[0] not in seen:
                    problems.append(problem)
    return problems


def _check(item: pytest.Item, *, final: bool) -> None:
    guard = item.stash[_GUARD]
    unexpected = [p for p in _collect(guard) if not guard.expectations.covers(p)]
    messages = [f"unexpected error logged: {p}" for p in unexpected]
    if final:
        messages += [
            f"expected an error log matching {pattern!r}, none was logged"
            for pattern, hits in guard.expectations.expected.items()
            if hits == 0
        ]
    if messages:
        pytest.fail(
            "\n".join(messages)
            + "\n(if the test exercises this error path, declare it with expect_log_error "
            "or @pytest.mark.allow_log_errors; otherwise it is a bug)",
            pytrace=False,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test` runs `-n 2 --dist loadfile`), the files holding the
    longest tests (the frozen build, then the `slow` fault and scale tests) are handed
    out first, so that they do not start last on one worker while the other sits idle.
    A plain run keeps the collection order."""
    if not hasattr(config, "workerinput"):
        return
    heavy = {item.path for item in items if item.get_closest_marker("slow")}
    frozen = {item.path for item in items if item.get_closest_marker("frozen")}
    items.sort(key=lambda item: 0 if item.path in frozen else 1 if item.path in heavy else 2)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item):  # type: ignore[no-untyped-def]
    if item.get_closest_marker("qt_no_exception_capture"):
        raise pytest.UsageError(f"{item.nodeid}: Qt exception capture must stay on (logfail)")
    expectations = Expectations()
    for marker in item.iter_markers("allow_log_errors"):
        if not marker.args:
            expectations.allow_any = True
        expectations.allowed += [re.compile(p) for p in marker.args]
    item.stash[_GUARD] = _Guard(expectations)
    return (yield)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item):  # type: ignore[no-untyped-def]
    result = yield  # a test that failed on its own is not checked any further
    item.stash[_GUARD].passed_call = True
    _check(item, final=False)
    return result


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):  # type: ignore[no-untyped-def]
    result = yield
    guard = item.stash.get(_GUARD, None)
    if guard is not None and guard.passed_call:
        _check(item, final=True)
        leaked = _leaked_threads()
        if leaked:  # they would fail, or log into, a later test that is not to blame
            pytest.fail(f"background threads still running after the test: {leaked}",
                        pytrace=False)
    else:  # nothing to add to a failure; do not blame the next test for it
        _collect(guard or _Guard(Expectations()))
    return result


# The product's own background threads (sync worker, link monitor, UI task pools, the
# feed prefetcher); a test that starts one stops it (Terminal.close, window close).
_OUR_THREADS = ("sync-worker", "hq-link", "ui-task", "feed-fetch")


def _leaked_threads(grace: float = 2.0) -> list[str]:
    deadline = time.monotonic() + grace
    while True:
        alive = [t.name for t in threading.enumerate() if t.name.startswith(_OUR_THREADS)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.02)


@pytest.fixture
def expect_log_error(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """``expect_log_error(r"regex")``: this test must log a matching error (and may)."""
    expectations = request.node.stash[_GUARD].expectations

    def expect(pattern: str) -> None:
        re.compile(pattern)
        expectations.expected.setdefault(pattern, 0)

    return expect


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch, request: pytest.FixtureRequest
) -> None:
    """Keyring file, logs and platformdirs defaults never touch the real user's folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("POS_DESKTOP_LOG_DIR", str(home / "logs"))
    request.node.stash[_GUARD].log_dir = home / "logs"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "terminal"
