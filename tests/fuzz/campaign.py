"""Running many generated programs through the oracle: what tests/test_fuzz.py and
bench/fuzz.py share."""

from __future__ import annotations

import itertools
import json
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .generator import Program, generate
from .memory import write_studies
from .oracle import Outcome, check, write_workflow

__all__ = ["Failure", "Stats", "load_case", "run_program", "run_seeds"]


@dataclass
class Failure:
    program: Program
    outcome: Outcome

    def report(self) -> str:
        nodes = ", ".join(self.outcome.nodes)
        verified = f"\n{self.outcome.verified}" if self.outcome.verified else ""
        return (f"seed {self.program.seed}: the compiled graph ({nodes}) makes other runs "
                f"than main:\n{self.outcome.detail}{verified}\n{self.program.show()}")


@dataclass
class Stats:
    statuses: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    partial: int = 0
    failing: int = 0  # compiled programs whose main fails natively
    segments: int = 0  # compiled with a segment task (a loop of main run natively)

    @property
    def programs(self) -> int:
        return sum(self.statuses.values())

    @property
    def valid(self) -> int:
        return self.programs - self.statuses["invalid"] - self.statuses["unsupported"]

    @property
    def compiled(self) -> int:
        return self.statuses["same"] + self.statuses["different"]

    def summary(self) -> str:
        valid = max(1, self.valid)
        rate = self.programs / self.seconds if self.seconds else 0.0
        return (f"{self.programs} programs in {self.seconds:.0f} s ({rate:.1f}/s): "
                f"{self.compiled} compiled ({100 * self.compiled / valid:.0f}% of the "
                f"{self.valid} that run natively; {self.partial} of them partly, with a "
                f"fallback task; {self.segments} with a segment task; {self.failing} of "
                f"them where main fails, checked for runs main never makes), "
                f"{self.statuses['fallback']} whole fallback, "
                f"{self.statuses['refused']} refused, {self.statuses['invalid']} invalid "
                f"(bad args, main too long or too many runs), "
                f"{self.statuses['different']} WRONG")


_folders = itertools.count()


def load_case(directory: Path) -> Program:
    """A kept program: a folder with orchestrator.py, case.json (``seed``, ``args``) and
    perhaps helpers.py (tests/fuzz/regressions/, tests/fuzz/found/)."""
    case = json.loads((directory / "case.json").read_text())
    helpers = directory / "helpers.py"
    return Program(case["seed"], (directory / "orchestrator.py").read_text(),
                   helpers.read_text() if helpers.is_file() else "", case["args"])


def run_program(program: Program, root: Path, verify: bool = False) -> Outcome:
    """Write ``program`` in a fresh folder of ``root`` and check it."""
    # a new folder every time: the tracer caches what it reads of a file by its name
    directory = root / f"p{program.seed}-{next(_folders)}"
    studies = root / "studies"
    if not studies.is_dir():
        write_studies(studies)
    write_workflow(directory, program.orchestrator, program.helpers, studies)
    saved = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # a folder reused for another program: no stale .pyc
    try:
        return check(directory, program.args, verify=verify)
    finally:
        sys.dont_write_bytecode = saved
        shutil.rmtree(directory, ignore_errors=True)


def run_seeds(seeds: Iterable[int], root: Path, budget: float | None = None,
              on_failure: Callable[[Failure], None] | None = None,
              verify: bool = False, grammar: int = 0) -> Stats:
    """Check the programs of ``seeds`` (in ``grammar``: :func:`~.generator.generate`)
    until they run out or ``budget`` seconds pass."""
    stats = Stats()
    start = time.monotonic()
    for seed in seeds:
        if budget is not None and time.monotonic() - start > budget:
            break
        program = generate(seed, grammar)
        outcome = run_program(program, root, verify)
        stats.statuses[outcome.status] += 1
        if outcome.failing:
            stats.failing += 1
        if outcome.partial and outcome.status in ("same", "different"):
            stats.partial += 1
        if "segment" in outcome.nodes and outcome.status in ("same", "different"):
            stats.segments += 1
        if outcome.status == "different":
            failure = Failure(program, outcome)
            stats.failures.append(failure)
            if on_failure is not None:
                on_failure(failure)
    stats.seconds = time.monotonic() - start
    return stats
