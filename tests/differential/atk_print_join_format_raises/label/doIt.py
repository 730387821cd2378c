"""label: text = the name upper-cased, y = its length."""

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.text = job.name.upper()
run.y = len(job.name)
run.finish()
