"""The petition service end to end, on SQLite and on a real PostgreSQL, with a real SMTP server:
sign, receive the mail, follow its link, count, sign again, withdraw, crash, purge, export."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import sqlite3
import time
import urllib.parse

import pytest

from petition import crypto, signatures
from petition.mailbox import Mailbox, links
from petition.store import Database
from tests.helpers import ROOT
from tests.petition_harness import Service, confirm, free_port, wait_for_mail
from tests.petition_harness import request as http

pytestmark = pytest.mark.slow
NO_SOURCE_LIMITS = {"PETITION_LIMIT_PER_IP": "0", "PETITION_LIMIT_PER_NETWORK": "0"}


@pytest.fixture(params=["sqlite", "postgresql"])
def service(request, tmp_path, mailbox, postgres):
    """The service on either database; limits per source off (one test client sends everything)."""
    url = f"sqlite:///{tmp_path / 'petitie.db'}" if request.param == "sqlite" else postgres.new_database()
    running = Service(url, mailbox.port, tmp_path, extra_env=NO_SOURCE_LIMITS).start()
    yield running
    running.stop()


def _database_rows(service: Service) -> list[tuple]:
    with Database(service.database_url).connect() as db:
        return db.query("SELECT id, address_hash, sealed, postcode4, confirmed_at FROM signatures ORDER BY id")


def test_sign_confirm_count_sign_again_withdraw(service, mailbox):
    first = service.sign(
        naam="Anna de Vries", email="Anna.de.Vries@Example.NL ", telefoon="06 12345678", postcode="3533 AE"
    )
    assert first.status == 202 and first.json() == {"status": "ontvangen"}
    wait_for_mail(mailbox, 1)
    message, recipients = mailbox.messages[0]
    assert recipients == ["Anna.de.Vries@example.nl"], "mail goes to the address as typed (domain lower-cased)"
    assert message["Subject"] == "Bevestig je handtekening: Gezinshulp eerst"
    assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None
    found = links(message)
    assert set(found) == {"bevestig", "intrekken"}, "every mail carries the withdrawal link"
    assert service.count() == 0, "only confirmed signatures count"

    # Mail scanners open links with GET and HEAD before the person does: neither confirms.
    opened = http(found["bevestig"])
    assert opened.status == 200 and 'method="post"' in opened.text and "Ja, ik teken de petitie" in opened.text
    assert http(found["bevestig"], method="HEAD").status == 200
    assert service.count() == 0, "opening the link confirms nothing"
    page = confirm(found["bevestig"])
    assert page.status == 200 and "Bedankt! Je handtekening telt" in page.text
    assert "wa.me/?text=" in page.text and "mailto:?subject=" in page.text, "the moment to ask for sharing"
    assert service.count() == 1
    again = http(found["bevestig"])
    assert again.status == 200 and "al bevestigd" in again.text, "opened again: it says so, no button"
    assert service.count() == 1

    # The same person, typed differently: counted once, and the answer is the very same.
    second = service.sign(naam="Anna", email="  anna.de.vries+petitie@EXAMPLE.nl")
    assert (second.status, second.body) == (first.status, first.body)
    wait_for_mail(mailbox, 2)
    assert mailbox.messages[1][0]["Subject"] == "Je hebt de petitie Gezinshulp eerst al getekend"
    assert service.count() == 1
    assert len(_database_rows(service)) == 1

    # Withdrawal: a page with a button first (mail scanners open links), then gone at once.
    withdraw = links(mailbox.messages[1][0])["intrekken"]
    assert withdraw == found["intrekken"], "an older mail's link keeps working"
    confirm_page = http(withdraw)
    assert confirm_page.status == 200 and 'method="post"' in confirm_page.text
    assert http(withdraw, method="HEAD").status == 200
    assert service.count() == 1, "opening the link (GET or HEAD) withdraws nothing"
    done = http(withdraw, data=b"", method="POST")
    assert done.status == 200 and "ingetrokken" in done.text
    assert service.count() == 0
    assert _database_rows(service) == []
    assert http(withdraw, data=b"", method="POST").status == 404
    assert http(found["bevestig"]).status == 404


def test_personal_data_is_sealed_and_only_the_private_key_opens_it(service, mailbox):
    service.sign(naam="Özlem Yılmaz-de Boer", email="ozlem@example.org", telefoon="+31 6 1234 5678", postcode="1011")
    rows = _database_rows(service)
    assert len(rows) == 1
    _, address_hash, sealed, postcode4, _ = rows[0]
    raw = bytes(sealed)
    for secret in (b"ozlem", "Özlem".encode(), b"1234 5678", b"+3161234"):
        assert secret not in raw
    assert postcode4 == "1011", "only the four digits are kept"
    assert len(address_hash) == 64 and "ozlem" not in address_hash
    opened = crypto.open_sealed(service.private_key, raw)
    assert opened == {"naam": "Özlem Yılmaz-de Boer", "email": "ozlem@example.org", "telefoon": "+31612345678"}
    other_private, _ = crypto.new_keypair()
    with pytest.raises(Exception):  # noqa: B017 - libsodium's CryptoError: another key opens nothing
        crypto.open_sealed(other_private, raw)
    wait_for_mail(mailbox, 1)
    # The sender clears the outbox row just after the SMTP server accepted the mail: wait for it.
    deadline = time.monotonic() + 10
    while True:
        with Database(service.database_url).connect() as db:
            pending = signatures.pending_mail(db)
        if pending == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert pending == 0, "a sent mail leaves nothing in the outbox"
    log = service.log.read_text("utf-8")
    for personal in ("Özlem", "ozlem@", "1234 5678", "+3161234"):
        assert personal not in log, "logs keep no personal data"


def test_without_javascript_every_answer_is_a_dutch_page(service, mailbox):
    ok = service.sign(accept_json=False)
    assert ok.status == 200 and ok.headers["content-type"].startswith("text/html")
    assert '<html lang="nl">' in ok.text and "kijk in je mailbox" in ok.text.lower()
    assert "default-src 'none'" in ok.headers["content-security-policy"]
    wrong = service.sign(accept_json=False, naam="", email="geen-adres", toestemming="")
    assert wrong.status == 422
    for message in (
        "Vul je naam in.",
        "Vul een e-mailadres in zoals naam@voorbeeld.nl.",
        "Vink aan dat je de petitie tekent.",
    ):
        assert message in wrong.text
    assert 'value="geen-adres"' in wrong.text, "what was typed is kept"
    assert 'aria-invalid="true"' in wrong.text


def test_cors_is_only_for_the_campaign_site(service):
    own = http(service.base + "/telling.json", headers={"Origin": "http://127.0.0.1:8000"})
    assert own.headers.get("access-control-allow-origin") == "http://127.0.0.1:8000"
    other = http(service.base + "/telling.json", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    assert "max-age" in own.headers["cache-control"] and "public" in own.headers["cache-control"]
    health = http(service.base + "/gezond")
    assert health.status == 200 and health.json() == {"status": "ok"}, "a load balancer hears healthy, nothing more"


def test_rate_limits_answer_in_dutch(tmp_path, mailbox):
    service = Service(
        f"sqlite:///{tmp_path / 'p.db'}",
        mailbox.port,
        tmp_path,
        extra_env={"PETITION_LIMIT_PER_IP": "5", "PETITION_LIMIT_PER_EMAIL": "2", "PETITION_LIMIT_PER_DOMAIN": "3"},
    ).start()
    try:
        statuses = [service.sign(email=f"iemand{i}@example.org").status for i in range(8)]
        assert statuses[:3] == [202, 202, 202]
        assert 429 in statuses[3:5], "per e-mail domain"
        assert statuses[-1] == 429
        answer = service.sign(email="nog.een@gmail.com")
        assert answer.status == 429 and "Probeer het over een paar minuten opnieuw" in answer.json()["fout"]
    finally:
        service.stop()


def test_a_closed_petition_answers_kindly(tmp_path, mailbox):
    campaign = tmp_path / "campagne.yml"
    campaign.write_text("petitie:\n  sluit_op: 2020-01-31\n", "utf-8")
    service = Service(
        f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path, extra_env={"PETITION_CAMPAIGN_FILE": str(campaign)}
    ).start()
    try:
        page = service.sign(accept_json=False)
        assert page.status == 410 and "De petitie is gesloten" in page.text
        assert http(service.base + "/telling.json").json()["gesloten"] is True
    finally:
        service.stop()


def test_the_outbox_survives_a_crash_and_sends_after_restart(tmp_path):
    """SMTP down, signatures acknowledged, service killed with -9: after restart every mail goes out."""
    port = free_port()
    service = Service(f"sqlite:///{tmp_path / 'p.db'}", port, tmp_path, extra_env=NO_SOURCE_LIMITS).start()
    try:
        acknowledged = [service.sign(email=f"crash{i}@example.org").status for i in range(20)]
        assert acknowledged == [202] * 20
        service.kill()
        box = Mailbox(port=port)
        box.start()
        try:
            service.start()
            wait_for_mail(box, 20, timeout=60)
            assert sorted(r[0] for _, r in box.messages) == sorted(f"crash{i}@example.org" for i in range(20))
        finally:
            box.stop()
    finally:
        service.stop()


def test_purge_deletes_unconfirmed_after_days_and_everything_personal_after_the_date(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'p.db'}")
    database.migrate()
    _, public = crypto.new_keypair()
    keys = crypto.Keys(b"s" * 32, public)
    from petition.fields import check

    now = int(time.time())
    with database.connect() as db:
        db.begin()
        for i, age_days in enumerate((10, 1, 10)):
            sig = check({"naam": "Jan", "email": f"jan{i}@example.nl", "toestemming": "ja"}, min_seconds=0).signature
            assert sig is not None
            sealed = signatures.seal(keys, sig)
            signatures.sign(db, [signatures.Signing(sealed, [], now - age_days * 86400)])
            if i == 2:
                db.execute("UPDATE signatures SET confirmed_at = ? WHERE address_hash = ?", (now, sealed.address_hash))
        db.commit()
        db.begin()
        purged = signatures.purge(db, now, 7, None)
        db.commit()
        assert purged.unconfirmed == 1, "only the unconfirmed one older than 7 days"
        assert signatures.count(db) == 1
        db.begin()
        purged = signatures.purge(db, now, 7, now - 1)
        db.commit()
        assert purged.anonymised == 2
        assert db.query("SELECT count(*) FROM signatures WHERE sealed IS NOT NULL OR address_hash IS NOT NULL") == [
            (0,)
        ]
        assert signatures.count(db) == 1, "the count stays"
        assert signatures.pending_mail(db) == 0


def test_export_decrypts_offline_into_the_hand_over(service, mailbox, tmp_path):
    from petition.export import write

    people = [("Anna de Vries", "anna@example.nl", "06 11111111", "3533"), ("=HYPERLINK", "x@example.nl", "", "")]
    people[1] = ("Bram Bakker", "bram@example.nl", "", "")
    for name, email, phone, postcode in people:
        assert service.sign(naam=name, email=email, telefoon=phone, postcode=postcode).status == 202
    wait_for_mail(mailbox, 2)
    for message, _ in mailbox.messages:
        assert confirm(links(message)["bevestig"]).status == 200
    service.sign(naam="Niet Bevestigd", email="niet@example.nl")
    result = write(Database(service.database_url), service.private_key, tmp_path / "uit")
    assert result == {"handtekeningen": 2, "gemeenten": 2, "telefoon": 1}
    rows = list(csv.reader((tmp_path / "uit" / "handtekeningen.csv").open(encoding="utf-8"), delimiter=";"))
    assert rows[0] == ["naam", "gemeente of postcode", "bevestigd op"]
    assert [r[:2] for r in rows[1:]] == [["Anna de Vries", "3533"], ["Bram Bakker", ""]]
    phones = list(csv.reader((tmp_path / "uit" / "telefoon.csv").open(encoding="utf-8"), delimiter=";"))
    assert phones == [["naam", "telefoon"], ["Anna de Vries", "+31611111111"]]
    pdf = (tmp_path / "uit" / "aanbieding.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and b"/Type /Page" in pdf


def test_municipality_lookup_uses_the_cbs_table_once_loaded(service, mailbox, tmp_path):
    from tests.test_petition_cbs import cbs_zip

    assert service.sign(email="a@example.nl", postcode="9999").status == 202
    assert service.sign(email="b@example.nl", postcode="9998").status == 202
    wait_for_mail(mailbox, 2)
    for message, _ in mailbox.messages:
        confirm(links(message)["bevestig"])
    before = http(service.base + "/gemeente.json?postcode=9999").json()
    assert before["postcode"] == "9999" and before["aantal"] == 1, "without CBS's table: per postcode"
    archive = cbs_zip(tmp_path)
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-m", "petition", "gemeenten", str(archive)],
        env=service.env(),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert loaded.returncode == 0, loaded.stderr
    service.stop()
    service.start()
    after = http(service.base + "/gemeente.json?postcode=9999").json()
    assert (after["gemeente"], after["aantal"]) == ("Dorp-aan-Zee", 2), "both postcodes lie in one municipality"
    page = http(service.base + "/gemeente?postcode=9999")
    assert "In de gemeente <strong>Dorp-aan-Zee</strong>\ntekenden 2 mensen" in page.text
    wrong = http(service.base + "/gemeente?postcode=%3Cscript%3E")
    assert wrong.status == 400 and "<script>" not in wrong.text


def test_hostile_corpus_never_a_500_never_stored_wrongly(service, mailbox):
    """Bodies and fields as attackers and broken clients send them: each a clear Dutch answer."""
    base = service.base + "/teken"
    json_headers = {"Accept": "application/json"}
    good = {"naam": "Sam", "email": "sam@example.nl", "toestemming": "ja"}

    def form(**changes: str) -> str:
        return urllib.parse.urlencode(good | changes)

    cases: list[tuple[bytes | str, dict[str, str], int]] = [
        (b"naam=" + b"a" * 10_000, {}, 413),
        (b"\xff\xfe\x00naam=x", {}, 400),
        ("naam=Sam&naam=Kim&email=a@b.nl&toestemming=ja", {}, 400),
        ("onbekend=1&" + form(), {}, 400),
        (form(), {"Content-Type": "multipart/form-data; boundary=x"}, 400),
        (form(), {"Content-Type": "application/json"}, 400),
        ("%%%", {}, 400),
    ]
    for value in (
        "Robert'); DROP TABLE signatures;--",
        "{{ 7*7 }}",
        "{% raw %}",
        "<script>alert(1)</script>",
        "Sam\r\nBcc: victim@example.org",
        "Sam\u202eevil",
        "Sam\u200b",
        "Sam\x00",
        "\u0430dmin",  # Cyrillic a: a name may be any alphabet, so this is allowed
        "x" * 101,
    ):
        cases.append((form(naam=value), {}, 202 if value == "\u0430dmin" else 422))
    for value in (
        "sam@exаmple.nl",  # Cyrillic а in a Latin domain
        "sаm@example.nl",  # ... in the local part
        "sam@example.nl\r\nBcc: x@y.nl",
        "sam@@example.nl",
        "'; DROP TABLE signatures;--@example.nl",
        "sam@example",
        "a" * 65 + "@example.nl",
        "sam@-example.nl",
        "{{7*7}}@example.nl",
    ):
        cases.append((form(email=value), {}, 422))
    for value in ("12", "06-1234-5678-9999-9999", "0612345678; DROP", "+31 6 1234 5678\n"):
        cases.append((form(telefoon=value), {}, 422))
    for value in ("0123", "12345", "1234 ABC", "<1234>"):
        cases.append((form(postcode=value), {}, 422))
    for body, headers, expected in cases:
        answer = http(base, body, json_headers | headers)
        assert answer.status == expected, (body[:80], answer.status, answer.body[:200])
        assert answer.status < 500
        message = answer.json()
        assert message.get("status") == "ontvangen" or message.get("fout") or message.get("fouten")
    # What was stored is exactly the two good ones (the Cyrillic-named one and nothing else).
    rows = _database_rows(service)
    names = sorted(crypto.open_sealed(service.private_key, bytes(r[2]))["naam"] for r in rows)
    assert names == ["\u0430dmin"]


def test_sqlite_file_is_in_wal_mode_with_full_sync(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    database.migrate()
    with database.connect() as db:
        assert db.one("PRAGMA journal_mode") == ("wal",)
        assert db.one("PRAGMA synchronous") == (2,)
    newest = max(int(p.name[:4]) for p in (ROOT / "petition" / "migrations").glob("*.sql"))
    assert sqlite3.connect(tmp_path / "x.db").execute("SELECT max(version) FROM schema_version").fetchone() == (newest,)
    assert database.migrate() == [], "migrations run once"


def test_postgres_crash_loses_nothing_acknowledged(postgres, tmp_path, mailbox):
    url = postgres.new_database()
    service = Service(url, mailbox.port, tmp_path, extra_env=NO_SOURCE_LIMITS).start()
    try:
        first = [service.sign(email=f"voor{i}@example.org").status for i in range(5)]
        assert first == [202] * 5
        postgres.kill()
        during = service.sign(email="tijdens@example.org")
        assert during.status == 503 and "Probeer het over een paar minuten opnieuw" in during.json()["fout"]
        postgres.start()
        deadline = time.monotonic() + 20
        while service.sign(email="na@example.org").status != 202 and time.monotonic() < deadline:
            time.sleep(0.3)
        with Database(url).connect() as db:
            assert db.one("SELECT count(*) FROM signatures") == (6,), "5 before the crash, 1 after; none lost"
        wait_for_mail(mailbox, 6, timeout=60)
    finally:
        service.stop()


def test_dates_in_count_are_amsterdam_time(service):
    stamp = dt.datetime.fromisoformat(http(service.base + "/telling.json").json()["stand_op"])
    assert stamp.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))


def test_signatures_come_only_from_the_campaign_site(tmp_path, mailbox):
    """A browser names the page a form came from (Origin): another site's form signs for nobody."""
    site = "https://gezinshulpeerst.hetvergetenkind.nl"
    service = Service(
        f"sqlite:///{tmp_path / 'p.db'}",
        mailbox.port,
        tmp_path,
        extra_env={**NO_SOURCE_LIMITS, "PETITION_SITE_URL": site},
    ).start()
    try:
        form = urllib.parse.urlencode(
            {"naam": "Anna de Vries", "email": "anna@example.nl", "toestemming": "ja", "website": ""}
        )
        for foreign in (
            "https://evil.example",
            "null",
            site + ".evil.example",
            "http://gezinshulpeerst.hetvergetenkind.nl",
        ):
            answer = http(service.base + "/teken", form, {"Origin": foreign})
            assert answer.status == 403 and "andere website" in answer.text, foreign
        assert _database_rows(service) == []
        assert http(service.base + "/teken", form, {"Origin": site, "Accept": "application/json"}).status == 202
        assert http(service.base + "/teken", form, {"Origin": service.base}).status == 200, "the service's own page"
        # No redirect built from the Host header the client chose.
        moved = http(service.base + "/teken/", form, {"Host": "evil.example"})
        assert moved.status in (404, 405) and "evil.example" not in moved.headers.get("location", "")
    finally:
        service.stop()


