"""solve: a time integration with step dt: stable (ok = 1) when dt <= 0.25, res = dt^2."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.ok = 1 if job.dt <= 0.25 else 0
run.res = job.dt * job.dt
run.finish()
