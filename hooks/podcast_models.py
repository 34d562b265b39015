"""The podcast's content model: podcast/show.yml and podcast/episodes/*.md.

Apple's and Spotify's rules that can be checked on the text alone are checked here, so an editor
hears about them from `make check`, not from a rejected feed weeks later.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from email.utils import parsedate_to_datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from .models import Content, expects

# Apple Podcasts categories (podcasters.apple.com, "Apple Podcasts categories"), as written in the feed.
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality"),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}

# podcast:guid namespace from the Podcasting 2.0 spec.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
MAX_DESCRIPTION_BYTES = 4000


def podcast_guid(feed_url: str) -> str:
    """UUIDv5 of the feed URL without scheme and trailing slashes, as the spec prescribes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def _category(value: str) -> str:
    parts = [p.strip() for p in value.split(">")]
    if (
        len(parts) > 2
        or parts[0] not in APPLE_CATEGORIES
        or (len(parts) == 2 and parts[1] not in APPLE_CATEGORIES[parts[0]])
    ):
        raise ValueError("is geen categorie van Apple Podcasts")
    return " > ".join(parts)


def _fits_4000_bytes(value: str) -> str:
    if len(value.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
        raise ValueError(f"is langer dan {MAX_DESCRIPTION_BYTES} bytes (de grens van Apple Podcasts)")
    return value


def _feed_date(value: object) -> object:
    """A date as feeds write it (RFC 2822: `Thu, 29 Jan 2026 10:00:00 +0100`), for moved episodes."""
    if isinstance(value, str) and "," in value[:5]:
        try:
            return parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return value  # the model says what it expects
    return value


def parse_seconds(text: str) -> float | None:
    """'1:02:03', '02:03' or a number of seconds, as editors and feeds write a time; None otherwise
    (minutes and seconds after a colon are two digits below 60: '0:75' is a typing error, not 75 s)."""
    if not re.fullmatch(r"\d+(:[0-5]\d){0,2}(\.\d+)?", text.strip()):
        return None
    total = 0.0
    for part in text.strip().split(":"):
        total = total * 60 + float(part)
    return total


def _seconds(value: object) -> object:
    parsed = parse_seconds(value) if isinstance(value, str) else None
    return value if parsed is None else parsed


# As editors write a time: a number of seconds or "12:30" (the schema says both; the model converts).
Seconds = Annotated[
    float,
    BeforeValidator(_seconds),
    Field(ge=0),
    WithJsonSchema(
        {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^\d+(:[0-5]\d){0,2}(\.\d+)?$"}]}
    ),
]
Https = Annotated[str, Field(pattern=r'^https://[^\s<>"]+$')]
Email = Annotated[str, Field(pattern=r'^[^@\s<>"]+@[^@\s<>"]+\.[a-zA-Z]{2,}$')]


class Owner(Content):
    name: str = Field(alias="naam", min_length=2, json_schema_extra=expects("de naam van de eigenaar"))
    email: Email = Field(
        alias="email",
        json_schema_extra=expects(
            "een algemeen e-mailadres van de stichting (Spotify stuurt er de verificatiecode heen)"
        ),
    )


class Link(Content):
    """A web link with its own words: support for the show, or where it can be heard now."""

    url: Https = Field(alias="url", json_schema_extra=expects("een webadres met https://"))
    text: str = Field(alias="tekst", min_length=3, max_length=128, json_schema_extra=expects("een korte tekst"))


class AppLinks(Content):
    apple: Https | None = Field(
        default=None, alias="apple", json_schema_extra=expects("de link naar de show in Apple Podcasts")
    )
    spotify: Https | None = Field(
        default=None, alias="spotify", json_schema_extra=expects("de link naar de show in Spotify")
    )
    youtube_music: Https | None = Field(
        default=None, alias="youtube_music", json_schema_extra=expects("de link naar de show in YouTube Music")
    )
    pocket_casts: Https | None = Field(
        default=None,
        alias="pocket_casts",
        json_schema_extra=expects("de weblink naar de show in Pocket Casts, zoals https://pca.st/..."),
    )


class Show(Content):
    title: str = Field(alias="titel", min_length=2, max_length=255, json_schema_extra=expects("de naam van de podcast"))
    description: Annotated[str, AfterValidator(_fits_4000_bytes)] = Field(
        alias="beschrijving", min_length=1, json_schema_extra=expects("een beschrijving van hoogstens 4000 bytes")
    )
    author: str = Field(alias="auteur", min_length=2, json_schema_extra=expects("de maker, zoals Het Vergeten Kind"))
    owner: Owner = Field(alias="eigenaar", json_schema_extra=expects("naam en e-mail van de eigenaar"))
    language: Literal["nl"] = Field(alias="taal", json_schema_extra=expects("nl"))
    categories: list[Annotated[str, AfterValidator(_category)]] = Field(
        alias="categorieen",
        min_length=1,
        max_length=3,
        json_schema_extra=expects("1 tot 3 categorieën van Apple, zoals 'Kids & Family > Parenting'"),
    )
    explicit: bool = Field(alias="expliciet", json_schema_extra=expects("true (ja) of false (nee)"))
    show_type: Literal["episodic", "serial"] = Field(alias="type", json_schema_extra=expects("episodic of serial"))
    cover: str = Field(
        alias="omslag",
        min_length=1,
        json_schema_extra=expects("een vierkante JPEG of PNG van 1400 tot 3000 pixels, zoals omslag.jpg"),
    )
    guid: uuid.UUID = Field(
        alias="guid",
        json_schema_extra=expects("de vaste podcast:guid (eenmaal berekend uit het feedadres; nooit meer wijzigen)"),
    )
    new_feed_url: Https | None = Field(
        default=None,
        alias="nieuwe_feed_url",
        json_schema_extra=expects("het nieuwe feedadres, alleen bij een verhuizing"),
    )
    locked: bool = Field(
        default=True,
        alias="vergrendeld",
        json_schema_extra=expects("true (andere diensten mogen de feed niet overnemen) of false"),
    )
    funding: Link | None = Field(default=None, alias="steun", json_schema_extra=expects("url en tekst"))
    elsewhere: Link | None = Field(
        default=None,
        alias="nu_te_horen",
        json_schema_extra=expects(
            "url en tekst: waar de podcast nu al te horen is, zolang hier nog geen aflevering staat"
        ),
    )
    apps: AppLinks = Field(
        default_factory=AppLinks, alias="apps", json_schema_extra=expects("apple, spotify, youtube_music, pocket_casts")
    )


class Person(Content):
    name: str = Field(alias="naam", min_length=1, max_length=80, json_schema_extra=expects("een naam"))
    role: Literal["host", "co-host", "guest"] = Field(
        alias="rol", json_schema_extra=expects("host (presentator), co-host of guest (gast)")
    )
    description: str | None = Field(
        default=None, alias="over", max_length=200, json_schema_extra=expects("wie dit is, in een paar woorden")
    )
    url: Https | None = Field(default=None, alias="url", json_schema_extra=expects("een webadres met https://"))


class Chapter(Content):
    start: Seconds = Field(alias="start", json_schema_extra=expects("een tijd zoals 0:00, 12:30 of 1:02:03"))
    title: str = Field(
        alias="titel", min_length=1, max_length=120, json_schema_extra=expects("de titel van het hoofdstuk")
    )


# "#12 …", "Aflevering 12 …", "Ep. 3 …", "12. …", "12 - …", "00000001: …"; not "31.01.2022 – …" or "1.5 miljoen".
_NUMBERED_TITLE = re.compile(
    r"^\s*(#\s*\d+|(aflevering|afl\.?|episode|ep\.?)\s*\d+\b|\d+\s*[.:\-–|](\s|$))", re.IGNORECASE
)


def title_advice(title: str, show_title: str) -> str | None:
    """Apple's advice for a title (leave out the number and the show's name): a note, never a refusal,
    because Apple takes such titles and a moved show must keep its titles as listeners know them."""
    if _NUMBERED_TITLE.match(title) or (show_title and show_title.lower() in title.lower()):
        return (
            "bevat het nummer of de naam van de podcast; Apple raadt aan die weg te laten "
            "(het nummer staat in `nummer`). De site publiceert de titel zoals hij is"
        )
    return None


class Episode(Content):
    # Any string, as RSS allows: other hosts write `tag:soundcloud,2010:tracks/123` or
    # `https://host/?p=123`, and a moved show must keep them verbatim or apps see new episodes.
    guid: str = Field(
        alias="guid",
        min_length=1,
        max_length=500,
        pattern=r"^\S(.*\S)?$",
        json_schema_extra=expects("een vaste code, eenmaal gemaakt en nooit meer gewijzigd"),
    )
    title: str = Field(
        alias="titel",
        min_length=3,
        max_length=200,
        json_schema_extra=expects("een titel (Apple raadt aan: zonder de naam van de podcast of het nummer)"),
    )
    kind: Literal["aflevering", "trailer", "bonus"] = Field(
        default="aflevering",
        alias="soort",
        json_schema_extra=expects("aflevering, trailer of bonus"),
    )
    number: int | None = Field(
        default=None,
        alias="nummer",
        ge=1,
        json_schema_extra=expects("het nummer van de aflevering, zoals 1 (een trailer heeft er geen)"),
    )
    season: int | None = Field(default=None, alias="seizoen", ge=1, json_schema_extra=expects("een seizoen, zoals 1"))
    date: Annotated[dt.datetime | dt.date, BeforeValidator(_feed_date)] = Field(
        alias="datum", json_schema_extra=expects("een datum zoals 2026-01-29 (of zoals een feed hem schrijft)")
    )
    summary: Annotated[str, AfterValidator(_fits_4000_bytes)] = Field(
        alias="samenvatting", min_length=10, json_schema_extra=expects("een korte samenvatting")
    )
    audio: str = Field(
        alias="audio",
        min_length=1,
        json_schema_extra=expects("een audiobestand in podcast/, zoals audio/aflevering-1.mp3, of een https://-adres"),
    )
    audio_bytes: int | None = Field(
        default=None, alias="audio_bytes", ge=1, json_schema_extra=expects("de grootte van het bestand in bytes")
    )
    duration: Seconds | None = Field(default=None, alias="duur", json_schema_extra=expects("de duur, zoals 32:15"))
    persons: list[Person] = Field(
        default_factory=list, alias="personen", json_schema_extra=expects("een lijst met naam en rol")
    )
    chapters: list[Chapter] = Field(
        default_factory=list, alias="hoofdstukken", json_schema_extra=expects("een lijst met start en titel")
    )
    transcript: str | None = Field(
        default=None, alias="transcript", json_schema_extra=expects("een .vtt- of .srt-bestand in podcast/")
    )
    image: str | None = Field(
        default=None,
        alias="afbeelding",
        json_schema_extra=expects("een vierkante JPEG of PNG van 1400 tot 3000 pixels"),
    )
    explicit: bool = Field(default=False, alias="expliciet", json_schema_extra=expects("true (ja) of false (nee)"))
    related: list[str] = Field(
        default_factory=list, alias="gerelateerd", json_schema_extra=expects("verhalen, zoals [marilene]")
    )
    draft: bool = Field(default=False, alias="concept", json_schema_extra=expects("true (ja) of false (nee)"))
    previous_names: list[Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]] = Field(
        default_factory=list,
        alias="eerdere_namen",
        json_schema_extra=expects("oude bestandsnamen zonder .md: hun webadressen blijven werken"),
    )
    example: bool = Field(
        default=False,
        alias="voorbeeld",
        json_schema_extra=expects("true als dit een voorbeeld is, geen echte aflevering"),
    )

    @model_validator(mode="after")
    def _number_by_kind(self) -> Episode:
        """Apple's rules: a full episode has a number, a trailer none (a season trailer has a season)."""
        if self.kind == "aflevering" and self.number is None:
            raise ValueError(
                "een aflevering zonder `nummer`; verwacht een nummer, zoals nummer: 3 (of soort: trailer of bonus)"
            )
        if self.kind == "trailer" and self.number is not None:
            raise ValueError("een trailer met een `nummer`; verwacht geen nummer bij soort: trailer")
        return self

    @property
    def episode_type(self) -> str:
        """As Apple and the feed write it: full, trailer or bonus."""
        return {"aflevering": "full", "trailer": "trailer", "bonus": "bonus"}[self.kind]

    @field_validator("chapters")
    @classmethod
    def _chapters_in_order(cls, value: list[Chapter]) -> list[Chapter]:
        starts = [c.start for c in value]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise ValueError("staan niet op volgorde van tijd")
        if value and value[0].start != 0:
            raise ValueError("beginnen niet bij 0:00")
        return value

    @property
    def is_external(self) -> bool:
        return self.audio.startswith("https://")
