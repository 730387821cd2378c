"""Wait for the routine example's norm run under Motoko 0.1.4, for ``bench/end_to_end.py``.

Runs inside the reference virtualenv (motoko 0.1.4, BlackDynamite 1.3.9) with the
workflow directory as its working directory, while ``motoko orchestrator start`` runs
beside it (Motoko 0.1.4's orchestrator never returns: its event loop runs until
``workflow.finished``, which the routine example never sets):

    python _motoko_ref_end_to_end.py RUN_NAME TIMEOUT_SECONDS [POLL_SECONDS]

Polls the norm study until a run of RUN_NAME is FINISHED (or FAILED, or the timeout
passes) and prints one JSON line on stdout: ``{"state": ..., "y": ..., "waited": s}``.
Motoko's own chatter goes to stderr. Starts no process; the caller stops the servers.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time


def first_run(selection: object) -> object | None:
    for item in selection:
        return item[0] if isinstance(item, (tuple, list)) else item
    return None


def wait_norm(run_name: str, timeout: float, poll: float) -> dict[str, object]:
    import transaction

    from motoko.workflow import Workflow

    start = time.monotonic()
    wf = Workflow("motoko.yaml")
    wf.run_name = run_name
    while True:
        with contextlib.suppress(Exception):
            transaction.commit()  # a new transaction sees the launchers' commits
        for state in ("FINISHED", "FAILED"):
            run = first_run(wf.norm.select([f"state = {state}"]))
            if run is not None:
                y = getattr(run, "y", None) if state == "FINISHED" else None
                return {"state": state, "y": y, "waited": time.monotonic() - start}
        if time.monotonic() - start > timeout:
            return {"state": "TIMEOUT", "y": None, "waited": time.monotonic() - start}
        time.sleep(poll)


def main(argv: list[str]) -> int:
    run_name, timeout = argv[0], float(argv[1])
    poll = float(argv[2]) if len(argv) > 2 else 0.2
    with contextlib.redirect_stdout(sys.stderr):
        result = wait_norm(run_name, timeout, poll)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
