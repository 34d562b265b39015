"""The hand-over, decrypted offline with the foundation's private key (never on the server).

Writes, for confirmed signatures only: the names and places for the Tweede Kamer (CSV and PDF),
the counts per municipality, and the phone numbers of those who gave one (with the consent the
form's hint asks for) for the foundation's own administration.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from . import signatures
from .config import AMSTERDAM
from .crypto import open_sealed
from .fields import texts
from .store import Database

FONTS = Path(__file__).resolve().parent.parent / "hooks" / "fonts"


@dataclass(frozen=True)
class Signer:
    name: str
    place: str
    phone: str | None
    confirmed: dt.datetime


def signers(database: Database, private_key: bytes) -> list[Signer]:
    with database.connect() as db:
        places = signatures.municipalities(db)
        rows = db.query(
            "SELECT sealed, postcode4, confirmed_at FROM signatures"
            " WHERE confirmed_at IS NOT NULL AND sealed IS NOT NULL ORDER BY confirmed_at, id"
        )
    found = []
    for sealed, postcode4, confirmed_at in rows:
        personal = open_sealed(private_key, bytes(sealed))
        place = places[postcode4][1] if postcode4 in places else (postcode4 or "")
        when = dt.datetime.fromtimestamp(int(confirmed_at), AMSTERDAM)
        found.append(Signer(personal["naam"], place, personal.get("telefoon"), when))
    return found


def write(database: Database, private_key: bytes, folder: Path, title: str | None = None) -> dict[str, int]:
    """Write the four files into `folder`; returns what each holds, for the command's report."""
    folder.mkdir(parents=True, exist_ok=True)
    people = signers(database, private_key)
    with (folder / "handtekeningen.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["naam", "gemeente of postcode", "bevestigd op"])
        writer.writerows([_cell(p.name), _cell(p.place), p.confirmed.date().isoformat()] for p in people)
    per_place = Counter(p.place or "onbekend" for p in people)
    with (folder / "per-gemeente.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["gemeente of postcode", "handtekeningen"])
        writer.writerows([_cell(place), n] for place, n in sorted(per_place.items()))
    phones = [p for p in people if p.phone]
    with (folder / "telefoon.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["naam", "telefoon"])
        writer.writerows([_cell(p.name), p.phone] for p in phones)
    _pdf(people, folder / "aanbieding.pdf", title or texts()["export"]["titel"])
    return {"handtekeningen": len(people), "gemeenten": len(per_place), "telefoon": len(phones)}


def _cell(text: str) -> str:
    """No spreadsheet formulas from a name (CSV injection): a leading =, +, - or @ is quoted."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _pdf(people: list[Signer], path: Path, title: str) -> None:
    pdf = FPDF(format="A4")
    pdf.set_creator("Gezinshulp eerst")
    pdf.set_title(title)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, texts()["export"]["aantal"].format(n=len(people)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    with pdf.table(col_widths=(10, 60, 40), text_align="LEFT") as table:
        header = table.row()
        for cell in texts()["export"]["kolommen"]:
            header.cell(cell)
        for number, person in enumerate(people, start=1):
            row = table.row()
            row.cell(str(number))
            row.cell(person.name)
            row.cell(person.place)
    pdf.output(str(path))
