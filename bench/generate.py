"""Deterministic synthetic content in our real formats, and the same Markdown for the peers.

`generate(root, stories)` writes four sites under `root`: ours (stories with our front matter,
one episode with a short real MP3 per ten stories, a few manifests), plain mkdocs-material with
search, mkdocs-material's blog + social cards + mkdocs-rss-plugin, and Hugo with minimal templates.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import shutil
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = [
    "gezin",
    "kind",
    "ouder",
    "hulp",
    "thuis",
    "jeugdzorg",
    "school",
    "vriend",
    "opa",
    "oma",
    "pleeggezin",
    "gezinshuis",
    "wachttijd",
    "hulpverlener",
    "contact",
    "samen",
    "praten",
    "luisteren",
    "zorg",
    "veilig",
    "huis",
    "buurt",
    "team",
    "gemeente",
    "toekomst",
    "vertrouwen",
    "liefde",
    "aandacht",
    "moeder",
    "vader",
    "broer",
    "zus",
    "verhaal",
    "dag",
    "week",
    "jaar",
    "werk",
    "geld",
    "schuld",
]
ROLES = ("jongere", "ouder", "hulpverlener", "expert")
THEMES = ("uithuisplaatsing", "gezinshulp", "contact", "ouders", "wachttijden")
AUDIO = REPO / "podcast" / "audio" / "voorbeeld.mp3"


SYLLABLES = [
    "ge",
    "ver",
    "be",
    "ont",
    "her",
    "aan",
    "uit",
    "op",
    "in",
    "over",
    "door",
    "mee",
    "toe",
    "weg",
    "sa",
    "me",
    "lo",
    "ka",
    "ri",
    "de",
    "ta",
    "vo",
    "ne",
    "li",
    "mu",
    "pe",
    "ber",
    "ling",
    "heid",
    "schap",
    "ing",
    "tje",
    "en",
    "er",
    "lijk",
    "ig",
    "baar",
    "ste",
    "dam",
    "burg",
    "hof",
    "veld",
    "huis",
    "werk",
    "zorg",
]


def _vocabulary(size: int = 20_000, seed: int = 7) -> tuple[list[str], list[float]]:
    """A Dutch-looking vocabulary with Zipf frequencies, like real text: a few words everywhere,
    most words in a handful of pages. The campaign's own words are the most frequent."""
    rng = random.Random(seed)
    words = list(WORDS)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


VOCABULARY, WEIGHTS = _vocabulary()
# Summed once: `choices(weights=…)` sums 20,000 weights on every call (a sentence each), which made
# 5,000 stories take a quarter of an hour; with the sums given it picks the same words.
CUMULATIVE = list(itertools.accumulate(WEIGHTS))


def _sentence(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=rng.randint(6, 16))
    return " ".join(words).capitalize() + "."


def _story(rng: random.Random, index: int) -> dict:
    date = dt.date(2024, 1, 1) + dt.timedelta(days=index % 900)
    paragraphs = []
    words = 0
    target = rng.randint(300, 600)
    while words < target:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        words += len(paragraph.split())
        paragraphs.append(paragraph)
    return {
        "slug": f"verhaal-{index:05d}",
        "title": _sentence(rng)[:80].rstrip("."),
        "name": rng.choice(("Sam", "Kim", "Noor", "Daan", "Lotte", "Mila", "Jesse", "Sara")),
        "age": rng.randint(9, 60),
        "role": rng.choice(ROLES),
        "quote": _sentence(rng),
        "summary": _sentence(rng)[:190],
        "date": date,
        "themes": sorted(rng.sample(THEMES, rng.randint(1, 2))),
        "body": "\n\n".join(paragraphs),
    }


def _episode(rng: random.Random, number: int) -> dict:
    return {
        "number": number,
        "guid": f"bench-{uuid.UUID(int=rng.getrandbits(128))}",
        "title": f"Gesprek over {rng.choice(WORDS)} en {rng.choice(WORDS)}",
        "date": dt.date(2024, 1, 1) + dt.timedelta(days=number * 7),
        "summary": _sentence(rng),
        "notes": f"{_sentence(rng)} {_sentence(rng)}",
    }


