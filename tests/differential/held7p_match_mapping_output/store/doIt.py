"""store: outputs JSON would change: a tuple, tuples in a list, a dict keyed by ints, a
set, a numpy float, a Counter and None."""

import collections

import BlackDynamite as BD
import numpy as np

run, job = BD.getRunFromScript()
run.start()
run.tup = (job.x, 2.0 * job.x)
run.nest = [(1, 2), (3, job.x)]
run.hist = {1: job.x, 2: 2.0 * job.x}
run.tags = {1, 2, int(job.x)}
run.f = np.float64(job.x)
run.none = None
run.counts = collections.Counter({"b": int(job.x), "a": 2})
run.y = job.x
run.finish()