def test_a_form_sent_byte_by_byte_is_cut_off(tmp_path, mailbox):
    import socket

    service = Service(f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path).start()
    try:
        with socket.create_connection(("127.0.0.1", service.port), timeout=30) as conn:
            conn.sendall(
                b"POST /teken HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 200\r\nAccept: application/json\r\n\r\nnaam=A"
            )
            started = time.monotonic()
            conn.settimeout(30)
            answer = b""
            while b"\r\n\r\n" not in answer:
                conn.sendall(b"a")  # one byte now and then: never the whole form
                time.sleep(1)
                try:
                    conn.setblocking(False)
                    answer += conn.recv(4096)
                except BlockingIOError:
                    pass
                finally:
                    conn.setblocking(True)
                assert time.monotonic() - started < 25, "held longer than the deadline"
        assert answer.startswith(b"HTTP/1.1 408"), answer[:100]
        _the_request_head_is_bounded(service)
    finally:
        service.stop()


def _drip(conn, started: float) -> bytes:
    """Send one header byte a second until the service answers or closes; what it said."""
    answer = b""
    conn.settimeout(1)
    while time.monotonic() - started < 25:
        try:
            conn.sendall(b"a")
            chunk = conn.recv(4096)
        except TimeoutError:
            continue
        except OSError:
            break
        if not chunk:
            break
        answer += chunk
    return answer


