"""The chain simulation, short form (``benchmarks/bench_chain.py`` is the full one): HQ on
PostgreSQL with two worker processes, 20 real terminals in 4 stores each creating 20
customers offline and then syncing through the terminal's own sync code, while one HQ
worker and a terminal's ``pos-desktop sync --once`` are SIGKILLed midway. All converge:
every customer at HQ exactly once with a unique account number, every terminal holding
its own numbers and its whole store's feed."""

from __future__ import annotations

from tests.hq import pg
from tests.support.chain import simulate


def test_a_small_chain_converges_with_a_worker_and_a_terminal_killed(pg_base_url, tmp_path):
    result = simulate(pg_base_url, tmp_path, workers=2, n_stores=4, n_terminals=20,
                      per_terminal=20, victims=1, threads=4, kill_worker_after=0.5,
                      timeout=120, new_database=pg.new_database)
    print(result.line())
    print("\n".join(result.request_lines()))
    assert result.problems == []
    assert result.killed_worker is not None, "no HQ worker was killed"
    assert result.killed_terminals == 1, "the terminal's sync was not killed"
    assert result.customers == 400 and result.realtime_ms
