"""`python -m newsedit.backends.languagetool serve ...`: the supervisor process's entry point."""

import sys

from newsedit.backends.languagetool.supervisor import main

sys.exit(main())