def _the_request_head_is_bounded(service) -> None:
    """httptools read a header of any size and waited for a head forever: a 1 MB header now gets
    431 and a head sent byte by byte 408, each on a closed connection, and ordinary heads pass."""
    import socket

    huge = b"GET /telling.json HTTP/1.1\r\nHost: x\r\nX-Vulling: " + b"a" * 1_000_000 + b"\r\n\r\n"
    with socket.create_connection(("127.0.0.1", service.port), timeout=10) as conn:
        with contextlib.suppress(OSError):  # closed while sending: refused before the megabyte was read
            conn.sendall(huge)
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 431"), answer[:100]
    with socket.create_connection(("127.0.0.1", service.port), timeout=10) as conn:
        conn.sendall(b"GET /telling.json HTTP/1.1\r\nHost: x\r\nX-Traag: ")
        started = time.monotonic()
        answer = _drip(conn, started)
    assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 15, answer[:100]
    big_but_fine = {f"X-Kop-{i}": "b" * 100 for i in range(60)}  # 6 kB of headers, as a proxy may add
    assert http(service.base + "/telling.json", headers=big_but_fine).status == 200


def test_withdrawn_means_gone_from_the_sqlite_files(tmp_path):
    """After a withdrawal, neither the sealed record nor the waiting mail (readable with the server's
    own secret) nor the address hash is anywhere in the database's files: table, WAL or free pages."""
    closed = free_port()  # no mail server: the mail stays in the outbox, as a slow provider would keep it
    service = Service(f"sqlite:///{tmp_path / 'p.db'}", closed, tmp_path, extra_env=NO_SOURCE_LIMITS).start()
    try:
        assert service.sign(naam="Wies Verdwijn", email="wies@example.nl", telefoon="0612345678").status == 202
        with Database(service.database_url).connect() as db:
            signature_id, address_hash, sealed = db.one("SELECT id, address_hash, sealed FROM signatures")
            (payload,) = db.one("SELECT payload FROM outbox")
        traces = [bytes(sealed)[:48], bytes(payload)[:48], address_hash.encode()]
        files = lambda: b"".join(p.read_bytes() for p in tmp_path.glob("p.db*"))  # noqa: E731
        assert all(trace in files() for trace in traces), "the traces are there before"
        Database(service.database_url).forget_deleted()  # as a minute later: the rows are in the main file now
        assert all(trace in (tmp_path / "p.db").read_bytes() for trace in traces)
        keys = crypto.Keys(service.secret, service.public_key)
        path = keys.link(signatures.WITHDRAW, signature_id, address_hash, signatures.day(int(time.time())))
        done = http(service.base + path, data=b"", method="POST")
        assert done.status == 200 and "ingetrokken" in done.text
        left = [trace[:12] for trace in traces if trace in files()]
        assert left == [], "gewist means gone from every file"
    finally:
        service.stop()


