"""The HTTP answers of the petition service (ASGI, run by uvicorn).

Every answer is Dutch: an HTML page for a plain form post (the site works without JavaScript)
and JSON for the site's script, which asks with `Accept: application/json`. Bodies are bounded
before they are read, only URL-encoded forms are taken, and no answer says whether an address had
signed before.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import jinja2
from babel.dates import format_datetime
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from . import backup, limits, signatures
from .config import AMSTERDAM, Config
from .config import origin as origin_of
from .crypto import Keys
from .fields import FIELDS, check, check_postcode, texts
from .login import Login
from .outbox import Outbox
from .store import Database, Together, Unavailable, Writer

log = logging.getLogger("petitie")
MAX_BODY = 4096  # the form's fields fit in well under 1 kB
BODY_SECONDS = 10.0  # time to send those 4 kB, whatever the connection
STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
PLACES_TTL = 300.0  # the postcode table changes once a year, by a command beside the running service
FORGET_SECONDS = 60.0  # how long a sent mail or purged row may stay in the database's files
# PostgreSQL rewrites the outbox (VACUUM FULL, a short exclusive lock) only when the backlog is
# small: in a peak the mails are sent first, and the outbox is rewritten once it has drained.
FORGET_OUTBOX_BELOW = 1000
COUNT_TTL = 2.0  # seconds a count is reused; a confirmation or withdrawal here refreshes it at once


def dutch_time(moment: dt.datetime) -> str:
    """ "2 december 2026, 05:58" in Amsterdam: as the site writes dates (Babel's CLDR data)."""
    return format_datetime(moment, "d MMMM y, HH:mm", tzinfo=AMSTERDAM, locale="nl")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@dataclass
class Tally:
    number: int
    at: dt.datetime
    body: bytes  # the JSON answer, encoded once


class Service:
    """One running service: its keys, writer, outbox sender, limits and cached counts."""

    def __init__(self, config: Config) -> None:
        self.config = config
        texts()  # read at start: a broken text file stops the service here, not on a request
        self.keys = Keys(config.secret, config.public_key)
        self.database = Database(config.database_url)
        self.writer = Writer(self.database)
        self.outbox = Outbox(config, self.keys, self.writer)
        self.limits = limits.RateLimits(config.limits, self.keys.source_hash)
        self.css = (STATIC / "pagina.css").read_text(encoding="utf-8")
        self.script = (STATIC / "kopieer.js").read_text(encoding="utf-8")
        self.login_script = (STATIC / "inloggen.js").read_text(encoding="utf-8")
        self.policy = (
            f"default-src 'none'; style-src {_hash(self.css)}; script-src {_hash(self.script)} {_hash(self.login_script)};"
            " img-src 'self';"
            " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        self.login = Login(config, self.page, self.login_script)
        self._tally: Tally | None = None
        self._tally_time = 0.0
        self._tally_lock = asyncio.Lock()
        self._places: dict[str, tuple[str, str]] | None = None
        self._places_time = 0.0
        self._tasks: list[asyncio.Task[None]] = []
        self._signatures_deleted = False  # purged rows wait for the next minute's forget()

    @cached_property
    def templates(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # templates ship with the image: no stat() per page
        )
        env.globals.update(
            site=self.config.site_url,
            organisatie=self.config.organisation,
            css=self.css,
            afzender=self.config.mail_from,
        )
        return env

    # Lifecycle ------------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        self.database.migrate()
        if self.database.dialect == "sqlite":
            with self.database.connect() as db:
                signatures.release_leases(db, int(time.time()))
        self.writer.start()
        self._tasks = [
            asyncio.create_task(self.outbox.run_forever()),
            asyncio.create_task(self._purge_forever()),
            asyncio.create_task(self._forget_forever()),
        ]
        log.info("petitiedienst gestart (%s)", self.database.dialect)
        try:
            yield
        finally:
            for task in self._tasks:
                task.cancel()
            self.writer.stop()

    async def _forget_forever(self) -> None:
        """Every minute: sent mails and purged rows leave the database's files as well as its tables."""
        while True:
            await asyncio.sleep(FORGET_SECONDS)
            try:
                backlog = await self.writer.run(signatures.pending_mail)
            except Unavailable:
                continue
            tables = ["outbox"] if backlog < FORGET_OUTBOX_BELOW else []
            if self._signatures_deleted:
                tables.append("signatures")
            if tables:
                await self.forget(tables)

    async def forget(self, tables: Sequence[str] = ("outbox", "signatures")) -> None:
        try:
            await asyncio.to_thread(self.database.forget_deleted, tables)
            if "signatures" in tables:
                self._signatures_deleted = False
        except Exception:  # noqa: BLE001 - busy now; the next minute tries again
            log.warning("verwijderde gegevens nog niet uit de bestanden; over een minuut opnieuw")

    async def _purge_forever(self) -> None:
        while True:
            with contextlib.suppress(Unavailable):
                purged = await self.writer.run(self.purge_op(int(time.time())))
                if purged.unconfirmed or purged.anonymised:
                    log.info("gewist: %d onbevestigd, %d geanonimiseerd", purged.unconfirmed, purged.anonymised)
                    self._tally = None
                    self._signatures_deleted = True
            if self.config.backup_dir:
                await asyncio.to_thread(self.backup_if_due)
            await asyncio.sleep(3600)

    def backup_if_due(self) -> None:
        """The daily backup, made by the service itself: the privacy statement's promise holds
        wherever PETITION_BACKUP_DIR is set, without a scheduler beside it."""
        now = dt.datetime.now(dt.UTC)
        folder = Path(self.config.backup_dir)
        try:
            if backup.due(folder, now):
                made = backup.make_backup(
                    self.database,
                    self.config.secret,
                    folder,
                    self.config.backup_days,
                    self.config.dates.delete_personal_at,
                    now,
                )
                log.info("reservekopie %s; %d oude gewist", made.path.name, len(made.removed))
        except Exception:  # noqa: BLE001 - a failed backup is logged and tried again in an hour
            log.exception("reservekopie mislukt")

    def purge_op(self, now: int) -> Callable[[Any], signatures.Purged]:
        dates = self.config.dates
        return lambda db: signatures.purge(db, now, dates.unconfirmed_days, dates.delete_personal_epoch)

    # Helpers --------------------------------------------------------------------------------------

    def closed(self, now: dt.datetime | None = None) -> bool:
        closes = self.config.dates.closes_at
        return closes is not None and (now or dt.datetime.now(dt.UTC)) >= closes

    def page(self, template: str, status: int = 200, *, script: str = "", **context: Any) -> HTMLResponse:
        """A Dutch page of the service; `script` is one of our own files (its hash is in the policy)."""
        html = self.templates.get_template(template).render(script=script, **context)
        return HTMLResponse(html, status_code=status, headers=self.headers())

    def headers(self) -> dict[str, str]:
        return {
            "Content-Security-Policy": self.policy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        }

    def message(self, request: Request, status: int, key: str) -> Response:
        """One of the service's Dutch answers (petition/teksten.yml, `antwoorden`)."""
        text = texts()["antwoorden"][key]
        if wants_json(request):
            return JSONResponse({"fout": text["tekst"]}, status_code=status, headers=self.cors(request))
        return self.page("melding.html", status, kop=text["kop"], tekst=text["tekst"])

    def same_campaign(self, request: Request) -> bool:
        """A browser says where a form was sent from (Origin): only the campaign site and the service's
        own pages may post a signature. No Origin (not a browser) is left to the rate limits."""
        origin = request.headers.get("origin")
        if origin is None:
            return True
        return origin in self.config.allowed_origins or origin == self.own_origin

    @cached_property
    def own_origin(self) -> str:
        return origin_of(self.config.public_url, "PETITION_PUBLIC_URL")

    def cors(self, request: Request) -> dict[str, str]:
        """Only the campaign site's own origin may read answers from a script; no open CORS."""
        origin = request.headers.get("origin", "")
        if origin in self.config.allowed_origins:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return {"Vary": "Origin"}

    async def preflight(self, request: Request) -> Response:
        """The site's script asks first (it sends `X-Petitie`, which makes the browser ask): a page on
        another origin hears no, and its browser never sends the signature. Without the question a
        refused script's POST still arrived, and its fallback posted the form a second time."""
        headers = self.cors(request)
        if "Access-Control-Allow-Origin" not in headers:
            return Response(status_code=403, headers=headers)
        headers |= {
            "Access-Control-Allow-Methods": "POST",
            "Access-Control-Allow-Headers": "X-Petitie, Content-Type, Accept",
            "Access-Control-Max-Age": "600",
        }
        return Response(status_code=204, headers=headers)

    def client_ip(self, request: Request) -> str:
        """The client's address; taken from X-Forwarded-For only when a trusted proxy sent it."""
        peer = request.client.host if request.client else ""
        proxies = self.config.trusted_proxies
        if not proxies or not _in(peer, proxies):
            return peer
        hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
        for hop in reversed(hops):
            if not _in(hop, proxies):
                return hop
        return peer

    async def tally(self) -> Tally:
        """The count, asked of the database at most every COUNT_TTL seconds, however many ask."""
        if self._tally is not None and time.monotonic() - self._tally_time < COUNT_TTL:
            return self._tally
        async with self._tally_lock:
            if self._tally is not None and time.monotonic() - self._tally_time < COUNT_TTL:
                return self._tally
            number = await self.writer.run(signatures.count)
            at = dt.datetime.now(dt.UTC).replace(microsecond=0)
            body = json.dumps(
                {"aantal": number, "stand_op": at.astimezone(AMSTERDAM).isoformat(), "gesloten": self.closed(at)}
            ).encode()
            self._tally, self._tally_time = Tally(number, at, body), time.monotonic()
            return self._tally

    async def places(self) -> dict[str, tuple[str, str]]:
        """CBS's table, read again every PLACES_TTL seconds: loading a new table needs no restart."""
        if self._places is None or time.monotonic() - self._places_time > PLACES_TTL:
            self._places = await self.writer.run(signatures.municipalities)
            self._places_time = time.monotonic()
        return self._places

    # Routes ---------------------------------------------------------------------------------------

    async def sign(self, request: Request) -> Response:
        if self.closed():
            return self.message(request, 410, "gesloten")
        if not self.same_campaign(request):
            return self.message(request, 403, "andere_site")
        ip = self.client_ip(request)
        now = int(time.time())
        source = self.limits.source(ip)  # keyed hashes of the address and its network, made once
        if self.limits.known_full(source, now):  # a flood stops here, before reading
            return self.message(request, 429, "te_vaak")
        form = await read_form(request)
        if isinstance(form, str):
            return self.message(request, {"te_groot": 413, "te_traag": 408}.get(form, 400), form)
        checked = check(form, min_seconds=self.config.min_fill_seconds)
        if checked.bot:
            return self.received(request)
        if checked.signature is None:
            if wants_json(request):
                return JSONResponse({"fouten": checked.errors}, status_code=422, headers=self.cors(request))
            return self.page("formulier.html", 422, fouten=checked.errors, waarden=form, actie=str(request.url.path))
        signature = checked.signature
        self.outbox.rate.hit()
        sealed = signatures.seal(self.keys, signature)  # outside the transaction, which every request waits for
        buckets = self.limits.buckets(source, signature.domain, sealed.address_hash, signature.attempt)
        signing = signatures.Signing(sealed, buckets, now, self.limits.earning_keys(source))
        try:
            over = await self.writer.run(Together(signing, signatures.counted_then_signed))
        except Unavailable:
            return self.message(request, 503, "storing")
        if over is not None:
            self.limits.remember(over, now)
            if over.answer == "al_ontvangen":
                # This address asked for its mail several times already. Saying so would tell a
                # stranger that the address signed: the answer is the same as always, and no mail goes.
                return self.received(request)
            return self.message(request, 429, over.answer)
        self.outbox.wake.set()
        return self.received(request)

    def received(self, request: Request) -> Response:
        if wants_json(request):
            headers = self.cors(request)
            request_id = request.headers.get("x-request-id", "")
            if request_id and len(request_id) <= 64 and request_id.isascii() and request_id.isprintable():
                headers["X-Request-Id"] = request_id  # lets a load test match answers to requests
            return JSONResponse({"status": "ontvangen"}, status_code=202, headers=headers)
        return self.page("ontvangen.html", 200, script=self.script)

    async def confirm(self, request: Request) -> Response:
        """Opening the mail's link shows a button; only pressing it (a POST) confirms. Mail scanners
        open links with GET and HEAD before the person does, and must not sign for them."""
        link = _link(request, self.keys)
        if link is None:
            return self.not_found(request)
        now, days = int(time.time()), self.config.dates.unconfirmed_days
        try:
            if request.method != "POST":  # GET and HEAD (mail scanners) only look
                row = await self.writer.run(
                    lambda db: signatures.lookup(db, self.keys, signatures.CONFIRM, link, now, days)
                )
                outcome = "onbekend" if row is None else ("al" if row[2] is not None else "open")
            else:
                outcome = await self.writer.run(lambda db: signatures.confirm(db, self.keys, link, now, days))
        except Unavailable:
            return self.message(request, 503, "storing")
        if outcome == "onbekend":
            return self.message(request, 404, "link_onbekend")
        if outcome == "open":
            return self.page("bevestigen.html", 200, actie=str(request.url.path))
        self._tally = None
        return self.page("bevestigd.html", 200, script=self.script, al=outcome == "al")

    async def withdraw(self, request: Request) -> Response:
        link = _link(request, self.keys)
        if link is None:
            return self.not_found(request)
        now = int(time.time())
        try:
            if request.method != "POST":  # GET and HEAD (mail scanners) only look
                row = await self.writer.run(
                    lambda db: signatures.lookup(db, self.keys, signatures.WITHDRAW, link, now, 0)
                )
                ok = row is not None
            else:
                ok = await self.writer.run(lambda db: signatures.withdraw(db, self.keys, link, now))
        except Unavailable:
            return self.message(request, 503, "storing")
        if not ok:
            return self.message(request, 404, "al_ingetrokken")
        if request.method != "POST":
            return self.page("intrekken.html", 200, actie=str(request.url.path))
        self._tally = None
        await self.forget()  # the page says "gewist": true on disk too, not only in the table
        return self.page("ingetrokken.html", 200)

    async def municipality(self, request: Request) -> Response:
        as_json = request.url.path.endswith(".json")
        raw = request.query_params.get("postcode", "")[:16]
        postcode, error = check_postcode(raw)
        if raw and postcode is None:
            error = error or texts()["velden"]["postcode"]["vorm"]
        result = None
        tally = await self.tally()
        if postcode:
            result = await self.lookup(postcode)
        if as_json:
            headers = {**self.cors(request), "Cache-Control": "public, max-age=60"}
            body = (
                {"fout": error} if error else {**(result or {}), "stand_op": tally.at.astimezone(AMSTERDAM).isoformat()}
            )
            return JSONResponse(body, status_code=400 if error else 200, headers=headers)
        return self.page(
            "gemeente.html",
            400 if error else 200,
            fout=error,
            uitkomst=result,
            postcode=raw if error else (postcode or ""),
            stand_op=dutch_time(tally.at),
            actie=str(request.url.path),
        )

    async def lookup(self, postcode: str) -> dict[str, Any]:
        """Signatures in the postcode's municipality (CBS's table), else in the postcode itself."""
        counts = await self.writer.run(signatures.per_postcode)
        places = await self.places()
        if postcode in places:
            code, name = places[postcode]
            number = sum(n for pc4, n in counts.items() if places.get(pc4, ("",))[0] == code)
            return {"gemeente": name, "code": code, "aantal": number}
        return {"postcode": postcode, "aantal": counts.get(postcode, 0)}

    async def health(self, request: Request) -> Response:
        """For the load balancer: healthy or not, nothing else. The operator's details (mails
        waiting) only with `Authorization: Bearer <PETITION_OPERATOR_TOKEN>`."""
        headers = {"Cache-Control": "no-store"}
        try:
            waiting = await asyncio.wait_for(self.writer.run(signatures.pending_mail), timeout=5)
        except (Unavailable, TimeoutError):
            return JSONResponse({"status": "storing"}, status_code=503, headers=headers)
        if not self.operator(request):
            return JSONResponse({"status": "ok"}, headers=headers)
        return JSONResponse({"status": "ok", "database": self.database.dialect, "postvak": waiting}, headers=headers)

    def operator(self, request: Request) -> bool:
        token = self.config.operator_token
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        return bool(token) and hmac.compare_digest(given.encode(), token.encode())

    def not_found(self, request: Request) -> Response:
        return self.message(request, 404, "niet_gevonden")

    def guarded(self, handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception:  # noqa: BLE001 - a Dutch 503, never a traceback, never personal data in the log
                # The route only: a path can carry a link token.
                log.exception("onverwachte fout bij /%s", request.url.path.split("/")[1])
                return self.message(request, 503, "storing")

        return run

    @cached_property
    def signing(self) -> Callable[[Request], Awaitable[Response]]:
        """The route that must keep up in a viral hour (create_app sends it past the router)."""
        return self.guarded(self.sign)

    def app(self) -> Starlette:
        guarded = self.guarded
        routes = [
            Route("/teken", self.signing, methods=["POST"]),
            Route("/teken", guarded(self.preflight), methods=["OPTIONS"]),
            Route("/bevestig/{reference}/{token}", guarded(self.confirm), methods=["GET", "POST"]),
            Route("/intrekken/{reference}/{token}", guarded(self.withdraw), methods=["GET", "POST"]),
            Route("/gemeente", guarded(self.municipality), methods=["GET"]),
            Route("/gemeente.json", guarded(self.municipality), methods=["GET"]),
            Route("/gezond", guarded(self.health), methods=["GET"]),
            Route("/auth", guarded(self.login.start), methods=["GET"]),
            Route("/callback", guarded(self.login.callback), methods=["GET"]),
        ]
        app = Starlette(routes=routes, lifespan=self.lifespan)
        # No redirect to "the same path with a slash": it is built from the Host header, which the
        # client chooses (an open redirect to any host).
        app.router.redirect_slashes = False

        async def not_found(request: Request, _exc: Exception) -> Response:
            return self.not_found(request)

        async def wrong_method(request: Request, _exc: Exception) -> Response:
            return self.message(request, 405, "methode")

        app.add_exception_handler(404, not_found)
        app.add_exception_handler(405, wrong_method)
        return app


def _in(ip: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in network for network in networks)


_HEX = frozenset("0123456789abcdef")


def _link(request: Request, keys: Keys) -> signatures.Link | None:
    reference, token = request.path_params["reference"], request.path_params["token"]
    if len(reference) != 16 or len(token) != 40 or not _HEX.issuperset(reference) or not _HEX.issuperset(token):
        return None
    signature_id, day = keys.reference(reference)
    return signatures.Link(signature_id, day, token)


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


async def read_form(request: Request) -> dict[str, str] | str:
    """The form's fields, or the key of the Dutch answer: bounded, URL-encoded, UTF-8, known fields once."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return "soort"
    declared = request.headers.get("content-length", "")
    if declared and (not declared.isdigit() or int(declared) > MAX_BODY):
        return "te_groot"
    body = b""
    try:
        async with asyncio.timeout(BODY_SECONDS):  # a total deadline: one byte every few seconds is no form
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_BODY:
                    return "te_groot"
    except TimeoutError:
        return "te_traag"
    try:
        text = body.decode("utf-8", errors="strict")
        pairs = parse_qsl(
            text, keep_blank_values=True, strict_parsing=bool(text), errors="strict", max_num_fields=len(FIELDS)
        )
    except (UnicodeDecodeError, ValueError):
        return "soort"
    form: dict[str, str] = {}
    for key, value in pairs:
        if key not in FIELDS or key in form:
            return "soort"
        form[key] = value
    return form


def create_app(config: Config) -> Callable[..., Awaitable[None]]:
    """The service's ASGI app. The count, asked for most by far, and signing, which must keep up
    in a viral hour, skip the router and its middleware (a quarter of a signature's time in this
    process; see README); the router still lists /teken, for its other methods and their answers."""
    service = Service(config)
    app = service.app()

    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/telling.json" and scope["method"] in ("GET", "HEAD"):
            tally = await service.tally()
            origin = dict(scope["headers"]).get(b"origin", b"").decode("latin-1")
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(tally.body)).encode()),
                (b"cache-control", b"public, max-age=10"),
                (b"vary", b"Origin"),
                (b"x-content-type-options", b"nosniff"),
            ]
            if origin in config.allowed_origins:
                headers.append((b"access-control-allow-origin", origin.encode()))
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": tally.body if scope["method"] == "GET" else b""})
            return
        if scope["type"] == "http" and scope["path"] == "/teken" and scope["method"] == "POST":
            response = await service.signing(Request(scope, receive))
            await response(scope, receive, send)
            return
        await app(scope, receive, send)

    return asgi
