"""``motoko.scripts.create_studies.main(args)``: create a workflow's studies."""

from __future__ import annotations

import argparse
import os

from motoko_airflow.workflow import Workflow


def main(args: argparse.Namespace) -> Workflow:
    """Create (reset) the studies of the workflow in ``args.directory``; return it."""
    workflow = Workflow(os.path.join(args.directory, "motoko.yaml"))
    workflow.create(getattr(args, "validated", None))
    return workflow
