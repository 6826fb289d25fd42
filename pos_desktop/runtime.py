"""Process-wide tuning of the register.

Python's cyclic garbage collector stops every thread while it walks the heap; with a
large first sync parsing thousands of customer dicts a second, a full collection froze
the Qt event loop for over 100 ms. Objects alive after start-up are frozen out of the
collector's walks, and collections run less often (fewer, cheaper pauses).
"""

from __future__ import annotations

import gc

GEN0_THRESHOLD = 100_000


def tune_garbage_collector() -> None:
    gc.collect()
    gc.freeze()
    _, gen1, _ = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, 1000)