def _ours(root: Path, stories: list[dict], episodes: list[dict]) -> None:
    # Everything but the generated stories and podcast: the manifests, the timeline (data/campagne.yml
    # names its moments), the pages and the editor's config.
    for part in ("mkdocs.yml", "docs", "overrides", "data", "manifests", "tijdlijn", "cms"):
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
    (root / "hooks").symlink_to(REPO / "hooks")
    folder = root / "stories"
    folder.mkdir()
    for s in stories:
        (folder / f"{s['slug']}.md").write_text(
            f"""---
titel: "{s["title"]}"
naam: {s["name"]}
leeftijd: {s["age"]}
rol: {s["role"]}
schuilnaam: ja
citaat: "{s["quote"]}"
samenvatting: "{s["summary"]}"
datum: {s["date"].isoformat()}
themas: [{", ".join(s["themes"])}]
toestemming: ja
{"toestemming_ouder: ja" + chr(10) if s["age"] < 16 else ""}bron: "Synthetische benchmarkinhoud"
---

{s["body"]}
""",
            "utf-8",
        )
    podcast = root / "podcast"
    (podcast / "episodes").mkdir(parents=True)
    (podcast / "audio").mkdir()
    shutil.copy2(REPO / "podcast" / "show.yml", podcast / "show.yml")
    shutil.copy2(REPO / "podcast" / "omslag.jpg", podcast / "omslag.jpg")
    for e in episodes:
        n = e["number"]
        shutil.copy2(AUDIO, podcast / "audio" / f"aflevering-{n}.mp3")
        (podcast / "episodes" / f"aflevering-{n}.md").write_text(
            f"""---
guid: {e["guid"]}
titel: "{e["title"]}"
nummer: {n}
seizoen: 1
datum: {e["date"].isoformat()}
samenvatting: "{e["summary"]}"
audio: audio/aflevering-{n}.mp3
hoofdstukken:
  - start: "0:00"
    titel: "Begin"
  - start: "0:10"
    titel: "Gesprek"
---

{e["notes"]}
""",
            "utf-8",
        )
    data = root / "data" / "campagne.yml"
    campaign = data.read_text("utf-8").replace(
        "uitgelicht_verhaal: marilene", f"uitgelicht_verhaal: {stories[0]['slug']}"
    )
    # The real order of the stories names stories this site does not have: the default order.
    data.write_text(re.sub(r"\n  volgorde_verhalen: .*", "", campaign), "utf-8")


# The peers build the same site as ours: the same pages, navigation and theme features, the stories,
# episodes and manifests as ordinary Markdown pages, and an overview page for stories and episodes.
MATERIAL_YML = """site_name: Gezinshulp eerst
site_url: https://example.org/
theme:
  name: material
  language: nl
  font: false
  features:
    - navigation.tabs
    - navigation.top
plugins:
{plugins}
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - smarty:
      smart_quotes: false
  - toc:
      permalink: false
  - pymdownx.smartsymbols
nav:
  - Home: index.md
  - Verhalen: {stories_index}
  - Petitie: petitie.md
  - Podcast: podcast/index.md
  - Voor gemeenten: gemeenten.md
  - Manifesten: manifesten/index.md
  - Onderzoek: onderzoek.md
  - Over ons: over.md
  - Contact: contact.md
  - Privacy: privacy.md
  - Toegankelijkheid: toegankelijkheid.md
  - Zoeken: zoeken.md
"""


