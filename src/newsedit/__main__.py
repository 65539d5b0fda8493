"""`python -m newsedit` runs the command line."""

from newsedit.cli import main

main()
