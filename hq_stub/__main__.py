"""``python -m hq_stub ...`` is the same as the ``hq-stub`` console script."""

import sys

from hq_stub.cli import main

sys.exit(main())
