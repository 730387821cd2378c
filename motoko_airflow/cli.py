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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from motoko_airflow import processes
from motoko_airflow.exceptions import ConfigError, MotokoError, describe

__all__ = ["main"]

_DESCRIPTION = """\
Motoko workflows (BlackDynamite parametric studies) with a real scheduler.

A workflow directory holds motoko.yaml, an orchestrator (orchestrator.py) and one
folder per study (bd.yaml, launch.sh, doIt.py). Typical session:

  motoko create WORKFLOW_DIR                        create (reset) the studies
  motoko launcher -w WORKFLOW_DIR                   start the launcher daemons
  motoko orchestrator -w WORKFLOW_DIR start --run_name test --inputs 2.1 3.2
  motoko info -w WORKFLOW_DIR                       what ran, per study and state
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


def orchestrator_options(parser: argparse.ArgumentParser, workflow_dir: str | None) -> None:
    """Add the workflow orchestrator's own options (its ``populate_arg_parser``) to
    ``parser`` as a group; ``orchestrator_dests`` lists their destinations."""
    hook = None
    try:
        from motoko_airflow.config import load_workflow_config
        from motoko_airflow.workflow import load_orchestrator_module

        settings = load_workflow_config(workflow_dir or os.getcwd())
        hook = getattr(load_orchestrator_module(settings), "populate_arg_parser", None)
    except MotokoError:
        pass  # no workflow here (yet): the command itself will say what is wrong
    dests: list[str] = []
    if hook is not None:
        before = {a.dest for a in parser._actions}
        hook(parser.add_argument_group("orchestrator options"))
        dests = [a.dest for a in parser._actions if a.dest not in before]
    parser.set_defaults(orchestrator_dests=dests)


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
    start.add_argument("--wait", type=float, default=None, metavar="SECONDS",
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
    from motoko_airflow.blackdynamite import sanitize_run_name

    workflow.run_name = sanitize_run_name(args.run_name)
    if workflow.run_name != args.run_name:
        print(f"run name {args.run_name!r} used as {workflow.run_name!r} (BlackDynamite "
              "matches only letters, digits, '.', '_' and '-')", file=sys.stderr)
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
    from motoko_airflow.blackdynamite import FAILED_STATES, LAUNCHED_STATES
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
            launched = [int(r.id) for r, _ in pairs if r["state"] in LAUNCHED_STATES]
            if launched:  # runs whose process is gone show as FAILED, with their reason
                study.settle_exited(launched)
                study.refresh()
                pairs = study.select(run_name=args.run_name, current_only=False)
            counts = Counter((r["run_name"], r["state"]) for r, _ in pairs)
            if not counts:
                print("   no runs")
            for (run_name, state), n in sorted(counts.items(), key=lambda kv: str(kv[0])):
                print(f"   {run_name:<24} {state:<12} {n}")
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
                from motoko_airflow.blackdynamite import RUN_BUILTIN_FIELDS, run_record

                for run, job in pairs:
                    record = run_record(study.name, run, job)
                    params = ", ".join(f"{k}={v}" for k, v in record["job"].items()
                                       if k != "id" and v is not None)
                    outputs = ", ".join(
                        f"{k}={v}" for k, v in record["run"].items()
                        if k not in RUN_BUILTIN_FIELDS and v is not None
                        and k not in ("start_time", "last_step_time", "blackdynamite_version"))
                    print(f"   run {run.id:<5} {run['state']:<10} {run['run_name']:<16} "
                          f"{run.entries.get('event_name') or '':<18} job {job.id}: {params}"
                          + (f" -> {outputs}" if outputs else ""))
    return 0


# ---- kill / clean ---------------------------------------------------------------------


def _add_kill(sub: Any) -> None:
    p = sub.add_parser(
        "kill", help="stop this workflow's launchers and ZEO servers",
        description="Stop the launcher daemons, the detached orchestrator and the ZEO "
                    "servers of this workflow's studies (and no one else's).")
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

    workflow = _load(args)
    names = _study_names(workflow, args.bd_study)
    if names is None:
        pid = _orchestrator_pid(workflow)
        if pid:
            processes.stop(pid)
            _pid_path(workflow).unlink(missing_ok=True)
            print(f"stopped orchestrator pid {pid}")
    stopped = workflow.stop_launcher_daemons(names)
    running = {tm.name: tm.bd.server_status() == "running" for tm in workflow.studies(names)}
    if args.aggressive:  # before the servers: the runs are marked FAILED
        for tm in workflow.studies(names):
            if tm.bd.exists:
                killed = stop_runs(tm.bd)
                if killed and args.verbose:
                    print(f"{tm.name}: stopped run(s) {killed}")
    workflow.kill(names, launchers=False)  # launchers were stopped above
    for tm in workflow.studies(names):
        was = running[tm.name]
        if args.verbose:
            print(f"{tm.name}: launcher {'stopped' if tm.name in stopped else 'not running'}, "
                  f"server {'stopped' if was else 'not running'}")
        if args.reset:
            shutil.rmtree(tm.bd.bd_dir, ignore_errors=True)
            shutil.rmtree(tm.bd.runs_dir, ignore_errors=True)
    if args.reset and names is None:
        shutil.rmtree(workflow.wf_dir, ignore_errors=True)
    return 0


def _add_clean(sub: Any) -> None:
    p = sub.add_parser(
        "clean", help="reset (or delete) runs",
        description="Reset the selected runs to CREATED, removing their output, so the "
                    "launchers run them again; --delete removes them from the study.")
    _workflow_option(p)
    p.add_argument("--delete", action="store_true", help="delete the runs (destructive)")
    p.add_argument("--bd_study", "-bd", default="all", help="the study to clean")
    p.add_argument("--constraints", nargs="+", default=None, metavar="CONSTRAINT",
                   help="only runs matching these constraints, e.g. 'state = FAILED'")
    p.add_argument("--run_name", "-n", default=None, help="only runs of this run name")
    p.set_defaults(handler=_clean)


def _clean(args: argparse.Namespace) -> int:
    workflow = _load(args)
    for tm in workflow.studies(_study_names(workflow, args.bd_study)):
        if not tm.bd.exists:
            continue
        done = tm.bd.clean(args.constraints, run_name=args.run_name, delete=args.delete)
        verb = "deleted" if args.delete else "reset"
        print(f"{tm.name}: {verb} {len(done)} run(s)")
    return 0


# ---- entry point ----------------------------------------------------------------------


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="motoko", description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debug", "--verbose", action="store_true", dest="show_traceback",
                        help="show tracebacks of errors (and, for 'run', the failed "
                             "tasks' logs)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_create(sub)
    _add_launcher(sub)
    _add_orchestrator(sub, argv)
    _add_info(sub)
    _add_kill(sub)
    _add_clean(sub)
    from motoko_airflow import run_command, trace_command

    trace_command.add_parser(sub)
    sub.choices["trace"].set_defaults(handler=trace_command.run)
    run_command.add_parser(sub, argv)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if "start" in argv:
        args.start_argv = argv[argv.index("start") + 1:]
    verbose = args.show_traceback
    try:
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
            print("(run with --debug for the traceback)", file=sys.stderr)
        return 1


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
