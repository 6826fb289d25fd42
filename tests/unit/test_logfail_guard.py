"""The honesty guard reads HQ's and the terminal's log output right (tests/support/logfail.py)."""

from __future__ import annotations

import re

from tests.support.logfail import Expectations, parse_log_text

HQ_STDERR = """\
2026-12-01 19:47:05,100 INFO hq_stub: seeded demo data: 4000 customers in 0.90 s
HQ listening on http://127.0.0.1:4711
2026-12-01 19:47:06,200 WARNING hq_stub: parent process 1 is gone; shutting down
2026-12-01 19:47:07,300 ERROR hq_stub: unhandled error on POST /api/v1/customers
Traceback (most recent call last):
  File "hq_stub/app.py", line 90, in __call__
    await self.app(scope, receive, send)
ValueError: Out of range float values are not JSON compliant
2026-12-01 19:47:08,400 INFO uvicorn.error: Shutting down
Exception in thread hq-job:
Traceback (most recent call last):
  File "threading.py", line 1045, in _bootstrap_inner
KeyError: 'store_id'
"""


def test_error_records_and_bare_tracebacks_are_found_and_nothing_else() -> None:
    problems = parse_log_text(HQ_STDERR, "HQ process")
    assert [p.text for p in problems] == [
        "hq_stub: unhandled error on POST /api/v1/customers\n"
        "ValueError: Out of range float values are not JSON compliant",
        "KeyError: 'store_id'",
    ]


def test_an_expected_pattern_counts_its_hits_and_others_stay_unexpected() -> None:
    problems = parse_log_text(HQ_STDERR, "HQ process")
    expectations = Expectations(expected={r"not JSON compliant": 0})
    assert [expectations.covers(p) for p in problems] == [True, False]
    assert expectations.expected == {r"not JSON compliant": 1}
    allowing = Expectations(allowed=[re.compile(r"KeyError")])
    assert [allowing.covers(p) for p in problems] == [False, True]
