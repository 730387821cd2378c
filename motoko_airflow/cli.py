"""The ``motoko`` command.

Motoko 0.1.4's commands with its flags (``create``, ``launcher``, ``orchestrator
start|stop|status``, ``info``, ``kill``, ``clean``); each also takes ``-w DIR`` so it
need not be run from inside the workflow directory. Errors print one line (the
traceback only with ``--verbose``) and exit non-zero.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from motoko_airflow import processes
from motoko_airflow.exceptions import ConfigError, MotokoError, describe
from motoko_airflow.options import orchestrator_options, seconds, workflow_problems

__all__ = ["main"]

_DESCRIPTION = """\
Motoko workflows (BlackDynamite parametric studies) with a real scheduler.

A workflow directory holds motoko.yaml, an orchestrator (orchestrator.py) and one
folder per study (bd.yaml, launch.sh, doIt.py). Typical session:

  motoko create WORKFLOW_DIR                        create (reset) the studies
  motoko launcher -w WORKFLOW_DIR                   start the launcher daemons
  motoko orchestrator -w WORKFLOW_DIR start --run_name test --inputs 2.1 3.2
  motoko info -w WORKFLOW_DIR                       what ran, per study and state
  motoko serve -w WORKFLOW_DIR                      keep the ZEO servers up (a deployment)
  motoko kill -w WORKFLOW_DIR                       stop daemons and ZEO servers
