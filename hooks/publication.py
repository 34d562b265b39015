"""One publication rule for every kind of content: published, draft, scheduled or withdrawn."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

PUBLISHED = "gepubliceerd"
DRAFT = "concept"
SCHEDULED = "gepland"
WITHDRAWN = "ingetrokken"


def publication_time(value: dt.date | dt.datetime) -> dt.datetime:
    """A date alone means midnight in Amsterdam; a time without zone is Amsterdam time too."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=AMSTERDAM)
    return dt.datetime(value.year, value.month, value.day, tzinfo=AMSTERDAM)


def status(*, when: dt.date | dt.datetime, now: dt.datetime, draft: bool = False, withdrawn: bool = False) -> str:
    """Withdrawn beats draft beats scheduled: a withdrawn item never shows, a draft only in preview."""
    if withdrawn:
        return WITHDRAWN
    if draft:
        return DRAFT
    if publication_time(when) > now:
        return SCHEDULED
    return PUBLISHED


def is_live(value: str) -> bool:
    return value == PUBLISHED


def held_back(value: str) -> bool:
    """Drafts and scheduled items: shown in `make serve` only, with a banner."""
    return value in (DRAFT, SCHEDULED)
