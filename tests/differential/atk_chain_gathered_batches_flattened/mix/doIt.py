"""mix: y = a * b + a."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.a * job.b + job.a
run.finish()
