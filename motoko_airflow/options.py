"""Command-line options shared by ``motoko`` commands: durations, and the workflow
orchestrator's own options (its ``populate_arg_parser``)."""

from __future__ import annotations

import argparse
import os

from motoko_airflow.exceptions import MotokoError

__all__ = ["orchestrator_options", "seconds", "workflow_problems"]

#: Errors met reading the workflow while building a parser, by the parser's ``prog``: an
#: option refused because the orchestrator could not be read is explained by them.
workflow_problems: dict[str, MotokoError] = {}


def seconds(text: str) -> float:
    """An argparse type: a number of seconds > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} must be a number of seconds > 0")
    return value


def orchestrator_options(parser: argparse.ArgumentParser, workflow_dir: str | None) -> None:
    """Add the workflow orchestrator's own options (its ``populate_arg_parser``) to
    ``parser`` as a group; ``orchestrator_dests`` lists their destinations."""
    hook = None
    try:
        from motoko_airflow.config import check_workflow
        from motoko_airflow.workflow import load_orchestrator_module

        settings = check_workflow(workflow_dir or os.getcwd())
        hook = getattr(load_orchestrator_module(settings), "populate_arg_parser", None)
    except MotokoError as exc:
        # no workflow here, or a broken one: the command says what is wrong, and so
        # does a refused option (it may be the orchestrator's, which could not be read)
        workflow_problems[parser.prog] = exc
    dests: list[str] = []
    if hook is not None:
        before = {a.dest for a in parser._actions}
        hook(parser.add_argument_group("orchestrator options"))
        dests = [a.dest for a in parser._actions if a.dest not in before]
    parser.set_defaults(orchestrator_dests=dests)
