"""Airflow operators for Motoko workflows."""
