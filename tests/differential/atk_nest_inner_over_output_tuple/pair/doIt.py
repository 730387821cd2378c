"""pair: bounds = (x, x + 1), a tuple; y = x."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.bounds = (job.x, job.x + 1.0)
run.y = job.x
run.finish()
