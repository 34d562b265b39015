"""Readers of a built podcast feed that our code does not share: two npm parsers, and the
Podcasting 2.0 namespace's rules for each `podcast:` tag."""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from email.utils import parsedate_to_datetime
from pathlib import Path

from lxml import etree

from tests.helpers import ROOT

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


def independent_parsers(feed: Path) -> dict:
    """podcast-partytime and rss-parser, from npm, on the built feed."""
    out = subprocess.run(["node", str(ROOT / "tests" / "feedcheck.js"), str(feed)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)[str(feed)]


def podcasting20_rules(channel) -> list[str]:
    """The Podcasting 2.0 namespace's rules for each podcast: tag we write (podcastindex.org/namespace/1.0)."""
    broken = []
    p = NS["podcast"]
    for element in channel.iter(f"{{{p}}}*"):
        tag = etree.QName(element).localname
        if tag == "guid":
            value = uuid.UUID(element.text)
            if value.version != 5:
                broken.append(f"guid {value} is geen UUIDv5")
        elif tag == "locked":
            if element.text not in ("yes", "no") or not element.get("owner"):
                broken.append("locked: yes/no en een owner")
        elif tag == "funding":
            if not element.get("url", "").startswith("https://") or len(element.text or "") > 128:
                broken.append("funding: url en hoogstens 128 tekens")
        elif tag == "transcript":
            if not element.get("url") or element.get("type") not in (
                "text/vtt",
                "application/x-subrip",
                "application/srt",
            ):
                broken.append("transcript: url en type")
        elif tag == "chapters":
            if not element.get("url") or element.get("type") != "application/json+chapters":
                broken.append("chapters: url en type application/json+chapters")
        elif tag == "person":
            if element.get("role") not in ("host", "co-host", "guest") or not (element.text or "").strip():
                broken.append("person: een naam en een rol uit de taxonomie")
        elif tag in ("season", "episode"):
            if not re.fullmatch(r"\d+(\.\d+)?", element.text or ""):
                broken.append(f"{tag}: een getal")
        elif tag == "trailer":
            parsedate_to_datetime(element.get("pubdate"))
            if not element.get("url", "").startswith("https://") or not element.get("length", "").isdigit():
                broken.append("trailer: url, pubdate en length")
        elif tag == "medium":
            if element.text not in ("podcast", "music", "video", "film", "audiobook", "newsletter", "blog"):
                broken.append("medium: een bekende waarde")
        else:
            broken.append(f"podcast:{tag} staat niet in deze controle")
    if channel.find(f"{{{p}}}guid") is None:
        broken.append("geen podcast:guid")
    return broken
