"""lin: y = 2 x + 1."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = 2.0 * job.x + 1.0
run.finish()
