"""mult: y = [a * x for each coefficient a]."""

import BlackDynamite as BD

COEFFICIENTS = (0.342, -2.31)

run, job = BD.getRunFromScript()
run.start()
run.y = [a * job.x for a in COEFFICIENTS]
run.finish()
