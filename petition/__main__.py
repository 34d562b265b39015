"""Commands of the petition service: `python -m petition <opdracht>` (README, "The petition service")."""

from __future__ import annotations

import argparse
import base64
import logging
import os
import secrets
import sys
import time
from pathlib import Path

from .config import ConfigError, from_env

LOCAL = Path(".petitie")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app
    from .protocol import BoundedHttpToolsProtocol

    app = create_app(from_env())
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        loop="uvloop",
        http=BoundedHttpToolsProtocol,  # httptools, with a bounded request head (protocol.py)
        access_log=False,  # paths carry link tokens, and logs keep no personal data
        log_level="info",
        limit_concurrency=2000,
        timeout_keep_alive=5,
        server_header=False,
        proxy_headers=False,  # X-Forwarded-For is read only from PETITION_TRUSTED_PROXIES (app.client_ip)
    )
    return 0


def local_env(folder: Path = LOCAL) -> dict[str, str]:
    """Keys for a local service, made once in .petitie/ (never used for the real petition)."""
    from .crypto import new_keypair

    folder.mkdir(exist_ok=True)
    private_file, env_file = folder / "prive.sleutel", folder / "lokaal.env"
    if not env_file.exists():
        private, public = new_keypair()
        private_file.write_text(base64.b64encode(private).decode() + "\n", encoding="utf-8")
        private_file.chmod(0o600)
        env_file.write_text(
            f"PETITION_PUBLIC_KEY={base64.b64encode(public).decode()}\n"
            f"PETITION_SECRET={base64.b64encode(secrets.token_bytes(32)).decode()}\n",
            encoding="utf-8",
        )
    values = dict(line.split("=", 1) for line in env_file.read_text(encoding="utf-8").split() if "=" in line)
    return {
        "PETITION_DATABASE_URL": f"sqlite:///{folder / 'petitie.db'}",
        "PETITION_SMTP_PORT": "8025",
        **values,
    }


def _local(args: argparse.Namespace) -> int:
    """The service and a mailbox that keeps every mail in .petitie/post/, for `make serve`."""
    from .mailbox import Mailbox

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's own chatter per connection
    for key, value in local_env().items():
        os.environ.setdefault(key, value)
    box = Mailbox(LOCAL / "post", port=int(os.environ["PETITION_SMTP_PORT"]), announce=True)
    box.start()
    try:
        return _serve(args)
    finally:
        box.stop()


