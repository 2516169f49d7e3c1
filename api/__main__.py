"""`python -m api ...` is the same as the `crm` command."""

import sys

from api.cli import main

sys.exit(main())
