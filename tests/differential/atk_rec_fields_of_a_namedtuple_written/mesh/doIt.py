"""mesh: a discretisation of size h: u = 1 + h^2 / 2 + h^3 / 10 (exact value 1),
cells = 1 / h."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.u = 1.0 + 0.5 * job.h ** 2 + 0.1 * job.h ** 3
run.cells = int(round(1.0 / job.h))
run.finish()
