"""`python -m twoway`: the same as the `twoway` command."""

from twoway.cli import main

main()
