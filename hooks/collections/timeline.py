"""The campaign timeline (`tijdlijn/*.yml` -> `/tijdlijn/`): one small file per moment.

Moments have no page of their own: the timeline page lists them in order and says which are past
and which are coming (by the build's date); the block `[[volgende-moment]]` shows the next one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from pydantic import Field

from .. import publication
from ..errors import Problem
from ..frontmatter import parse_data
from ..loading import read_folder, validate
from ..models import Content, expects
from ..publication import AMSTERDAM
from ..render import render
from . import Collection, Loaded

if TYPE_CHECKING:
    from ..build import Build
    from ..content import SiteContent


class Moment(Content):
    title: str = Field(
        alias="titel", min_length=3, max_length=120, json_schema_extra=expects("wat er gebeurt, in een paar woorden")
    )
    date: dt.date = Field(alias="datum", json_schema_extra=expects("de datum, zoals 2026-03-18"))
    when: str | None = Field(
        default=None,
        alias="wanneer",
        min_length=3,
        max_length=40,
        json_schema_extra=expects(
            "de tijd zoals de bron hem noemt, als die geen precieze datum geeft, zoals 'begin maart 2026'"
        ),
    )
    text: str = Field(
        alias="tekst", min_length=10, max_length=400, json_schema_extra=expects("één of twee zinnen over dit moment")
    )
    source: str = Field(alias="bron", min_length=5, json_schema_extra=expects("waar dit moment vandaan komt"))
    draft: bool = Field(default=False, alias="concept", json_schema_extra=expects("true of false"))


@dataclass(frozen=True)
class MomentEntry:
    slug: str
    path: str
    moment: Moment
    status: str
    body: str = ""

    @property
    def url(self) -> str:
        return Timeline.section

    def is_past(self, today: dt.date) -> bool:
        return self.moment.date < today


class Timeline(Collection):
    name = "moment"
    index_name = "timeline"
    folder = "tijdlijn"
    model_attribute = "moment"
    suffixes = (".yml", ".yaml")
    section = "tijdlijn/"
    label = "Tijdlijn"
    index_heading = "# Tijdlijn\n"
    index_description = "Wat er gebeurde en wat er komt in de campagne Gezinshulp eerst."
    index_share_title = "Tijdlijn van de campagne Gezinshulp eerst"
    index_template = "timeline.html"
    entry_pages = False
    blocks = ("volgende-moment", "overhandiging", "verkiezingen")

    def load(self, root: Path, content: SiteContent, now: dt.datetime, problems: list[Problem]) -> Loaded:
        folder = root / self.folder
        if not folder.is_dir():
            return Loaded()
        entries = []
        for rel, text in read_folder(root, folder, self.suffixes, "momenten (.yml)", problems):
            moment = validate(Moment, parse_data(rel, text), problems)
            if moment is not None:
                status = publication.DRAFT if moment.draft else publication.PUBLISHED
                entries.append(MomentEntry(Path(rel).stem, rel, moment, status))
        entries.sort(key=lambda e: (e.moment.date, e.slug))
        return Loaded(
            entries=[e for e in entries if publication.is_live(e.status)],
            held_back=[e for e in entries if not publication.is_live(e.status)],
        )

    def has_index(self, content: SiteContent) -> bool:
        return bool(self.loaded(content).entries)

    def render_index(self, page_url: str, build: Build) -> Markup:
        today = build.content.now.astimezone(AMSTERDAM).date()
        return render(
            self.index_template, entries=self.shown(build.content, build.preview), today=today, **build.common(page_url)
        )

    def block_context(self, content: SiteContent, preview: bool) -> dict[str, Any]:
        today = content.now.astimezone(AMSTERDAM).date()
        coming = [e for e in self.shown(content, preview) if not e.is_past(today)]
        by_slug = {e.slug: e for e in self.shown(content, preview)}
        named = content.campaign.moments if content.campaign else {}
        return {
            "next_moment": coming[0] if coming else None,
            "has_timeline": self.has_index(content),
            "timeline_url": self.section,
            # Texts that depend on a date take it from the timeline, and change with the build date.
            "moments": {role: by_slug[slug] for role, slug in named.items() if slug in by_slug},
            "today": today,
        }

    def check(self, content: SiteContent, problems: list[Problem]) -> None:
        """The moments the campaign's texts name must be on the timeline."""
        if content.campaign is None:
            return
        for role, slug in content.campaign.moments.items():
            if slug not in content.existing[self.name]:
                problems.append(
                    Problem(
                        "data/campagne.yml",
                        content.campaign_lines.get(("momenten", role), 0),
                        f"momenten.{role}",
                        f'"{slug}" is geen moment; verwacht de naam van een bestand in tijdlijn/ zonder .yml',
                    )
                )