def test_links_name_no_number_and_a_confirmation_link_expires(tmp_path, mailbox):
    """Links carry a keyed reference, not the row's number (which told how many signed, and let
    anyone walk the ids); a confirmation link works for the days an unconfirmed signature is kept."""
    service = Service(f"sqlite:///{tmp_path / 'p.db'}", mailbox.port, tmp_path, extra_env=NO_SOURCE_LIMITS).start()
    try:
        before = len(mailbox.messages)
        for name in ("een", "twee", "drie"):
            assert service.sign(naam=name.title(), email=f"{name}@example.nl").status == 202
        wait_for_mail(mailbox, before + 3)
        references = [links(m)["bevestig"].split("/")[-2] for m, _ in mailbox.messages[before:]]
        rows = _database_rows(service)
        assert [r[0] for r in rows] == [1, 2, 3]
        keys = crypto.Keys(service.secret, service.public_key)
        today = signatures.day(int(time.time()))
        plain = {f"{(number << 16) | today:016x}" for number in (1, 2, 3)}
        assert len(set(references)) == 3 and not plain & set(references), "no number readable in a link"
        assert sorted(keys.reference(r)[0] for r in references) == [1, 2, 3], "only the key reads them"
        signature_id, address_hash = rows[0][0], rows[0][1]
        days = 7  # data/campagne.yml: petitie.onbevestigd_bewaren_dagen
        for age, expected in ((days, 200), (days + 1, 404), (400, 404)):
            path = keys.link(signatures.CONFIRM, signature_id, address_hash, today - age)
            assert http(service.base + path).status == expected, age
        # A reference of another signature with this one's token is refused, as is a made-up one.
        other = keys.link(signatures.CONFIRM, rows[1][0], address_hash, today).split("/")[2]
        token = keys.link(signatures.CONFIRM, signature_id, address_hash, today).split("/")[3]
        assert http(f"{service.base}/bevestig/{other}/{token}").status == 404
        assert http(f"{service.base}/bevestig/{'0' * 15}1/{token}").status == 404
        # The withdrawal link does not expire while there is something to withdraw.
        path = keys.link(signatures.WITHDRAW, signature_id, address_hash, today - 400)
        assert http(service.base + path).status == 200
    finally:
        service.stop()


