"""The one publication rule, table by table: what wins, the exact moment, and Amsterdam's clock
(a date alone is midnight in Amsterdam, summer or winter; a time without a zone is Amsterdam's)."""

from __future__ import annotations

import datetime as dt

import pytest

from hooks import publication as p

pytestmark = pytest.mark.fast

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("when", "draft", "withdrawn", "expected"),
    [
        (dt.date(2026, 1, 1), False, False, p.PUBLISHED),
        (dt.date(2026, 1, 1), True, False, p.DRAFT),
        (dt.date(2026, 1, 1), False, True, p.WITHDRAWN),
        (dt.date(2026, 1, 1), True, True, p.WITHDRAWN),  # withdrawn beats draft
        (dt.date(2027, 1, 1), True, True, p.WITHDRAWN),  # ... and scheduled
        (dt.date(2027, 1, 1), True, False, p.DRAFT),  # draft beats scheduled
        (dt.date(2027, 1, 1), False, False, p.SCHEDULED),
        (NOW, False, False, p.PUBLISHED),  # due exactly now: out
        (NOW + dt.timedelta(microseconds=1), False, False, p.SCHEDULED),
        (NOW - dt.timedelta(microseconds=1), False, False, p.PUBLISHED),
    ],
)
def test_what_wins(when, draft, withdrawn, expected):
    assert p.status(when=when, now=NOW, draft=draft, withdrawn=withdrawn) == expected


@pytest.mark.parametrize(
    ("when", "now", "expected"),
    [
        # A date alone appears at midnight in Amsterdam: 23:00 UTC the day before in winter ...
        (dt.date(2026, 1, 29), dt.datetime(2026, 1, 28, 22, 59, tzinfo=UTC), p.SCHEDULED),
        (dt.date(2026, 1, 29), dt.datetime(2026, 1, 28, 23, 0, tzinfo=UTC), p.PUBLISHED),
        # ... and 22:00 UTC in summer.
        (dt.date(2026, 7, 1), dt.datetime(2026, 6, 30, 21, 59, tzinfo=UTC), p.SCHEDULED),
        (dt.date(2026, 7, 1), dt.datetime(2026, 6, 30, 22, 0, tzinfo=UTC), p.PUBLISHED),
        # The night the clocks go forward (29 March 2026) and back (25 October 2026).
        (dt.date(2026, 3, 29), dt.datetime(2026, 3, 28, 23, 0, tzinfo=UTC), p.PUBLISHED),
        (dt.date(2026, 10, 26), dt.datetime(2026, 10, 25, 22, 59, tzinfo=UTC), p.SCHEDULED),
        (dt.date(2026, 10, 26), dt.datetime(2026, 10, 25, 23, 0, tzinfo=UTC), p.PUBLISHED),
        # A time without a zone is Amsterdam time; with a zone, that zone.
        (dt.datetime(2026, 7, 1, 10, 0), dt.datetime(2026, 7, 1, 7, 59, tzinfo=UTC), p.SCHEDULED),
        (dt.datetime(2026, 7, 1, 10, 0), dt.datetime(2026, 7, 1, 8, 0, tzinfo=UTC), p.PUBLISHED),
        (dt.datetime(2026, 7, 1, 10, 0, tzinfo=UTC), dt.datetime(2026, 7, 1, 9, 59, tzinfo=UTC), p.SCHEDULED),
        (dt.datetime(2026, 7, 1, 10, 0, tzinfo=UTC), dt.datetime(2026, 7, 1, 10, 0, tzinfo=UTC), p.PUBLISHED),
    ],
)
def test_amsterdams_clock(when, now, expected):
    assert p.status(when=when, now=now) == expected


def test_publication_time_is_amsterdam():
    assert p.publication_time(dt.date(2026, 7, 1)).utcoffset() == dt.timedelta(hours=2)
    assert p.publication_time(dt.date(2026, 1, 1)).utcoffset() == dt.timedelta(hours=1)
    assert p.publication_time(dt.datetime(2026, 1, 1, 9, 30)) == dt.datetime(2026, 1, 1, 8, 30, tzinfo=UTC)
    kept = dt.datetime(2026, 1, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    assert p.publication_time(kept) is kept


@pytest.mark.parametrize(
    ("value", "live", "held"),
    [(p.PUBLISHED, True, False), (p.DRAFT, False, True), (p.SCHEDULED, False, True), (p.WITHDRAWN, False, False)],
)
def test_who_sees_what(value, live, held):
    assert (p.is_live(value), p.held_back(value)) == (live, held)


def test_the_statuses_are_the_words_the_site_shows():
    assert (p.PUBLISHED, p.DRAFT, p.SCHEDULED, p.WITHDRAWN) == ("gepubliceerd", "concept", "gepland", "ingetrokken")
