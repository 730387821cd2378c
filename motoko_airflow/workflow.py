"""Motoko-compatible workflows: ``Workflow``, actions, ``event``, ``vars``, ``execute``.

``Workflow(filename)`` reads ``motoko.yaml`` and exposes one
:class:`~motoko_airflow.task_manager.TaskManager` per study as an attribute (aliases
included). ``execute(**params)`` runs the orchestrator's ``main`` together with the
action loop, as Motoko 0.1.4 does, with its bugs fixed:

* exceptions from ``main`` or an action propagate (Motoko printed them and polled
  forever); an error handler really stops the workflow, and an async handler is awaited;
* ``execute`` returns when ``main`` has returned and, if actions are registered, once
  ``workflow.finished`` is set;
* run-filter events (``lambda run, job: ...``) pass the matching runs to the action;
* a boolean event of ``task="__all__"`` fires once per check, not once per study;
* ``workflow.vars`` is safe to use from several processes at once;
* the poll interval is ``poll_interval`` (default 0.2 s, Motoko's was 2 s).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import importlib.util
import inspect
import os
import pickle
import shutil
import sys
import traceback
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from motoko_airflow.config import WorkflowConfig, check_orchestrator_source, load_workflow_config
from motoko_airflow.exceptions import ConfigError, MotokoError
from motoko_airflow.task_manager import TaskManager

__all__ = ["Action", "Workflow", "WorkflowAborted", "WorkflowVars", "event", "no_action"]

DEFAULT_POLL_INTERVAL = 0.2
EventCondition = Callable[..., Any] | list[str] | str | None


class WorkflowAborted(MotokoError):
    """The workflow's error handler fired."""


