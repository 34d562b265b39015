"""Command line for editors and CI: `python -m hooks.cli build|check`.

`build` never leaves a half-built site: MkDocs writes into a fresh folder beside site/, and only
a build that succeeded replaces site/ (two renames, so the swap itself cannot fail half-way).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from petition import addresses

from . import engine, fetch, templates_new
from .content import load, load_campaign
from .errors import ContentError
from .frontmatter import parse
from .publication import AMSTERDAM
from .render import dutch_date
from .schemas import write_schemas
from .settings import Settings, on_their_lines

ROOT = Path(__file__).resolve().parent.parent


def build(
    root: Path = ROOT,
    site_dir: Path | None = None,
    config: str = "mkdocs.yml",
    engine_name: str | None = None,
    *,
    production: str | None = None,
) -> int:
    """The site into site_dir; `production` is the site's address once `publiceer` has checked it."""
    site_dir = (site_dir or root / "site").resolve()
    staging = site_dir.parent / f".site-build-{os.getpid()}"
    previous = site_dir.parent / f".site-previous-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:  # the folder the new site is written beside: said before the build starts, not as a crash
        staging.mkdir(parents=True)
    except OSError as exc:
        print(
            f"{site_dir.parent}: hier kan de build niet schrijven ({exc.strerror}); verwacht een map waarin "
            f"{site_dir.name}/ mag worden vervangen. {site_dir.name}/ is niet veranderd.",
            file=sys.stderr,
        )
        return 1
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    engine_name = engine_name or os.environ.get("HVK_ENGINE") or engine.DEFAULT
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "hooks.engine",
            engine_name,
            "build",
            "--strict",
            "--clean",
            "-q",
            "-f",
            str(root / config),
            "-d",
            str(staging),
        ],
        cwd=root,
        env=env,
    )
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"De build is mislukt; {site_dir.name}/ is niet veranderd.", file=sys.stderr)
        return result.returncode
    try:
        if site_dir.exists():
            site_dir.rename(previous)
        staging.rename(site_dir)
    except OSError as exc:
        if previous.exists() and not site_dir.exists():
            previous.rename(site_dir)  # the last good site back where it was
        shutil.rmtree(staging, ignore_errors=True)
        print(
            f"{site_dir}: de nieuwe site kon niet op zijn plek ({exc.strerror}); verwacht een map die de build "
            f"mag vervangen. {site_dir.name}/ is niet veranderd.",
            file=sys.stderr,
        )
        return 1
    shutil.rmtree(previous, ignore_errors=True)
    if production:
        print(f"Productiebuild in {site_dir}, voor {production}: klaar om te publiceren.")
    else:
        print(
            f"Lokale build in {site_dir}: om te bekijken op deze computer, niet om te publiceren "
            "(dat doet `make publiceer`, LIVE.md)."
        )
    return 0


def _settings(root: Path, config: str) -> Settings | None:
    """mkdocs.yml as the engine reads it; None (and one Dutch line) when it cannot be read."""
    from .plugin import read_settings  # the engine's config reader: only the adapter knows it

    try:
        return read_settings(root / config)
    except Exception as exc:  # noqa: BLE001 - a broken mkdocs.yml is reported, not raised
        print(
            f"mkdocs.yml: is niet te lezen ({str(exc).strip()[:200]}); verwacht de instellingen van de site",
            file=sys.stderr,
        )
        return None