"""


def _workflow_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-w", "--workflow", metavar="DIR", default=argparse.SUPPRESS,
        help="the workflow directory (or its motoko.yaml); default: the current directory")


def _workflow_dir(args: argparse.Namespace) -> str:
    return getattr(args, "workflow", None) or os.getcwd()


def _load(args: argparse.Namespace) -> Any:
    from motoko_airflow.workflow import Workflow

    return Workflow(_workflow_dir(args))


def _study_names(workflow: Any, bd_study: str | None) -> list[str] | None:
    if bd_study in (None, "all"):
        return None
    return [workflow.settings.resolve(bd_study)]


# ---- create ---------------------------------------------------------------------------


def _add_create(sub: Any) -> None:
    p = sub.add_parser(
        "create", help="create (reset) the studies of a workflow",
        description="Create the BlackDynamite studies of a workflow (one per task manager) "
                    "and start their ZEO servers. On a workflow that already has data this "
                    "drops it: you are asked first (default no) unless --validated.")
    p.add_argument("directory", nargs="?", default=None,
                   help="the workflow directory (default: the current directory)")
    p.add_argument("--validated", action="store_true",
                   help="answer yes to the reset question")
    p.set_defaults(handler=_create)


def _create(args: argparse.Namespace) -> int:
    from motoko_airflow.workflow import Workflow

    workflow = Workflow(args.directory or _workflow_dir(args))
    if not workflow.create(args.validated):
        print("not confirmed: nothing was changed (pass --validated to reset without "
              "asking)", file=sys.stderr)
        return 1
    for tm in workflow.task_managers.values():
        print(f"created study {tm.bd.name} in {tm.study_dir} ({tm.bd.host})")
    return 0


# ---- launcher -------------------------------------------------------------------------


def _add_launcher(sub: Any) -> None:
    p = sub.add_parser(
        "launcher", help="start the launcher daemons that execute runs",
        description="Start one launcher daemon per study. It executes the study's CREATED "
                    "runs with the workflow's generator (bash by default), several at once, "
                    "and picks up new runs as they are created.")
    _workflow_option(p)
    p.add_argument("--generator", help="force a generator (bashCoat, slurmCoat, pbsCoat, "
                                       "sgeCoat); default: motoko.yaml's")
    p.add_argument("--log", "-l", action="store_true",
                   help="show the launchers' logs (follows them)")
    p.add_argument("--do_not_detach", action="store_true",
                   help="with --bd_study: serve in the foreground")
    p.add_argument("--bd_study", default="all", help="the study to start a launcher for")
    p.add_argument("--max-parallel", type=int, default=None, metavar="N",
                   help="runs executed at once per study (default: number of CPUs)")
    p.set_defaults(handler=_launcher)


def _launcher(args: argparse.Namespace) -> int:
    from motoko_airflow.launcher import LOG_FILE, launcher_pid

    workflow = _load(args)
    names = _study_names(workflow, args.bd_study)
    if args.log:
        logs = [str(tm.bd.bd_dir / LOG_FILE) for tm in workflow.studies(names)]
        os.execvp("tail", ["tail", "-F", *logs])
    if args.bd_study != "all":
        args.bd_study = names[0] if names else "all"
    workflow.start_launcher_daemons(args)
    for tm in workflow.studies(names):
        pid = launcher_pid(tm.bd)
        if pid:
            print(f"launcher of {tm.name}: pid {pid} (log: {tm.bd.bd_dir / LOG_FILE})")
    return 0


# ---- orchestrator ---------------------------------------------------------------------


def _workflow_dir_from_argv(argv: Sequence[str]) -> str | None:
    """The ``-w DIR`` given anywhere on the command line, if any."""
    workflow_dir = None
    for i, arg in enumerate(argv):
        if arg in ("-w", "--workflow") and i + 1 < len(argv):
            workflow_dir = argv[i + 1]
        elif arg.startswith("--workflow="):
            workflow_dir = arg.split("=", 1)[1]
    return workflow_dir


def _add_orchestrator(sub: Any, argv: Sequence[str]) -> None:
    p = sub.add_parser(
        "orchestrator", help="run the workflow's orchestrator",
        description="Run the orchestrator (main in orchestrator.py) with its action loop.")
    _workflow_option(p)
    what = p.add_subparsers(dest="what", required=True, metavar="{start,stop,status}")
    start = what.add_parser(
        "start", help="run the orchestrator (foreground, or --detach)",
        description="Run the orchestrator until it ends. Runs are executed by the launcher "
                    "daemons ('motoko launcher'), or by this process with --launch inline. "
                    "The orchestrator's own options follow.")
    _workflow_option(start)
    start.add_argument("--run_name", "-n", required=True,
                       help="the run name every created run is tagged with")
    start.add_argument("--detach", "-d", action="store_true",
                       help="run in the background (log: .wf/wf.log)")
    start.add_argument("--wait", type=seconds, default=None, metavar="SECONDS",
                       help="seconds between state checks (default 0.2)")
    start.add_argument("--launch", choices=("daemon", "inline"), default="daemon",
                       help="who executes runs: the launcher daemons (default) or this "
                            "process")
    start.add_argument("--retry-failed", action="store_true",
                       help="give FAILED runs of this run name a new attempt")
    orchestrator_options(start, _workflow_dir_from_argv(argv))
    start.set_defaults(handler=_orchestrator_start)
    stop = what.add_parser("stop", help="stop a detached orchestrator")
    _workflow_option(stop)
    stop.set_defaults(handler=_orchestrator_stop)
    status = what.add_parser("status", help="is a detached orchestrator running?")
    _workflow_option(status)
    status.add_argument("--logs", "-l", action="store_true", help="print its log")
    status.add_argument("--follow", "-f", action="store_true", help="follow its log")
    status.set_defaults(handler=_orchestrator_status)


def _pid_path(workflow: Any) -> Path:
    return Path(workflow.wf_dir) / "orchestrator.pid"


def _orchestrator_pid(workflow: Any) -> int | None:
    return processes.pid_from_file(_pid_path(workflow), "orchestrator", "start",
                                   str(workflow.directory))


def _orchestrator_start(args: argparse.Namespace) -> int:
    workflow = _load(args)
    if args.detach:
        existing = _orchestrator_pid(workflow)
        if existing:
            raise MotokoError(f"an orchestrator already runs for this workflow (pid "
                              f"{existing}); 'motoko orchestrator stop' first")
        argv = ["orchestrator", "-w", workflow.directory, "start",
                *_strip_options(args.start_argv, flags=("--detach", "-d"),
                                valued=("-w", "--workflow"))]
        workflow.wf_dir.mkdir(parents=True, exist_ok=True)
        with open(workflow.wf_dir / "wf.log", "ab") as log:
            process = subprocess.Popen([sys.executable, "-m", "motoko_airflow", *argv],
                                       stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        _pid_path(workflow).write_text(f"{process.pid}\n")
        print(f"orchestrator started in the background: pid {process.pid}, "
              f"log {workflow.wf_dir / 'wf.log'}")
        return 0
    workflow.run_name = args.run_name  # checked by main()
    if args.wait is not None:
        workflow.poll_interval = args.wait
    workflow.retry_failed = args.retry_failed
    if args.launch == "inline":
        workflow.launch_inline()
    params = {dest: getattr(args, dest, None) for dest in args.orchestrator_dests}
    params["run_name"] = workflow.run_name
    started = time.monotonic()
    workflow.execute(**params)
    print(f"workflow {workflow.run_name} finished in {time.monotonic() - started:.1f} s")
    return 0


def _strip_options(argv: Sequence[str], flags: Sequence[str], valued: Sequence[str]
                   ) -> list[str]:
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in flags or any(arg.startswith(v + "=") for v in valued):
            continue
        elif arg in valued:
            skip = True
        else:
            out.append(arg)
    return out


def _orchestrator_stop(args: argparse.Namespace) -> int:
    workflow = _load(args)
    pid = _orchestrator_pid(workflow)
    if pid is None:
        print("no detached orchestrator runs for this workflow")
        return 0
    processes.stop(pid)
    _pid_path(workflow).unlink(missing_ok=True)
    print(f"stopped orchestrator pid {pid}")
    return 0


def _orchestrator_status(args: argparse.Namespace) -> int:
    workflow = _load(args)
    pid = _orchestrator_pid(workflow)
    print(f"orchestrator: running, pid {pid}" if pid else "orchestrator: not running")
    log = workflow.wf_dir / "wf.log"
    if args.follow:
        os.execvp("tail", ["tail", "-F", str(log)])
    if args.logs:
        print(log.read_text() if log.exists() else f"(no log at {log})")
    return 0


# ---- info -----------------------------------------------------------------------------


def _add_info(sub: Any) -> None:
    p = sub.add_parser(
        "info", help="runs per study and state, servers and launchers",
        description="Show, per study, how many runs are in each state (per run name), its "
                    "ZEO server and its launcher daemon. --verbose lists every run.")
    _workflow_option(p)
    p.add_argument("--verbose", action="store_true", help="list every run")
    p.add_argument("--bd_study", "-bd", default="all", help="only this study")
    p.add_argument("--run_name", "-n", default=None, help="only runs of this run name")
    p.set_defaults(handler=_info)


def _info(args: argparse.Namespace) -> int:
    from motoko_airflow.blackdynamite import (
        FAILED_STATES,
        LAUNCHED_STATES,
        SLURM_STATES,
        awaits_job_end,
    )
    from motoko_airflow.launcher import launcher_pid

    workflow = _load(args)
    for tm in workflow.studies(_study_names(workflow, args.bd_study)):
        study = tm.bd
        pid = launcher_pid(study)
        print(f"== {tm.name}  ({study.directory})")
        print(f"   server: {study.server_status()} ({study.host}); launcher: "
              f"{'pid ' + str(pid) if pid else 'not running'}")
        if not study.exists:
            print("   not created: run 'motoko create'")
            continue
        # a lease while reading: a server started for this is stopped after it, and
        # one a crashed command left (no live user, no run executing) is stopped too
        with study.server.lease():
            pairs = study.select(run_name=args.run_name, current_only=False)
            launched = [int(r.id) for r, _ in pairs
                        if r["state"] in LAUNCHED_STATES or r["state"] in SLURM_STATES
                        or awaits_job_end(r)]
            if launched:  # runs whose process (or Slurm job) is gone show as FAILED, why
                study.settle_exited(launched)
                study.refresh()
                pairs = study.select(run_name=args.run_name, current_only=False)
            counts = Counter(  # attempts a retry replaced are counted apart
                (r["run_name"], r["state"] + (" (superseded)" if r.entries.get(
                    "superseded_by") is not None else "")) for r, _ in pairs)
            if not counts:
                print("   no runs")
            hosts: dict[tuple[str, str], Counter[str]] = {}  # the hosts that ran them
            for r, _ in pairs:
                if r.entries.get("host_recorded"):
                    key = (r["run_name"], r["state"] + (" (superseded)" if r.entries.get(
                        "superseded_by") is not None else ""))
                    hosts.setdefault(key, Counter())[str(r["machine_name"])] += 1
            for (run_name, state), n in sorted(counts.items(), key=lambda kv: str(kv[0])):
                on = hosts.get((run_name, state))
                where = ("   on " + ", ".join(h if c == n else f"{h} ({c})"
                                             for h, c in sorted(on.items()))) if on else ""
                print(f"   {run_name:<24} {state:<12} {n}{where}")
            if not args.verbose:
                reasons = [(r.id, r.failure_reason) for r, _ in pairs
                           if r["state"] in FAILED_STATES and getattr(r, "failure_reason", None)
                           and r.entries.get("superseded_by") is None]
                for run_id, reason in reasons[:10]:
                    print(f"   run {run_id} FAILED: {reason}")
                if len(reasons) > 10:
                    print(f"   ... and {len(reasons) - 10} more FAILED with a reason "
                          "(--verbose lists them)")
            if args.verbose:
                from motoko_airflow.batch import resources_text
                from motoko_airflow.blackdynamite import run_record
                from motoko_airflow.schema import outputs as run_outputs

                for run, job in pairs:
                    record = run_record(study.name, run, job)
                    params = ", ".join(f"{k}={v}" for k, v in record["job"].items()
                                       if k != "id" and v is not None)
                    shown = dict(run_outputs(record["run"]))
                    if record["run"].get("failure_reason"):  # why it FAILED, when known
                        shown["failure_reason"] = record["run"]["failure_reason"]
                    ended = record["run"].get("batch_job") or {}
                    if ended.get("run_time"):  # how long its Slurm job ran
                        shown["elapsed"] = ended["run_time"]
                    if ended.get("max_rss"):  # its peak memory (Slurm's accounting)
                        shown["peak"] = ended["max_rss"]
                    if record["run"].get("resources"):  # what its attempt asked Slurm for
                        shown["resources"] = resources_text(record["run"]["resources"])
                    outputs = ", ".join(f"{k}={v}" for k, v in shown.items())
                    host = (f" on {run['machine_name']}"
                            if run.entries.get("host_recorded") else "")
                    print(f"   run {run.id:<5} {run['state']:<10} {run['run_name']:<16} "
                          f"{run.entries.get('event_name') or '':<18} job {job.id}: {params}"
                          + (f" -> {outputs}" if outputs else "") + host)
    return 0


# ---- status ---------------------------------------------------------------------------


def _add_status(sub: Any) -> None:
    p = sub.add_parser(
        "status", help="where a run name stands: runs per study and state",
        description="Where a run name stands over every study: runs per state, the FAILED "
                    "ones, the attempts a retry superseded. --json for scripts.")
    _workflow_option(p)
    p.add_argument("name", metavar="RUN_NAME", help="the run name (motoko run -n, "
                   "or the DAG run's run_name)")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(handler=_status)


def _status(args: argparse.Namespace) -> int:
    import json

    from motoko_airflow.params import check_run_name
    from motoko_airflow.servers import leased
    from motoko_airflow.summary import summarize

    run_name = check_run_name(args.name, option="RUN_NAME")
    workflow = _load(args)
    with leased(tm.bd.server for tm in workflow.task_managers.values() if tm.bd.exists):
        summary = summarize(workflow, run_name)
        workflow.close()
    if args.json:
        print(json.dumps(summary.as_json(), indent=2))
        return 0
    for study in summary.studies:
        states = ", ".join(f"{n} {s}" for s, n in sorted(study.states.items())) or "no runs"
        extra = f"; superseded attempts: {study.superseded}" if study.superseded else ""
        failed = f"; FAILED: {study.failed}" if study.failed else ""
        print(f"{study.study:<16} {states}{failed}{extra}")
    print(summary.line())
    return 1 if summary.failed else 0


# ---- kill / clean ---------------------------------------------------------------------


def _add_serve(sub: Any) -> None:
    p = sub.add_parser(
        "serve", help="start the studies' ZEO servers and leave them running",
        description="Start the ZEO server of each study (on its unix socket, or on the "
                    "TCP address motoko.yaml gives it with host: zeo://HOST:PORT) and "
                    "leave it running: for an Airflow deployment, whose workers and "
                    "triggerer on other hosts reach the studies over TCP. Run it on the "
                    "host that stores the studies; 'motoko kill' stops the servers.")
    _workflow_option(p)
    p.add_argument("--bd_study", "-bd", default="all", help="only this study")
    p.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    workflow = _load(args)
    missing = [tm.name for tm in workflow.studies(_study_names(workflow, args.bd_study))
               if not tm.bd.exists]
    if missing:
        raise MotokoError(f"study(ies) {', '.join(missing)} not created here: run "
                          "'motoko create' on this host first (it holds the storage)")
    for tm in workflow.studies(_study_names(workflow, args.bd_study)):
        started = tm.bd.server.serve()
        print(f"{tm.name}: {'started' if started else 'already running'} at {tm.bd.host}")
    return 0


def _add_kill(sub: Any) -> None:
    p = sub.add_parser(
        "kill", help="stop this workflow's launchers and ZEO servers",
        description="Stop the launcher daemons, the detached orchestrator and the ZEO "
                    "servers of this workflow's studies (and no one else's). When "
                    "motoko.yaml or a bd.yaml cannot be read, what their pid files name is "
                    "stopped all the same, then the broken file is named (exit 1).")
    _workflow_option(p)
    p.add_argument("--verbose", action="store_true", help="say what is stopped")
    p.add_argument("--bd_study", "-bd", default="all", help="only this study")
    p.add_argument("--reset", action="store_true",
                   help="also delete the studies' data, run directories and .wf/")
    p.add_argument("--aggressive", action="store_true",
                   help="also stop the runs still executing (marked FAILED)")
    p.set_defaults(handler=_kill)


def _kill(args: argparse.Namespace) -> int:

    from motoko_airflow.launcher import stop_runs

    try:
        workflow = _load(args)
    except ConfigError as problem:  # a broken file must not keep its servers running
        raise _kill_by_pid_files(args, problem) from None
    names = _study_names(workflow, args.bd_study)
    if names is None:
        pid = _orchestrator_pid(workflow)
        if pid:
            processes.stop(pid)
            _pid_path(workflow).unlink(missing_ok=True)
            print(f"stopped orchestrator pid {pid}")
    stopped = workflow.stop_launcher_daemons(names)
    running = {tm.name: tm.bd.server_status() == "running" for tm in workflow.studies(names)}
    pids = {tm.name: tm.bd.server_pid() for tm in workflow.studies(names)}
    failed = []
    if args.aggressive:  # before the servers: the runs are marked FAILED
        for tm in workflow.studies(names):
            if tm.bd.exists:
                try:
                    killed = stop_runs(tm.bd)
                except Exception as exc:  # the server cannot write (a full disk): the
                    # runs are stopped all the same, and so are the servers below
                    failed.append(f"{tm.name}: its executing runs were stopped but not "
                                  f"marked FAILED ({describe(exc)})" + (
                                      "" if args.reset else "; 'motoko info' marks them "
                                      "once the study's server can write again"))
                    continue
                if killed and args.verbose:
                    print(f"{tm.name}: stopped run(s) {killed}")
    workflow.kill(names, launchers=False)  # launchers were stopped above
    for tm in workflow.studies(names):
        server = tm.bd.server
        left = server.status() == "running" and _stores(server)
        said = []
        if tm.name in stopped or args.verbose:
            said.append(f"launcher {'stopped' if tm.name in stopped else 'not running'}")
        if running[tm.name] and not left:
            pid = pids[tm.name]
            said.append("server stopped" + (f" (pid {pid})" if pid else ""))
        elif args.verbose and not left:
            said.append("server not running")
        if said:
            print(f"{tm.name}: {', '.join(said)}")
        if left:
            failed.append(f"{tm.name}: the server at {server.host} still answers and was not "
                          f"stopped: {_why_not_stopped(server)}"
                          + ("; its data is kept" if args.reset else ""))
        if args.reset and not left:
            shutil.rmtree(tm.bd.bd_dir, ignore_errors=True)
            shutil.rmtree(tm.bd.runs_dir, ignore_errors=True)
    if args.reset and names is None and not failed:
        shutil.rmtree(workflow.wf_dir, ignore_errors=True)
    for line in failed:
        print(line, file=sys.stderr)
    return 1 if failed else 0


def _stores(server: Any) -> bool:
    """Whether this host holds the study's storage (a TCP server of a study stored on
    another host is that host's to stop)."""
    return server.tcp_address is None or (server.bd_dir / "bd.zeo").exists()


