"""replica: one noisy replica of configuration x: y = x (1 + (r - 6) / 100), r in 0..12
a deterministic draw from the seed and x."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
r = (job.seed * 7919 + int(round(job.x * 10))) % 13
run.y = job.x * (1.0 + (r - 6) / 100.0)
run.finish()
