"""The Qt binding must survive a register's day of signals and slot calls.

PySide6 6.12.0 lost a reference to None/True/False on every Python slot call and signal
emit, so the register aborted ("bool_dealloc") after a few thousand timer ticks or
keystrokes. This runs that pattern in a child process and expects it to finish.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import sys
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

app = QCoreApplication([])


class Ticker(QObject):
    changed = Signal(bool)

    def __init__(self):
        super().__init__()
        self.count = 0

    @Slot()
    def tick(self):
        self.count += 1
        self.changed.emit(self.count % 2 == 0)
        if self.count >= 20000:
            app.quit()


ticker = Ticker()
ticker.changed.connect(lambda value: None)
timer = QTimer()
timer.timeout.connect(ticker.tick)
timer.start(0)
app.exec()
print("ticks", ticker.count)
"""


def test_twenty_thousand_slot_calls_and_emits_do_not_crash_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ticks 20000" in result.stdout
