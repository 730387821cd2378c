"""interval: b = (x, 2 x), a tuple output."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.b = (job.x, 2.0 * job.x)
run.finish()
