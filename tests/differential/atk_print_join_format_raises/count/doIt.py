"""count: y = 10 n."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = 10 * job.n
run.finish()
