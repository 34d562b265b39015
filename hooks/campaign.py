"""The campaign data file (data/campagne.yml): facts that more than one page uses, in one place."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from .models import Content, Role, expects

Https = Annotated[str, Field(pattern=r'^https://[^\s<>"]+$')]


class Organisation(Content):
    name: str = Field(alias="naam", json_schema_extra=expects("de naam van de stichting"))
    website: str = Field(alias="website", pattern=r"^https://", json_schema_extra=expects("een webadres met https://"))
    email: str = Field(
        alias="email", pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", json_schema_extra=expects("een e-mailadres")
    )
    phone: str = Field(alias="telefoon", json_schema_extra=expects("een telefoonnummer"))
    address: str = Field(alias="adres", json_schema_extra=expects("straat, postcode en plaats"))
    iban: str = Field(
        alias="iban",
        pattern=r"^NL\d{2} ?[A-Z]{4}( ?\d{2,4}){3,4}$",
        json_schema_extra=expects("een IBAN zoals NL83 RABO 0172 4314 84"),
    )
    director: str = Field(alias="directeur", json_schema_extra=expects("naam van de directeur"))


class CampaignInfo(Content):
    name: str = Field(alias="naam", json_schema_extra=expects("de naam van de campagne"))
    message: str = Field(alias="boodschap", json_schema_extra=expects("de boodschap in één zin"))
    featured_story: str | None = Field(
        default=None,
        alias="uitgelicht_verhaal",
        min_length=1,
        json_schema_extra=expects("de bestandsnaam van het verhaal voor de voorpagina, zoals marilene"),
    )
    story_order: list[str] = Field(
        default_factory=list,
        alias="volgorde_verhalen",
        json_schema_extra=expects(
            "verhalen in de volgorde van de lijst op /verhalen/, zoals [marilene, mandy]; "
            "de rest volgt: eerst jongeren en ouders, dan hulpverleners"
        ),
    )


class Figure(Content):
    value: str = Field(
        alias="waarde", min_length=1, max_length=20, json_schema_extra=expects("het cijfer, zoals 41.000")
    )
    text: str = Field(alias="tekst", min_length=5, max_length=160, json_schema_extra=expects("wat het cijfer zegt"))
    source: str = Field(alias="bron", min_length=5, json_schema_extra=expects("waar het cijfer vandaan komt"))


class Petition(Content):
    page: Https = Field(alias="pagina", json_schema_extra=expects("de petitiepagina van de stichting, met https://"))
    signatures: int | None = Field(
        default=None,
        alias="handtekeningen",
        ge=0,
        json_schema_extra=expects("het getelde aantal, zoals 12345 (of leeg)"),
    )
    counted_on: dt.date | None = Field(
        default=None, alias="stand_op", json_schema_extra=expects("de datum van de telling, zoals 2026-03-12")
    )
    goal: int | None = Field(
        default=None, alias="doel", ge=1, json_schema_extra=expects("het doel, zoals 50000 (of leeg)")
    )
    closes_on: dt.date | None = Field(
        default=None,
        alias="sluit_op",
        json_schema_extra=expects("de laatste dag waarop je kunt tekenen, zoals 2027-03-01 (of leeg: open)"),
    )
    delete_on: dt.date | None = Field(
        default=None,
        alias="gegevens_wissen_op",
        json_schema_extra=expects("de dag waarop alle persoonsgegevens worden gewist, na de sluiting"),
    )
    unconfirmed_days: int = Field(
        default=7,
        alias="onbevestigd_bewaren_dagen",
        ge=1,
        le=60,
        json_schema_extra=expects("het aantal dagen dat een onbevestigde handtekening blijft, van 1 tot 60"),
    )

    @model_validator(mode="after")
    def _count_needs_date(self) -> Petition:
        if self.signatures is not None and self.counted_on is None:
            raise ValueError("een aantal handtekeningen zonder `stand_op`; verwacht ook de datum van de telling")
        if self.delete_on is not None and (self.closes_on is None or self.delete_on <= self.closes_on):
            raise ValueError(
                "`gegevens_wissen_op` zonder `sluit_op` ervoor; verwacht een wisdatum na de sluitingsdatum"
            )
        return self


class Newsletter(Content):
    email: str = Field(
        alias="email", pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", json_schema_extra=expects("een e-mailadres")
    )
    subject: str = Field(alias="onderwerp", min_length=3, json_schema_extra=expects("het onderwerp van de e-mail"))


class Proposal(Content):
    title: str = Field(alias="titel", min_length=5, json_schema_extra=expects("de kop van het voorstel"))
    text: str = Field(
        alias="tekst", min_length=20, json_schema_extra=expects("de tekst, letterlijk uit de handreiking")
    )
    request: str = Field(
        alias="verzoek", min_length=10, json_schema_extra=expects("de regel voor de motie, eindigend op ;")
    )


class PdfLink(Content):
    title: str = Field(alias="titel", min_length=3, json_schema_extra=expects("een titel"))
    url: Https = Field(alias="url", json_schema_extra=expects("een https://-adres van de pdf"))


class Campaign(Content):
    organisation: Organisation = Field(alias="organisatie", json_schema_extra=expects("de gegevens van de stichting"))
    campaign: CampaignInfo = Field(alias="campagne", json_schema_extra=expects("naam en boodschap"))
    roles: dict[str, str] = Field(alias="rollen", json_schema_extra=expects("rollen met hun tekst"))

    @field_validator("roles")
    @classmethod
    def _every_role_has_a_label(cls, roles: dict[str, str]) -> dict[str, str]:
        # A story's role is shown by this label: a missing one would stop the build far from here.
        missing = [role.value for role in Role if not roles.get(role.value)]
        if missing:
            raise ValueError(
                f"mist de tekst voor {', '.join(missing)}; verwacht elke rol met zijn tekst, "
                f"zoals `{missing[0]}: {missing[0].capitalize()}`"
            )
        return roles

    themes: dict[str, str] = Field(
        alias="themas",
        min_length=1,
        json_schema_extra=expects("thema's met hun tekst, zoals `contact: Contact met familie`"),
    )
    figures: list[Figure] = Field(
        alias="cijfers", min_length=1, json_schema_extra=expects("een lijst cijfers met bron")
    )
    petition: Petition = Field(alias="petitie", json_schema_extra=expects("de gegevens van de petitie"))
    newsletter: Newsletter = Field(alias="nieuwsbrief", json_schema_extra=expects("e-mail en onderwerp"))
    socials: dict[Literal["facebook", "instagram", "linkedin", "x", "bluesky", "mastodon"], Https | None] = Field(
        default_factory=dict, alias="sociale_media", json_schema_extra=expects("adressen met https:// (of leeg)")
    )
    manifest_pdfs: list[PdfLink] = Field(
        default_factory=list, alias="manifest_pdfs", json_schema_extra=expects("een lijst met titel en url")
    )
    moments: dict[Literal["overhandiging", "verkiezingen"], str] = Field(
        default_factory=dict,
        alias="momenten",
        json_schema_extra=expects(
            "welk moment van de tijdlijn de teksten gebruiken: overhandiging en verkiezingen, "
            "met de bestandsnaam in tijdlijn/ zonder .yml"
        ),
    )
    proposals: list[Proposal] = Field(
        alias="tekstvoorstellen", min_length=1, json_schema_extra=expects("de tekstvoorstellen uit de handreiking")
    )