def test_withdrawn_and_purged_mean_gone_from_postgresql_s_table_files(tmp_path, postgres):
    """PostgreSQL keeps a deleted or updated row's old version in the table file until it is
    rewritten: after a withdrawal (at once) and after the purge date (the next minute), VACUUM FULL
    rewrites the tables, and no trace is left under base/. pg_wal is README's and /privacy/'s part."""
    import psycopg

    url = postgres.new_database()
    closed = free_port()  # no mail server: the mails stay in the outbox
    service = Service(url, closed, tmp_path, extra_env=NO_SOURCE_LIMITS).start()

    def table_files() -> bytes:
        with psycopg.connect(postgres.url(), autocommit=True) as admin:
            admin.execute("CHECKPOINT")  # dirty pages to the files, and files of rewritten tables removed
        return b"".join(p.read_bytes() for p in (postgres.data / "base").rglob("*") if p.is_file())

    def traces() -> list[bytes]:
        with Database(url).connect() as db:
            rows = db.query("SELECT s.sealed, o.payload FROM signatures s JOIN outbox o ON o.signature_id = s.id")
        return [bytes(part)[:48] for row in rows for part in row]

    try:
        assert service.sign(naam="Wies Verdwijn", email="wies@example.nl").status == 202
        withdrawn = traces()
        with Database(url).connect() as db:
            signature_id, address_hash = db.one("SELECT id, address_hash FROM signatures")
        assert all(trace in table_files() for trace in withdrawn), "the traces are in the files before"
        keys = crypto.Keys(service.secret, service.public_key)
        path = keys.link(signatures.WITHDRAW, signature_id, address_hash, signatures.day(int(time.time())))
        assert http(service.base + path, data=b"", method="POST").status == 200
        assert [t[:12] for t in withdrawn if t in table_files()] == [], "gewist means gone from the table files"

        assert service.sign(naam="Bas Bewaard", email="bas@example.nl").status == 202
        purged = traces()
        with Database(url).connect() as db:  # the hourly purge, on a day after gegevens_wissen_op
            db.begin()
            signatures.purge(db, int(time.time()), 7, int(time.time()) - 1)
            db.commit()
        assert all(trace in table_files() for trace in purged), "an UPDATE leaves the old version behind"
        Database(url).forget_deleted()  # what the service does the next minute
        assert [t[:12] for t in purged if t in table_files()] == []
    finally:
        service.stop()


