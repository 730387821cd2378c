"""evaluate: fx = f(x) for f(x) = x^3 - x - 2 (a run fails on purpose for x < -100)."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
if job.x < -100:
    raise ValueError(f"x = {job.x} is outside the domain")
run.fx = job.x**3 - job.x - 2
run.finish()
