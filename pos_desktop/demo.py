"""`pos-desktop --demo` (`make run`): a local HQ with demo data and a terminal activated on it.

The demo keeps its own folders under the data dir (`demo/hq`, `demo/terminal`), so it
never mixes with a real terminal's data. Each start issues a fresh activation code and
re-activates the demo terminal, since the local HQ listens on a new port every time.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from pos_desktop.credentials import use_memory_keyring_if_none
from pos_desktop.domain.errors import DomainError
from pos_desktop.terminal import Terminal

if TYPE_CHECKING:  # imported when the demo starts: the HQ extra may be missing
    from hq_stub.process import HQProcess

log = logging.getLogger(__name__)

DEMO_TERMINAL = "T1"


def start_demo(
    data_dir: Path, *, store_id: str | None = None, job_interval: float = 2.0
) -> tuple[HQProcess, Terminal]:
    """Start the demo HQ and return (hq_process, activated terminal)."""
    try:
        from hq_stub.process import HQProcess
    except ImportError as exc:
        raise DomainError(
            "demo.no_hq",
            "The demo needs the HQ service: install with pip install -e '.[hq]' (make run does).",
        ) from exc
    if use_memory_keyring_if_none():
        log.warning("No OS keyring: the demo keeps its device token in memory only")
    root = data_dir / "demo"
    (root / "hq").mkdir(parents=True, exist_ok=True)
    hq = HQProcess(
        f"sqlite:///{root / 'hq' / 'hq.db'}",
        demo=True,
        admin_token=secrets.token_urlsafe(24),
        job_interval=job_interval,
    )
    hq.start()
    try:
        codes = hq.activation_codes
        if not codes:
            raise DomainError("demo.no_code", "The demo HQ issued no activation code.")
        chosen = next((c for c in codes if c["store_id"] == store_id), codes[0])
        assert hq.url is not None  # start() returned: HQ is up and said where
        terminal = Terminal(root / "terminal")
        terminal.activate(
            hq.url, chosen["activation_code"], chosen.get("terminal_id", DEMO_TERMINAL)
        )
        print(f"Demo HQ at {hq.url}; terminal {DEMO_TERMINAL} of store {chosen['store_id']}")
    except BaseException:
        hq.stop()
        raise
    return hq, terminal
