"""Slurm time and memory values, and what a retried run asks for (pure functions; the
real jobs are in tests/test_slurm.py)."""

from __future__ import annotations

import pytest

from motoko_airflow.batch import (
    Scaling,
    SlurmJob,
    format_mem,
    format_time,
    is_array_task,
    merge_options,
    parse_mem,
    parse_time,
    requested,
    usage_text,
)


@pytest.mark.parametrize(("text", "seconds"), [
    ("1", 60), ("90", 5400), ("1:30", 90), ("00:01:00", 60), ("04:00:00", 14400),
    ("2-0", 172800), ("2-1:30", 178200), ("1-00:00:00", 86400), ("UNLIMITED", None),
    ("infinite", None), (5, 300),
])
def test_parse_time_reads_every_slurm_form(text: str, seconds: int | None) -> None:
    assert parse_time(text) == seconds


@pytest.mark.parametrize("text", ["", "1h", "1:2:3:4", "-1", "a-01:00:00", "1.5"])
def test_parse_time_refuses_what_slurm_would(text: str) -> None:
    with pytest.raises(ValueError, match="is not a Slurm time"):
        parse_time(text)


@pytest.mark.parametrize(("seconds", "text"), [
    (60, "00:01:00"), (61, "00:02:00"), (90, "00:02:00"), (0.5, "00:01:00"),
    (3600, "01:00:00"), (86400, "1-00:00:00"), (90000, "1-01:00:00"),
])
def test_format_time_rounds_up_to_whole_minutes(seconds: float, text: str) -> None:
    assert format_time(seconds) == text


@pytest.mark.parametrize(("text", "mb", "again"), [
    ("500M", 500, "500M"), ("2G", 2048, "2G"), ("100", 100, "100M"), (16000, 16000, "16000M"),
    ("1.5G", 1536, "1536M"), ("1T", 1024**2, "1024G"), ("100K", 1, "1M"), ("4gb", 4096, "4G"),
])
def test_memory_sizes_in_megabytes(text: str, mb: int, again: str) -> None:
    assert parse_mem(text) == mb
    assert format_mem(mb) == again


@pytest.mark.parametrize("text", ["", "2 GiB", "G", "-1M", True])
def test_parse_mem_refuses_what_slurm_would(text: object) -> None:
    with pytest.raises(ValueError):
        parse_mem(text)  # type: ignore[arg-type]


def test_a_timeout_grows_the_time_by_the_factor_in_whole_minutes_up_to_the_cap() -> None:
    scaling = Scaling(1.5, max_time=parse_time("00:03:00"))
    assert scaling.next_options(SlurmJob("1", "TIMEOUT", "00:01:00")) == {"time": "00:02:00"}
    assert scaling.next_options(SlurmJob("1", "TIMEOUT", "00:02:00")) == {"time": "00:03:00"}
    assert scaling.next_options(SlurmJob("1", "TIMEOUT", "00:03:00")) == {"time": "00:03:00"}
    # a job that already had more than the cap keeps what it had
    assert scaling.next_options(SlurmJob("1", "TIMEOUT", "00:10:00")) == {"time": "00:10:00"}
    assert Scaling().next_options(SlurmJob("1", "TIMEOUT", "1-00:00:00")) == {
        "time": "1-12:00:00"}
    assert Scaling().next_options(SlurmJob("1", "TIMEOUT", "UNLIMITED")) == {}


def test_out_of_memory_grows_the_memory_it_had_per_node_or_per_cpu() -> None:
    scaling = Scaling(2, max_mem=parse_mem("1G"))
    assert scaling.next_options(SlurmJob("1", "OUT_OF_MEMORY", "00:05:00",
                                         {"mem": "256M"})) == {"mem": "512M"}
    assert scaling.next_options(SlurmJob("1", "OUT_OF_MEMORY", "00:05:00",
                                         {"mem": "800M"})) == {"mem": "1G"}
    assert scaling.next_options(SlurmJob("1", "OUT_OF_MEMORY", None,
                                         {"mem-per-cpu": "100M"})) == {"mem-per-cpu": "200M"}


