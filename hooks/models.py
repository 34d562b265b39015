"""The typed content model: what an editor may write in the front matter of each kind of file.

Field names in the files are Dutch (the editors' language), attributes are English (ours).
Each field says what it expects (`verwacht`), which is what an editor sees in an error message.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


def expects(text: str, **extra: Any) -> dict[str, Any]:
    return {"verwacht": text, **extra}


class Content(BaseModel):
    """Base of every front matter model: unknown fields are an error, never silently ignored."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=False, str_strip_whitespace=True, frozen=True, allow_inf_nan=False
    )


class Role(str, Enum):
    """Who is speaking. The labels shown to visitors live in data/campagne.yml."""

    youth = "jongere"
    parent = "ouder"
    care_worker = "hulpverlener"
    expert = "expert"


class Pseudonym(str, Enum):
    """Whether the name is invented. 'onbekend' where the source does not say."""

    yes = "ja"
    no = "nee"
    unknown = "onbekend"


class Consent(str, Enum):
    """How publication is covered: written consent on file, or the foundation's own earlier publication."""

    given = "ja"
    published = "gepubliceerd"


Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class Photo(Content):
    file: str = Field(
        alias="bestand",
        min_length=1,
        description="Bestandsnaam van de foto, naast het verhaal.",
        json_schema_extra=expects("een bestandsnaam zoals fotos/marilene.jpg"),
    )
    alt: str = Field(
        alias="alt",
        min_length=5,
        max_length=300,
        description="Wat er op de foto te zien is, voor wie hem niet kan zien.",
        json_schema_extra=expects("een korte beschrijving van wat er op de foto staat"),
    )
    consent: Literal[True] = Field(
        alias="toestemming",
        description="Er is schriftelijke toestemming om deze foto te publiceren.",
        json_schema_extra=expects("`toestemming: true` (zonder toestemming geen foto)"),
    )


