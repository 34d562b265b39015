"""Manifests (`manifests/*.md` -> `/manifesten/<naam>/`): what the foundation asks for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import publication, urls
from ..errors import Problem
from ..loading import parse_valid, read_folder
from ..models import Manifest
from .base import Collection, Loaded, SiteContent


@dataclass(frozen=True)
class ManifestEntry:
    slug: str
    path: str
    manifest: Manifest
    body: str
    status: str = publication.PUBLISHED  # manifests have no draft or date of their own

    @property
    def url(self) -> str:
        return urls.manifest(self.slug)


class Manifests(Collection):
    name = "manifest"
    index_name = "manifests"
    folder = "manifests"
    model_attribute = "manifest"
    section = urls.MANIFESTS
    label = "Manifesten"
    content_model = Manifest
    schema_name = "manifest"
    editor_name = "manifesten"
    index_heading = "# Manifesten\n"
    index_description = "De manifesten van Het Vergeten Kind: wat de stichting vraagt van gemeenten en het Rijk, om onnodige uithuisplaatsingen te voorkomen."
    index_share_title = "Manifesten van Het Vergeten Kind: wat we vragen"
    template = "manifest.html"
    index_template = "manifests.html"

    def load(self, root: Path, content: SiteContent, now: dt.datetime, problems: list[Problem]) -> Loaded:
        folder = root / self.folder
        if not folder.is_dir():
            return Loaded()
        entries = []
        for rel, text in read_folder(root, folder, self.suffixes, "manifesten (.md)", problems):
            manifest, doc = parse_valid(Manifest, rel, text, problems, content.notes)
            if manifest is not None:
                entries.append(ManifestEntry(urls.slugify(Path(rel).stem), rel, manifest, doc.body))
        return Loaded(entries=sorted(entries, key=lambda e: (e.manifest.order, e.slug)))

    def has_index(self, content: SiteContent) -> bool:
        return bool(self.loaded(content).entries)

    def meta(self, entry: ManifestEntry) -> tuple[str, str]:
        return entry.manifest.title, entry.manifest.summary
