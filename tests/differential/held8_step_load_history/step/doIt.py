"""step: y = x + 10 i (i is a position in a list of runs)."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x + 10.0 * job.i
run.finish()
