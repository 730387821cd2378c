"""One reference measurement with Motoko 0.1.4, run by ``bench/create_tasks.py``.

Runs inside the reference virtualenv (motoko 0.1.4, BlackDynamite 1.3.9) with the
workflow directory as its working directory, and prints one JSON line on stdout:

    python _motoko_ref_createtasks.py create N   # wf.create(), then createTask(x=N values)
    python _motoko_ref_createtasks.py select R   # R timed selections of CREATED runs

Progress and Motoko's own chatter go to stderr. The ZEO server is left running; the
caller stops it.
"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import time


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_workflow(create: bool):  # noqa: ANN201 - motoko's Workflow
    from motoko.workflow import Workflow

    wf = Workflow("motoko.yaml")
    if create:
        wf.create(validated=True)
    wf.run_name = "bench"
    return wf


def measure_create(size: int) -> dict[str, float]:
    import transaction

    wf = open_workflow(create=True)
    values = [float(i) for i in range(size)]
    wf.calc.base  # noqa: B018 - connect before timing, as ours is connected by create()
    start = time.perf_counter()
    pairs = wf.calc.createTask(x=values).runs
    transaction.commit()
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "runs": len(pairs), "rss_mib": peak_rss_mib()}


def measure_select(repeat: int) -> dict[str, object]:
    wf = open_workflow(create=False)
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = len(wf.calc.select(["state = CREATED"]))
        times.append(time.perf_counter() - start)
    return {"seconds": times, "runs": count, "rss_mib": peak_rss_mib()}


def main(argv: list[str]) -> int:
    action, amount = argv[0], int(argv[1])
    with contextlib.redirect_stdout(sys.stderr):
        result = measure_create(amount) if action == "create" else measure_select(amount)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
