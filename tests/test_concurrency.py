"""One study written by several processes at once: no run lost, none duplicated."""

from __future__ import annotations

import subprocess
import sys
import textwrap

WRITER = textwrap.dedent("""
    import sys
    from motoko_airflow.blackdynamite import Study

    study = Study(sys.argv[1])
    worker, mode = int(sys.argv[2]), sys.argv[3]
    for i in range(25):
        x = float(i) if mode == "same" else float(worker * 100 + i)
        (run, job), = study.create_runs({"x": x}, run_name="c", event_name="e")
        assert job.x == x
    print("ok")
""")


def hammer(study_dir: str, mode: str) -> None:
    processes = [subprocess.Popen([sys.executable, "-c", WRITER, study_dir, str(w), mode],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for w in range(4)]
    for p in processes:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-3000:]
        assert out.strip() == "ok"


def test_four_processes_creating_distinct_runs_lose_none(study) -> None:
    s = study()
    hammer(str(s.directory), "distinct")
    s.sync()
    pairs = s.select(run_name="c")
    xs = sorted(j.x for _, j in pairs)
    assert xs == sorted(float(w * 100 + i) for w in range(4) for i in range(25))
    assert len({r.id for r, _ in pairs}) == 100


def test_four_processes_creating_the_same_runs_duplicate_none(study) -> None:
    s = study()
    hammer(str(s.directory), "same")
    s.sync()
    pairs = s.select(run_name="c")
    assert sorted(j.x for _, j in pairs) == [float(i) for i in range(25)]
    with s.session() as base:
        assert len(list(base.jobs.keys())) == 25 and len(list(base.runs.keys())) == 25


STARTER = "from motoko_airflow.blackdynamite import Study\nimport sys\n" \
    "s = Study(sys.argv[1])\ns.start_server()\nprint(s.server_status())\n"


def test_servers_started_by_several_processes_at_once(study) -> None:
    """Regression: a second runzeo lost the storage lock and, exiting, removed the socket
    of the first, leaving an orphan server and a study that could not start again."""
    s = study()
    for _ in range(3):
        s.stop_server()
        processes = [subprocess.Popen([sys.executable, "-c", STARTER, str(s.directory)],
                                      stdout=subprocess.PIPE, text=True) for _ in range(4)]
        assert [p.communicate(timeout=60)[0].strip() for p in processes] == ["running"] * 4
        assert s.server_status() == "running"
        assert s.server_pid() is not None
    s.stop_server()
    assert s.server_status() == "stopped" and s.server_pid() is None