def _keys(args: argparse.Namespace) -> int:
    from .crypto import new_keypair

    private, public = new_keypair()
    target = Path(args.prive)
    if target.exists():
        print(f"{target} bestaat al; kies een ander bestand.", file=sys.stderr)
        return 2
    target.write_text(base64.b64encode(private).decode() + "\n", encoding="utf-8")
    target.chmod(0o600)
    print(f"# De privésleutel staat in {target}. Bewaar hem offline, NIET op de server.")
    print(f"PETITION_PUBLIC_KEY={base64.b64encode(public).decode()}")
    print(f"PETITION_SECRET={base64.b64encode(secrets.token_bytes(32)).decode()}")
    print(f"PETITION_OPERATOR_TOKEN={secrets.token_urlsafe(32)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export import write
    from .store import Database

    private = base64.b64decode(Path(args.sleutel).read_text(encoding="utf-8").strip())
    url = args.database or os.environ.get("PETITION_DATABASE_URL", f"sqlite:///{LOCAL / 'petitie.db'}")
    result = write(Database(url), private, Path(args.uit), args.titel)
    print(
        f"{result['handtekeningen']} handtekeningen, {result['gemeenten']} gemeenten of postcodes, "
        f"{result['telefoon']} telefoonnummers; geschreven in {args.uit}/"
    )
    return 0


def _municipalities(args: argparse.Namespace) -> int:
    from .cbs import CbsError, read_paths
    from .store import Database

    try:
        table = read_paths([Path(p) for p in args.bestanden])
    except (CbsError, OSError) as error:
        print(f"CBS-bestand: {error}", file=sys.stderr)
        return 1
    database = Database(os.environ.get("PETITION_DATABASE_URL", f"sqlite:///{LOCAL / 'petitie.db'}"))
    database.migrate()
    with database.connect() as db:
        db.begin()
        db.execute("DELETE FROM municipalities")
        db.many("INSERT INTO municipalities VALUES (?, ?, ?)", [(pc4, c, n) for pc4, (c, n) in table.places.items()])
        db.commit()
    municipalities = len({code for code, _ in table.places.values()})
    print(
        f"{len(table.places)} postcodes in {municipalities} gemeenten geladen uit {table.addresses} adressen; "
        f"{table.split} postcodes liggen in meer dan één gemeente en tellen mee bij de gemeente met de meeste adressen."
    )
    return 0


def _purge(_args: argparse.Namespace) -> int:
    from . import signatures
    from .store import Database

    config = from_env()
    database = Database(config.database_url)
    database.migrate()
    dates = config.dates
    with database.connect() as db:
        db.begin()
        purged = signatures.purge(db, int(time.time()), dates.unconfirmed_days, dates.delete_personal_epoch)
        db.commit()
    print(f"{purged.unconfirmed} onbevestigde handtekeningen gewist; {purged.anonymised} geanonimiseerd.")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from .backup import BackupError, make_backup, said
    from .store import Database

    config = from_env()
    folder = Path(args.map or config.backup_dir or "reservekopieen")
    try:
        made = make_backup(
            Database(config.database_url), config.secret, folder, config.backup_days, config.dates.delete_personal_at
        )
    except (BackupError, OSError) as error:
        print(f"Reservekopie niet gemaakt: {error}", file=sys.stderr)
        return 1
    print(f"Reservekopie: {made.path} ({said(made.rows)}); {len(made.removed)} oude reservekopieën gewist.")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from .backup import BackupError, restore, said
    from .store import Database

    config = from_env()
    try:
        counts = restore(Database(config.database_url), config.secret, Path(args.bestand).read_bytes())
    except (BackupError, OSError) as error:
        print(f"Niet hersteld: {error}", file=sys.stderr)
        return 1
    print(f"Hersteld: {said(counts)}. Nu de wisregels: ", end="")
    return _purge(args)


def _migrate(_args: argparse.Namespace) -> int:
    from .store import Database

    applied = Database(os.environ.get("PETITION_DATABASE_URL", f"sqlite:///{LOCAL / 'petitie.db'}")).migrate()
    print("Toegepast: " + (", ".join(applied) if applied else "niets, de database is bij."))
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    parser = argparse.ArgumentParser(prog="python -m petition", description="De petitiedienst van Gezinshulp eerst.")
    commands = parser.add_subparsers(dest="opdracht", required=True)
    for name, handler, text in (
        ("serve", _serve, "start de dienst"),
        ("lokaal", _local, "start de dienst met een lokale postbus (make petitie)"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--host", default=os.environ.get("PETITION_HOST", "127.0.0.1"))
        command.add_argument("--port", type=int, default=int(os.environ.get("PETITION_PORT", "8001")))
        command.set_defaults(handler=handler)
    keys = commands.add_parser("sleutels", help="maak de sleutels van de stichting en de dienst")
    keys.add_argument("--prive", default="petitie-prive.sleutel", help="waar de privésleutel komt (offline bewaren)")
    keys.set_defaults(handler=_keys)
    export = commands.add_parser("export", help="ontsleutel offline voor de aanbieding")
    export.add_argument("--sleutel", required=True, help="het bestand met de privésleutel")
    export.add_argument("--uit", default="aanbieding", help="de map voor de bestanden")
    export.add_argument("--database", help="het adres van de database (anders PETITION_DATABASE_URL)")
    export.add_argument("--titel", help="de titel boven de lijst (anders die uit petition/teksten.yml)")
    export.set_defaults(handler=_export)
    cbs = commands.add_parser("gemeenten", help="laad de postcodetabel van CBS")
    cbs.add_argument("bestanden", nargs="+", help="de zip van CBS, of pc6hnr…_gwb.csv en gemJJJJ.csv")
    cbs.set_defaults(handler=_municipalities)
    commands.add_parser("opruimen", help="wis wat niet meer bewaard mag worden").set_defaults(handler=_purge)
    backup = commands.add_parser("reservekopie", help="maak een versleutelde reservekopie en wis de oude")
    backup.add_argument("--map", help="waar ze komen (anders PETITION_BACKUP_DIR)")
    backup.set_defaults(handler=_backup)
    restore = commands.add_parser("herstel", help="zet een reservekopie terug in een nieuwe, lege database")
    restore.add_argument("bestand", help="de reservekopie (petitie-….reservekopie)")
    restore.set_defaults(handler=_restore)
    commands.add_parser("migreer", help="breng de database bij").set_defaults(handler=_migrate)
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except ConfigError as error:
        print(f"Instelling: {error}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
