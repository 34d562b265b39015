"""CBS's postcode table, reduced to what the petition needs: four-digit postcode -> municipality.

CBS publishes "Buurt, wijk en gemeente voor postcode-huisnummer" each year as a zip with
`pc6hnrYYYYMMDD_gwb.csv` (`PC6;Huisnummer;BuurtYYYY;WijkYYYY;GemeenteYYYY`, one row per address)
and a file of municipality names (`gemYYYY.csv`: code and name). A four-digit postcode can cross a
municipal border; it is counted for the municipality with most of its addresses, and the command
says how many postcodes that concerns. Nothing here is made up: without CBS's file there is no
table, and the service counts per postcode.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

_ADDRESSES = re.compile(r"pc6hnr\d{8}.*\.csv$", re.I)
_NAMES = re.compile(r"(gem|gemeente|gemeenten|gemeentenaam)[_-]?\d{4}\.csv$", re.I)


class CbsError(Exception):
    """The file is not CBS's table as described above; the message is one Dutch line."""


@dataclass(frozen=True)
class Table:
    places: dict[str, tuple[str, str]]  # pc4 -> (GMxxxx, name)
    split: int  # postcodes that cross a municipal border
    addresses: int


def _text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CbsError("het bestand is geen tekst in UTF-8 of Windows-1252")


def _rows(text: str) -> Iterator[list[str]]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _code(value: str) -> str:
    digits = value.strip().upper().removeprefix("GM")
    if not digits.isdigit():
        raise CbsError(f"{value!r} is geen gemeentecode")
    return f"GM{int(digits):04d}"


def read_files(files: Iterable[tuple[str, bytes]]) -> Table:
    addresses_file = names_file = None
    for name, data in files:
        base = Path(name).name
        if _ADDRESSES.search(base):
            addresses_file = (base, data)
        elif _NAMES.search(base):
            names_file = (base, data)
    if addresses_file is None:
        raise CbsError("geen bestand pc6hnr…_gwb.csv gevonden; verwacht de zip of de csv-bestanden van CBS")
    if names_file is None:
        raise CbsError("geen bestand met gemeentenamen (gemJJJJ.csv) gevonden naast pc6hnr…_gwb.csv")
    names: dict[str, str] = {}
    rows = _rows(_text(names_file[1]))
    header = [h.strip().strip('"').lower() for h in next(rows, [])]
    code_at = next((i for i, h in enumerate(header) if "code" in h), None)
    name_at = next((i for i, h in enumerate(header) if "naam" in h), None)
    if code_at is None or name_at is None:
        raise CbsError(f"{names_file[0]}: verwacht kolommen met de gemeentecode en de gemeentenaam")
    for row in rows:
        if len(row) > max(code_at, name_at) and row[code_at].strip():
            names[_code(row[code_at])] = row[name_at].strip()
    per_postcode: dict[str, Counter[str]] = defaultdict(Counter)
    rows = _rows(_text(addresses_file[1]))
    header = [h.strip().strip('"').lower() for h in next(rows, [])]
    pc6_at = header.index("pc6") if "pc6" in header else None
    municipality_at = next((i for i, h in enumerate(header) if h.startswith("gemeente")), None)
    if pc6_at is None or municipality_at is None:
        raise CbsError(f"{addresses_file[0]}: verwacht de kolommen PC6 en GemeenteJJJJ")
    count = 0
    for number, row in enumerate(rows, start=2):
        if len(row) <= max(pc6_at, municipality_at):
            continue
        pc6 = row[pc6_at].strip().replace(" ", "")
        if not re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", pc6.upper()):
            raise CbsError(f"{addresses_file[0]}, regel {number}: {pc6!r} is geen postcode zoals 3533AE")
        per_postcode[pc6[:4]][_code(row[municipality_at])] += 1
        count += 1
    places: dict[str, tuple[str, str]] = {}
    split = 0
    for pc4, municipalities in per_postcode.items():
        code, _ = max(municipalities.items(), key=lambda item: (item[1], item[0]))
        split += len(municipalities) > 1
        if code not in names:
            raise CbsError(f"{names_file[0]}: gemeentecode {code} (postcode {pc4}) staat er niet in")
        places[pc4] = (code, names[code])
    return Table(places, split, count)


def read_paths(paths: Iterable[Path]) -> Table:
    files: list[tuple[str, bytes]] = []
    for path in paths:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    if member.lower().endswith(".csv"):
                        files.append((member, archive.read(member)))
        else:
            files.append((path.name, path.read_bytes()))
    return read_files(files)
