"""A signature as the form sends it, validated and normalised: pure functions, no I/O.

Every field is checked strictly (what it may contain, how long it may be); the answer names each
wrong field in Dutch. E-mail addresses are normalised twice: once to send mail to (as typed, only
trimmed, the domain lower-cased), and once to compare (`dedup_key`, see README "What counts as the
same address").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

FIELDS = ("naam", "email", "telefoon", "postcode", "toestemming", "website", "ingevuld_na", "poging")
# `poging`: a random value the page's script sets once; a second post of the same form (the script's
# fallback after an answer it could not read) is then answered without a second mail (limits.py).
_ATTEMPT = re.compile(r"^[0-9a-f]{32}$")

# Characters that change how text is shown or read without being visible: refused in every field.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u061c\u180e]")
_NAME_PUNCTUATION = set(" .'-\u2019")
# Stricter than RFC 5322 allows: the characters real mailboxes use, no braces, pipes or quotes.
_LOCAL = re.compile(r"^[A-Za-z0-9_%+'-]+(\.[A-Za-z0-9_%+'-]+)*$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_PHONE = re.compile(r"^\+?[0-9 ().-]{8,24}$")
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})?$")
GMAIL = frozenset({"gmail.com", "googlemail.com"})


@cache
def texts() -> dict[str, Any]:
    """The Dutch texts of the service (petition/teksten.yml)."""
    data: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "teksten.yml").read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Signature:
    name: str
    email: str  # where the mail goes: as typed, trimmed, domain lower-cased and in ASCII (IDNA)
    dedup_key: str  # what two signatures are compared on
    domain: str
    phone: str | None  # normalised, +31 form for Dutch numbers; only given with consent (the hint says so)
    postcode4: str | None
    attempt: str = ""  # the form's `poging`, if it is one the script made


@dataclass(frozen=True)
class Checked:
    signature: Signature | None
    errors: dict[str, str]  # field -> Dutch message, in the form's order
    bot: bool = False  # the honeypot was filled in: answer as if all went well, keep nothing


def _clean(value: str) -> str | None:
    """NFC, no controls and no invisible or direction characters; None when such a character is there."""
    text = unicodedata.normalize("NFC", value)
    if _INVISIBLE.search(text) or any(unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") for c in text):
        return None
    return text.strip()


def _scripts(text: str) -> set[str]:
    """Which alphabets the letters of a text come from (LATIN, CYRILLIC, GREEK, ...)."""
    found = set()
    for char in text:
        if char.isalpha():
            found.add(unicodedata.name(char, "UNKNOWN").split(" ")[0])
    return found


def check_name(value: str) -> tuple[str | None, str | None]:
    msg = texts()["velden"]["naam"]
    text = _clean(value)
    if text is None:
        return None, msg["tekens"]
    text = " ".join(text.split())
    if not text:
        return None, msg["leeg"]
    if not 2 <= len(text) <= 100:
        return None, msg["lengte"]
    letters = [c for c in text if c not in _NAME_PUNCTUATION]
    if not letters or not all(unicodedata.category(c)[0] in "LM" for c in letters):
        return None, msg["tekens"]
    if not unicodedata.category(text[0]).startswith("L"):
        return None, msg["tekens"]
    return text, None


def check_email(value: str) -> tuple[tuple[str, str, str] | None, str | None]:
    """(address to send to, key to compare, domain), or the Dutch reason."""
    msg = texts()["velden"]["email"]
    text = _clean(value)
    if text is None:
        return None, msg["vorm"]
    if not text:
        return None, msg["leeg"]
    text = unicodedata.normalize("NFKC", text)
    if len(text) > 254 or text.count("@") != 1:
        return None, msg["vorm"]
    local, domain = text.rsplit("@", 1)
    if not domain or len(local) > 64 or not _LOCAL.match(local):
        return None, msg["alfabet"] if not local.isascii() and local.isprintable() else msg["vorm"]
    if not domain.isascii() and len(_scripts(domain)) > 1:
        return None, msg["alfabet"]
    try:
        ascii_domain = domain.lower().rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        return None, msg["vorm"]
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or not _TLD.match(labels[-1]):
        return None, msg["vorm"]
    return (f"{local}@{ascii_domain}", dedup_key(local, ascii_domain), ascii_domain), None


def dedup_key(local: str, domain: str) -> str:
    """Case, a `+label` and (at Gmail, which ignores them) dots do not make another person."""
    local = local.lower().split("+", 1)[0] or local.lower()
    if domain in GMAIL:
        domain = "gmail.com"
        local = local.replace(".", "")
    return f"{local}@{domain}"


def check_phone(value: str) -> tuple[str | None, str | None]:
    msg = texts()["velden"]["telefoon"]
    text = _clean(value)
    if text is None:
        return None, msg["vorm"]
    if not text:
        return None, None
    digits = re.sub(r"\D", "", text)
    if not _PHONE.match(text) or "+" in text[1:] or not 9 <= len(digits) <= 15:
        return None, msg["vorm"]
    if text.startswith("+"):
        return "+" + digits, None
    if digits.startswith("00"):
        return "+" + digits[2:], None
    if digits.startswith("0") and len(digits) == 10:
        return "+31" + digits[1:], None
    return None, msg["vorm"]


def check_postcode(value: str) -> tuple[str | None, str | None]:
    text = _clean(value)
    if text is None:
        return None, texts()["velden"]["postcode"]["vorm"]
    if not text:
        return None, None
    match = _POSTCODE.match(text)
    if not match:
        return None, texts()["velden"]["postcode"]["vorm"]
    return match.group(1), None  # only the four digits are kept: enough to count per municipality


def check(form: dict[str, str], *, min_seconds: int) -> Checked:
    """The whole form: every field's error at once, as the error summary lists them."""
    errors: dict[str, str] = {}
    name, error = check_name(form.get("naam", ""))
    if error:
        errors["naam"] = error
    email, error = check_email(form.get("email", ""))
    if error:
        errors["email"] = error
    phone, error = check_phone(form.get("telefoon", ""))
    if error:
        errors["telefoon"] = error
    postcode, error = check_postcode(form.get("postcode", ""))
    if error:
        errors["postcode"] = error
    if form.get("toestemming") != "ja":
        errors["toestemming"] = texts()["velden"]["toestemming"]["leeg"]
    elapsed = form.get("ingevuld_na", "")
    if not errors and elapsed.isdigit() and len(elapsed) < 7 and int(elapsed) < min_seconds:
        errors["naam"] = texts()["velden"]["snel"]
    if form.get("website", ""):
        return Checked(None, {}, bot=True)
    if errors or name is None or email is None:
        return Checked(None, errors)
    address, key, domain = email
    attempt = form.get("poging", "")
    attempt = attempt if _ATTEMPT.match(attempt) else ""  # anything else: as if there were none
    return Checked(Signature(name, address, key, domain, phone, postcode, attempt), {})
