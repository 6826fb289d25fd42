"""The sync tests' fixtures come from tests/conftest.py (``hq``: tests/support/hq.py);
their helpers live in tests/support/terminals.py. Re-exported here for code written
against the old location only: tests import them from tests.support."""

from tests.support.hq import ADMIN_TOKEN  # noqa: F401
from tests.support.terminals import (  # noqa: F401
    PERSON,
    activate,
    person,
    run_cli,
    store_of,
    sync_until_numbered,
    wait_until,
)
