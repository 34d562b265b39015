"""Backups (#24): `python -m petition reservekopie` makes an encrypted backup that keeps the privacy
statement's promises, and `herstel` brings it back into a new database, where every link in the
mails already sent still works and nothing is counted twice."""

from __future__ import annotations

import datetime as dt
import stat
import subprocess
import sys
import time

import pytest

from petition import backup
from petition.mailbox import links
from petition.store import Database
from tests.petition_harness import Service, confirm, wait_for_mail
from tests.petition_harness import request as http

NO_LIMITS = {"PETITION_LIMIT_PER_IP": "0", "PETITION_LIMIT_PER_NETWORK": "0"}


def _petition(service: Service, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "petition", *args],
        env={**service.env(), **env},
        cwd=service.folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_backup_of_sqlite_restores_into_a_new_postgresql_with_every_link_working(tmp_path, mailbox, postgres):
    old = Service(f"sqlite:///{tmp_path / 'oud.db'}", mailbox.port, tmp_path, extra_env=NO_LIMITS).start()
    try:
        for name in ("anna", "bram", "cem"):
            assert old.sign(naam=name.title() + " Jansen", email=f"{name}@voorbeeld.nl", postcode="3533").status == 202
        wait_for_mail(mailbox, 3)
        mails = {recipients[0].split("@")[0]: links(message) for message, recipients in mailbox.messages}
        assert confirm(mails["anna"]["bevestig"]).status == 200
        assert confirm(mails["bram"]["bevestig"]).status == 200
        assert old.count() == 2
        made = _petition(old, "reservekopie", "--map", str(tmp_path / "kopieen"))
        assert made.returncode == 0, made.stderr
        assert "3 handtekeningen" in made.stdout
    finally:
        old.stop()
    (copy,) = (tmp_path / "kopieen").glob("petitie-*.reservekopie")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    raw = copy.read_bytes()
    for plain in (b"anna", b"Jansen", b"voorbeeld.nl", b"3533"):
        assert plain not in raw, "nothing readable in a backup"

    # The database is lost; a new one, PostgreSQL this time, from the backup, with the same secret.
    new = Service(postgres.new_database(), mailbox.port, tmp_path, extra_env=NO_LIMITS)
    new.private_key, new.secret, new.public_key = old.private_key, old.secret, old.public_key
    wrong = _petition(new, "herstel", str(copy), PETITION_SECRET="A" * 43 + "=")
    assert wrong.returncode == 1 and "gaat niet open met deze PETITION_SECRET" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    restored = _petition(new, "herstel", str(copy))
    assert restored.returncode == 0, restored.stderr
    assert "3 handtekeningen" in restored.stdout
    again = _petition(new, "herstel", str(copy))
    assert again.returncode == 1 and "al 3 handtekeningen" in again.stderr, "never over live data"
    new.start()
    try:
        old_base, new_base = old.base, new.base
        assert new.count() == 2
        # Links from mails sent before the loss work against the restored service.
        cem = mails["cem"]["bevestig"].replace(old_base, new_base)
        assert confirm(cem).status == 200 and new.count() == 3
        assert "al bevestigd" in confirm(mails["anna"]["bevestig"].replace(old_base, new_base)).text
        withdraw = mails["bram"]["intrekken"].replace(old_base, new_base)
        assert http(withdraw, data=b"", method="POST").status == 200 and new.count() == 2
        # The same address signing again is recognised: counted once.
        assert new.sign(naam="Anna", email="anna@voorbeeld.nl").status == 202
        assert new.count() == 2
        # A new signer gets a new id after the restored ones.
        assert new.sign(naam="Dirk", email="dirk@voorbeeld.nl").status == 202
        with Database(new.database_url).connect() as db:
            ids = [row[0] for row in db.query("SELECT id FROM signatures ORDER BY id")]
        assert len(ids) == len(set(ids)) == 3
    finally:
        new.stop()


@pytest.mark.fast
def test_backups_are_kept_no_longer_than_the_data():
    now = dt.datetime(2027, 3, 10, 3, 0, tzinfo=dt.UTC)
    names = [backup.Path(f"petitie-{(now - dt.timedelta(days=d)):%Y%m%dT%H%M%SZ}.reservekopie") for d in range(12)]
    kept_days = 7
    gone = backup.expired(names, now, kept_days, None)
    assert gone == sorted(names[8:]), "older than seven days"
    # Once personal data must be deleted, every backup made before that moment goes too.
    deletion = now - dt.timedelta(days=2, hours=1)
    gone = backup.expired(names, now, kept_days, deletion)
    assert gone == sorted(names[3:])
    assert backup.expired(names, now, kept_days, now + dt.timedelta(days=1)) == sorted(names[8:])
    assert backup.expired([backup.Path("iets-anders.txt")], now, 1, None) == []


@pytest.mark.slow
def test_backup_refuses_wrong_settings_in_dutch(tmp_path, mailbox):
    service = Service(f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path)
    result = _petition(service, "reservekopie", PETITION_BACKUP_DAYS="365")
    assert result.returncode == 2 and "1 tot 30 dagen" in result.stderr
    not_a_backup = tmp_path / "leeg.reservekopie"
    not_a_backup.write_bytes(b"iets")
    result = _petition(service, "herstel", str(not_a_backup))
    assert result.returncode == 1 and "geen reservekopie" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_the_service_makes_its_daily_backup_itself(tmp_path, mailbox):
    """Wherever PETITION_BACKUP_DIR is set, the promise on /privacy/ holds without a scheduler."""
    folder = tmp_path / "kopieen"
    service = Service(
        f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path, extra_env={"PETITION_BACKUP_DIR": str(folder)}
    ).start()
    try:
        deadline = time.monotonic() + 20
        while not list(folder.glob("*.reservekopie")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(list(folder.glob("*.reservekopie"))) == 1
    finally:
        service.stop()
    again = Service(
        f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path, extra_env={"PETITION_BACKUP_DIR": str(folder)}
    ).start()
    try:
        time.sleep(1.5)
        assert len(list(folder.glob("*.reservekopie"))) == 1, "one a day, not one per start"
    finally:
        again.stop()
