"""Process-wide tuning of the register.

Python's cyclic garbage collector stops every thread while it walks the heap; with a
large first sync parsing thousands of customer dicts a second, a full collection froze
the Qt event loop for over 100 ms. Objects alive after start-up are frozen out of the
collector's walks, and collections run less often (fewer, cheaper pauses).

The sync worker and the search thread run Python too: with the interpreter's default
5 ms switch interval, the GUI thread could wait for the GIL behind both of them in turn.
A shorter interval hands it back sooner (benchmarks/bench_ui_stall.py --hq-db).
"""

from __future__ import annotations

import gc
import sys

GEN0_THRESHOLD = 100_000
SWITCH_INTERVAL_S = 0.001


def tune_runtime() -> None:
    gc.collect()
    gc.freeze()
    _, gen1, _ = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, 1000)
    sys.setswitchinterval(SWITCH_INTERVAL_S)
