"""Bad input, as a new user types it: each case breaks one thing in a copy of the routine
example and runs the commands a user would (`run` and `orchestrator start` with the
orchestrator's own options, `trace`, `create`). Each must fail with one clear line that
names the file, field or option and what to do, with no traceback, before anything is
created: no study database, no `.wf/`, no server.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLES

ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
STUDIES = ("mult", "add", "norm")


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(directory: Path) -> None:
        path = directory / relative
        text = path.read_text()
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1))
    return change


def write(relative: str, text: str) -> Callable[[Path], None]:
    def change(directory: Path) -> None:
        (directory / relative).write_text(text)
    return change


def remove(relative: str) -> Callable[[Path], None]:
    def change(directory: Path) -> None:
        path = directory / relative
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return change


MAIN = "async def main(workflow, **params):\n"
MULT = "return await workflow.mult.createTask(x=inputs)"


def select(constraint: str) -> Callable[[Path], None]:
    return edit("orchestrator.py", "    add_runs = await run_add(workflow, mult_runs)\n",
                f"    await workflow.mult.select({constraint!r})\n"
                "    add_runs = await run_add(workflow, mult_runs)\n")


@dataclass(frozen=True)
class Case:
    name: str
    change: Callable[[Path], None]
    expected: str  # a regular expression the error line must match


CONFIG_CASES = [
    Case("yaml_syntax", write("motoko.yaml", "task_managers: [mult\n"),
         r"motoko\.yaml.*(syntax|YAML|parse)"),
    Case("yaml_tabs", write("motoko.yaml", "task_managers:\n\tmult:\norchestrator: o.main\n"),
         r"motoko\.yaml: not valid YAML at line 2, column 1: a tab; YAML indents with spaces"),
    Case("unknown_key", edit("motoko.yaml", "orchestrator:", "orchestrater:"),
         r"motoko\.yaml: orchestrater: unknown key\. Did you mean 'orchestrator'\?"),
    Case("no_orchestrator_key", edit("motoko.yaml", "orchestrator: orchestrator.main", ""),
         r"motoko\.yaml.*orchestrator"),
    Case("missing_study_folder", remove("add"), r"add"),
    Case("missing_orchestrator_module", remove("orchestrator.py"), r"orchestrator\.py"),
    Case("empty_yaml", write("motoko.yaml", ""), r"motoko\.yaml"),
    Case("retries_not_a_number",
         edit("motoko.yaml", "orchestrator:", "airflow: {retries: many}\norchestrator:"),
         r"motoko\.yaml: airflow\.retries: must be a whole number"),
    Case("reserved_job_field_id", write("mult/bd.yaml", "study: mult\njob:\n  id: float\n"),
         r"mult/bd\.yaml: job\.id: 'id' is a name BlackDynamite or motoko gives its own"),
    Case("reserved_job_field_state",
         write("add/bd.yaml", "study: add\njob:\n  x: float\n  state: str\n"),
         r"add/bd\.yaml: job\.state: .*rename it \(reserved: "),
    Case("no_launch_script", remove("norm/launch.sh"),
         r"norm/bd\.yaml: launch\.sh not found in .*norm: every study needs the script"),
    Case("orchestrator_syntax_error", edit("orchestrator.py", MAIN, "async def main(workflow,:\n"),
         r"orchestrator\.py:\d+: syntax error"),
    Case("main_awaits_but_is_not_async", edit("orchestrator.py", MAIN,
                                              "def main(workflow, **params):\n"),
         r"orchestrator\.py:\d+: syntax error: 'await' outside .*must be 'async def'"),
    Case("orchestrator_import_fails", edit("orchestrator.py", MAIN,
                                           "import not_a_module_anywhere\n\n" + MAIN),
         r"orchestrator\.py:\d+: importing the orchestrator failed: ModuleNotFoundError"),
]
# mistakes of the orchestrator found by tracing it, before any run exists
TRACE_CASES = [
    Case("double_equals", select("state == FINISHED"),
         r"orchestrator\.py:\d+: select on mult: invalid constraint 'state == FINISHED': "
         r"equality is a single '='"),
    Case("less_or_equal", select("x <= 3"), r"invalid constraint 'x <= 3': only =, !=, <"),
    Case("unknown_field", select("nonexistent = 1"),
         r"invalid constraint 'nonexistent = 1': unknown field 'nonexistent'"),
    Case("injection", select("1=1; DROP"), r"invalid constraint '1=1; DROP': expected"),
    Case("unknown_parameter", edit("orchestrator.py", MULT,
                                   "return await workflow.mult.createTask(x=inputs, z=1)"),
         r"orchestrator\.py:\d+: task 'mult': job parameter 'z' is not declared in "
         r".*mult/bd\.yaml"),
    Case("string_for_a_float", edit("orchestrator.py", MULT,
                                    'return await workflow.mult.createTask(x="10.0")'),
         r"job parameter 'x' \(float in .*\): '10\.0' is a str, not a float"),
    Case("missing_parameter", edit("orchestrator.py", MULT,
                                   "return await workflow.mult.createTask()"),
         r"job parameter\(s\) x have no value; pass them to createTask"),
]


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Callable[[Case], Path]]:
    """A copy of the routine example with the case's change; whatever a command
    wrongly started in it is stopped afterwards (by pid file)."""
    made: list[Path] = []

    def make(case: Case) -> Path:
        directory = tmp_path / case.name
        shutil.copytree(EXAMPLES / "routine", directory,
                        ignore=shutil.ignore_patterns(".bd", "BD-*", ".wf", "__pycache__"))
        case.change(directory)
        made.append(directory)
        return directory

    yield make
    for directory in made:
        for pid_file in directory.glob("*/.bd/*.pid"):
            from motoko_airflow import processes

            pid = processes.pid_from_file(pid_file, str(pid_file.parent.parent))
            if pid is not None:
                processes.stop(pid)


def motoko(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "motoko_airflow", *args], env=ENV,
                          capture_output=True, text=True, timeout=120)


def assert_refused(result: subprocess.CompletedProcess[str], expected: str,
                   directory: Path) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output, output
    first = result.stderr.splitlines()[0]
    assert re.search(expected, first), first
    assert first.startswith("motoko")
    # nothing was created
    assert not (directory / ".wf").exists(), output
    for study in STUDIES:
        assert not (directory / study / ".bd").exists(), (study, output)


COMMANDS = {
    "run": lambda d: ["run", str(d), "--inputs", "2.1", "3.2"],
    "orchestrator_start": lambda d: ["orchestrator", "-w", str(d), "start", "-n", "bad",
                                     "--launch", "inline", "--inputs", "2.1", "3.2"],
    "trace": lambda d: ["trace", str(d)],
    "create": lambda d: ["create", str(d), "--validated"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", CONFIG_CASES, ids=lambda c: c.name)
def test_bad_configuration_is_one_line_before_anything_is_created(
        fresh: Callable[[Case], Path], case: Case, command: str) -> None:
    directory = fresh(case)
    assert_refused(motoko(*COMMANDS[command](directory)), case.expected, directory)


@pytest.mark.parametrize("command", ["run", "trace"])
@pytest.mark.parametrize("case", TRACE_CASES, ids=lambda c: c.name)
def test_orchestrator_mistakes_are_found_before_any_run(
        fresh: Callable[[Case], Path], case: Case, command: str) -> None:
    directory = fresh(case)
    assert_refused(motoko(*COMMANDS[command](directory)), case.expected, directory)


@pytest.mark.parametrize("option", [["--timeout", "-1"], ["--timeout", "soon"],
                                    ["--poke-interval", "0"]])
def test_bad_durations_are_refused(fresh: Callable[[Case], Path], option: list[str]) -> None:
    directory = fresh(Case("ok", lambda d: None, ""))
    result = motoko("run", str(directory), *option, "--inputs", "1")
    assert result.returncode == 2
    assert f"argument {option[0]}:" in result.stderr and "seconds" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (directory / ".wf").exists()
