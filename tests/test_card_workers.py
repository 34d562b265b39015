"""The card workers of a cold build (`CardCache`): started in the background while the content loads,
handed cards as the content announces them, and every card drawn as `render` draws it."""

from __future__ import annotations

import pytest

from hooks import cards

pytestmark = pytest.mark.fast


def _specs(count: int) -> list[cards.CardSpec]:
    return [
        cards.CardSpec(
            kind="story", title=f"Verhaal {i}", eyebrow="Verhaal", quote=f"Citaat nummer {i}.", speaker="Sam"
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("offered", [0, 7, 8, 21])
def test_cards_offered_while_the_workers_start_are_all_drawn(tmp_path, offered):
    """Cards offered before the workers are up wait (the build's process does not wait for the
    forkserver); those offered after, and those only `get_all` names, are drawn too: each exactly
    `render`'s bytes, each counted once."""
    specs = _specs(21)
    cache = cards.CardCache(tmp_path / "kaarten")
    cache.warm_up()
    for spec in specs[:offered]:
        cache.offer(spec)
    cache.start(specs)
    found = cache.get_all({f"kaarten/{i}.png": spec for i, spec in enumerate(specs)})
    assert cache.rendered == len(specs)
    for i, spec in enumerate(specs):
        assert found[f"kaarten/{i}.png"].read_bytes() == cards.render(spec)


def test_closing_while_the_workers_start_leaves_nothing_running(tmp_path):
    cache = cards.CardCache(tmp_path / "kaarten")
    cache.warm_up()
    cache.close()
    assert cache._pool is None and cache._starting is None
