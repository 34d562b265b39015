"""The ordinary pages in `docs/`: their front matter, their `[[blok]]` placeholders and their own
share images, validated with everything else (MkDocs itself reads the pages later, for the build).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from pydantic import Field

from . import blocks
from .errors import Problem
from .frontmatter import Document, parse
from .images import CLEANED_FORMATS, ImageProblem, PublishedImage, publish_clean, publish_share_image
from .loading import Named, content_files, read_named, read_text, stray_file, unusable_names, validate
from .models import Content, expects


class DocsPage(Content):
    """Front matter of a page in docs/. Unknown fields are an error, as everywhere."""

    title: str | None = Field(
        default=None,
        alias="title",
        min_length=1,
        max_length=120,
        json_schema_extra=expects("de titel van de pagina (anders de eerste kop)"),
    )
    description: str | None = Field(
        default=None,
        alias="description",
        min_length=10,
        max_length=300,
        json_schema_extra=expects("één of twee zinnen voor zoekmachines en deelberichten"),
    )
    share_title: str | None = Field(
        default=None,
        alias="deel_titel",
        min_length=5,
        max_length=90,
        json_schema_extra=expects("de titel als iemand de pagina deelt, zoals in WhatsApp (anders de titel)"),
    )
    share_text: str | None = Field(
        default=None,
        alias="deel_tekst",
        min_length=10,
        max_length=300,
        json_schema_extra=expects("de tekst onder de titel als iemand de pagina deelt (anders de description)"),
    )
    share_count: bool = Field(
        default=False,
        alias="deel_telling",
        json_schema_extra=expects("true: het aantal handtekeningen komt in de deeltekst, zolang de petitie open is"),
    )
    address: Literal["je", "u"] = Field(
        default="je",
        alias="aanspreekvorm",
        json_schema_extra=expects("je (de pagina's voor iedereen) of u (de pagina's voor gemeenteraadsleden)"),
    )
    hide: list[Literal["navigation", "toc", "footer", "path"]] = Field(
        default_factory=list, alias="hide", json_schema_extra=expects("een lijst met navigation, toc, footer of path")
    )
    share_image: str | None = Field(
        default=None,
        alias="deelafbeelding",
        min_length=1,
        json_schema_extra=expects("een afbeelding naast de pagina, minstens 1200×630 pixels"),
    )
    share_image_alt: str | None = Field(
        default=None,
        alias="deelafbeelding_alt",
        min_length=5,
        max_length=300,
        json_schema_extra=expects("wat er op de deelafbeelding staat"),
    )


@dataclass(frozen=True)
class DocsPageEntry:
    path: str  # relative to the root, for messages and last-modified dates
    page: DocsPage
    share_image: PublishedImage | None = None


# What docs/ may publish. Pages and photos anywhere; the site's own styles and scripts only in
# docs/assets/, the developers' folder. Anything else (an .html, .svg or .js page) would run its
# own script on the site's origin, so it is refused, never copied as it is.
PAGE_OR_PHOTO = {".md", *CLEANED_FORMATS}
ASSETS = ("assets/", {".css", ".js"})


def unpublishable(root: Path, folder: Path, files: list[Path]) -> list[Problem]:
    """Files in docs/ (as `content_files` lists them: no hidden files, no links, which
    `loading.links_in` reports) that MkDocs would copy to the site as they are, and are not ours to copy."""
    problems = []
    for path in files:
        suffix = path.suffix.lower()
        if suffix in PAGE_OR_PHOTO or (
            path.relative_to(folder).as_posix().startswith(ASSETS[0]) and suffix in ASSETS[1]
        ):
            continue
        problems.append(
            stray_file(
                path.relative_to(root).as_posix(),
                f"wordt niet gepubliceerd ({suffix or 'bestand zonder extensie'}): zo'n bestand kan code op de site "
                "zetten; verwacht een pagina (.md) of een foto (.jpg, .png, .webp, .gif), of zet het buiten docs/",
            )
        )
    return problems


def load_docs_pages(
    root: Path, docs_dir: str, problems: list[Problem], notes: list[Problem] | None = None
) -> tuple[dict[str, DocsPageEntry], dict[str, PublishedImage]]:
    """Every Markdown page in docs/ and every image as it is published (from its pixels), by its
    path inside docs/ (as MkDocs names it). An image the build could not publish is a problem here,
    so `make check` refuses what the build refuses."""
    folder = root / docs_dir
    pages: dict[str, DocsPageEntry] = {}
    images: dict[str, PublishedImage] = {}
    if not folder.is_dir():
        return pages, images
    files = content_files(folder)  # one walk of docs/ for both
    problems.extend(unpublishable(root, folder, files))
    problems.extend(unusable_names(root, [p for p in files if p.suffix.lower() == ".md"]))
    for path in files:
        rel = path.relative_to(root).as_posix()
        if path.suffix.lower() in CLEANED_FORMATS:
            try:
                images[path.relative_to(folder).as_posix()] = publish_clean(path)
            except ImageProblem as exc:
                problems.append(Problem(rel, 0, "", str(exc)))
            continue
        if path.suffix.lower() != ".md":
            continue
        text = read_text(root, path, problems)
        if text is None:
            continue
        doc = _parse(rel, text)
        if notes is not None:
            notes.extend(doc.notes)
        problems.extend(blocks.check_text(rel, text, 0))
        page = validate(DocsPage, doc, problems)
        if page is None:
            continue
        image = _share_image(folder, path, rel, page, doc, problems) if page.share_image else None
        pages[path.relative_to(folder).as_posix()] = DocsPageEntry(rel, page, image)
    return pages, images


def _parse(rel: str, text: str) -> Document:
    """Front matter is optional on an ordinary page."""
    if text.lstrip("\ufeff").startswith("---"):
        return parse(rel, text, title_in_body=True)
    doc = parse(rel, "---\n---\n" + text, title_in_body=True)
    moved = [replace(p, line=p.line - 2) if p.line > 2 else p for p in doc.problems]
    return replace(doc, problems=moved, notes=[replace(p, line=p.line - 2) if p.line > 2 else p for p in doc.notes])


def _share_image(
    folder: Path, path: Path, rel: str, page: DocsPage, doc: Document, problems: list[Problem]
) -> PublishedImage | None:
    where = Named(rel, doc.line_of(("deelafbeelding",)), "deelafbeelding", "een afbeelding naast de pagina")
    _, image = read_named(
        path.parent, folder, str(page.share_image), where, publish_share_image, (ImageProblem,), problems
    )
    return image
