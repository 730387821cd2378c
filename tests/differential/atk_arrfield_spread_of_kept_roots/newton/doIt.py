"""newton: one Newton step towards sqrt(2): next = (x + 2 / x) / 2, err = |next - x|."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.next = (job.x + 2.0 / job.x) / 2.0
run.err = abs(run.next - job.x)
run.finish()
