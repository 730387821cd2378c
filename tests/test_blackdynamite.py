"""The BlackDynamite layer on real studies and real ZEO servers."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import time
from pathlib import Path

import pytest

from motoko_airflow.blackdynamite import (
    Study,
    parse_constraint,
    run_record,
)
from motoko_airflow.exceptions import (
    ConfigError,
    ConstraintError,
    JobParameterError,
    MotokoError,
)
from motoko_airflow.launcher import Launcher
from motoko_airflow.params import check_run_name


def run_to_end(study: Study, run_ids: list[int], timeout: float = 60.0) -> dict[int, str]:
    """Launch runs in this process and wait for their scripts to end."""
    launcher = Launcher(study)
    launcher.launch(run_ids)
    deadline = time.monotonic() + timeout
    while launcher.running:
        assert time.monotonic() < deadline, "runs did not end in time"
        launcher.reap()
        time.sleep(0.02)
    study.sync()
    return study.states(run_ids)


# ---- constraints ------------------------------------------------------------------

TYPES = {"runs": {"id": int, "state": str, "run_name": str, "y": float},
         "jobs": {"id": int, "x": float, "name": str}}


@pytest.mark.parametrize(("text", "message"), [
    ("x <= 3", "'<=' and '>=' are not"),
    ("x >= 3", "'<=' and '>=' are not"),
    ("x == 3", "equality is a single '='"),
    ("state = FINISHED and x > 1", "one condition per string"),
    ("state = FINISHED, x > 1", "one condition per string"),
    ("state = FINISHED trailing", "expected '[runs.|jobs.]field OP value'"),
    ("state ~ FIN", "expected"),
    ("state = x", "also a field name"),
    ("nosuch = 1", "unknown field 'nosuch'"),
    ("runs.x = 1", "unknown runs field 'x'"),
    ("x = abc", "x is a number"),
])
def test_constraints_bd_would_misread_are_rejected(text: str, message: str) -> None:
    with pytest.raises(ConstraintError) as info:
        parse_constraint(text, TYPES)
    assert message in str(info.value)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(("text", "table", "field", "op", "value"), [
    ("state = FINISHED", None, "state", "=", "FINISHED"),
    ("runs.id < 3", "runs", "id", "<", "3"),
    ("jobs.x > 2.5", "jobs", "x", ">", "2.5"),
    ("X != 1", None, "x", "!=", "1"),
    ("id=3", "runs", "id", "=", "3"),
])
def test_constraints_parse(text: str, table: str | None, field: str, op: str, value: str
                           ) -> None:
    c = parse_constraint(text, TYPES)
    assert (c.table, c.field, c.op, c.value) == (table, field, op, value)


@pytest.mark.parametrize("name", ["test", "state", "a.b-c_1", "_x", "9"])
def test_valid_run_names_are_kept(name: str) -> None:
    assert check_run_name(name) == name


@pytest.mark.parametrize("name", ["manual__2026-01-01T00:00:00+00:00", "a b/c", ":::", "",
                                  ".x", "-x", "x" * 101, "é"])
def test_other_run_names_are_refused_not_rewritten(name: str) -> None:
    """Rewriting made two names one (日本語 and 中文 both became 'run')."""
    with pytest.raises(ConfigError, match="use letters, digits"):
        check_run_name(name)


# ---- servers ----------------------------------------------------------------------


def test_create_starts_a_server_and_stop_stops_it(study) -> None:
    s = study()
    assert s.server_status() == "running"
    assert s.exists
    assert s.stop_server() is True
    assert s.server_status() == "stopped"
    assert s.stop_server() is False


def test_a_stopped_server_is_restarted_on_use(study) -> None:
    s = study()
    s.create_runs({"x": 1.0}, run_name="a")
    s.stop_server()
    again = Study(s.directory)
    assert [r.id for r, _ in again.select(run_name="a")] == [1]
    assert again.server_status() == "running"
    again.close()


def test_a_server_stopped_amid_requests_exits_cleanly(study) -> None:
    """Regression: runzeo's SIGTERM handler raises SystemExit wherever the server is;
    inside a client's request uvloop took it for that connection's error, and the
    server served on for the stop's 10 s until SIGKILLed (its index unsaved): the
    view's 11 s pages and triggers with stopped servers. Stopped while a client keeps
    asking, five times, each server closes its storage (it exited on SIGTERM)."""
    import threading

    s = study()
    s.create_runs({"x": [float(i) for i in range(50)]}, run_name="a")
    s.close()

    def ask(asking: Study, stop: threading.Event) -> None:
        # a client asking again and again, as the view's pages do (a new connection each
        # time: handshakes too), not one that never lets go: on a loaded machine a
        # server whose every moment is inside a request swallows every SIGTERM resent
        while not stop.wait(0.01):
            try:
                asking.runs_of("a")
                asking.close()
            except Exception:  # noqa: BLE001 - the server went away under it: done
                return

    for _ in range(5):
        s.server.start()
        asking = Study(s.directory)
        asking.refresh()
        stop = threading.Event()
        thread = threading.Thread(target=ask, args=(asking, stop))
        thread.start()
        try:
            stop.wait(0.3)
            assert s.stop_server() is True
        finally:
            stop.set()
            thread.join()
            asking.close()
    # the client, asking between the stop and its own, may have started the server
    # again on demand (a study's server starts when a client finds it down): that one
    # is stopped too, and must close its storage as well
    s.stop_server()
    log = (s.bd_dir / "zeo.log").read_text()
    assert log.count("closing storage") == log.count("opening storage"), log[-3000:]


def test_a_stale_socket_is_recovered(study) -> None:
    s = study()
    s.create_runs({"x": 1.0}, run_name="a")
    s.stop_server()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(s.zeo_socket))  # a socket file nobody listens on
    assert s.server_status() == "stale"
    again = Study(s.directory)
    assert len(again.select()) == 1
    assert again.server_status() == "running"
    again.close()


def test_connecting_to_a_study_never_created_explains(tmp_path: Path) -> None:
    from conftest import write_study
    from motoko_airflow.exceptions import BlackDynamiteError

    s = Study(write_study(tmp_path))
    with pytest.raises(BlackDynamiteError, match="run 'motoko create'"):
        s.select()
    assert not s.bd_dir.exists()


def test_blackdynamite_environment_does_not_redirect_a_study(study, monkeypatch) -> None:
    s = study()
    other = study(name="other")
    other.create_runs({"x": 5.0}, run_name="o")
    monkeypatch.setenv("BLACKDYNAMITE_HOST", f"zeo://{other.directory}")
    monkeypatch.setenv("BLACKDYNAMITE_STUDY", "root_other")
    fresh = Study(s.directory)
    assert fresh.select() == []
    fresh.close()


# ---- job spaces and runs ----------------------------------------------------------


def test_job_space_expands_like_blackdynamite(study) -> None:
    s = study(job="x: float\n  n: int\n  tags: list\n  label: str",
              extra="job_space:\n  label: base\n")
    space = s.expand_job_space({"x": [1, 2], "n": [1, 2, 3], "tags": [7, 8]})
    assert len(space) == 6
    assert space[0] == {"label": "base", "x": 1.0, "n": 1, "tags": [7, 8]}
    assert [(p["x"], p["n"]) for p in space] == [(1.0, 1), (1.0, 2), (1.0, 3),
                                                 (2.0, 1), (2.0, 2), (2.0, 3)]
    assert s.expand_job_space({"x": [], "n": 1, "tags": []}) == []


@pytest.mark.parametrize(("params", "message"), [
    ({"x": 1.0, "z": 2}, "'z' is not a job parameter of this study"),
    ({"x": "10.0"}, "'x' is declared float"),
    ({"x": True}, "'x' is declared float"),
    ({}, "job parameter(s) x have no value"),
])
def test_bad_job_parameters_are_explained(study, params: dict, message: str) -> None:
    s = study()
    with pytest.raises(JobParameterError) as info:
        s.create_runs(params, run_name="a")
    assert message in str(info.value)
    assert s.select() == []  # nothing half-created


def test_create_runs_is_idempotent_and_scoped(study) -> None:
    s = study()
    first = s.create_runs({"x": [1.0, 2.0, 3.0]}, run_name="a", event_name="main")
    assert [r.id for r, _ in first] == [1, 2, 3]
    again = s.create_runs({"x": [3.0, 1.0, 2.0]}, run_name="a", event_name="main")
    assert [r.id for r, _ in again] == [3, 1, 2]
    other_name = s.create_runs({"x": 1.0}, run_name="b", event_name="main")
    other_event = s.create_runs({"x": 1.0}, run_name="a", event_name="step")
    other_params = s.create_runs({"x": 1.0}, {"solver": "cg"}, run_name="a",
                                 event_name="main")
    assert {r.id for r, _ in other_name + other_event + other_params} == {4, 5, 6}
    assert {j.id for _, j in other_name + other_event + other_params} == {1}
    assert len(s.select()) == 6
    assert [r.id for r, _ in s.select(run_name="a")] == [1, 2, 3, 5, 6]
    run, job = first[0]
    assert (run["run_name"], run["event_name"], job.x) == ("a", "main", 1.0)


def test_run_params_may_set_nproc_and_machine_name_as_in_motoko(study) -> None:
    """Regression: ``createTask(run_params={"nproc": 2}, x=...)`` failed with "run
    parameter 'nproc' is set by motoko itself". Motoko only defaults ``nproc`` (1) and
    ``machine_name`` (localhost) and lets ``run_params`` override them."""
    doit = ("import BlackDynamite as BD\nrun, job = BD.getRunFromScript()\nrun.start()\n"
            "run.seen_nproc = run['nproc']\nrun.finish()\n")
    s = study(doit=doit, extra="run_params:\n  machine_name: cluster\n")
    (two, job), = s.create_runs({"x": 1.0}, {"nproc": 2}, run_name="a")
    assert (two["nproc"], two["machine_name"]) == (2, "cluster")  # bd.yaml default kept
    (same, _), = s.create_runs({"x": 1.0}, {"nproc": 2}, run_name="a")
    assert same.id == two.id  # the same run_params find the same run
    (one, job1), = s.create_runs({"x": 1.0}, {"nproc": 1}, run_name="a")
    assert one.id != two.id and job1.id == job.id and one["nproc"] == 1
    (default, _), = s.create_runs({"x": 1.0}, {"machine_name": "cluster"}, run_name="a")
    assert default.id == one.id  # nproc 1 is the default: stored alike, the same run
    (here, _), = s.create_runs({"x": 1.0}, {"NProc": 2, "machine_name": "localhost"},
                               run_name="a")
    assert here.id not in (one.id, two.id) and here["machine_name"] == "localhost"
    assert [r.id for r, _ in s.select("nproc = 2", run_name="a")] == [two.id, here.id]
    with s.session() as base:  # an index rebuilt from the stored runs keys them alike
        import transaction

        del base.root.schemas[base.schema]["MotokoRunIndex"]
        transaction.commit()
    ids = [r.id for p in ({"nproc": 2}, {"nproc": 1}, {"nproc": 2, "machine_name": "localhost"})
           for r, _ in s.create_runs({"x": 1.0}, p, run_name="a")]
    assert ids == [two.id, one.id, here.id]
    assert run_to_end(s, [two.id]) == {two.id: "FINISHED"}
    run, _ = s.get_run(two.id)
    assert (run["nproc"], run.seen_nproc) == (2, 2)  # the script reads it from its run
    assert run_record("calc", run, job)["run"]["nproc"] == 2


@pytest.mark.parametrize(("params", "message"), [
    ({"state": "FINISHED"}, "run parameter 'state' is set by motoko itself"),
    ({"Run_Name": "b"}, "run parameter 'run_name' is set by motoko itself"),
    ({"id": 7}, "run parameter 'id' is set by motoko itself"),
    ({"job_id": 7}, "run parameter 'job_id' is set by motoko itself"),
    ({"event_name": "x"}, "run parameter 'event_name' is set by motoko itself"),
    ({"workflow": "w"}, "run parameter 'workflow' is set by motoko itself"),
    ({"attempt": 2}, "run parameter 'attempt' is set by motoko itself"),
    ({"nproc": "2"}, "'nproc' must be a positive int, got '2' (str)"),
    ({"nproc": 0}, "'nproc' must be a positive int"),
    ({"nproc": True}, "'nproc' must be a positive int"),
    ({"machine_name": ""}, "'machine_name' must be a non-empty str"),
])
def test_reserved_run_fields_are_refused(study, params: dict, message: str) -> None:
    s = study()
    with pytest.raises(JobParameterError) as info:
        s.create_runs({"x": 1.0}, params, run_name="a")
    assert message in str(info.value)
    if "set by motoko" in message:
        assert "only machine_name, nproc can be" in str(info.value)
    assert s.select() == []  # nothing half-created


def test_selection_constraints(study) -> None:
    s = study()
    pairs = s.create_runs({"x": [1.0, 2.0, 3.0]}, run_name="a")
    s.set_state(pairs[1][0].id, "FINISHED")
    assert [r.id for r, _ in s.select("state = FINISHED")] == [2]
    assert [r.id for r, _ in s.select(["state = CREATED", "jobs.x > 1.5"])] == [3]
    assert [r.id for r, _ in s.select(["runs.id < 3", "x != 1"])] == [2]
    assert s.select("state = FINISHED", run_name="b") == []


def test_failed_runs_get_a_new_attempt_only_on_retry(study) -> None:
    s = study()
    (run, _), = s.create_runs({"x": 1.0}, run_name="a")
    s.set_state(run.id, "FAILED")
    (same, _), = s.create_runs({"x": 1.0}, run_name="a")
    assert same.id == run.id
    (retry, job), = s.create_runs({"x": 1.0}, run_name="a", retry_failed=True)
    assert retry.id != run.id and retry["attempt"] == 2
    (again, _), = s.create_runs({"x": 1.0}, run_name="a", retry_failed=True)
    assert again.id == retry.id  # the new attempt is not FAILED: it is reused
    states = sorted(r["state"] for r, _ in s.select(run_name="a", current_only=False))
    assert states == ["CREATED", "FAILED"]
    # the superseded FAILED attempt leaves the selections (an all-FINISHED wait can hold)
    assert [r.id for r, _ in s.select(run_name="a")] == [retry.id]
    assert s.get_run(run.id)[0]["superseded_by"] == retry.id


def test_each_retry_token_retries_a_failed_run_once(study) -> None:
    s = study()
    (first, _), = s.create_runs({"x": 1.0}, run_name="a", retry_token="dag1#1")
    s.set_state(first.id, "FAILED")
    (same, _), = s.create_runs({"x": 1.0}, run_name="a", retry_token="dag1#1")
    assert same.id == first.id  # the same try: its own failure, not retried
    (second, _), = s.create_runs({"x": 1.0}, run_name="a", retry_token="dag1#2")
    assert second.id != first.id and second["attempt"] == 2
    s.set_state(second.id, "FAILED")
    (third, _), = s.create_runs({"x": 1.0}, run_name="a", retry_token="dag2#1")
    assert third["attempt"] == 3  # a new DAG run with the same run name retries too


def test_runs_made_outside_motoko_airflow_are_indexed(study) -> None:
    s = study()
    with s.session() as base:  # BlackDynamite's own API, as canYouDigIt would
        import transaction

        job = base.Job()
        job["x"] = 4.0
        job_id = base.insert(job, commit=False)
        run = base.Run()
        run["machine_name"] = "localhost"
        run["nproc"] = 1
        run["run_name"] = "a"
        run["exec"] = "0" * 32
        run["job_id"] = job_id
        base.insert(run, commit=False)
        transaction.commit()
    assert [r.id for r, _ in s.select(run_name="a")] == [1]
    s.create_runs({"x": 1.0}, run_name="a")
    assert [r.id for r, _ in s.select(run_name="a")] == [1, 2]


# ---- launching --------------------------------------------------------------------


def test_runs_execute_concurrently_and_record_outputs(study) -> None:
    sleeper = ("import time\nimport BlackDynamite as BD\nrun, job = BD.getRunFromScript()\n"
               "run.start()\nrun.began = time.time()\ntime.sleep(1.0)\n"
               "run.y = job.x * job.x\nrun.ended = time.time()\nrun.finish()\n")
    s = study(doit=sleeper)
    pairs = s.create_runs({"x": [1.0, 2.0, 3.0, 4.0]}, run_name="a")
    states = run_to_end(s, [r.id for r, _ in pairs])
    assert set(states.values()) == {"FINISHED"}
    spans = [(r.began, r.ended) for r, _ in s.select(run_name="a")]
    # concurrent: every run had started before the first one ended
    assert max(b for b, _ in spans) < min(e for _, e in spans), spans
    records = [run_record("calc", r, j) for r, j in s.select(run_name="a")]
    json.dumps(records)
    assert [rec["run"]["y"] for rec in records] == [1.0, 4.0, 9.0, 16.0]
    assert records[0]["job"]["x"] == 1.0 and records[0]["state"] == "FINISHED"
    run_dir = Path(records[0]["run"]["run_path"])
    assert (run_dir / "a.o1").exists() and (run_dir / "launch.sh").exists()


@pytest.mark.parametrize("launch", [
    "#!/bin/bash\npython doIt.py\necho 'still the last command'\n",
    "#!/bin/bash\nexit 3\n",
    "#!/bin/bash\necho 'never runs doIt'\n",
])
def test_a_failing_or_unfinished_launch_marks_the_run_failed(study, launch: str) -> None:
    crash = "import BlackDynamite as BD\nrun, job = BD.getRunFromScript()\nrun.start()\n" \
            "raise SystemExit(4)\n"
    s = study(doit=crash, launch=launch)
    (run, _), = s.create_runs({"x": 1.0}, run_name="a")
    assert run_to_end(s, [run.id]) == {run.id: "FAILED"}
    tail = s.output_tail(s.get_run(run.id)[0])
    assert "a.o1" in tail


def test_a_claimed_run_is_not_launched_twice(study) -> None:
    s = study()
    (run, _), = s.create_runs({"x": 2.0}, run_name="a")
    first = Launcher(s)
    assert first.launch([run.id]) == [run.id]
    assert Launcher(s).launch([run.id]) == []
    while first.running:
        first.reap()
        time.sleep(0.02)


def test_clean_resets_and_delete_removes(study) -> None:
    s = study()
    pairs = s.create_runs({"x": [1.0, 2.0]}, run_name="a")
    run_to_end(s, [r.id for r, _ in pairs])
    run_dir = Path(s.get_run(1)[0]["run_path"])
    assert run_dir.is_dir()
    assert s.clean("runs.id = 1") == [1]
    s.sync()
    assert s.states([1, 2]) == {1: "CREATED", 2: "FINISHED"}
    assert not run_dir.exists()
    assert s.clean("state = FINISHED", delete=True) == [2]
    assert [r.id for r, _ in s.select()] == [1]
    (recreated, _), = s.create_runs({"x": 2.0}, run_name="a")
    assert recreated.id == 3  # the deleted run is not found again


def test_environment_of_runs(study) -> None:
    s = study()
    env = s.run_environment()
    assert env["PATH"].split(os.pathsep)[0] == str(Path(os.sys.executable).parent)
    assert not [k for k in env if k.startswith("BLACKDYNAMITE_")]


@pytest.mark.parametrize(("keep_uvloop", "loop_module"), [
    ("", "asyncio.events"), ("1", "uvloop")])
def test_a_runs_study_connection_keeps_off_uvloop_unless_asked(
        study, monkeypatch, keep_uvloop: str, loop_module: str) -> None:
    """uvloop (which Airflow installs) under ZEO's client thread can crash ``doIt.py``'s
    Python at exit, after ``run.finish()``: runs get asyncio's loop instead, unless
    ``MOTOKO_RUN_UVLOOP=1``."""
    assert importlib.util.find_spec("uvloop"), "Airflow's API server installs uvloop"
    monkeypatch.setenv("MOTOKO_RUN_UVLOOP", keep_uvloop)
    monkeypatch.setenv("PYTHONPATH", "/nonexistent/kept")
    reporter = ("import sys\nimport BlackDynamite as BD\nimport ZEO.asyncio.compat as c\n"
                "run, job = BD.getRunFromScript()\nrun.start()\n"
                "run.loop = c.new_event_loop.__module__\n"
                "run.kept = '/nonexistent/kept' in sys.path\nrun.finish()\n")
    s = study(doit=reporter, extra="run:\n  loop: str\n  kept: bool\n")
    (run, _), = s.create_runs({"x": 1.0}, run_name="a")
    assert run_to_end(s, [run.id]) == {run.id: "FINISHED"}, s.output_tail(s.get_run(run.id)[0])
    done, _ = s.get_run(run.id)
    assert (done.loop, done.kept) == (loop_module, True)


# ---- bulk creation: BlackDynamite's own structures, chunks, the run index ----------


def _layout(obj) -> dict:
    """What BlackDynamite stores for a job or run, ids aside."""
    out = {k: v for k, v in obj.__dict__.items()
           if k not in ("entries", "types", "configfiles", "quantities", "runs")}
    out["entries"] = {k: v for k, v in obj.entries.items() if k not in ("id", "job_id")}
    out["types"] = dict(obj.types.entries.items())
    if hasattr(obj, "configfiles"):
        out["configfiles"] = list(obj.configfiles)
        out["quantities"] = dict(obj.quantities.items())
    return out


def test_created_runs_are_stored_as_blackdynamite_inserts_them(study) -> None:
    import transaction

    s = study(extra="run:\n  solver: str\nrun_params:\n  solver: cg\n")
    (run, job), = s.create_runs({"x": 1.0}, run_name="a", event_name="e")
    with s.session() as base:
        bd_job = base.Job()
        bd_job["x"] = 2.0
        bd_job_id = base.insert(bd_job, commit=False)
        bd_run = base.Run()
        for key, value in run.entries.items():
            if key not in ("id", "state", "job_id"):
                bd_run[key] = value
        for file_id in run.configfiles:
            bd_run.configfiles.add(file_id)
        bd_run["job_id"] = bd_job_id
        bd_run_id = base.insert(bd_run, commit=False)
        transaction.commit()
        bd_run, bd_job = base.runs[bd_run_id], base.jobs[bd_job_id]
        assert _layout(run) == _layout(bd_run)
        assert _layout(job) == {**_layout(bd_job), "entries": {"x": 1.0}}
        ours, theirs = run.get_params(), bd_run.get_params()  # exec, job_id, ...
        assert (ours[0], *ours[2:]) == (theirs[0], *theirs[2:])
        assert base.runs_index[run.get_params()] == run.id
        assert base.jobs_index[job.get_params()] == job.id
        assert list(job.runs.keys()) == [run.id] and job.runs[run.id] is run
        assert (run["state"], run.id, run["job_id"]) == ("CREATED", 1, job.id)
        assert (bd_run.id, bd_job.id) == (2, 2)  # the counters were advanced
    assert [r.id for r, _ in s.select(run_name="a")] == [1, 2]
    (again, _), = s.create_runs({"x": 1.0}, run_name="a", event_name="e")
    assert again.id == 1


def test_created_runs_work_with_blackdynamite_itself(study) -> None:
    doit = ("import BlackDynamite as BD\nrun, job = BD.getRunFromScript()\nrun.start()\n"
            "run.pushQuantity(job.x * 2, 0, 'q')\nrun.pushQuantity(job.x * 3, 1, 'q')\n"
            "run.y = job.x + 1\nrun.finish()\n")
    s = study(doit=doit)
    pairs = s.create_runs({"x": [1.0, 2.0, 3.0]}, run_name="a")
    assert run_to_end(s, [pairs[0][0].id, pairs[1][0].id]) == {1: "FINISHED", 2: "FINISHED"}
    from BlackDynamite import runselector

    with s.session() as base:
        created = runselector.RunSelector(base).selectRuns(["state = CREATED"], quiet=True)
        assert [(r.id, j.x) for r, j in created] == [(3, 3.0)]
        finished = base.select([base.Run, base.Job], constraints=["state = FINISHED"])
        assert sorted(r.id for r, _ in finished) == [1, 2]
        run = base.runs[2]
        assert run.y == 3.0 and run.getQuantity("q").iloc[:, 1].tolist() == [4.0, 6.0]
        assert [c.filename for c in run.getConfigFiles()] == ["launch.sh", "doIt.py"]
        base.runs[3].delete(commit=True)  # BlackDynamite's own delete (job.runs too)
        assert 3 not in base.runs.entries and 3 not in base.jobs[3].runs.entries
    (recreated, job), = s.create_runs({"x": 3.0}, run_name="a")
    assert (recreated.id, job.id, recreated["state"]) == (4, 3, "CREATED")


def test_large_creation_commits_in_chunks_redone_alone_on_conflict(study, monkeypatch
                                                                   ) -> None:
    from ZODB.POSException import ConflictError

    import motoko_airflow.blackdynamite as bd

    s = study()
    monkeypatch.setattr(bd, "_CREATE_CHUNK", 3)
    real, calls = Study._create_runs, []

    def flaky(self, base, space, *args):  # the second chunk conflicts once, at the end
        result = real(self, base, space, *args)
        calls.append([p["x"] for p in space])
        if len(calls) == 2:
            raise ConflictError("simulated")
        return result

    monkeypatch.setattr(Study, "_create_runs", flaky)
    xs = [float(i) for i in range(8)]
    pairs = s.create_runs({"x": xs}, run_name="a")
    assert calls == [xs[:3], xs[3:6], xs[3:6], xs[6:]]
    assert [r.id for r, _ in pairs] == list(range(1, 9))
    assert [j.x for _, j in pairs] == xs
    assert [r.id for r, _ in s.create_runs({"x": xs[::-1]}, run_name="a")] == list(
        range(8, 0, -1))
    with s.session() as base:
        assert len(base.runs.entries) == 8 and len(base.jobs.entries) == 8
        assert base.runs_counter == 9 and base.jobs_counter == 9


def test_the_run_index_is_kept_between_calls(study) -> None:
    s = study()
    s.create_runs({"x": [1.0, 2.0]}, run_name="a")
    with s.session() as base:
        index = base.root.schemas[base.schema]["MotokoRunIndex"]
        oid = index._p_oid
    s.create_runs({"x": [1.0, 3.0]}, run_name="a")
    with s.session() as base:
        index = base.root.schemas[base.schema]["MotokoRunIndex"]
        assert index._p_oid == oid and len(index) == 3


def test_stopped_runs_are_failed_and_retried(study) -> None:
    """Regression: a killed run stayed START forever and retries adopted it."""
    from motoko_airflow.launcher import stop_runs

    sleeper = ("import time\nimport BlackDynamite as BD\nrun, job = BD.getRunFromScript()\n"
               "run.start()\ntime.sleep(600)\nrun.finish()\n")
    s = study(doit=sleeper)
    pairs = s.create_runs({"x": [1.0, 2.0]}, run_name="a", retry_token="t1")
    launcher = Launcher(s)
    launcher.launch([r.id for r, _ in pairs])
    deadline = time.monotonic() + 30
    while s.states([1, 2]) != {1: "START", 2: "START"}:
        assert time.monotonic() < deadline
        s.sync()
        time.sleep(0.05)
    assert stop_runs(s, [1]) == [1]
    while launcher.running.get(1) is not None and launcher.running[1].poll() is None:
        time.sleep(0.05)
    s.sync()
    assert s.states([1, 2]) == {1: "FAILED", 2: "START"}
    (again, _), = s.create_runs({"x": 1.0}, run_name="a", retry_token="t2")
    assert again.id == 3 and again["attempt"] == 2
    assert stop_runs(s) == [2]
    launcher.reap()


def test_stopping_leaves_a_finished_runs_script_time_to_end(study, monkeypatch) -> None:
    """Regression: a failed DAG run stops its runs still executing; a run its doIt.py
    had FINISHED, whose script had not ended yet (its interpreter exiting), was killed
    and turned FAILED. Such a script is now left to end, up to a grace period."""
    from motoko_airflow import launcher as launching
    from motoko_airflow.launcher import stop_runs

    def finished_and_still_executing(script: str) -> tuple[Study, int, Launcher]:
        s = study(launch=script)
        (run, _), = s.create_runs({"x": 3.0}, run_name="a")
        launcher = Launcher(s)
        launcher.launch([run.id])
        deadline = time.monotonic() + 30
        while s.states([run.id]) != {run.id: "FINISHED"}:
            assert time.monotonic() < deadline
            s.sync()
            time.sleep(0.02)
        return s, run.id, launcher

    monkeypatch.setattr(launching, "FINISHED_GRACE", 5.0)
    s, run_id, launcher = finished_and_still_executing(
        "#!/bin/bash\npython doIt.py\nsleep 1\n")
    began = time.monotonic()
    assert stop_runs(s, run_name="a") == []
    assert 0.3 < time.monotonic() - began < 5.0  # it waited for the script's end
    s.sync()
    assert s.states([run_id]) == {run_id: "FINISHED"}
    launcher.reap()

    monkeypatch.setattr(launching, "FINISHED_GRACE", 0.5)  # a script going on past it
    s, run_id, launcher = finished_and_still_executing(
        "#!/bin/bash\npython doIt.py\nsleep 600\n")
    assert stop_runs(s, run_name="a") == [run_id]
    s.sync()
    assert s.states([run_id]) == {run_id: "FAILED"}
    while launcher.running and launcher.running[run_id].poll() is None:
        time.sleep(0.05)
    launcher.reap()


def test_stopping_runs_returns_once_their_processes_have_ended(study, monkeypatch) -> None:
    """Regression: stopping runs sent SIGTERM and returned at once; a script still
    ending (a trap saving its state, a disk too full to write) kept the study busy, so
    ``motoko run`` left its server running. It now waits for them, and SIGKILLs a
    script that ignores SIGTERM after ``STOP_GRACE``."""
    from motoko_airflow import launcher as launching
    from motoko_airflow.liveness import runs_executing

    def started(script: str) -> tuple[Study, Launcher]:
        s = study(launch=script)
        (run, _), = s.create_runs({"x": 3.0}, run_name="a")
        launcher = Launcher(s)
        launcher.launch([run.id])
        deadline = time.monotonic() + 30
        while not (s.runs_dir / f"run-{run.id}" / "trapped").exists():
            assert time.monotonic() < deadline
            time.sleep(0.02)
        return s, launcher

    slow = "#!/bin/bash\ntrap 'sleep 1; exit 1' TERM\ntouch trapped\nsleep 600 & wait\n"
    s, launcher = started(slow)
    began = time.monotonic()
    assert launching.stop_runs(s, run_name="a") == [1]
    assert time.monotonic() - began > 0.5  # it waited for the trap
    assert not runs_executing(s.runs_dir)
    launcher.reap()

    monkeypatch.setattr(launching, "STOP_GRACE", 0.5)
    deaf = "#!/bin/bash\ntrap '' TERM\ntouch trapped\nwhile true; do sleep 0.1; done\n"
    s, launcher = started(deaf)
    assert launching.stop_runs(s, run_name="a") == [1]
    assert not runs_executing(s.runs_dir)
    s.sync()
    assert s.states([1]) == {1: "FAILED"}
    launcher.reap()


def test_a_script_failing_after_finish_fails_its_run_before_it_counts(study) -> None:
    """Regression: an operator took a FINISHED run as done while launch.sh still ran; a
    later failing command then turned it FAILED after downstream tasks had used it."""
    from motoko_airflow import execution

    late = "#!/bin/bash\npython doIt.py\nsleep 1\nexit 5\n"
    s = study(launch=late)
    (run, _), = s.create_runs({"x": 3.0}, run_name="a")
    execution.launch(s, [run.id])
    seen = set()
    deadline = time.monotonic() + 30
    while True:
        progress = execution.progress(s, [run.id])
        seen.add(progress.states[run.id])
        if progress.failed or progress.finished:
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert progress.failed == [run.id] and not progress.finished
    assert "FINISHING" in seen  # doIt.py had finished it; the script had not ended


def test_study_redeclaring_nproc_creates_runs_with_it(study) -> None:
    """Regression: ``run: {nproc: int}`` in bd.yaml (valid in Motoko 0.1.4) was refused
    as a reserved name; the study is created and nproc is BlackDynamite's own column."""
    s = study(extra="run:\n  nproc: int\n")
    (run, _), = s.create_runs({"x": 1.0}, {"nproc": 4}, run_name="a")
    (other, _), = s.create_runs({"x": 2.0}, run_name="a")
    assert run_record("calc", run, _)["run"]["nproc"] == 4
    assert [r.id for r, _ in s.select("nproc > 2")] == [run.id]
    assert other.id != run.id


