"""What a user sees of a run name's runs without opening a log or an XCom: mapped task
instances labelled by their item, a table of each task's runs in its log, the summary
`motoko run` ends with, `motoko status` (and its JSON), and `motoko info` marking the
attempts a retry superseded."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_airflow import flaky_workflow, motoko

from conftest import EXAMPLES, stop_everything
from motoko_airflow.execution import items_label

INPUTS = ["2.1", "3.2"]


@pytest.fixture(scope="module")
def routine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    directory = tmp_path_factory.mktemp("view") / "routine"
    shutil.copytree(EXAMPLES / "routine", directory,
                    ignore=shutil.ignore_patterns(".bd", "BD-*", ".wf", "__pycache__"))
    try:
        result = motoko("run", str(directory), "-n", "seen", "--inputs", *INPUTS)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        yield directory, result.stdout
    finally:
        stop_everything(directory)


def test_items_are_labelled_by_what_they_stand_for() -> None:
    assert items_label([{"x": 0.718}]) == "x=0.718"
    assert items_label([{"run": [{"run_id": 3, "study": "mult"}, {"id": 1}]}]) == "mult.3"
    # an upstream run: what it was made from, not to be read as the task's own run
    assert items_label([{"run": [{"run_id": 3, "study": "mult", "job": {"id": 1, "x": 2.1}},
                                 {"id": 1}]}]) == "mult.3 → x=2.1"
    assert items_label([{"i": 0, "x": 2.5}]) == "i=0, x=2.5"
    many = items_label([{"run": {"run_id": i}} for i in range(40)])
    assert many == "run 0; ... (40 items)"
    assert items_label([]) == "no item"


def test_mapped_instances_are_labelled_by_their_run(routine: tuple[Path, str]) -> None:
    directory, _ = routine
    db = directory / ".wf" / "airflow" / "airflow.db"
    with sqlite3.connect(db) as con:
        labels = con.execute("SELECT map_index, rendered_map_index FROM task_instance "
                             "WHERE task_id = 'add' ORDER BY map_index").fetchall()
    # add's items: mult's runs 1 and 2, made from inputs 2.1 and 3.2
    assert labels == [(0, "mult.1 → x=2.1"), (1, "mult.2 → x=3.2")]


def test_each_task_logs_a_table_of_its_runs(routine: tuple[Path, str]) -> None:
    directory, _ = routine
    [log] = (directory / ".wf" / "airflow" / "logs" / "dag-test" / "routine").glob("*.log")
    text = log.read_text()
    assert "runs of norm:" in text
    header = next(line for line in text.splitlines()[text.splitlines().index(
        next(x for x in text.splitlines() if "runs of norm:" in x)) + 1:] if line.strip())
    assert header.split()[:4] == ["run", "state", "attempt", "job"]
    assert "ZEO.ClientStorage" not in text  # ZEO's connection chatter stays out


def test_motoko_run_ends_with_the_run_names_summary(routine: tuple[Path, str]) -> None:
    _, stdout = routine
    assert "7 run(s) of seen: 7 FINISHED" in stdout


def test_status_tells_where_a_run_name_stands(routine: tuple[Path, str]) -> None:
    directory, _ = routine
    result = motoko("status", "-w", str(directory), "seen", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["total"], found["finished"], found["failed"]) == (7, 7, [])
    assert {s["study"]: s["states"] for s in found["studies"]} == {
        "mult": {"FINISHED": 2}, "add": {"FINISHED": 4}, "norm": {"FINISHED": 1}}
    text = motoko("status", "-w", str(directory), "seen")
    assert text.returncode == 0 and "7 run(s) of seen: 7 FINISHED" in text.stdout
    absent = motoko("status", "-w", str(directory), "never")
    assert absent.returncode == 0 and "0 run(s) of never" in absent.stdout


def test_info_and_status_mark_the_attempts_a_retry_superseded(tmp_path: Path) -> None:
    directory = flaky_workflow(tmp_path, "airflow: {retries: 1, retry_delay: 0}\n")
    try:
        result = motoko("run", str(directory), "-n", "again", "--x", "3")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "1 earlier attempt(s) superseded by a retry" in result.stdout
        info = motoko("info", "-w", str(directory)).stdout
        assert "FAILED (superseded) 1" in info and "FINISHED     1" in info
        found = json.loads(motoko("status", "-w", str(directory), "again", "--json").stdout)
        [calc] = found["studies"]
        assert calc["states"] == {"FINISHED": 1} and len(calc["superseded"]) == 1
    finally:
        stop_everything(directory)


def test_concurrent_readers_share_the_stopped_servers_safely(
        routine: tuple[Path, str]) -> None:
    """Regression: the web view answers from a thread pool, and a lease was one per
    process: one request leaving stopped a server another was reading from ("ZEO server
    does not answer", HTTP 500). Now each reader holds its own lease: 24 threads read
    the run name's runs at once from stopped servers, all see every run, and the
    servers are stopped again after the last one left (no lease left behind)."""
    import concurrent.futures

    from motoko_airflow.plugin.runs import dag_run_runs
    from motoko_airflow.workflow import Workflow

    directory, _ = routine
    wf = Workflow(directory)
    try:
        studies = {tm.name: tm.bd for tm in wf.task_managers.values()}
        assert {s.server_status() for s in studies.values()} == {"stopped"}

        def read(_: int) -> dict[str, int]:
            data = dag_run_runs(directory, "seen")
            return {s["study"]: len(s["runs"]) for s in data["studies"]}

        with concurrent.futures.ThreadPoolExecutor(24) as pool:
            counts = list(pool.map(read, range(48)))
        assert counts == [{"mult": 2, "add": 4, "norm": 1}] * 48
        # nothing answers any more (a socket file left by a server stopped under load
        # is "stale": the next start removes it)
        assert {s.server_status() for s in studies.values()} <= {"stopped", "stale"}
        assert [p for s in studies.values() for p in (s.bd_dir / "leases").glob("*.json")] == []
    finally:
        wf.close()


def test_runs_record_the_host_that_ran_them(routine: tuple[Path, str]) -> None:
    """Every run's ``machine_name`` is the host that launched it (BlackDynamite's default
    ``localhost`` said nothing), shown by ``motoko info`` and the web view; it is not
    a parameter: the same DAG run again finds its runs (no new run)."""
    import socket

    from motoko_airflow.plugin.pages import dag_run_page
    from motoko_airflow.plugin.runs import dag_run_runs

    directory, _ = routine
    host = socket.gethostname()
    info = motoko("info", "-w", str(directory))
    assert info.returncode == 0, info.stderr
    assert info.stdout.count(f"FINISHED     2   on {host}") == 1, info.stdout  # mult
    verbose = motoko("info", "--verbose", "-w", str(directory))
    runs = [line for line in verbose.stdout.splitlines() if line.startswith("   run ")]
    assert len(runs) == 7 and all(line.endswith(f" on {host}") for line in runs), runs
    data = dag_run_runs(directory, "seen")
    hosts = [run["host"] for study in data["studies"] for run in study["runs"]]
    assert hosts == [host] * 7, data
    page = dag_run_page(data, dag_id="routine", run_id="r", base="/motoko",
                        all_tasks=["mult", "add", "norm"], per_page=100,
                        filters={"task": [], "state": [], "attempt": [], "where": []})
    assert "<th>host</th>" in page and page.count(f"<td>{host}</td>") == 7

    # the run index made again from the stored runs (a study from before it) keys the
    # launched runs as they were asked for: asking again finds them
    from motoko_airflow import blackdynamite as bd

    study = bd.Study(directory / "mult")
    try:
        def forget_index(base: object) -> None:
            schema = study._schema(base)
            for key in (bd._RUN_INDEX, bd._RUN_NAMES, bd._INDEX_UPTO):
                del schema[key]

        study._write(forget_index)
        again = study.create_runs({"x": [2.1, 3.2]}, run_name="seen", event_name="run_mult")
        assert sorted((int(run.id), run["state"]) for run, _job in again) == [
            (1, "FINISHED"), (2, "FINISHED")]
    finally:
        study.close()


def test_the_view_pages_and_filters_a_large_run_name(workflows) -> None:
    """The Motoko view's data (plugin/runs.py) on a real study of 251 runs: counts of
    every run of the run name, pages of 100 in order (a retry's current attempt just
    before the attempt it replaced), filters by state, attempt and job parameter,
    filters that match nothing, pages past the last, runs scoped to their DAG, and
    the reason of a launch script's non-zero exit."""
    from motoko_airflow.exceptions import RunNameTakenError
    from motoko_airflow.plugin.runs import PageError, dag_run_runs

    wf = workflows("routine")
    path, mult = wf.directory, wf.task_managers["mult"].bd
    ids = [int(r.id) for r, _ in mult.create_runs(
        {"x": [float(i) for i in range(250)]}, run_name="many", dag_id="d1")]
    failed = ids[10:20]
    for run_id in failed:
        assert mult.set_state(run_id, "FAILED")
    [(retry, _)] = mult.create_runs({"x": 12.0}, run_name="many", retry_failed=True,
                                    dag_id="d1")
    retry_id = int(retry.id)
    claimed = mult.prepare_launch([ids[30]])  # launched, then its script exits 1
    assert [c[0] for c in claimed] == [ids[30]]
    assert mult.mark_exit(ids[30], 1) == "FAILED"
    mult.close()

    def page(**kw: object) -> dict:
        [study] = dag_run_runs(path, "many", ["mult"], **kw)["studies"]  # type: ignore[arg-type]
        return study

    first, last = page(), page(page=3)
    assert first["states"] == {"CREATED": 240, "FAILED": 11}  # with the retried one
    assert (first["total"], first["matched"], first["pages"]) == (251, 251, 3)
    assert (len(first["runs"]), first["first"], len(last["runs"]), last["first"]) == \
        (100, 1, 51, 201)
    order = [r["id"] for p in (1, 2, 3) for r in page(page=p)["runs"]]
    assert sorted(order) == sorted([*ids, retry_id])  # every run once
    at = order.index(retry_id)  # the current attempt first, then the one it replaced
    assert order[at + 1] == ids[12] and order[:at] == ids[:12]
    retried = page(attempts=[2])
    assert [(r["id"], r["attempt"], r["supersedes"]) for r in retried["runs"]] == \
        [(retry_id, 2, [ids[12]])]
    bad = page(states=["FAILED"])
    assert bad["matched"] == 11 and {r["state"] for r in bad["runs"]} == {"FAILED"}
    reasons = {r["id"]: r["failure_reason"] for r in bad["runs"]}
    assert reasons[ids[30]] == "launch.sh exited 1"
    assert "never launched" in next(r for r in bad["runs"] if r["id"] == ids[11])[
        "output_tail"]
    high = page(where=["x > 244.5"])
    assert sorted(r["job"]["x"] for r in high["runs"]) == [245.0, 246.0, 247.0, 248.0, 249.0]
    both = page(where=["x > 244.5", "x < 247"], per_page=1, page=2)
    assert (both["matched"], both["pages"], [r["job"]["x"] for r in both["runs"]]) == \
        (2, 2, [246.0])
    none = page(states=["START"])
    assert (none["matched"], none["pages"], none["runs"], none["total"]) == (0, 0, [], 251)
    assert page(where=["x > 1000"])["runs"] == []
    with pytest.raises(PageError, match=r"page 4 is past the last page \(3\)"):
        page(page=4)
    with pytest.raises(PageError, match="past the last page"):
        page(states=["START"], page=2)
    with pytest.raises(PageError, match="unknown field 'nosuch'"):
        page(where=["nosuch = 1"])
    with pytest.raises(PageError, match="start at 1"):
        page(page=0)

    # runs are scoped to the DAG that made them
    assert page(dag_id="d1")["total"] == 251
    assert page(dag_id="d2")["total"] == 0
    with pytest.raises(RunNameTakenError, match="run name 'many' is already used by DAG "
                                                "'d1' of this workflow; trigger 'd2'"):
        mult.create_runs({"x": 1.0}, run_name="many", dag_id="d2")
    mult.create_runs({"x": 1.0}, run_name="theirs", dag_id="d2")  # their own name is fine
    mult.close()
    assert page(dag_id="d1")["total"] == 251  # and nothing was added to d1's


def test_motoko_run_stops_on_a_run_name_another_dag_made_runs_under(workflows) -> None:
    """`motoko run -n NAME` where an Airflow DAG of the workflow already made runs under
    NAME: the first task fails with one line naming that DAG, `motoko run` prints it
    and exits 1, and nothing is added to the other DAG's runs."""
    wf = workflows("routine")
    mult = wf.task_managers["mult"].bd
    [(theirs, _)] = mult.create_runs({"x": 2.1}, run_name="theirs", dag_id="their_dag")
    mult.close()
    result = motoko("run", str(wf.directory), "-n", "theirs", "--dag-id", "mine",
                    "--inputs", *INPUTS)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    line = ("run name 'theirs' is already used by DAG 'their_dag' of this workflow; "
            "trigger 'mine' with another run_name")
    [said] = [x for x in result.stderr.splitlines() if x.startswith("mult failed: ")]
    assert said.endswith(f"study mult: {line}"), result.stderr
    runs = mult.runs_of("theirs")
    assert [(int(r.id), r.entries.get("dag_id"), r.entries.get("state")) for r in runs] \
        == [(int(theirs.id), "their_dag", "CREATED")]
    mult.close()
