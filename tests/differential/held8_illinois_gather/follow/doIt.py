import BlackDynamite as BD

from motoko.workflow import Workflow

run, job = BD.getRunFromScript()
run.start()
workflow = Workflow(run.workflow)
# follow: y = the y of the sq run named by the job, plus x
(sq_run,) = workflow.get_runs([f"sq.{job.sq_id}"])["sq"]
run.y = sq_run.y + job.x
run.finish()
