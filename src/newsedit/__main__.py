"""`python -m newsedit` runs the command line (in the warm worker where one takes the run)."""

from newsedit.launch import main

main()
