"""The council toolkit: the example motion and the written questions, each one document that
becomes the page's copyable text, a .txt, a .docx and an .odt (the formats council members hand in).

A document is written as a template in `templates/raad/` in a small line format (see
`motie.txt`); `document()` reads it into blocks, and each writer turns the blocks into its
format. Only the document itself is in it: instructions stay on the page.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .cache_files import read_verified, write_verified
from .campaign import Campaign
from .render import render

Kind = Literal["title", "heading", "item", "number", "paragraph"]
_LINE = re.compile(r"^(?:(#) |(##) |(-) |(\d+)\. )?(.*)$")
# Documents published without dates or names of their own: the same content gives the same bytes.
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str
    number: int | None = None


@dataclass(frozen=True)
class CouncilDocument:
    slug: str  # its file name without extension, in /gemeenten/
    title: str
    blocks: tuple[Block, ...]

    def text(self) -> str:
        """The document as plain text: what the copy button copies and the .txt holds."""
        out: list[str] = []
        previous: Kind | None = None
        for block in self.blocks:
            joined = block.kind in ("item", "number") and previous in ("item", "number", "heading")
            if out and not joined:
                out.append("")
            prefix = {"item": "- ", "number": f"{block.number}. "}.get(block.kind, "")
            out.append(prefix + (block.text.upper() if block.kind == "title" else block.text))
            previous = block.kind
        return "\n".join(out) + "\n"


DOCUMENTS = {
    "motie-gezinshulp-eerst": "raad/motie.txt",
    "schriftelijke-vragen-gezinshulp-eerst": "raad/schriftelijke-vragen.txt",
}


def read_blocks(text: str) -> tuple[Block, ...]:
    blocks = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        title, heading, item, number, rest = _LINE.match(line).groups()  # type: ignore[union-attr]
        if title:
            blocks.append(Block("title", rest))
        elif heading:
            blocks.append(Block("heading", rest))
        elif item:
            blocks.append(Block("item", rest))
        elif number:
            blocks.append(Block("number", rest, int(number)))
        else:
            blocks.append(Block("paragraph", rest))
    return tuple(blocks)


def documents(campaign: Campaign) -> list[CouncilDocument]:
    found = []
    for slug, template in DOCUMENTS.items():
        blocks = read_blocks(render(template, campaign=campaign).unescape())
        found.append(CouncilDocument(slug, blocks[0].text, blocks))
    return found


def _repacked(data: bytes) -> bytes:
    """The same zip with fixed times, so the file says nothing of when or where it was made."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            fixed.compress_type = info.compress_type  # an .odt's mimetype stays first and stored
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def docx(document: CouncilDocument, author: str) -> bytes:
    import datetime as dt

    from docx import Document
    from docx.oxml.ns import qn

    word = Document()
    properties = word.core_properties
    properties.author = properties.last_modified_by = author
    properties.title = document.title
    properties.created = properties.modified = dt.datetime(*_ZIP_TIME)
    properties.revision = 1
    properties.language = "nl-NL"
    defaults = word.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = run_defaults.makeelement(qn("w:lang"), {})
        run_defaults.append(language)
    language.set(qn("w:val"), "nl-NL")  # spelling and hyphenation in Dutch
    properties.comments = properties.keywords = properties.subject = properties.category = ""
    for block in document.blocks:
        if block.kind == "title":
            word.add_heading(block.text, level=1)
        elif block.kind == "heading":
            word.add_heading(block.text, level=2)
        elif block.kind == "item":
            word.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "number":
            word.add_paragraph(f"{block.number}. {block.text}")
        else:
            word.add_paragraph(block.text)
    out = io.BytesIO()
    word.save(out)
    return _repacked(out.getvalue())


WRITERS_VERSION = "2"  # raise when docx() or odt() writes other bytes for the same document


def files(document: CouncilDocument, author: str, cache: Path | None = None) -> dict[str, bytes]:
    """The document as .txt, .docx and .odt. The office files are kept in `cache` by a hash of all
    they are made from (the document, the author, the writers and their libraries): making the
    site's two documents takes 0.11 s, on every build and every `make serve` rebuild otherwise."""
    made = {".txt": document.text().encode("utf-8")}
    for ext, write, library in ((".docx", docx, "python-docx"), (".odt", odt, "odfpy")):
        recipe = repr((WRITERS_VERSION, ext, importlib.metadata.version(library), author, document))
        path = (
            cache / f"{hashlib.sha256(recipe.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}{ext}"
            if cache
            else None
        )
        data = read_verified(path) if path is not None else None
        if data is None:
            data = write(document, author)
            if path is not None:
                write_verified(path, data)
        made[ext] = data
    return made


def odt(document: CouncilDocument, author: str) -> bytes:
    """The document as OpenDocument text. odfpy keeps the namespaces every document used in one
    dictionary for the whole process (`Element.namespaces`, "a static variable") and declares them
    all in each file it writes: the same document came out with other bytes after another one was
    written. Each file starts from the namespaces as they were before the first."""
    from odf.element import Element

    known = _namespaces_before_the_first()
    Element.namespaces.clear()
    Element.namespaces.update(known)
    return _odt(document, author)


@functools.cache
def _namespaces_before_the_first() -> dict[str, str]:
    from odf.element import Element

    return dict(Element.namespaces)


def _odt(document: CouncilDocument, author: str) -> bytes:
    from odf import dc, meta, text
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties

    office = OpenDocumentText()
    office.meta.childNodes[:] = []  # no generator, no dates
    office.meta.addElement(dc.Title(text=document.title))
    office.meta.addElement(meta.InitialCreator(text=author))
    office.meta.addElement(dc.Language(text="nl-NL"))
    styles = {}
    for name, size, bold in (("Titel", "18pt", True), ("Kop", "13pt", True), ("Tekst", "11pt", False)):
        style = Style(name=name, family="paragraph")
        style.addElement(
            TextProperties(fontsize=size, fontweight="bold" if bold else "normal", language="nl", country="NL")
        )
        style.addElement(ParagraphProperties(marginbottom="0.2cm", margintop="0.3cm" if bold else "0cm"))
        office.styles.addElement(style)
        styles[name] = style
    for block in document.blocks:
        if block.kind == "title":
            office.text.addElement(text.H(outlinelevel=1, stylename=styles["Titel"], text=block.text))
        elif block.kind == "heading":
            office.text.addElement(text.H(outlinelevel=2, stylename=styles["Kop"], text=block.text))
        elif block.kind == "item":
            office.text.addElement(text.P(stylename=styles["Tekst"], text=f"• {block.text}"))
        elif block.kind == "number":
            office.text.addElement(text.P(stylename=styles["Tekst"], text=f"{block.number}. {block.text}"))
        else:
            office.text.addElement(text.P(stylename=styles["Tekst"], text=block.text))
    out = io.BytesIO()
    office.write(out)
    return _repacked(out.getvalue())
