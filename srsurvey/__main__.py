"""Run the command line as ``python -m srsurvey``."""

from srsurvey.cli import main

main()