def _why_not_stopped(server: Any) -> str:
    foreign = server.foreign_pid()
    if foreign is not None:
        return (f"its pid file names runzeo pid {foreign}, which serves another "
                f"configuration ({' '.join(processes.cmdline(foreign))}); stop it by that "
                "pid if it is this study's")
    return ("no pid file names it (it was started outside motoko, or its pid file was "
            "removed); stop the process listening there by its pid")


def _kill_by_pid_files(args: argparse.Namespace, problem: ConfigError) -> MotokoError:
    """``kill`` when motoko.yaml or a bd.yaml cannot be read: stop the detached
    orchestrator and, per study, its launcher daemon, its executing runs (with
    ``--aggressive``, when its bd.yaml reads) and its ZEO server, all found by their pid
    files; delete nothing. Returns the error to report: every broken file, and what was
    stopped all the same.

    The studies are motoko.yaml's task managers or, when motoko.yaml itself cannot be
    read, the sub-directories holding a ``.bd/``. Without any motoko.yaml nothing there
    is a workflow's: what is missing is raised, and nothing is stopped.
    """
    from types import SimpleNamespace
    from typing import cast

    from motoko_airflow.blackdynamite import Study
    from motoko_airflow.config import find_config, load_workflow_config
    from motoko_airflow.launcher import stop_launcher, stop_runs
    from motoko_airflow.servers import ZeoServer

    config = find_config(_workflow_dir(args))  # no motoko.yaml: raises what it lacks
    directory = config.parent
    try:
        settings = load_workflow_config(config)
        studies = {name: (tm.study_dir, tm.zeo_host)
                   for name, tm in settings.task_managers.items()}
        wanted = None if args.bd_study in (None, "all") else settings.resolve(args.bd_study)
    except ConfigError:
        studies = {d.name: (d, f"zeo://{d}") for d in sorted(directory.iterdir())
                   if (d / ".bd").is_dir()}
        wanted = None if args.bd_study in (None, "all") else args.bd_study
    problems: list[MotokoError] = [problem]
    stopped: list[str] = []
    left: list[str] = []  # runs not stopped (--aggressive, unreadable bd.yaml)
    if wanted is None:
        orchestrator = SimpleNamespace(wf_dir=directory / ".wf", directory=str(directory))
        pid = _orchestrator_pid(orchestrator)
        if pid:
            processes.stop(pid)
            _pid_path(orchestrator).unlink(missing_ok=True)
            stopped.append(f"orchestrator pid {pid}")
    for name, (study_dir, host) in studies.items():
        if (wanted is not None and name != wanted) or not (study_dir / ".bd").is_dir():
            continue
        try:
            study: Any = Study(study_dir, host=host, start_server=False)
        except ConfigError as exc:
            if str(exc) not in map(str, problems):
                problems.append(exc)
            study = None
        # the launcher's pid file is read through the study's paths only
        paths = study if study is not None else cast(
            Study, SimpleNamespace(directory=study_dir, bd_dir=study_dir / ".bd"))
        launcher = stop_launcher(paths)
        runs: list[int] = []
        if args.aggressive and study is not None and study.server_status() == "running":
            try:
                runs = stop_runs(study)
            except Exception as exc:  # stopped, not marked: its server cannot write
                problems.append(MotokoError(f"{name}: its executing runs were stopped but "
                                            f"not marked FAILED ({describe(exc)})"))
        elif args.aggressive and study is None:
            left.append(name)
        if study is not None:
            server = study.stop_server()
        else:
            server = ZeoServer(study_dir / ".bd", host, name).stop()
        what = [w for w, done in (("launcher", launcher), ("server", server)) if done]
        if runs:
            what.append(f"run(s) {', '.join(map(str, runs))}")
        if what:
            stopped.append(f"{name}: {', '.join(what)}")
        if args.verbose:
            print(f"{name}: launcher {'stopped' if launcher else 'not running'}, "
                  f"server {'stopped' if server else 'not running'}")
    notes = [f"stopped all the same: {'; '.join(stopped) or 'nothing was running'}"]
    if left:
        notes.append(f"executing runs of {', '.join(left)} not stopped (their bd.yaml is "
                     "needed to find them)")
    if args.reset:
        notes.append("nothing deleted (--reset needs the configuration)")
    again = "run 'motoko kill" + (" --reset" if args.reset else "") + \
        (" --aggressive" if left else "") + "' again"
    return MotokoError("\n".join([*map(str, problems),
                                  f"({'; '.join(notes)}; fix the file, then {again} if "
                                  "needed)"]))