class Story(Content):
    title: str = Field(
        alias="titel",
        min_length=3,
        max_length=120,
        description="De kop van het verhaal.",
        json_schema_extra=expects("een korte kop"),
    )
    name: str = Field(
        alias="naam",
        min_length=1,
        max_length=60,
        description="Voornaam of schuilnaam van wie aan het woord is.",
        json_schema_extra=expects("een voornaam zoals Marilène"),
    )
    age: int | None = Field(
        default=None,
        alias="leeftijd",
        ge=0,
        le=120,
        description="Leeftijd toen het verhaal werd verteld (weglaten als onbekend).",
        json_schema_extra=expects("een getal zoals 21"),
    )
    role: Role = Field(
        alias="rol",
        description="Wie vertelt: jongere, ouder, hulpverlener of expert.",
        json_schema_extra=expects("jongere, ouder, hulpverlener of expert"),
    )
    function: str | None = Field(
        default=None,
        alias="functie",
        max_length=60,
        description="Beroep of functie, zoals gezinshuisouder.",
        json_schema_extra=expects("een functie zoals gezinshuisouder"),
    )
    pseudonym: Pseudonym = Field(
        alias="schuilnaam",
        description="Is de naam verzonnen? ja, nee of onbekend.",
        json_schema_extra=expects("ja, nee of onbekend"),
    )
    quote: str = Field(
        alias="citaat",
        min_length=5,
        max_length=600,
        description="Het citaat, letterlijk zoals de bron het geeft.",
        json_schema_extra=expects("het letterlijke citaat, zoals de bron het geeft"),
    )
    summary: str = Field(
        alias="samenvatting",
        min_length=10,
        max_length=200,
        description="Eén zin over het verhaal, voor lijsten en zoekmachines.",
        json_schema_extra=expects("één zin van hoogstens 200 tekens"),
    )
    date: dt.date = Field(
        alias="datum",
        description="Datum van publicatie op deze site.",
        json_schema_extra=expects("een datum zoals 2026-01-29"),
    )
    themes: list[str] = Field(
        alias="themas",
        min_length=1,
        description="Een of meer thema's uit data/campagne.yml.",
        json_schema_extra=expects("een lijst thema's zoals [contact, gezinshulp]"),
    )
    source: str = Field(
        alias="bron",
        min_length=5,
        description="Waar het citaat en de feiten vandaan komen.",
        json_schema_extra=expects("de bron, zoals 'E-mail aan gemeenteraadsleden, 29 januari 2026'"),
    )
    photo: Photo | None = Field(
        default=None,
        alias="foto",
        description="Optionele foto, alleen met toestemming.",
        json_schema_extra=expects("bestand, alt en toestemming"),
    )
    share_image: str | None = Field(
        default=None,
        alias="deelafbeelding",
        description="Eigen afbeelding voor sociale media (anders maakt de site er een).",
        json_schema_extra=expects("een afbeelding naast het verhaal, minstens 1200×630 pixels"),
    )
    related: list[str] = Field(
        default_factory=list,
        alias="gerelateerd",
        description="Namen van bestanden van verwante verhalen, zonder .md.",
        json_schema_extra=expects("een lijst zoals [ruben, mandy]"),
    )

    consent: Consent = Field(
        alias="toestemming",
        description="ja: schriftelijke toestemming staat in het dossier; gepubliceerd: "
        "de stichting publiceerde dit al zelf (zie bron).",
        json_schema_extra=expects(
            "ja (toestemming in het dossier) of gepubliceerd (al eerder door de stichting gepubliceerd)"
        ),
    )
    guardian_consent: Consent | None = Field(
        default=None,
        alias="toestemming_ouder",
        description="Verplicht onder 16 jaar: toestemming van ouder of voogd.",
        json_schema_extra=expects("ja of gepubliceerd (verplicht als de leeftijd onder 16 is)"),
    )
    draft: bool = Field(
        default=False,
        alias="concept",
        description="true: nog niet publiceren.",
        json_schema_extra=expects("true (ja) of false (nee)"),
    )
    withdrawn: bool = Field(
        default=False,
        alias="ingetrokken",
        description="true: het verhaal is teruggetrokken en verdwijnt overal van de site.",
        json_schema_extra=expects("true (ja) of false (nee)"),
    )
    previous_names: list[Slug] = Field(
        default_factory=list,
        alias="eerdere_namen",
        description="Oude bestandsnamen (zonder .md): hun webadressen blijven werken.",
        json_schema_extra=expects("een lijst oude namen, zoals [marilene-21]"),
    )

    @model_validator(mode="after")
    def _under_16_needs_guardian(self) -> Story:
        if self.age is not None and self.age < 16 and self.guardian_consent is None and not self.withdrawn:
            raise ValueError(
                "onder 16 jaar is ook `toestemming_ouder` nodig; verwacht de toestemming van ouder of voogd (ja of gepubliceerd)"
            )
        return self

    @field_validator("pseudonym", mode="before")
    @classmethod
    def _pseudonym_from_bool(cls, value: Any) -> Any:
        # YAML turns an unquoted ja/nee-like `true`/`false` into a bool: accept what was meant.
        if value is True:
            return "ja"
        if value is False:
            return "nee"
        return value


class Manifest(Content):
    title: str = Field(
        alias="titel", min_length=3, max_length=160, json_schema_extra=expects("de titel van het manifest")
    )
    campaign: str = Field(
        alias="campagne", min_length=3, json_schema_extra=expects("de campagne, zoals Gezinshulp eerst")
    )
    year: int | None = Field(
        default=None,
        alias="jaar",
        ge=2000,
        le=2100,
        json_schema_extra=expects("een jaartal zoals 2026 (weglaten als de bron het niet zegt)"),
    )
    summary: str = Field(
        alias="samenvatting", min_length=10, max_length=300, json_schema_extra=expects("één of twee zinnen")
    )
    demands: list[str] = Field(alias="eisen", min_length=1, json_schema_extra=expects("een lijst met de eisen"))
    pdf: str | None = Field(
        default=None,
        alias="pdf",
        pattern=r'^https://[^\s<>"]+$',
        json_schema_extra=expects("een https://-adres van de pdf"),
    )
    source: str = Field(alias="bron", min_length=5, json_schema_extra=expects("waar de tekst vandaan komt"))
    order: int = Field(default=100, alias="volgorde", json_schema_extra=expects("een getal; lager staat eerder"))
