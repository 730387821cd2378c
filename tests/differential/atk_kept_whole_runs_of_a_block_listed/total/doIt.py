import BlackDynamite as BD

from motoko.workflow import Workflow

run, job = BD.getRunFromScript()
run.start()
workflow = Workflow(run.workflow)
# total: y = the sum of the y of the sq runs named by the job, n = how many
sq_runs = workflow.get_runs(f"sq.{i}" for i in job.sq_ids)["sq"] if job.sq_ids else []
run.y = sum(r.y for r in sq_runs)
run.n = len(sq_runs)
run.finish()
