"""Run the tracer's fuzzer by hand, for longer than the test suite's budget.

    python bench/fuzz.py --seconds 600 [--start SEED] [--grammar 1|2|3|4|5|6|7|8|9] [--shrink 20]
                         [--out failures.md]

Generates orchestrators from seeds ``start, start+1, ...`` (tests/fuzz/generator.py),
runs each natively and through its compiled graph on in-memory studies
(tests/fuzz/oracle.py), prints the summary (programs per second, fraction compiled)
and every program whose compiled graph makes other runs than ``main``; with
``--shrink N`` the first N of them are shrunk to their smallest failing variant. A
failing seed is replayed with ``--start SEED --count 1``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz.campaign import Failure, load_case, run_program, run_seeds  # noqa: E402
from fuzz.shrink import shrink  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--start", type=int, default=int(time.strftime("%Y%m%d")) * 10**5)
    parser.add_argument("--count", type=int, default=None, help="programs (default: until "
                        "--seconds have passed)")
    parser.add_argument("--shrink", type=int, default=0, help="shrink the first N failures")
    parser.add_argument("--out", type=Path, default=None, help="write the failures here")
    parser.add_argument("--keep", type=Path, default=None, help="write each (shrunk) "
                        "failure as a case folder here (tests/fuzz/found or regressions)")
    parser.add_argument("--verify", action="store_true", help="for each wrong DAG, also "
                        "run verify_main (verification.verify) on its runs: does the DAG "
                        "run fail? (imports BlackDynamite)")
    parser.add_argument("--grammar", type=int, default=0, help="the generator's grammar "
                        "(1: the first, as seeds gave before the second; 3: the third, "
                        "segments' values, per-item values, gathered helpers, tuples; "
                        "4: the third and files written between steps, read back; "
                        "5: the fourth and lists main changes in place held by another "
                        "object too, read back through it; 6: the fifth and x op= y on "
                        "an object another name holds too; 7: the sixth and any()/all() "
                        "of outputs' lists and generators, bitwise operators, str methods of "
                        "a text sorted/min/max or a grouping picked; 8: the "
                        "seventh and sorted/min/max/.sort() of outputs by keys; 9: the "
                        "eighth and rows of an output beside its item collected in a loop "
                        "over a run-time list, ordered and picked; default: the second)")
    parser.add_argument("--replay", type=Path, nargs="+", default=None,
                        help="check these case folders instead of generating programs")
    args = parser.parse_args()
    if args.replay:
        return replay(args.replay, args.verify)
    print(f"fuzzing from seed {args.start}", flush=True)
    seeds = range(args.start, args.start + args.count) if args.count else itertools.count(
        args.start)
    failures: list[Failure] = []

    def found(failure: Failure) -> None:
        failures.append(failure)
        print(f"seed {failure.program.seed}: WRONG ({failure.outcome.detail.splitlines()[0]})"
              + (f"; {failure.outcome.verified.splitlines()[0][:70]}"
                 if failure.outcome.verified else ""), flush=True)

    with tempfile.TemporaryDirectory(prefix="motoko-fuzz-") as tmp:
        root = Path(tmp)
        stats = run_seeds(seeds, root, None if args.count else args.seconds, found,
                          args.verify, args.grammar)
        reports = []
        for k, failure in enumerate(failures):
            # (a program that ran out of time would take that long per attempt)
            if k < args.shrink and "ran out of" not in failure.outcome.detail:
                small = shrink(failure.program, root)
                failure = Failure(small, run_program(small, root, args.verify))
            reports.append(failure.report())
            if args.keep is not None:
                keep(failure, args.keep)
    print(stats.summary())
    if args.out is not None:
        args.out.write_text("\n\n".join(reports) + "\n")
    elif reports:
        print("\n\n".join(reports))
    return 1 if failures else 0


def keep(failure: Failure, where: Path) -> Path:
    """The program as a case folder: orchestrator.py, helpers.py and case.json."""
    program = failure.program
    directory = where / f"seed-{program.seed}"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "orchestrator.py").write_text(program.orchestrator)
    (directory / "helpers.py").write_text(program.helpers)
    (directory / "case.json").write_text(json.dumps(
        {"seed": program.seed, "args": program.args,
         "found": failure.outcome.detail.splitlines()}, indent=2) + "\n")
    return directory


def replay(cases: list[Path], verify: bool = False) -> int:
    wrong = 0
    with tempfile.TemporaryDirectory(prefix="motoko-fuzz-") as tmp:
        for case in cases:
            if not (case / "case.json").is_file():
                continue
            outcome = run_program(load_case(case), Path(tmp), verify)
            wrong += outcome.status == "different"
            first = outcome.detail.splitlines()[0] if outcome.detail else ""
            print(f"{case}: {outcome.status} {first}")
            if outcome.verified:
                print("    " + outcome.verified.replace("\n", "\n    "))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
