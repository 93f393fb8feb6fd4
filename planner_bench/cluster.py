"""``python -m planner_bench.cluster``: the national benchmark on local clusters (see docs/scale.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from planner_cli.cluster import configure_bench


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the benchmark's options and run it."""
    args = configure_bench(
        argparse.ArgumentParser(
            prog="python -m planner_bench.cluster",
            description="Plan a national demo day on local clusters of several sizes and print time and service.",
        )
    ).parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