def _material(root: Path, stories: list[dict], episodes: list[dict], blog: bool) -> None:
    docs = root / "docs"
    folder = docs / ("blog/posts" if blog else "verhalen")
    folder.mkdir(parents=True)
    for page in (REPO / "docs").glob("*.md"):
        shutil.copy2(page, docs / page.name)
    for s in stories:
        meta = (
            f"date: {s['date'].isoformat()}\ncategories: [{', '.join(s['themes'])}]\n"
            if blog
            else f'description: "{s["summary"]}"\n'
        )
        (folder / f"{s['slug']}.md").write_text(
            f"---\n{meta}---\n\n# {s['title']}\n\n> {s['quote']}\n> — {s['name']}, {s['age']} jaar\n\n"
            + ("<!-- more -->\n\n" if blog else "")
            + s["body"]
            + "\n",
            "utf-8",
        )
    (docs / "podcast").mkdir()
    (docs / "podcast" / "index.md").write_text(
        "# Podcast\n\n" + "".join(f"- [{e['title']}](aflevering-{e['number']}.md)\n" for e in episodes), "utf-8"
    )
    for e in episodes:
        (docs / "podcast" / f"aflevering-{e['number']}.md").write_text(
            f"# {e['title']}\n\n{e['summary']}\n\n{e['notes']}\n", "utf-8"
        )
    (docs / "manifesten").mkdir()
    manifests = sorted((REPO / "manifests").glob("*.md"))
    (docs / "manifesten" / "index.md").write_text(
        "# Manifesten\n\n" + "".join(f"- [{m.stem}]({m.name})\n" for m in manifests), "utf-8"
    )
    for m in manifests:
        shutil.copy2(m, docs / "manifesten" / m.name)
    if blog:
        (docs / "blog" / "index.md").write_text("# Verhalen\n", "utf-8")
        plugins = "  - search:\n      lang: nl\n  - blog\n  - social\n  - rss:\n      match_path: blog/posts/.*\n      date_from_meta:\n        as_creation: date\n"
        stories_index = "blog/index.md"
        # The social plugin downloads Roboto from Google Fonts, which this machine cannot reach:
        # give it the font our own cards use, in the place its cache looks.
        fonts = root / ".cache" / "plugin" / "social" / "fonts" / "Roboto"
        fonts.mkdir(parents=True)
        shutil.copy2(REPO / "hooks" / "fonts" / "DejaVuSans.ttf", fonts / "Regular.ttf")
        shutil.copy2(REPO / "hooks" / "fonts" / "DejaVuSans-Bold.ttf", fonts / "Bold.ttf")
    else:
        (folder / "index.md").write_text(
            "# Verhalen\n\n" + "".join(f"- [{s['title']}]({s['slug']}.md)\n" for s in stories), "utf-8"
        )
        plugins = "  - search:\n      lang: nl\n"
        stories_index = "verhalen/index.md"
    (root / "mkdocs.yml").write_text(MATERIAL_YML.format(plugins=plugins, stories_index=stories_index), "utf-8")


HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "nl"
title = "Gezinshulp eerst"
disableKinds = ["taxonomy", "term"]
"""
HUGO_BASEOF = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head><body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def _hugo(root: Path, stories: list[dict]) -> None:
    (root / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(HUGO_BASEOF, "utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, "utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, "utf-8")
    folder = root / "content" / "verhalen"
    folder.mkdir(parents=True)
    for s in stories:
        (folder / f"{s['slug']}.md").write_text(
            f'---\ntitle: "{s["title"]}"\ndate: {s["date"].isoformat()}\n---\n\n> {s["quote"]}\n> — {s["name"]}\n\n'
            + s["body"]
            + "\n",
            "utf-8",
        )


def generate(root: Path, count: int, seed: int = 2026) -> dict[str, Path]:
    """Write every variant for `count` stories; the same seed gives the same bytes."""
    rng = random.Random(seed)
    stories = [_story(rng, i) for i in range(count)]
    episodes = [_episode(rng, n) for n in range(1, max(1, count // 10) + 1)]
    shutil.rmtree(root, ignore_errors=True)
    sites = {name: root / name for name in ("ours", "material", "blog", "hugo")}
    for path in sites.values():
        path.mkdir(parents=True)
    _ours(sites["ours"], stories, episodes)
    _material(sites["material"], stories, episodes, blog=False)
    _material(sites["blog"], stories, episodes, blog=True)
    _hugo(sites["hugo"], stories)
    return sites


if __name__ == "__main__":
    import sys

    print(generate(Path(sys.argv[1]), int(sys.argv[2])))
