"""Jobs of the web app in the store: queued, claimed by one app server, its progress, its result.

Several app servers share one store (PostgreSQL), and a job posted to one
must be answerable by all of them, and must survive the server that runs
it. So a job is a row: any server may claim a queued job (the row is
locked while it is claimed, so two servers never take the same one), the
server running it moves its heartbeat as it goes, and a running job whose
heartbeat stopped (its server was stopped or lost) is claimed again by
the next server that looks, and solved again from the request kept with
it. Solving has no side effects and is deterministic, so solving again
gives the same result. A job is solved at most ``MAX_ATTEMPTS`` times:
one that lost its server that often is reported failed, with the reason.

Times are UTC without tzinfo, as in the store's other tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update

from planner.store.database import Database
from planner.store.models_web import JobRow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
#: Times a job is solved at most: once, and once more when the server running it stopped.
MAX_ATTEMPTS = 2
#: Why a job is failed when it lost its server ``MAX_ATTEMPTS`` times.
LOST_TOO_OFTEN = (
    f"the app server solving this job stopped {MAX_ATTEMPTS} times before it finished; post the scenarios again"
)


class JobsFull(Exception):
    """As many jobs of this kind wait as allowed."""


@dataclass(frozen=True)
class Job:
    """A job as anyone may see it (the request it solves stays in the store)."""

    id: str
    kind: str
    status: str
    done: int
    total: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    attempts: int
    document: dict[str, Any] | None
    error: str | None


@dataclass(frozen=True)
class Claimed:
    """A job a server has taken to solve: its id, the request as posted, and which attempt this is."""

    id: str
    request: str
    attempts: int


def _job(row: JobRow) -> Job:
    return Job(
        row.id,
        row.kind,
        row.status,
        row.done,
        row.total,
        row.created_at,
        row.finished_at,
        row.attempts,
        row.document,
        row.error,
    )


def add_job(db: Database, job_id: str, kind: str, total: int, request: str, now: dt.datetime, max_queued: int) -> None:
    """Queue a job; ``JobsFull`` when ``max_queued`` jobs of its kind wait already."""
    with db.transaction() as session:
        waiting = (
            session.scalar(select(func.count()).select_from(JobRow).where(JobRow.kind == kind, JobRow.status == QUEUED))
            or 0
        )
        if waiting >= max_queued:
            raise JobsFull()
        session.add(
            JobRow(
                id=job_id,
                kind=kind,
                status=QUEUED,
                done=0,
                total=total,
                created_at=now,
                owner="",
                attempts=0,
                request=request,
            )
        )


def claim_job(db: Database, kind: str, owner: str, now: dt.datetime, stale_before: dt.datetime) -> Claimed | None:
    """Take the oldest queued job, or a running one whose heartbeat is older than ``stale_before``; None when none.

    A stale job already solved ``MAX_ATTEMPTS`` times is failed instead
    (``LOST_TOO_OFTEN``) and the next one is looked at.
    """
    while True:
        with db.transaction() as session:
            row = session.scalars(
                select(JobRow)
                .where(
                    JobRow.kind == kind,
                    or_(
                        JobRow.status == QUEUED,
                        and_(JobRow.status == RUNNING, JobRow.heartbeat_at < stale_before),
                    ),
                )
                .order_by(JobRow.created_at, JobRow.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if row is None:
                return None
            if row.attempts >= MAX_ATTEMPTS:
                row.status, row.error, row.finished_at, row.request = FAILED, LOST_TOO_OFTEN, now, None
                continue
            row.status, row.owner, row.heartbeat_at, row.attempts = RUNNING, owner, now, row.attempts + 1
            return Claimed(row.id, row.request or "", row.attempts)


def report_progress(
    db: Database, job_id: str, owner: str, now: dt.datetime, done: int | None = None, total: int | None = None
) -> bool:
    """Move the job's heartbeat (and its progress); False when ``owner`` no longer runs it (another server took it over)."""
    values: dict[str, Any] = {"heartbeat_at": now}
    if done is not None:
        values["done"] = done
    if total is not None:
        values["total"] = total
    with db.transaction() as session:
        changed = session.execute(
            update(JobRow).where(JobRow.id == job_id, JobRow.owner == owner, JobRow.status == RUNNING).values(**values)
        )
        # SQLAlchemy types execute() as a plain Result; an UPDATE's is a CursorResult, which counts its rows.
        return changed.rowcount == 1  # type: ignore[attr-defined]


def finish_job(
    db: Database,
    job_id: str,
    owner: str,
    now: dt.datetime,
    document: dict[str, Any] | None = None,
    error: str | None = None,
) -> bool:
    """End the job with its result (``document``) or the reason it failed; its request is dropped.

    False (nothing changed) when ``owner`` no longer runs it.
    """
    with db.transaction() as session:
        row = session.get(JobRow, job_id, with_for_update=True)
        if row is None or row.owner != owner or row.status != RUNNING:
            return False
        row.status = DONE if error is None else FAILED
        row.document, row.error, row.finished_at, row.request = document, error, now, None
        if error is None:
            row.done = row.total
        return True


def job(db: Database, job_id: str) -> Job | None:
    """The job, or None for an id the store does not hold."""
    with db.transaction() as session:
        row = session.get(JobRow, job_id)
        return None if row is None else _job(row)


def finished_jobs(db: Database, kind: str) -> list[Job]:
    """The jobs of ``kind`` that ended with a result, last finished first."""
    with db.transaction() as session:
        return [
            _job(row)
            for row in session.scalars(
                select(JobRow)
                .where(JobRow.kind == kind, JobRow.status == DONE)
                .order_by(JobRow.finished_at.desc(), JobRow.id)
            )
        ]


def forget_jobs(db: Database, kind: str, ended_before: dt.datetime, keep: int) -> None:
    """Drop the jobs of ``kind`` that ended before ``ended_before``, and all but the ``keep`` last ended."""
    with db.transaction() as session:
        ended = list(
            session.scalars(
                select(JobRow.id)
                .where(JobRow.kind == kind, JobRow.finished_at.is_not(None))
                .order_by(JobRow.finished_at.desc(), JobRow.id)
            )
        )
        old = set(ended[keep:])
        old |= set(session.scalars(select(JobRow.id).where(JobRow.kind == kind, JobRow.finished_at < ended_before)))
        if old:
            session.execute(delete(JobRow).where(JobRow.id.in_(sorted(old))))