def _add_clean(sub: Any) -> None:
    p = sub.add_parser(
        "clean", help="reset (or delete) runs",
        description="Reset the selected runs to CREATED, removing their output, so the "
                    "launchers run them again; --delete removes them from the study. The "
                    "constraints are checked against every selected study before any run "
                    "is touched. FINISHED runs lose their outputs: you are asked first "
                    "(default no) unless --yes; --dry-run lists the runs and changes "
                    "nothing.")
    _workflow_option(p)
    p.add_argument("--delete", action="store_true", help="delete the runs (destructive)")
    p.add_argument("--bd_study", "-bd", default="all", help="the study to clean")
    p.add_argument("--constraints", nargs="+", default=None, metavar="CONSTRAINT",
                   help="only runs matching these constraints, e.g. 'state = FAILED'")
    p.add_argument("--run_name", "-n", default=None, help="only runs of this run name")
    p.add_argument("--dry-run", action="store_true",
                   help="list the runs that would be reset (or deleted); change nothing")
    p.add_argument("--yes", "-y", action="store_true",
                   help="reset (or delete) FINISHED runs without asking")
    p.set_defaults(handler=_clean)


def _clean(args: argparse.Namespace) -> int:
    from motoko_airflow.blackdynamite import FINISHED, parse_constraints
    from motoko_airflow.exceptions import ConstraintError
    from motoko_airflow.servers import leased

    workflow = _load(args)
    selected = workflow.studies(_study_names(workflow, args.bd_study))
    for tm in selected:  # every study first: nothing is touched unless all are valid
        try:
            parse_constraints(args.constraints, tm.bd.types)
        except ConstraintError as exc:
            raise ConfigError(
                f"study {tm.name}: {exc}; nothing was changed (choose the studies that "
                "have these fields with --bd_study)", key="--constraints") from exc
    verb = "delete" if args.delete else "reset"
    existing = [tm for tm in selected if tm.bd.exists]
    with leased(tm.bd.server for tm in existing):  # servers started for this: stopped
        matches = {tm.name: [(int(r.id), str(r["state"])) for r, _ in tm.bd.select(
            args.constraints, run_name=args.run_name)] for tm in existing}
        if args.dry_run:
            for name, runs in matches.items():
                listed = ", ".join(f"{i} ({state})" for i, state in runs)
                print(f"{name}: would {verb} {len(runs)} run(s)" + (f": {listed}" if runs
                                                                      else ""))
            return 0
        finished = {name: sum(state == FINISHED for _, state in runs)
                    for name, runs in matches.items()}
        finished = {name: n for name, n in finished.items() if n}
        if finished and not args.yes:
            count = ", ".join(f"{name}: {n}" for name, n in finished.items())
            question = (f"{verb} {sum(finished.values())} FINISHED run(s) ({count}), "
                        "removing their outputs")
            if not (sys.stdin is not None and sys.stdin.isatty()):
                raise MotokoError(f"clean would {question}: pass --yes to confirm "
                                  "(--dry-run lists them); nothing was changed")
            try:
                answer = input(f"{question[0].upper()}{question[1:]}? (y/N) ")
            except EOFError:
                answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                print("not confirmed: nothing was changed (pass --yes to "
                      f"{verb} without asking)", file=sys.stderr)
                return 1
        for tm in selected:
            if tm.name in matches:
                done = tm.bd.clean(args.constraints, run_name=args.run_name,
                                   delete=args.delete,
                                   only=[i for i, _ in matches[tm.name]])
                print(f"{tm.name}: {'deleted' if args.delete else 'reset'} "
                      f"{len(done)} run(s)")
    return 0


