"""CBS's postcode table, read from small files in CBS's own format (zip, semicolons, cp1252 names)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from petition.cbs import CbsError, read_files, read_paths

pytestmark = pytest.mark.fast

# The shape of pc6hnr20250801_gwb.csv: one row per address, codes without the GM/WK/BU prefix.
ADDRESSES = """PC6;Huisnummer;Buurt2025;Wijk2025;Gemeente2025
9999AA;1;99990001;999900;9999
9999AA;3;99990001;999900;9999
9998AB;2;99990002;999900;9999
1234XY;5;01230001;012300;123
1234XY;7;01230001;012300;123
1234XZ;9;99990003;999900;9999
"""
# ... and of gem2025.csv, written by CBS in Windows-1252.
NAMES = 'Gemcode2025;Gemeentenaam2025\n"9999";"Dorp-aan-Zee"\n"0123";"Súdwest-Fryslân"\n'


def cbs_zip(folder: Path) -> Path:
    archive = folder / "2025-cbs-pc6huisnr20250801_buurt.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("pc6hnr20250801_gwb.csv", ADDRESSES.encode("utf-8"))
        z.writestr("gem2025.csv", NAMES.encode("cp1252"))
        z.writestr("brt2025.csv", b"buurtcode2025;buurtnaam2025\n")
    return archive


def test_zip_in_cbs_format_gives_postcodes_per_municipality(tmp_path):
    table = read_paths([cbs_zip(tmp_path)])
    assert table.places == {
        "9999": ("GM9999", "Dorp-aan-Zee"),
        "9998": ("GM9999", "Dorp-aan-Zee"),
        "1234": ("GM0123", "Súdwest-Fryslân"),
    }
    assert table.addresses == 6
    assert table.split == 1, "1234 crosses a border and goes to the municipality with most addresses"


def test_csv_files_work_too_and_a_wrong_file_says_why(tmp_path):
    (tmp_path / "pc6hnr20250801_gwb.csv").write_text(ADDRESSES, "utf-8")
    (tmp_path / "gem2025.csv").write_bytes(NAMES.encode("cp1252"))
    assert len(read_paths([tmp_path / "pc6hnr20250801_gwb.csv", tmp_path / "gem2025.csv"]).places) == 3
    with pytest.raises(CbsError, match="gemeentenamen"):
        read_files([("pc6hnr20250801_gwb.csv", ADDRESSES.encode())])
    with pytest.raises(CbsError, match="regel 2: 'XXXX' is geen postcode"):
        read_files(
            [("pc6hnr20250801_gwb.csv", b"PC6;Huisnummer;Gemeente2025\nXXXX;1;9999\n"), ("gem2025.csv", NAMES.encode())]
        )
    with pytest.raises(CbsError, match="GM0042"):
        read_files(
            [("pc6hnr20250801_gwb.csv", b"PC6;Huisnummer;Gemeente2025\n1000AA;1;42\n"), ("gem2025.csv", NAMES.encode())]
        )
