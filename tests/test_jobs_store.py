"""Jobs in the store, on SQLite and PostgreSQL: claimed once, taken over when their server stops, failed when it stops too often."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from planner.store import Database
from planner.store.jobs import (
    LOST_TOO_OFTEN,
    MAX_ATTEMPTS,
    Claimed,
    JobsFull,
    add_job,
    claim_job,
    finish_job,
    finished_jobs,
    forget_jobs,
    job,
    report_progress,
)

T0 = dt.datetime(2026, 12, 6, 8, 0)
KIND = "scenarios"


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def status_of(db: Database, job_id: str) -> str | None:
    """The job's status; None when the store has no such job."""
    found = job(db, job_id)
    return None if found is None else found.status


def test_a_queued_job_is_claimed_by_one_server_only(db: Database) -> None:
    """Eight servers look at once: exactly one of them gets the job, with its request."""
    add_job(db, "a1", KIND, 3, '{"day": 1}', at(0), max_queued=4)
    got: list[Claimed | None] = []
    threads = [
        threading.Thread(target=lambda n=n: got.append(claim_job(db, KIND, f"server-{n}", at(1), at(-30))))
        for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claimed = [c for c in got if c is not None]
    assert len(claimed) == 1 and claimed[0].id == "a1" and claimed[0].request == '{"day": 1}'
    assert claimed[0].attempts == 1 and status_of(db, "a1") == "running"


def test_progress_result_and_the_request_dropped_at_the_end(db: Database) -> None:
    add_job(db, "b1", KIND, 2, "{}", at(0), max_queued=4)
    claim_job(db, KIND, "one", at(1), at(-30))
    assert report_progress(db, "b1", "one", at(2), done=1, total=5)
    assert not report_progress(db, "b1", "other", at(2), done=2)
    progress = job(db, "b1")
    assert progress is not None and (progress.done, progress.total) == (1, 5)
    assert finish_job(db, "b1", "one", at(3), document={"variants": []})
    ended = job(db, "b1")
    assert ended is not None
    assert ended.status == "done" and ended.done == 5 and ended.document == {"variants": []}
    assert [j.id for j in finished_jobs(db, KIND)] == ["b1"]
    with db.transaction() as session:
        from planner.store.models_web import JobRow

        row = session.get(JobRow, "b1")
        assert row is not None and row.request is None


def test_a_job_whose_server_stopped_is_taken_over_then_failed_when_it_stops_again(db: Database) -> None:
    """A running job without a heartbeat for the stale time goes to the next server; the first can no longer finish it."""
    add_job(db, "c1", KIND, 2, "{}", at(0), max_queued=4)
    first = claim_job(db, KIND, "first", at(1), at(-30))
    assert first is not None and first.attempts == 1
    assert claim_job(db, KIND, "second", at(20), at(20 - 30)) is None  # heartbeat 19 s old: still alive
    taken = claim_job(db, KIND, "second", at(40), at(40 - 30))
    assert taken is not None and taken.id == "c1" and taken.attempts == 2
    assert not report_progress(db, "c1", "first", at(41), done=1)
    assert not finish_job(db, "c1", "first", at(41), document={})
    assert claim_job(db, KIND, "third", at(100), at(100 - 30)) is None
    failed = job(db, "c1")
    assert failed is not None
    assert MAX_ATTEMPTS == 2 and failed.status == "failed" and failed.error == LOST_TOO_OFTEN


def test_the_queue_has_a_limit_and_ended_jobs_are_forgotten(db: Database) -> None:
    add_job(db, "d1", KIND, 1, "{}", at(0), max_queued=1)
    with pytest.raises(JobsFull):
        add_job(db, "d2", KIND, 1, "{}", at(0), max_queued=1)
    claim_job(db, KIND, "one", at(1), at(-30))
    finish_job(db, "d1", "one", at(2), error="the scenarios could not be solved (ValueError)")
    forget_jobs(db, KIND, ended_before=at(1), keep=10)
    assert status_of(db, "d1") == "failed"
    forget_jobs(db, KIND, ended_before=at(3), keep=10)
    assert job(db, "d1") is None