def publish(root: Path = ROOT, config: str = "mkdocs.yml") -> int:
    """The production build: refuses, one line each, any address that would not work live (LIVE.md)."""
    from . import live
    from . import petition as petition_service

    settings = _settings(root, config)
    if settings is None:
        return 1
    lines: dict[tuple[str, ...], int] = {}
    campaign = load_campaign(root, [], lines)  # its own mistakes are the build's to report
    problems = [
        *settings.problems,
        *live.problems(settings.site_url, settings.petition, settings.editor),
        *live.campaign_problems(campaign, lines),
    ]
    if not problems and settings.petition is not None:
        site = addresses.origin(settings.site_url) or settings.site_url
        answer = petition_service.allows(settings.petition, site)
        if answer is None:
            print(
                f"Let op: de petitiedienst op {settings.petition.base} antwoordt nu niet; "
                "de site wordt gebouwd, maar het formulier werkt pas als de dienst draait (LIVE.md, stap 4)."
            )
        elif not answer:
            problems.append(
                live.Problem(
                    "mkdocs.yml",
                    0,
                    "extra.petitie.dienst",
                    f"de dienst op {settings.petition.base} staat scripts van {site} niet toe; "
                    f"verwacht PETITION_SITE_URL={site} in de instellingen van de dienst",
                )
            )
    problems = [*on_their_lines(problems, (root / config).read_text("utf-8"))]
    if problems:
        count = "1 instelling" if len(problems) == 1 else f"{len(problems)} instellingen"
        print(f"Niet gepubliceerd: {count} nog niet klaar voor de echte site (LIVE.md).", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return build(root, config=config, production=settings.site_url)


def check(root: Path = ROOT, config: str = "mkdocs.yml", online: bool = False) -> int:
    """The build's own validation pass, without building: the same problems, all at once. Nothing
    is fetched from other hosts unless `online` (external audio is taken as the last build measured it)."""
    with fetch.offline(not online):
        return _check(root, config)


def _check(root: Path, config: str) -> int:
    settings = _settings(root, config)
    if settings is None:
        return 1
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"  # a pull request shows them on the lines
    try:
        content = load(root, settings=settings)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        if annotate:
            print("\n".join(problem.annotation("error") for problem in exc.problems))
        return 1
    for note in content.notes:
        print(f"Let op: {note}")
        if annotate:
            print(note.annotation("warning"))
    for path, status, when in content.waiting():
        if when is not None:
            day = dutch_date(when.astimezone(AMSTERDAM))
            print(f"Nog niet op de site: {path}: gepland, verschijnt op {day} (bij de eerste build op of na die dag)")
        else:
            print(f"Nog niet op de site: {path}: {status} (zet concept op false om te publiceren)")
    pages, held, withdrawn = content.count().values()
    print(f"Alles in orde: {pages} onderdelen, {held} concept of gepland, {withdrawn} ingetrokken.")
    return 0


def new(kind: str, title: str, root: Path = ROOT, today: dt.date | None = None) -> int:
    """Create a filled-in draft and say where it is."""
    today = today or dt.date.today()
    if not title.strip():
        print('Geef een titel mee, bijvoorbeeld: make nieuw-verhaal TITEL="Mijn verhaal"', file=sys.stderr)
        return 2
    if kind == "verhaal":
        campaign = load_campaign(root, [])
        theme = next(iter(campaign.themes)) if campaign else "gezinshulp"
        path = templates_new.free_path(root / "stories", title)
        path.write_text(templates_new.story(title, today, theme), "utf-8")
    else:
        folder = root / "podcast" / "episodes"
        folder.mkdir(parents=True, exist_ok=True)
        numbers, seasons = [], []
        for existing in folder.glob("*.md"):
            doc = parse(existing.name, existing.read_text("utf-8", errors="replace"))
            if isinstance(doc.data.get("nummer"), int):
                numbers.append(doc.data["nummer"])
            if isinstance(doc.data.get("seizoen"), int):
                seasons.append(doc.data["seizoen"])
        path = templates_new.free_path(folder, title)
        path.write_text(
            templates_new.episode(title, today, max(numbers, default=0) + 1, max(seasons, default=None), path.stem),
            "utf-8",
        )
    print(f"Nieuw bestand: {path.relative_to(root)}. Het is een concept: vul het in en zet daarna concept op false.")
    return 0


def import_feed(source: str, root: Path = ROOT, feed_url: str | None = None) -> int:
    """Move an existing show in from its feed (a URL or a saved file): README, "Moving the show in"."""
    from . import feed_import, remote_audio
    from .plugin import read_settings

    try:
        site_url = read_settings(root / "mkdocs.yml").site_url
        written, notes = feed_import.run(
            source,
            root,
            remote_audio.download,
            site_url=site_url,
            feed_url=feed_url,
        )
    except feed_import.ImportRefused as exc:
        print(f"{source}: {exc}. Er is niets veranderd.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"{source}: is niet te lezen ({exc}); verwacht een feedadres of een opgeslagen feed. Er is niets veranderd.",
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # noqa: BLE001 - one line for the editor, never a traceback
        print(
            f"{source}: kon niet worden overgenomen ({type(exc).__name__}: {exc}). Er is niets veranderd.",
            file=sys.stderr,
        )
        return 1
    for note in notes:
        print(f"Let op: {note}")
    print(f"{len(written)} bestanden geschreven in podcast/. Kijk ze na met `make check` en bouw met `make build`.")
    return 0


def clean_photos(root: Path = ROOT) -> int:
    """Remove location, camera and maker data from every image in the content folders, in place."""
    from .images import CLEANED_FORMATS, clean_in_place
    from .loading import content_files

    cleaned = 0
    for folder in ("stories", "podcast", "manifests", "docs", "data"):
        if not (root / folder).is_dir():
            continue
        for path in content_files(root / folder):
            if path.suffix.lower() in CLEANED_FORMATS:  # the images the site reads, and checks
                try:
                    changed = clean_in_place(path)
                except OSError as exc:
                    print(
                        f"{path.relative_to(root)}: niet te openen ({exc}); sla de foto opnieuw op als JPEG",
                        file=sys.stderr,
                    )
                    continue
                if changed:
                    cleaned += 1
                    print(f"Schoongemaakt: {path.relative_to(root)}")
    print(
        f"{cleaned} foto's schoongemaakt. Commit ze nu; de oude versies staan nog in de geschiedenis van git (REDACTIE.md)."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hooks.cli", description="Bouwen en controleren van de campagnesite.")
    parser.add_argument("--root", type=Path, default=ROOT, help="de map met mkdocs.yml (standaard: deze repository)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="bouw de site in site/ (de vorige blijft staan als het misgaat)")
    checker = sub.add_parser("check", help="controleer alle inhoud zonder te bouwen")
    checker.add_argument("--online", action="store_true", help="meet ook audio op andere hosts (haalt die op)")
    sub.add_parser("publiceer", help="de productiebuild: weigert adressen die live niet werken (LIVE.md)")
    maker = sub.add_parser("new", help="maak een nieuw, ingevuld concept")
    maker.add_argument("kind", choices=["verhaal", "aflevering"])
    maker.add_argument("title")
    sub.add_parser("schema", help="schrijf de JSON Schema's van de inhoud naar schemas/")
    sub.add_parser("foto-schoon", help="haal plaats-, camera- en makergegevens uit elke foto")
    importer = sub.add_parser("importeer", help="neem een bestaande podcast over uit zijn feed")
    importer.add_argument("bron", help="het feedadres (https://...) of een opgeslagen feed (.xml)")
    importer.add_argument("--feed-adres", help="het oude feedadres, als een opgeslagen feed het niet zelf noemt")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "foto-schoon":
        return clean_photos(root)
    if args.command == "importeer":
        return import_feed(args.bron, root, args.feed_adres)
    if args.command == "new":
        return new(args.kind, args.title, root)
    if args.command == "schema":
        return write_schemas()
    if args.command == "publiceer":
        return publish(root)
    return build(root) if args.command == "build" else check(root, online=args.online)


if __name__ == "__main__":
    sys.exit(main())
