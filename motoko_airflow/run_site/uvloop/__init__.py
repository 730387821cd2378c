"""Stands in for ``uvloop`` in the runs motoko-airflow launches: see
:mod:`motoko_airflow.run_site`. ZEO falls back to asyncio's event loop when this import
fails with ModuleNotFoundError."""

raise ModuleNotFoundError(
    "uvloop is hidden from BlackDynamite runs launched by motoko-airflow (with it, ZEO's "
    "client thread can crash the run's Python at exit); set MOTOKO_RUN_UVLOOP=1 to let "
    "the run import it", name="uvloop")