# ---- entry point ----------------------------------------------------------------------


class _UsageError(Exception):
    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        self.parser = parser
        self.message = message


class _Parser(argparse.ArgumentParser):
    """Raises :class:`_UsageError` instead of exiting, so ``main`` can show the problem
    that caused it when it is not the command line itself."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(self, message)



_COMMANDS = ("create", "launcher", "orchestrator", "info", "status", "serve", "kill",
             "clean", "trace", "run")
#: The commands that check the whole workflow before doing anything, and where it is.
_CHECKED: dict[str, Callable[[argparse.Namespace], str]] = {
    "run": lambda a: str(a.workflow),
    "create": lambda a: a.directory or _workflow_dir(a),
    "launcher": _workflow_dir,
    "orchestrator": _workflow_dir,
    "trace": lambda a: str(a.path),
}


def _version() -> str:
    """The installed distribution's version (the package's own in a bare checkout)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("motoko-airflow")
    except PackageNotFoundError:
        from motoko_airflow import __version__

        return __version__


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="motoko", description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"motoko-airflow {_version()}")
    parser.add_argument("--debug", "--verbose", action="store_true", dest="show_traceback",
                        help="show tracebacks of errors (and, for 'run', the failed "
                             "tasks' logs)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_create(sub)
    _add_launcher(sub)
    _add_orchestrator(sub, argv)
    _add_info(sub)
    _add_status(sub)
    _add_serve(sub)
    _add_kill(sub)
    _add_clean(sub)
    from motoko_airflow import run_command, trace_command

    trace_command.add_parser(sub, argv)
    sub.choices["trace"].set_defaults(handler=trace_command.run)
    run_command.add_parser(sub, argv)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    workflow_problems.clear()
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except _UsageError as usage:
        words = [a for a in argv if not a.startswith("-")]
        command = next((w for w in words if w in _COMMANDS), "COMMAND")
        prog = "motoko orchestrator start" if command == "orchestrator" and "start" in words \
            else f"motoko {command}"
        problem = workflow_problems.get(prog)
        if problem is not None and "unrecognized arguments" in usage.message:
            # the options were the orchestrator's, which could not be read: say why
            print(f"motoko: error: {problem}", file=sys.stderr)
        else:
            usage.parser.print_usage(sys.stderr)
            print(f"{usage.parser.prog}: error: {usage.message}", file=sys.stderr)
        print(f"Try '{prog} --help'.", file=sys.stderr)
        return 2
    if "start" in argv:
        args.start_argv = argv[argv.index("start") + 1:]
    if args.show_traceback:  # one switch for every layer (and the task processes)
        os.environ["MOTOKO_DEBUG"] = "1"
    verbose = os.environ.get("MOTOKO_DEBUG", "") not in ("", "0")
    try:
        if getattr(args, "run_name", None) is not None:  # run, orchestrator start, info,
            from motoko_airflow.params import check_run_name  # clean: before anything

            check_run_name(args.run_name, option="--run_name/-n")
        if args.command in _CHECKED and (args.command != "orchestrator" or args.what == "start"):
            from motoko_airflow.config import check_workflow

            settings = check_workflow(_CHECKED[args.command](args))  # before anything
            if args.command != "trace":  # (trace imports it itself)  # is created
                from motoko_airflow.workflow import load_orchestrator_module

                load_orchestrator_module(settings)
        return int(args.handler(args) or 0)
    except KeyboardInterrupt as stop:  # SIGINT, or SIGTERM/SIGHUP under 'motoko run'
        print(f"motoko: {stop or 'interrupted'}", file=sys.stderr)
        return int(getattr(stop, "exit_code", 130))
    except MotokoError as exc:
        if verbose:
            traceback.print_exc()
        print(f"motoko: error: {exc}", file=sys.stderr)
        if isinstance(exc, ConfigError):
            print(f"Try 'motoko {args.command} --help'.", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # unexpected: one line; the traceback with --debug, or
        if verbose or _raised_in_user_code(exc):  # when it comes from the user's code
            traceback.print_exc()
        print(f"motoko: error: {describe(exc)}", file=sys.stderr)
        if not verbose and not _raised_in_user_code(exc):
            saved = _save_traceback(exc)
            where = f"written to {saved}; " if saved else ""
            print(f"(the traceback is {where}--debug prints it)", file=sys.stderr)
        return 1


def _save_traceback(exc: BaseException) -> Path | None:
    """Write an unexpected error's traceback to a file of its own; its path (None if
    it cannot be written, e.g. on a full disk)."""
    import tempfile

    try:
        folder = Path(tempfile.gettempdir()) / f"motoko-airflow-{os.getuid()}"
        folder.mkdir(mode=0o700, exist_ok=True)
        path = folder / f"error-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.log"
        path.write_text("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return None


def _raised_in_user_code(exc: BaseException) -> bool:
    """Whether a frame of the traceback is the user's (an orchestrator, an action):
    neither this package, nor the standard library, nor an installed package."""
    import sysconfig

    ours = Path(__file__).resolve().parent
    installed = {Path(sysconfig.get_paths()[k]).resolve() for k in ("stdlib", "purelib",
                                                                     "platlib")}
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename).resolve()
        if frame.filename.startswith("<") or path.is_relative_to(ours) or any(
                path.is_relative_to(p) for p in installed):
            continue
        return True
    return False


if __name__ == "__main__":
    sys.exit(main())