def test_out_of_memory_grows_from_the_measured_peak_when_above_the_limit() -> None:
    """Slurm's accounting (MaxRSS) saw the job use more than its --mem: the next
    attempt asks for the peak times the factor, not only the limit times it."""
    scaling = Scaling(1.5, max_mem=parse_mem("4G"))
    over = SlurmJob("1", "OUT_OF_MEMORY", "00:05:00", {"mem": "512M"}, max_rss="900M")
    assert scaling.next_options(over) == {"mem": "1350M"}
    under = SlurmJob("1", "OUT_OF_MEMORY", "00:05:00", {"mem": "512M"}, max_rss="300M")
    assert scaling.next_options(under) == {"mem": "768M"}  # the limit's the more
    assert scaling.next_options(SlurmJob("1", "OUT_OF_MEMORY", None, {"mem": "512M"},
                                         max_rss="3900M")) == {"mem": "4G"}  # capped
    # a task's peak is not comparable with a per-CPU limit: that grows from the limit
    assert scaling.next_options(SlurmJob("1", "OUT_OF_MEMORY", None,
                                         {"mem-per-cpu": "100M"}, max_rss="900M")) == {
        "mem-per-cpu": "150M"}
    # a peak measured on a job Slurm ended for another reason asks for nothing
    assert scaling.next_options(SlurmJob("1", "TIMEOUT", "00:01:00", {"mem": "512M"},
                                         max_rss="900M")) == {"time": "00:02:00"}


@pytest.mark.parametrize("state", ["COMPLETED", "FAILED", "CANCELLED", "NODE_FAIL"])
def test_other_endings_ask_for_nothing_more(state: str) -> None:
    job = SlurmJob("1", state, "00:01:00", {"mem": "1G"})
    assert Scaling().next_options(job) == {}
    assert Scaling().next_options(None) == {}


def test_options_merge_and_the_resources_they_ask_for() -> None:
    assert merge_options(["time=00:10:00", "exclusive", "comment=x"], {"time": "00:15:00"}) \
        == ["time=00:15:00", "exclusive", "comment=x"]
    assert merge_options(None, {"mem": "1G"}) == ["mem=1G"]
    # later options win, values normalized, other options left out
    assert requested(["time=1", "comment=x", "mem=4096"], ["--mem=2G"]) == {
        "time": "00:01:00", "mem": "2G"}
    assert requested(["nodes=1"], None) == {}


def test_a_job_end_is_described_and_kept_as_plain_data() -> None:
    job = SlurmJob("12", "TIMEOUT", "00:01:00", {"mem": "512M"}, "0:0", "TimeLimit")
    assert job.ended
    assert job.describe() == "Slurm job 12 ended TIMEOUT (time limit 00:01:00)"
    assert SlurmJob.from_record(job.record()) == job
    oom = SlurmJob("13", "OUT_OF_MEMORY", "00:01:00", {"mem": "512M"})
    assert oom.describe() == "Slurm job 13 ended OUT_OF_MEMORY (mem 512M)"
    assert SlurmJob("14", "CANCELLED", exit_code="0:15").describe() == (
        "Slurm job 14 ended CANCELLED (exit code 0:15)")
    assert not SlurmJob("15", "RUNNING").ended


def test_a_job_its_script_stopped_at_the_time_warning_grows_its_time() -> None:
    """BlackDynamite's job script stops at the signal Slurm sends 60 s before the time
    limit and exits 0: the job ends COMPLETED, short of time all the same."""
    late = SlurmJob("16", "COMPLETED", "00:10:00", run_time="00:09:31")
    assert late.in_last_minute
    assert not SlurmJob("16", "COMPLETED", "00:10:00", run_time="00:08:59").in_last_minute
    assert not SlurmJob("16", "FAILED", "00:10:00", run_time="00:09:31").in_last_minute
    assert Scaling().next_options(late) == {}  # unless its run was left unfinished
    warned = SlurmJob("16", "COMPLETED", "00:10:00", run_time="00:09:31", warned=True)
    assert Scaling().next_options(warned) == {"time": "00:15:00"}
    assert warned.describe() == (
        "Slurm job 16 ended COMPLETED after 00:09:31 of its 00:10:00 time limit, the run "
        "unfinished: BlackDynamite's job script stops at the signal Slurm sends 60 s "
        "before the limit")
    assert SlurmJob.from_record(warned.record()) == warned


def test_an_array_task_end_keeps_its_peak_memory_and_shows_what_it_used() -> None:
    job = SlurmJob("40_3", "COMPLETED", "00:10:00", {"mem": "200M"}, "0:0",
                   run_time="00:00:02", max_rss="46M")
    assert is_array_task(job.id) and not is_array_task("40") and not is_array_task("4_x")
    record = job.record()
    assert record["max_rss"] == "46M" and SlurmJob.from_record(record) == job
    assert usage_text(record) == "elapsed=00:00:02 peak=46M"
    assert usage_text({"id": "41", "state": "TIMEOUT", "run_time": "00:01:30"}) == (
        "elapsed=00:01:30")
    assert usage_text(None) == ""
