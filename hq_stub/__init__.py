"""HQ service for POS Desktop terminals: HTTP API, database, async-to-sync job, admin CLI.

Run it with ``hq-stub serve`` (or ``python -m hq_stub serve``); drive it from Python
tests and tools with :class:`hq_stub.process.HQProcess`. This package never imports
``pos_desktop``: HQ is its own process with its own database.
"""

__version__ = "0.1.0"
