"""``python -m planner.bench --suite ...``: the bench without the ``planner`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from planner.cli_bench import configure


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the bench's options and run it."""
    args = configure(argparse.ArgumentParser(prog="python -m planner.bench",
                                             description="Measure the solver against open peers.")).parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
