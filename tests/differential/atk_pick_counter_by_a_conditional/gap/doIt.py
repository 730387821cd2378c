"""gap: y = x, or None where x > 10 (an output that is missing in effect)."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = None if job.x > 10.0 else job.x
run.finish()
