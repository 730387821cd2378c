"""sq: y = x * x."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x * job.x
run.finish()