def event(func: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """Mark an action callback: logs its firing and commits what it changed.

    Conflicting concurrent writes are handled by the action loop, which redoes the
    whole callback (``createTask`` is idempotent, so a redo creates nothing twice).
    """

    @functools.wraps(func)
    async def wrapped(*args: Any, **kwargs: Any) -> Any:
        print(f"fire func={func.__name__}", flush=True)
        result = func(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        from motoko_airflow.blackdynamite import Study

        Study.sync()
        return result

    wrapped.__motoko_event__ = True  # type: ignore[attr-defined]
    return wrapped


def no_action(*args: Any, **kwargs: Any) -> None:
    """The default error-handler callback: does nothing."""


class WorkflowVars:
    """Workflow-level values kept in ``.wf/vars.pickle``, safe across processes.

    ``workflow.vars.foo = 3`` stores ``foo``; ``workflow.vars.foo`` reads it back, also
    from another process (an action, a run, a later orchestrator). Every access takes
    a file lock, so concurrent writers never lose each other's values.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        object.__setattr__(self, "_path", Path(path))

    @contextlib.contextmanager
    def _locked(self) -> Any:
        from motoko_airflow.processes import file_lock

        path: Path = object.__getattribute__(self, "_path")
        with file_lock(path.with_suffix(".lock")):
            yield path

    @staticmethod
    def _load(path: Path) -> dict[str, Any]:
        try:
            with open(path, "rb") as f:
                data = pickle.load(f)
        except (FileNotFoundError, EOFError):
            return {}
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _store(path: Path, data: dict[str, Any]) -> None:
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as f:
            pickle.dump(data, f)
        os.replace(tmp, path)

    def as_dict(self) -> dict[str, Any]:
        with self._locked() as path:
            return self._load(path)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        data = self.as_dict()
        if name not in data:
            raise AttributeError(f"workflow.vars has no {name!r}; set it first")
        return data[name]

    def __setattr__(self, name: str, value: Any) -> None:
        with self._locked() as path:
            data = self._load(path)
            data[name] = value
            self._store(path, data)

    def __delattr__(self, name: str) -> None:
        with self._locked() as path:
            data = self._load(path)
            if name not in data:
                raise AttributeError(name)
            del data[name]
            self._store(path, data)

    def __contains__(self, name: str) -> bool:
        return name in self.as_dict()


@dataclass
class Action:
    """One registered action."""

    name: str
    task: str  # a task manager name or "__all__"
    event: EventCondition
    callback: Callable[..., Any]
    get_params: Callable[[], Any] | None = None
    is_error_handler: bool = False


def _signature_names(f: Any) -> list[str] | None:
    if not callable(f):
        return None
    try:
        return list(inspect.signature(f).parameters)
    except (TypeError, ValueError):
        return None


def event_kind(f: Any) -> str:
    """``run_filter``, ``workflow_filter``, ``no_param``, ``constraints`` or ``unknown``."""
    if isinstance(f, (str, list)):
        return "constraints"
    names = _signature_names(f)
    if names == ["run", "job"]:
        return "run_filter"
    if names == ["workflow", "task_manager"]:
        return "workflow_filter"
    if names == []:
        return "no_param"
    return "unknown"


class Workflow:
    """A Motoko workflow: the studies of ``motoko.yaml`` and their orchestrator."""

    def __init__(self, filename: str | os.PathLike[str] = "motoko.yaml", *,
                 poll_interval: float | None = None) -> None:
        settings = load_workflow_config(filename)
        self.settings: WorkflowConfig = settings
        self.config: dict[str, Any] = dict(settings.raw)
        self.config_path = str(settings.path)
        self.directory = str(settings.directory)
        self.task_managers: dict[str, TaskManager] = {
            name: TaskManager(self, tm) for name, tm in settings.task_managers.items()}
        self.aliases: dict[str, str] = dict(settings.aliases)
        self.orchestrator_script: str = settings.orchestrator
        self.orchestrator_function: Callable[..., Awaitable[Any]] | None = None
        self.actions: dict[str, dict[str, tuple[Any, Any, Any]]] = {}
        self._actions: list[Action] = []
        self._vars: WorkflowVars | None = None
        self.run_name: str | None = None
        #: The Airflow DAG this workflow run is a run of (set by its tasks): recorded on
        #: the runs it creates, which a run name another DAG uses is refused to
        self.dag_id: str | None = None
        self.finished = False
        self.params: dict[str, Any] = {}
        self.retry_failed = False
        #: Set by the task running main natively (a fallback, a segment, the action loop):
        #: its DAG run and try, as a task manager operator's; a FAILED run an earlier try
        #: or DAG run made (one a stopped `motoko run` marked FAILED) gets a new attempt
        self.retry_token: str | None = None
        env_poll = os.environ.get("MOTOKO_POLL_INTERVAL")
        self.poll_interval = float(poll_interval if poll_interval is not None
                                   else env_poll or DEFAULT_POLL_INTERVAL)
        self._inline_launchers: dict[str, Any] | None = None
        self._recording = False
        #: while :mod:`motoko_airflow.verification` replays ``main``: the runs that
        #: existed before (task manager, run id), which awaits do not wait for again
        self._replay_known: set[tuple[str, int]] | None = None
        # a replay of main without actions: the runs its createTask calls returned so
        # far, the only ones a selection sees (natively, nothing else has made any yet)
        self._replay_scope: set[tuple[str, int]] | None = None

    def __repr__(self) -> str:
        return f"Workflow({self.config_path!r})"

    def __getattr__(self, name: str) -> TaskManager:
        if name.startswith("_"):
            raise AttributeError(name)
        task_managers = self.__dict__.get("task_managers", {})
        if name in task_managers:
            return task_managers[name]
        aliases = self.__dict__.get("aliases", {})
        if name in aliases:
            return task_managers[aliases[name]]
        raise AttributeError(
            f"workflow has no task manager or alias {name!r}; task managers: "
            f"{', '.join(task_managers)}")

    def task_manager(self, name: str) -> TaskManager:
        """The task manager named ``name`` (or an alias); ConfigError if unknown."""
        return self.task_managers[self.settings.resolve(name)]

    # ---- state on disk -------------------------------------------------------------

    @property
    def wf_dir(self) -> Path:
        return Path(self.directory) / ".wf"

    @property
    def vars(self) -> WorkflowVars:
        """Workflow-level values stored in ``.wf/`` (see :class:`WorkflowVars`).

        With ``run_name`` set they belong to that workflow run (``.wf/vars/<run_name>``):
        two DAG runs, or a re-run under another name, do not see each other's values;
        the same run name finds its values again.
        """
        path = self.wf_dir / "vars.pickle" if self.run_name is None else \
            self.wf_dir / "vars" / f"{self.run_name}.pickle"
        if self._vars is None or object.__getattribute__(self._vars, "_path") != path:
            self._vars = WorkflowVars(path)
        return self._vars

    def exists(self) -> bool:
        """True when any of the workflow's studies already holds a database."""
        return any(tm.bd.exists for tm in self.task_managers.values())

    def create(self, validated: bool | None = None) -> bool:
        """Reset ``.wf/`` and (re)create every study. Returns False if not confirmed.

        When a study already holds data and ``validated`` is not true, asks on the
        terminal (default: no). Nothing is changed unless confirmed.
        """
        if not validated and self.exists():
            answer = ""
            if sys.stdin is not None and sys.stdin.isatty():
                try:
                    answer = input("Reset and drop content of Motoko database (y/N)? ")
                except EOFError:
                    answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                return False
        for tm in self.task_managers.values():  # every bd.yaml is valid before we start
            tm.bd  # noqa: B018
        shutil.rmtree(self.wf_dir, ignore_errors=True)
        self.wf_dir.mkdir(parents=True)
        for tm in self.task_managers.values():
            tm.bd.create()
        return True

    def studies(self, names: Iterable[str] | None = None) -> list[TaskManager]:
        if names is None:
            return list(self.task_managers.values())
        return [self.task_manager(n) for n in names]

    def start_launcher_daemons(self, args: argparse.Namespace | None = None) -> None:
        """Start a launcher daemon per study (``args.bd_study`` selects one).

        ``args.do_not_detach`` with a single study serves in the foreground.
        """
        from motoko_airflow.launcher import start_launcher

        bd_study = getattr(args, "bd_study", "all") if args is not None else "all"
        generator = (getattr(args, "generator", None) if args is not None else None) \
            or self.settings.generator
        max_parallel = getattr(args, "max_parallel", None) if args is not None else None
        detach = not (args is not None and getattr(args, "do_not_detach", False)
                      and bd_study != "all")
        options = self.settings.generator_options
        for name, tm in self.task_managers.items():
            if bd_study not in ("all", name):
                continue
            start_launcher(tm.bd, generator=generator, options=options,
                           max_parallel=max_parallel, detach=detach)

    def stop_launcher_daemons(self, names: Iterable[str] | None = None) -> list[str]:
        from motoko_airflow.launcher import stop_launcher

        return [tm.name for tm in self.studies(names) if stop_launcher(tm.bd)]

    def kill(self, names: Iterable[str] | None = None, *, launchers: bool = True) -> None:
        """Stop this workflow's launcher daemons and ZEO servers (no one else's)."""
        from concurrent.futures import ThreadPoolExecutor

        names = None if names is None else list(names)
        if launchers:
            self.stop_launcher_daemons(names)
        studies = [tm.bd for tm in self.studies(names)]
        for study in studies:
            study.close()
        with ThreadPoolExecutor(max_workers=len(studies) or 1) as pool:
            list(pool.map(lambda study: study.stop_server(), studies))

    def close(self) -> None:
        """Close this process's connections to the workflow's studies."""
        for tm in self.task_managers.values():
            if tm._bd is not None:
                tm._bd.close()

    def launch_inline(self, max_parallel: int | None = None) -> None:
        """Launch created runs from this process (no launcher daemons needed)."""
        from motoko_airflow.launcher import Launcher

        if self.settings.generator != "bashCoat":
            raise MotokoError(
                f"runs of this workflow are launched with {self.settings.generator}: start "
                "the launcher daemons ('motoko launcher') instead of launching inline")
        self._inline_launchers = {
            name: Launcher(tm.bd, max_parallel=max_parallel, run_name=self.run_name)
            for name, tm in self.task_managers.items()}

    def _created(self, task_manager: TaskManager, pairs: list[tuple[Any, Any]]) -> None:
        if self._inline_launchers is None:
            return
        launcher = self._inline_launchers[task_manager.name]
        launcher.launch([r.id for r, _ in pairs if r["state"] == "CREATED"])

    def _tick_inline(self) -> None:
        if self._inline_launchers:
            for launcher in self._inline_launchers.values():
                launcher.run_name = self.run_name  # this workflow run's runs only
                launcher.step()

    # ---- orchestrator --------------------------------------------------------------

    def get_orchestrator_function(self) -> Callable[..., Awaitable[Any]]:
        """Import ``module.function`` from the workflow directory."""
        if self.orchestrator_function is not None:
            return self.orchestrator_function
        module = load_orchestrator_module(self.settings)
        func = getattr(module, self.settings.orchestrator_function, None)
        if func is None or not callable(func):
            raise ConfigError(
                f"{self.settings.orchestrator_path} defines no function "
                f"{self.settings.orchestrator_function!r}", path=self.config_path,
                key="orchestrator")
        self.orchestrator_function = func
        return func

    # ---- actions -------------------------------------------------------------------

    def add_action(self, event_name: str, task: str = "__all__", event: EventCondition = None,
                   get_params: Callable[[], Any] | None = None,
                   f: Callable[..., Any] | None = None) -> None:
        """Register ``f`` to run whenever ``event`` holds (see the module docstring)."""
        self._add_action(Action(event_name, task, event, f, get_params))  # type: ignore[arg-type]

    def _add_action(self, action: Action) -> None:
        kind = event_kind(action.event)
        if kind == "unknown":
            raise MotokoError(
                f"action {action.name!r}: unknown event {action.event!r}; use a constraint "
                "string or list, a function (run, job), a function (workflow, task_manager) "
                "or a function without arguments")
        if action.callback is None or not callable(action.callback):
            raise MotokoError(f"action {action.name!r}: f must be a function, got "
                              f"{action.callback!r}")
        if action.task != "__all__":
            action.task = self.settings.resolve(action.task)
        if kind == "constraints":
            from motoko_airflow.blackdynamite import parse_constraints

            targets = [action.task] if action.task != "__all__" else list(self.task_managers)
            for name in targets:
                parse_constraints(action.event, self.task_managers[name].bd.types)  # type: ignore[arg-type]
        self._actions = [a for a in self._actions
                         if not (a.name == action.name and a.task == action.task)]
        self._actions.append(action)
        self.actions.setdefault(action.task, {})[action.name] = (
            action.event, action.callback, action.get_params)

    def add_error_handler(self, event: EventCondition = "state = FAILED",
                          f: Callable[..., Any] = no_action, **kwargs: Any) -> None:
        """When ``event`` holds (default: a FAILED run), call ``f`` then stop the workflow."""
        action = Action("error_handler", kwargs.pop("task", "__all__"), event, f,
                        kwargs.pop("get_params", None), is_error_handler=True)
        if kwargs:
            raise MotokoError(f"add_error_handler: unexpected argument(s) {', '.join(kwargs)}")
        self._add_action(action)

    async def check_events(self, **params: Any) -> bool:
        """Evaluate every action once, in registration order, firing those that hold.
        Returns whether any fired."""
        fired = False
        for action in list(self._actions):
            fired = await self.check_action(action, params) or fired
            if self.finished:
                break
        return fired

    def _evaluate(self, action: Action) -> list[tuple[str, Any]]:
        """What fires: ``(task_manager, runs or True)`` pairs."""
        kind = event_kind(action.event)
        names = list(self.task_managers) if action.task == "__all__" else [action.task]
        fired: list[tuple[str, Any]] = []
        for name in names:
            tm = self.task_managers[name]
            if kind == "run_filter":
                result: Any = [(r, j) for r, j in tm.select() if action.event(r, j)]  # type: ignore[misc, operator]
            elif kind == "workflow_filter":
                result = action.event(self, task_manager=tm)  # type: ignore[misc, operator]
            elif kind == "no_param":
                result = action.event()  # type: ignore[misc, operator]
            else:
                result = tm.select(action.event).exec()  # type: ignore[arg-type]
            if not result:
                continue
            fired.append((name, list(result) if _is_selection(result) else True))
            if kind in ("workflow_filter", "no_param"):
                break  # a function of the whole workflow fires once per check
        return fired

    async def check_action(self, action: Action, params: dict[str, Any]) -> bool:
        from ZODB.POSException import ConflictError

        from motoko_airflow.blackdynamite import Study

        for attempt in range(10):
            Study.sync()
            try:
                fired = self._evaluate(action)
                for name, trigger in fired:
                    await self._fire(action, name, trigger, params)
                Study.sync()
                return bool(fired)
            except ConflictError:
                import transaction

                transaction.abort()
                if attempt == 9:
                    raise
        return False

    async def _fire(self, action: Action, task_manager: str, trigger: Any,
                    params: dict[str, Any]) -> None:
        get_params = action.get_params() if callable(action.get_params) else action.get_params
        extra = {k: v for k, v in params.items() if k not in ("workflow", "runs", "params")}
        if trigger is True:
            print(f"fire: event={action.name} task_manager={task_manager}", flush=True)
            kwargs: dict[str, Any] = {"workflow": self, "params": get_params, **extra}
        else:
            ids = [r.id for r, _ in trigger]
            print(f"fire: event={action.name} task_manager={task_manager} runs={ids}",
                  flush=True)
            kwargs = {"workflow": self, "runs": trigger, "params": get_params, **extra}
        result = call_flexibly(action.callback, kwargs)
        if inspect.isgenerator(result):
            from motoko_airflow.blackdynamite import Study

            for step in result:
                if inspect.isawaitable(step):
                    await step
                Study.sync()
        elif inspect.isawaitable(result):
            await result
        if action.is_error_handler:
            detail = "" if trigger is True else \
                f" on {task_manager} run(s) {', '.join(str(r.id) for r, _ in trigger)}"
            raise WorkflowAborted(f"workflow terminated by its error handler: event "
                                  f"{action.event!r} held{detail}")

    # ---- execution -----------------------------------------------------------------

    def execute(self, **params: Any) -> None:
        """Run the orchestrator's ``main`` and the action loop until the workflow ends.

        It ends when ``main`` has returned and either no action is registered or
        ``workflow.finished`` is set. Any exception from ``main`` or an action (and an
        error handler firing) propagates to the caller.
        """
        self.params = params
        if self.run_name is None and params.get("run_name"):
            self.run_name = str(params["run_name"])
        asyncio.run(self._run(params))
        self.wait_launched()

    def wait_launched(self, poll: float = 0.05) -> None:
        """Wait until the scripts of the runs launched inline have ended: a run is
        FINISHED as soon as its script says so, before the script exits (and it could
        still fail after); whoever stops what is left running after the workflow (as
        ``motoko run`` does) must not find it still executing."""
        import time

        launchers = list((self._inline_launchers or {}).values())
        while any(launcher.running for launcher in launchers):
            for launcher in launchers:
                launcher.reap()
            time.sleep(poll)

    async def _run(self, params: dict[str, Any]) -> None:
        func = self.get_orchestrator_function()
        main = asyncio.ensure_future(func(self, **params))
        try:
            while True:
                if main.done():
                    main.result()  # raises what main raised
                    if not self._actions or self.finished:
                        return
                if self.finished:
                    return
                self._tick_inline()
                await self.check_events(**params)
                if self.finished and (main.done() or not self._actions):
                    return
                if self.finished:
                    return
                await asyncio.wait({main}, timeout=self.poll_interval)
        finally:
            if not main.done():
                main.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await main

    def record_actions(self, **params: Any) -> None:
        """Run ``main`` only to register its actions: ``createTask`` creates nothing and
        selections are empty, so nothing waits. Closures in ``main`` refer to this
        workflow, so the actions work with it afterwards."""
        func = self.get_orchestrator_function()
        self._recording = True

        async def run_main() -> None:
            await func(self, **params)

        try:
            asyncio.run(run_main())
        finally:
            self._recording = False

    def run_actions(self, timeout: float | None = None, *, until_idle: bool = False,
                    **params: Any) -> str:
        """Register ``main``'s actions (:meth:`record_actions`), then run the action loop
        until ``workflow.finished`` is set (what Airflow's ActionOperator does).

        Returns ``"finished"``; with ``until_idle``, returns ``"idle"`` as soon as a
        check fires nothing: the caller waits (a sensor reschedules; a deferrable
        operator, when :meth:`idle_conditions` are all constraint selections, waits for
        one in Airflow's triggerer) and calls again.
        """
        import time

        self.params = params
        self.record_actions(**params)
        if not self._actions:
            return "finished"
        deadline = None if timeout is None else time.monotonic() + timeout

        async def loop() -> str:
            while not self.finished:
                self._tick_inline()
                fired = await self.check_events(**params)
                if self.finished:
                    break
                if until_idle and not fired:
                    return "idle"
                if deadline is not None and time.monotonic() > deadline:
                    raise MotokoError(
                        f"the actions did not finish the workflow within {timeout:.0f} s "
                        "(no action set workflow.finished = True)")
                await asyncio.sleep(self.poll_interval)
            return "finished"

        outcome = asyncio.run(loop())
        if outcome == "finished":
            self.wait_launched()
        return outcome

    def idle_conditions(self) -> list[dict[str, Any]] | None:
        """The constraint selections any of which would fire an action, or None if an
        event is a Python function (which only this process can evaluate)."""
        conditions: list[dict[str, Any]] = []
        for action in self._actions:
            if event_kind(action.event) != "constraints":
                return None
            constraints = [action.event] if isinstance(action.event, str) else \
                list(action.event)  # type: ignore[arg-type]
            names = list(self.task_managers) if action.task == "__all__" else [action.task]
            conditions += [{"task_manager": name, "constraints": constraints, "all_of": []}
                           for name in names]
        return conditions

    def call_error_handler(self, runs: list[tuple[Any, Any]], **params: Any) -> bool:
        """Call the error handler ``main`` registers (if any) with ``runs``, as the
        action loop would, but without stopping anything (the caller fails). Returns
        whether there was one."""
        self.record_actions(**params)
        handler = next((a for a in self._actions if a.is_error_handler), None)
        if handler is None:
            return False
        extra = {k: v for k, v in params.items() if k not in ("workflow", "runs", "params")}
        get_params = handler.get_params() if callable(handler.get_params) else None
        result = call_flexibly(handler.callback, {"workflow": self, "runs": runs,
                                                   "params": get_params, **extra})
        if inspect.isawaitable(result):
            async def wait() -> Any:
                return await result

            asyncio.run(wait())
        return True

    def get_runs(self, run_list: Iterable[str]) -> dict[str, list[Any]]:
        """Resolve ``"<task_manager>.<run id>"`` references into run objects."""
        requests: dict[str, list[Any]] = {}
        for uri in run_list:
            name, _, run_id = str(uri).rpartition(".")
            if not name or not run_id.isdigit():
                raise MotokoError(f"{uri!r} is not a run reference such as 'add.3'")
            tm = self.task_manager(name)
            requests.setdefault(name, []).append(tm.bd.get_run(int(run_id))[0])
        return requests

    def is_empty(self) -> bool:
        """True when no task of this run name exists yet."""
        return all(len(tm.select()) == 0 for tm in self.task_managers.values())


def _is_selection(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(isinstance(p, (list, tuple)) and len(p) == 2 for p in value)
    return hasattr(value, "exec") and hasattr(value, "constraints")


def call_flexibly(f: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """Call ``f`` with the keyword arguments it accepts (all of them if it takes **kw)."""
    try:
        signature = inspect.signature(f)
    except (TypeError, ValueError):
        return f(**kwargs)
    parameters = signature.parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return f(**kwargs)
    accepted = {p.name for p in parameters
                if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                              inspect.Parameter.KEYWORD_ONLY)}
    return f(**{k: v for k, v in kwargs.items() if k in accepted})


def load_orchestrator_module(settings: WorkflowConfig) -> Any:
    """Import the orchestrator module of a workflow (as Motoko does, named after its file)."""
    path = settings.orchestrator_path
    module_name = settings.orchestrator_module
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ConfigError(f"cannot import {path}", path=settings.path.as_posix(),
                          key="orchestrator")
    check_orchestrator_source(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    if settings.directory.as_posix() not in sys.path:
        sys.path.insert(0, settings.directory.as_posix())
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the orchestrator's own import failed: where, and why
        del sys.modules[module_name]
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__)
                 if Path(f.filename) == Path(path)]
        where = f"{path}:{lines[-1]}" if lines else str(path)
        raise ConfigError(f"{where}: importing the orchestrator failed: "
                          f"{type(exc).__name__}: {exc}") from exc
    return module

