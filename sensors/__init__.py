"""Airflow sensors and triggers for Motoko workflows."""
