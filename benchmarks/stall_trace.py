"""What each long event-loop stall was made of (bench_sync.py population --trace-stalls).

At every tick of the GUI thread's 5 ms timer the GUI thread's own scheduler figures are
read from /proc/thread-self/schedstat (time on a CPU, time waiting for one on the run
queue). For a long gap between two ticks:

* ``runq``: the GUI thread was runnable but the OS gave it no core (other processes or
  threads had both cores; nothing in this process can fix that);
* ``cpu``: the GUI thread itself ran (its own work, or a garbage collection it ran);
* ``blocked``: neither: the GUI thread slept, waiting for the GIL (or its timer).

Garbage collections (gc.callbacks) and change-feed page parses overlapping the gap are
listed beside it: a collection or a C call holding the GIL shows as ``blocked``.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable
from typing import Any


def _schedstat(fd: int) -> tuple[float, float]:
    cpu, runq, _ = os.pread(fd, 128, 0).split()
    return int(cpu) / 1e6, int(runq) / 1e6


class StallTrace:
    def __init__(self, threshold_ms: float = 40.0) -> None:
        self.threshold_ms = threshold_ms
        self._fd = -1
        self._last: tuple[float, float, float] | None = None
        self.gaps: list[tuple[float, float, float, float]] = []  # end, gap, cpu, runq (ms)
        self.events: list[tuple[float, float, str]] = []  # start, end (s), what
        self._gc_start: dict[int, float] = {}
        self.per_thread = True
        self._names: dict[int, str] = {}
        self._others_then: dict[str, tuple[float, float]] = {}
        self.threads: dict[float, dict[str, tuple[float, float]]] = {}

    def start(self) -> None:
        """On the GUI thread, before the first tick."""
        self._fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        gc.callbacks.append(self._on_gc)
        self._last = None

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        me = threading.get_ident()
        if phase == "start":
            self._gc_start[me] = time.perf_counter()
        elif me in self._gc_start:
            began = self._gc_start.pop(me)
            self.events.append((began, time.perf_counter(),
                                f"gc gen{info['generation']} on {threading.current_thread().name}"))

    def wrap(self, fn: Callable[..., Any], what: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.events.append((began, time.perf_counter(), what))

        return timed

    def _others(self) -> dict[str, tuple[float, float]]:
        """Every other thread of this process: name -> (cpu, runq) ms so far."""
        out = {}
        for tid in os.listdir("/proc/self/task"):
            try:
                with open(f"/proc/self/task/{tid}/comm") as f:
                    name = f.read().strip()
                with open(f"/proc/self/task/{tid}/schedstat") as f:
                    cpu, runq, _ = f.read().split()
            except OSError:
                continue
            out[self._names.get(int(tid), f"{name}/{tid}")] = (int(cpu) / 1e6, int(runq) / 1e6)
        return out

    def tick(self) -> None:
        now = time.perf_counter()
        cpu, runq = _schedstat(self._fd)
        others = self._others() if self.per_thread else {}
        if len(others) != len(self._names):
            self._names = {t.native_id: t.name for t in threading.enumerate()
                           if t.native_id is not None}
        if self._last is not None:
            then, cpu0, runq0 = self._last
            gap = (now - then) * 1000
            if gap >= self.threshold_ms:
                busy = {name: (c - self._others_then[name][0], r - self._others_then[name][1])
                        for name, (c, r) in others.items() if name in self._others_then}
                self.gaps.append((now, gap, cpu - cpu0, runq - runq0))
                self.threads[now] = busy
        self._last = (now, cpu, runq)
        self._others_then = others

    def stop(self) -> None:
        gc.callbacks.remove(self._on_gc)
        os.close(self._fd)

    def report(self, limit: int = 15) -> None:
        if not self.gaps:
            print(f"stall trace: no gap of {self.threshold_ms:.0f} ms or more")
            return
        runq_bound = sum(1 for _, gap, _, runq in self.gaps if runq >= gap / 2)
        print(f"stall trace: {len(self.gaps)} gaps >= {self.threshold_ms:.0f} ms, "
              f"{runq_bound} of them mostly waiting for a core (runq >= half the gap)")
        rest = []
        for end, gap, cpu, runq in self.gaps:
            blocked = gap - cpu - runq
            holders = max((r for _, r in (self.threads.get(end) or {}).values()), default=0.0)
            if runq < gap / 2 and holders < blocked / 2:
                rest.append(gap)
        print(f"  {len(self.gaps) - runq_bound - len(rest)} more blocked while another "
              f"thread of this process (the GIL's holder) waited for a core; the other "
              f"{len(rest)} (GIL, GC or the GUI thread's own work): longest "
              f"{max(rest, default=0):.0f} ms, over 50 ms: {sum(g > 50 for g in rest)}")
        for end, gap, cpu, runq in sorted(self.gaps, key=lambda g: -g[1])[:limit]:
            begin = end - gap / 1000
            seen = [f"{what} {(min(e, end) - max(b, begin)) * 1000:.0f}ms"
                    for b, e, what in self.events if b < end and e > begin and e - b > 0.002]
            print(f"  gap {gap:6.1f} ms: cpu {cpu:5.1f}, runq {runq:5.1f}, blocked "
                  f"{gap - cpu - runq:5.1f} | {', '.join(seen[:6])}")
            busy = self.threads.get(end, {})
            print("      " + "; ".join(f"{n} cpu {c:.0f} runq {r:.0f}"
                  for n, (c, r) in sorted(busy.items()) if c + r >= 5))
