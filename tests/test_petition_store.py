"""The one query text for both databases: `?` placeholders, numbered for PostgreSQL's raw cursor."""

from __future__ import annotations

import pytest

from petition.store import _numbered

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(
    ("ours", "postgresql"),
    [
        ("SELECT 1", "SELECT 1"),
        ("SELECT id FROM signatures WHERE id = ?", "SELECT id FROM signatures WHERE id = $1"),
        ("VALUES (?, ?), (?,?)", "VALUES ($1, $2), ($3,$4)"),
        ("?" * 12, "".join(f"${n}" for n in range(1, 13))),
        ("SELECT '50%' || ?", "SELECT '50%' || $1"),  # a % stays a %: the raw cursor sends the text as it is
    ],
)
def test_placeholders_are_numbered_in_order(ours, postgresql):
    assert _numbered(ours) == postgresql
