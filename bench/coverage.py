"""How much of each study-like orchestrator compiles: prints one line per case and totals.

    python bench/coverage.py [PREFIX ...] [--corpus DIR] [--verbose]

Traces the orchestrators of the differential corpus (``tests/differential``) whose names
start with a PREFIX (default: ``real_ held_ held3_``: the study-like sets) with the
params each case is run with (its ``case.json``), as ``motoko run`` traces them, and
classifies each by its graph:

- ``whole``: every node a compiled step (no fallback task, no segment);
- ``segment``: compiled steps and segments only (statements of ``main`` run natively as
  one task each, the steps after them still tasks);
- ``partial``: a fallback task runs the rest of ``main`` natively after compiled steps
  (``segment`` when the statement it is cut in is the last that makes runs: the task
  runs that statement's lines only, ``FallbackNode.statement``);
- ``fallback``: ``main`` runs natively as one task;
- ``error``: the trace failed (a crash or a refusal with no fallback).

For every case not ``whole`` it prints the line and reason of what cut it (``--verbose``:
the whole reason). Tracing only: no study, server or Airflow is started (the
differential test runs every case both ways and compares their runs).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "differential"
KINDS = ("whole", "segment", "partial", "fallback", "error")


def classify(directory: Path, params: dict) -> tuple[str, str]:
    """The case's class and what cut it ('' when whole)."""
    from motoko_airflow import graph as g
    from motoko_airflow.trace import trace

    try:  # main's own prints while tracing are not this report's
        with contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            graph = trace(directory, fallback=True, values=params)
    except Exception as error:  # a crash of the tracer is what this reports
        return "error", f"{type(error).__name__}: {error}"
    fallbacks = [n for n in graph.nodes if isinstance(n, g.FallbackNode)]
    segments = [n for n in graph.nodes if isinstance(n, g.SegmentNode)]
    if fallbacks:
        node = fallbacks[0]
        if node.partial and all(n.statement is not None for n in fallbacks):
            return "segment", node.reason  # the task makes the runs of one statement
        return ("partial" if node.partial else "fallback"), node.reason
    if segments:
        return "segment", "; ".join(f"line {n.line}: {n.reason}" for n in segments)
    return "whole", ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*", default=["real_", "held_", "held3_"],
                        help="case name prefixes (default: real_ held_ held3_)")
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="the corpus directory (default: tests/differential)")
    parser.add_argument("--verbose", action="store_true", help="whole reasons")
    args = parser.parse_args(argv)
    names = sorted(d.name for d in args.corpus.iterdir()
                   if (d / "case.json").is_file()
                   and any(d.name.startswith(p) for p in args.prefixes))
    if not names:
        print(f"no case in {args.corpus} starts with {' or '.join(args.prefixes)}",
              file=sys.stderr)
        return 2
    totals: dict[str, Counter[str]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="motoko-coverage-") as tmp:
        for name in names:
            case = json.loads((args.corpus / name / "case.json").read_text())
            directory = Path(tmp) / name
            shutil.copytree(args.corpus / name, directory)
            kind, why = classify(directory, case.get("params", {}))
            prefix = next(p for p in args.prefixes if name.startswith(p))
            totals.setdefault(prefix, Counter())[kind] += 1
            if why and not args.verbose:
                why = why if len(why) <= 150 else why[:147] + "..."
            print(f"{name:40s} {kind:8s} {why}")
    print()
    for prefix, counts in totals.items():
        line = ", ".join(f"{counts[k]} {k}" for k in KINDS if counts[k])
        print(f"{prefix}*: {sum(counts.values())} cases: {line}")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
