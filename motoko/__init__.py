"""Compatibility package: existing Motoko orchestrators and ``doIt.py`` scripts import
``motoko.workflow`` and ``motoko.task_manager``; they get motoko-airflow's runtime."""