def test_an_exact_record_holds_outputs_as_the_script_stored_them(study) -> None:
    """Bug: the records a DAG's tasks read were JSON: a dict keyed by ints had str keys,
    a set was left out, a numpy float was a float, a datetime a string, where ``main``
    reads the run's
    pickled values. ``run_record(exact=True)`` tags them; the readable record (what
    ``motoko info`` and the web view show) is unchanged."""
    from motoko_airflow.execution import Pair

    doit = ("import datetime\nimport BlackDynamite as BD\nimport numpy as np\n"
            "run, job = BD.getRunFromScript()\nrun.start()\nrun.tup = (job.x, 2.0)\n"
            "run.hist = {1: job.x}\nrun.tags = {1, 2}\nrun.f = np.float64(job.x)\n"
            "run.when = datetime.datetime(2026, 1, 2)\nrun.blob = b'x'\nrun.finish()\n")
    s = study(doit=doit)
    (run, job), = s.create_runs({"x": 1.0}, run_name="a")
    assert run_to_end(s, [run.id]) == {run.id: "FINISHED"}
    run, job = s.get_run(run.id)
    readable = run_record("calc", run, job)
    assert readable["run"]["hist"] == {"1": 1.0} and "tags" not in readable["run"]
    exact = json.loads(json.dumps(run_record("calc", run, job, exact=True)))
    view, _ = Pair(exact)
    for name in ("tup", "hist", "tags", "f", "when", "start_time"):
        native = getattr(run, name)
        assert type(getattr(view, name)) is type(native) and getattr(view, name) == native
    with pytest.raises(MotokoError, match="bytes"):
        view.blob  # noqa: B018
    assert view.state == "FINISHED" and view.tup == (1.0, 2.0)
