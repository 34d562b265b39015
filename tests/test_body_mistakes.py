"""Markdown forgives what a reader would not: a link left open, a second main title, an image from
another site. Each is named with its line (hooks/body.py); code keeps its characters."""

from __future__ import annotations

import pytest

from hooks.body import mistakes
from tests.helpers import STORY

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        ("Lees [het rapport](https://www.verwey-jonker.nl/rapport verder.", 15, "link is niet afgesloten"),
        ("Tekst.\n\n# Een kop\n\nMeer.", 17, "tweede hoofdtitel"),
        ("![Een foto](https://voorbeeld.nl/foto.jpg)", 15, "afbeelding van een andere website"),
        ('<img src="//cdn.voorbeeld.nl/x.png" alt="x">', 15, "afbeelding van een andere website"),
    ],
)
def test_a_silent_body_mistake_is_named_on_its_line(site, body, line, says):
    """A note, not an error: the page is safe and everything else still publishes."""
    from hooks.content import load

    (site / "stories" / "sam.md").write_text(STORY.replace("Het verhaal zelf.", body), "utf-8")
    found = [str(n) for n in load(site).notes if n.path == "stories/sam.md"]
    assert len(found) == 1, found
    assert found[0].startswith(f"stories/sam.md:{line}: ") and says in found[0], found[0]


def test_what_is_meant_stays_fine():
    body = "\n".join(
        [
            "## Een tussenkop",
            "Een [link](https://hetvergetenkind.nl) en [nog een](../verhalen/) op één regel.",
            "![Een eigen foto](foto.jpg)",
            "`[niet afgesloten](` in code, en ```# geen kop```",
            "```",
            "# een regel in een codeblok",
            "[open](",
            "```",
            "Een #hashtag en C# zijn geen kop.",
        ]
    )
    assert mistakes("x.md", body, 1) == []


def test_a_page_in_docs_has_its_own_title_once(tmp_path):
    page = "# De titel\n\nTekst.\n\n# Nog een titel\n"
    found = mistakes("docs/x.md", page, 1, title_in_body=True)
    assert [(p.line, "tweede hoofdtitel" in p.message) for p in found] == [(5, True)]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("“Ik wil naar huis.”", "Ik wil naar huis."),
        ("„Ik wil naar huis.”", "Ik wil naar huis."),
        ("'Ik wil naar huis.'", "Ik wil naar huis."),
        ("«Ik wil naar huis.»", "Ik wil naar huis."),
        ("“Hij zei: ‘nee’.”", "Hij zei: ‘nee’."),
        ("‘Nee’ zei ik, en ‘ja’", "‘Nee’ zei ik, en ‘ja’"),  # two quotes inside, not one around
        ("'t Is m'n huis'", "'t Is m'n huis'"),
    ],
)
def test_quote_marks_around_a_whole_quote_are_left_out_with_a_note(site, typed, shown):
    from hooks.content import load

    (site / "stories" / "sam.md").write_text(
        STORY.replace('citaat: "Dit is een citaat."', "citaat: " + __import__("json").dumps(typed)), "utf-8"
    )
    content = load(site)
    assert content.stories[0].story.quote == shown
    noted = [str(n) for n in content.notes if n.field == "citaat"]
    assert len(noted) == (typed != shown), noted


def test_a_main_title_in_a_kinds_body_is_always_one_too_many():
    assert [p.line for p in mistakes("x.md", "Tekst.\n# Kop", 10)] == [11]


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        ("~~~\n```\n# in de code\n~~~\n# erna", [5]),  # a ``` line does not close a ~~~ block
        ("````\n# code\n```\n# nog code\n````\n# erna", [6]),  # a shorter fence does not close it
        ("```\n# code\n```\n# erna", [4]),
    ],
)
def test_code_blocks_end_where_markdown_ends_them(body, problems):
    assert [p.line for p in mistakes("x.md", body, 1)] == problems
