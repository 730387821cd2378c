"""norm: the Euclidean norm of the outputs of the add runs named by the job."""

import math

import BlackDynamite as BD

from motoko.workflow import Workflow

run, job = BD.getRunFromScript()
run.start()
workflow = Workflow(run.workflow)
add_runs = workflow.get_runs(f"add.{i}" for i in job.add_ids)["add"]
run.y = math.sqrt(sum(r.y ** 2 for r in add_runs))
run.finish()
