"""How many times the tracer runs ``main``, and how long it takes: prints numbers only.

    python bench/trace_paths.py [--repeat 3] [--forked]

1. Generated orchestrators the fuzzer found slow to trace (tests/fuzz/generator.py,
   ``python bench/fuzz.py --start SEED --count 1``): ``trace()`` with the params of the
   seed's arguments, as the fuzzer traces them.
2. A chain of N independent threshold tests of one run's output, each making a step
   (``if y > k * 0.5: await workflow.lin.createTask(x=k)``) for N = 4, 8, 16, 24.

For each: the median wall time of ``trace()``, the runs of ``main`` (replays: one per
path, and again when the trace is made once more with other settings) and the paths
merged, and how the trace ended (nodes, fallback tasks, or the refusal). ``--forked``
also traces each with the ifs that merge at their join made ordinary decisions again
(every decision forks the trace), for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import motoko_airflow.trace as tracer  # noqa: E402
from motoko_airflow import graph as g  # noqa: E402
from motoko_airflow.exceptions import TraceError  # noqa: E402
from motoko_airflow.trace import instrument, paths  # noqa: E402

SLOW_SEEDS = (2026120320947, 2026120331313, 2026120401662)
CHAIN = (4, 8, 16, 24)


def chain_workflow(directory: Path, n: int) -> Path:
    for study in ("sq", "lin"):
        (directory / study).mkdir(parents=True)
        (directory / study / "bd.yaml").write_text(f"study: {study}\njob:\n  x: float\n")
    (directory / "motoko.yaml").write_text(
        "task_managers:\n  sq:\n  lin:\norchestrator: orchestrator.main\n")
    (directory / "orchestrator.py").write_text(f'''\
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.5)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["x"])
    y = runs[0][0].y
    for k in range({n}):
        if y > k * 0.5:
            await workflow.lin.createTask(x=k)
    await workflow.sq.createTask(x=-1.0)
''')
    return directory


def seed_workflow(directory: Path, seed: int) -> tuple[Path, dict[str, Any]]:
    from fuzz.generator import generate
    from fuzz.memory import write_studies
    from fuzz.oracle import parse_params, write_workflow

    program = generate(seed)
    studies = directory.parent / "studies"
    if not studies.is_dir():
        write_studies(studies)
    write_workflow(directory, program.orchestrator, program.helpers, studies)
    return directory, parse_params(directory, program.args)


def measure(trace: Callable[[], g.Graph], repeat: int) -> tuple[float, int, int, str]:
    """Median seconds, runs of main and paths (of the last trace), and its outcome."""
    counts = {"runs": 0, "paths": 0}
    real = tracer.explore

    def explore(run: Any, *args: Any, **kwargs: Any) -> list[paths.Path_]:
        def counted(forced: list[bool]) -> Any:
            counts["runs"] += 1
            return run(forced)

        found = real(counted, *args, **kwargs)
        counts["paths"] += len(found)
        return found

    times: list[float] = []
    outcome = ""
    tracer.explore = explore  # type: ignore[assignment]
    try:
        for _ in range(repeat):
            counts.update(runs=0, paths=0)
            start = time.perf_counter()
            try:
                graph = trace()
                fallbacks = sum(isinstance(n, g.FallbackNode) for n in graph.nodes)
                outcome = (f"{len(graph.nodes) - fallbacks} steps"
                           + (f" + {fallbacks} fallback" if fallbacks else ""))
                if graph.is_fallback:
                    outcome = "whole fallback"
            except TraceError as exc:
                outcome = "refused: " + str(exc).split(": ", 2)[-1][:60]
            times.append(time.perf_counter() - start)
    finally:
        tracer.explore = real  # type: ignore[assignment]
    return statistics.median(times), counts["runs"], counts["paths"], outcome


def forked() -> Callable[[], None]:
    """Make every if an ordinary decision again; returns the undo."""
    real = instrument.joinable_ifs
    instrument.joinable_ifs = lambda tree: {}  # type: ignore[assignment]
    instrument._compiled.cache_clear()

    def undo() -> None:
        instrument.joinable_ifs = real  # type: ignore[assignment]
        instrument._compiled.cache_clear()

    return undo


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--forked", action="store_true",
                        help="also trace with every if forking the trace")
    args = parser.parse_args()
    print(f"{'orchestrator':<24} {'mode':<7} {'seconds':>8} {'runs':>6} {'paths':>6}  outcome")
    with tempfile.TemporaryDirectory(prefix="motoko-trace-paths-") as tmp:
        cases: list[tuple[str, Callable[[], g.Graph]]] = []
        for seed in SLOW_SEEDS:
            directory, values = seed_workflow(Path(tmp) / f"seed{seed}", seed)
            cases.append((f"seed {seed}", lambda d=directory, v=values: tracer.trace(
                d, values=v)))
        for n in CHAIN:
            directory = chain_workflow(Path(tmp) / f"chain{n}", n)
            cases.append((f"chain of {n} tests", lambda d=directory: tracer.trace(d)))
        modes = ("merged", "forked") if args.forked else ("merged",)
        for label, trace in cases:
            for mode in modes:
                undo = forked() if mode == "forked" else None
                try:
                    seconds, runs, found, outcome = measure(trace, args.repeat)
                finally:
                    if undo is not None:
                        undo()
                print(f"{label:<24} {mode:<7} {seconds:8.2f} {runs:6d} {found:6d}  {outcome}",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