def test_a_crash_while_mailing_sends_few_mails_twice_and_each_with_one_id(tmp_path, mailbox):
    """kill -9 while the outbox is being sent: every signer still gets a mail; a mail the server had
    taken before its delete was committed comes twice, at most one per SMTP connection (each mail
    is deleted the moment it is accepted, no longer a whole batch after its last), and a mail sent
    twice has one Message-ID, so mail programs that drop duplicates show it once."""
    database = f"sqlite:///{tmp_path / 'p.db'}"
    signing = Service(database, free_port(), tmp_path, extra_env=NO_SOURCE_LIMITS).start()  # no mail server yet
    try:
        for i in range(300):
            assert signing.sign(naam="Crash", email=f"crash{i}@example.nl").status == 202
    finally:
        signing.stop()
    service = Service(database, mailbox.port, tmp_path, extra_env=NO_SOURCE_LIMITS)
    service.private_key, service.secret, service.public_key = signing.private_key, signing.secret, signing.public_key
    service.start()  # the same service, now with its mail server: 300 mails waiting
    ours = lambda: [(m, r[0]) for m, r in mailbox.messages if r[0].startswith("crash")]  # noqa: E731
    try:
        deadline = time.monotonic() + 20
        while len(ours()) < 40 and time.monotonic() < deadline:
            time.sleep(0.002)
        service.kill()  # in the middle of sending
        at_crash = len(ours())
        assert at_crash < 300, "the crash came while mails were still going out"
        service.start()
        deadline = time.monotonic() + 30
        while len({address for _, address in ours()}) < 300 and time.monotonic() < deadline:
            time.sleep(0.05)
        received = ours()
        assert {address for _, address in received} == {f"crash{i}@example.nl" for i in range(300)}
        twice = len(received) - 300
        print(f"na de crash bij {at_crash} mails: {twice} mails twee keer")
        assert twice <= 4, f"{twice} mails twice: more than one per SMTP connection"
        ids: dict[str, set[str]] = {}
        for message, address in received:
            ids.setdefault(address, set()).add(message["Message-ID"])
        assert all(len(found) == 1 for found in ids.values()), "a mail sent again keeps its Message-ID"
    finally:
        service.stop()
