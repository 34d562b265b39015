"""The campaign data file (data/campagne.yml): facts that more than one page uses, in one place."""

from __future__ import annotations

from pydantic import Field

from .models import Content, expects


class Organisation(Content):
    name: str = Field(alias="naam", json_schema_extra=expects("de naam van de stichting"))
    website: str = Field(alias="website", pattern=r"^https://", json_schema_extra=expects("een webadres met https://"))
    email: str = Field(alias="email", pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$",
                       json_schema_extra=expects("een e-mailadres"))
    phone: str = Field(alias="telefoon", json_schema_extra=expects("een telefoonnummer"))
    address: str = Field(alias="adres", json_schema_extra=expects("straat, postcode en plaats"))
    iban: str = Field(alias="iban", pattern=r"^NL\d{2} ?[A-Z]{4}( ?\d{2,4}){3,4}$",
                      json_schema_extra=expects("een IBAN zoals NL83 RABO 0172 4314 84"))
    director: str = Field(alias="directeur", json_schema_extra=expects("naam van de directeur"))


class CampaignInfo(Content):
    name: str = Field(alias="naam", json_schema_extra=expects("de naam van de campagne"))
    message: str = Field(alias="boodschap", json_schema_extra=expects("de boodschap in één zin"))


class Campaign(Content):
    organisation: Organisation = Field(alias="organisatie", json_schema_extra=expects("de gegevens van de stichting"))
    campaign: CampaignInfo = Field(alias="campagne", json_schema_extra=expects("naam en boodschap"))
    roles: dict[str, str] = Field(alias="rollen", json_schema_extra=expects("rollen met hun tekst"))
    themes: dict[str, str] = Field(alias="themas", min_length=1,
                                   json_schema_extra=expects("thema's met hun tekst, zoals `contact: Contact met familie`"))
