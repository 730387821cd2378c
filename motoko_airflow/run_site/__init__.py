"""Put first on ``PYTHONPATH`` of the runs motoko-airflow launches (and of nothing else).

It holds a single module, :mod:`uvloop`, that refuses to import, so that a run's
``doIt.py`` connects to its study with asyncio's own event loop.

Why: Airflow installs ``uvloop`` (through uvicorn), and ZEO's client, which BlackDynamite
opens in every ``doIt.py``, then runs its networking thread on it. BlackDynamite never
closes that connection, so the thread is still running when the script's interpreter
shuts down; a libuv callback that fires in that window takes the GIL through
``PyGILState_Ensure`` after ``_PyGILState_Fini`` and the process dies of SIGSEGV in
``PyThreadState_New(NULL)`` — after ``run.finish()``, so a finished run's launch script
exits 139 and the run is marked FAILED. It happened about once in ten thousand runs here.
An asyncio loop in a daemon thread is stopped safely at shutdown instead.

A run that needs ``uvloop`` itself gets it back with ``MOTOKO_RUN_UVLOOP=1`` in the
environment of the task (or of ``motoko run``).
"""
