"""add: y = x + 0.56."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x + 0.56
run.finish()
