#!/usr/bin/env python3
"""Regenerate src/consolidator/pg15/data/ from a throwaway PostgreSQL 15 server.

    .venv/bin/python tools/gen_pg15.py            # into src/consolidator/pg15/data/
    .venv/bin/python tools/gen_pg15.py --out DIR  # anywhere else (the tests compare the two)

The work is in tools/pg15gen/ (``generate(cluster, out_dir)``); this is the command line.
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(os.path.dirname(HERE), "src", "consolidator", "pg15", "data")
sys.path.insert(0, HERE)

from pg15gen import generate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    args = parser.parse_args(argv)
    from consolidator.verify.cluster import Cluster

    with Cluster.start() as cluster:
        generate(cluster, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
