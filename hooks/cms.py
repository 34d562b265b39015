"""The web editor's configuration (Decap CMS at /admin/), completed from the content models.

`cms/config.yml` holds what only people can write: the backend, and per field its Dutch label and
kind of widget. Everything the build checks comes from the models here, at build time, so the
editor and the build cannot drift: whether a field is required (an optional group's own fields are
optional too: Decap demanded a photo otherwise, issues #2103 and #7748), limits, patterns and
choices (from the model, or from the campaign data: roles, themes; related stories as a relation),
and the guide's explanation of each field as its hint.
"""

from __future__ import annotations

import copy
import enum
import re
import types
import typing
from typing import Any, Literal

import yaml
from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel

from .campaign import Campaign
from .collections import COLLECTIONS, Collection
from .docs_pages import DocsPage
from .live import Editor
from .podcast_models import Show

# Each kind's collection in the editor, as the kind names it; and the ordinary pages.
MODELS: dict[str, type[BaseModel]] = {c.editor_name: c.content_model for c in COLLECTIONS} | {"paginas": DocsPage}
BY_EDITOR: dict[str, Collection] = {c.editor_name: c for c in COLLECTIONS}
FILES: dict[str, type[BaseModel]] = {"data/campagne.yml": Campaign, "podcast/show.yml": Show}


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type inside Optional[...], whether None is allowed)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), len(args) < len(typing.get_args(annotation))
    return annotation, False


def _choices(annotation: Any) -> list[str] | None:
    inner, _ = _unwrap(annotation)
    if typing.get_origin(inner) is typing.Annotated:
        inner = typing.get_args(inner)[0]
    if typing.get_origin(inner) is Literal:
        return [str(v) for v in typing.get_args(inner)]
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return [str(m.value) for m in inner]
    return None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    inner, _ = _unwrap(annotation)
    if typing.get_origin(inner) is list:
        inner = typing.get_args(inner)[0]
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


_FLOW_LIST = re.compile(r"\[([^\]]*)\]")
_TRUE = re.compile(r"^(?:[\w]+: )?true(?: \(ja\))?(?: of false(?: \(nee\))?)?")


def _editor_words(text: str, field: dict, typed_list: bool = False) -> str:
    """A field's explanation as the editor's control shows it: the files' YAML words (`true`,
    `[a, b]`) mean nothing to someone who taps a switch or picks from a list. `typed_list`: say
    how to type a list into Decap's list box (its items with commas between them)."""
    text = _FLOW_LIST.sub(lambda m: m.group(1), text.replace("`", ""))
    widget = field.get("widget")
    if widget == "boolean":
        return _TRUE.sub("Aan", text).replace(" of false", "").strip()
    if widget in ("select", "relation") and field.get("multiple"):
        return text.replace("een lijst zoals", "een of meer, zoals").replace("een lijst met", "een of meer van:")
    if typed_list and widget == "list" and "fields" not in field and "field" not in field:
        return text + " (met een komma ertussen)"
    return text


def _hint(info: Any, field: dict) -> str | None:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    description = _editor_words(info.description, field) if info.description else None
    said = _editor_words(extra["verwacht"], field, typed_list=True) if extra.get("verwacht") else None
    if said in ("Aan", description) or (
        said and description and said.startswith("Aan") and description.startswith("Aan")
    ):
        said = None  # the switch says it, or the description already did
    elif said and not said.startswith("Aan"):
        said = f"Verwacht: {said}."
    elif said:
        said += "."
    return " ".join(p for p in (description, said) if p) or None


def _pattern(info: Any) -> str | None:
    for item in info.metadata:
        pattern = getattr(item, "pattern", None)
        if pattern:
            return pattern
    inner, _ = _unwrap(info.annotation)
    if typing.get_origin(inner) is typing.Annotated:
        for item in typing.get_args(inner)[1:]:
            for meta in getattr(item, "metadata", []):
                if getattr(meta, "pattern", None):
                    return meta.pattern
    return None


def complete(
    fields: list[dict],
    model: type[BaseModel],
    campaign: Campaign | None,
    optional: bool = False,
    kind: Collection | None = None,
) -> list[dict]:
    """The editor's fields with the model's rules; `optional`: the whole group may be left out;
    `kind`: the collection whose own rules (`Collection.editor_field`) its top-level fields get."""
    by_alias = {info.alias or name: (name, info) for name, info in model.model_fields.items()}
    out = []
    for original in fields:
        field = copy.deepcopy(original)
        attribute, info = by_alias.get(field["name"], (None, None))
        if info is None:  # body: the Markdown under the front matter
            out.append(field)
            continue
        required = info.is_required() and not optional
        field["required"] = required
        choices = _choices(info.annotation)
        if choices and field.get("widget") == "select":
            field["options"] = choices
        for meta in info.metadata:
            if isinstance(meta, Ge) and field.get("widget") == "number":
                low_number = int(meta.ge)  # type: ignore[call-overload]  # our bounds are whole numbers
                if required or low_number <= 0:
                    field["min"] = low_number
                elif low_number == 1:  # Decap checks `min` on an empty optional number too, as 0
                    field["pattern"] = ["^([1-9][0-9]*)?$", "een getal vanaf 1"]
            if isinstance(meta, Le) and field.get("widget") == "number":
                field["max"] = meta.le
        low = next((m.min_length for m in info.metadata if isinstance(m, MinLen)), 0)
        high = next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)
        if field.get("widget") in ("string", "text") and (low or high is not None):
            if high is None:
                field["pattern"] = [f"^[\\s\\S]{{{low},}}$", f"minstens {low} tekens"]
            else:
                said = f"tussen {low} en {high} tekens" if low else f"hoogstens {high} tekens"
                field["pattern"] = [f"^[\\s\\S]{{{low},{high}}}$", said]
        pattern = _pattern(info)
        if pattern and field.get("widget") == "string":
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            field["pattern"] = [pattern, f"verwacht {extra.get('verwacht', 'de juiste vorm')}"]
        nested = _model_of(info.annotation)
        if nested is not None and "fields" in field:
            _, nullable = _unwrap(info.annotation)
            field["fields"] = complete(field["fields"], nested, campaign, optional=nullable or not required)
        if model is Campaign and campaign is not None and field.get("widget") == "object" and "fields" not in field:
            # rollen, themas: a key each, as the file has them (a new key is added in the file itself)
            keys = getattr(campaign, str(attribute))
            field["fields"] = [{"name": key, "label": key, "widget": "string"} for key in keys]
        if kind is not None:
            kind.editor_field(field, campaign)  # before the hint, which speaks of the final control
        if field.get("widget") == "image" or (field.get("widget") == "file" and field["name"] != "audio"):
            # Pictures and transcripts come from the repository: the site loads nothing from other
            # hosts, so Decap's "Voeg toe via URL" would only make a broken reference.
            field.setdefault("choose_url", False)
        hint = _hint(info, field)  # last: it speaks of the control the field ends up with
        if hint and "hint" not in field:
            field["hint"] = hint
        out.append(field)
    return out


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Where an entry is on the site, as each kind says (Decap fills in {{slug}}).
PREVIEW_PATHS = {c.editor_name: c.editor_preview_path() for c in COLLECTIONS}


def config(skeleton: dict, campaign: Campaign | None, site_url: str, editor: Editor | None = None) -> dict:
    result = copy.deepcopy(skeleton)
    result["site_url"] = site_url
    if editor is not None:  # set once, in mkdocs.yml (hooks/live.py); the skeleton names neither
        backend = result.setdefault("backend", {})
        backend["repo"] = editor.repository
        if editor.login:  # our OAuth endpoints (petition/login.py): Decap opens {base_url}/auth
            backend.update(base_url=editor.login, auth_endpoint="auth")
    for collection in result["collections"]:
        if collection["name"] in PREVIEW_PATHS:  # "Bekijk" in the editor opens the page itself
            collection["preview_path"] = PREVIEW_PATHS[collection["name"]]
        model = MODELS.get(collection["name"])
        if model is not None:
            kind = BY_EDITOR.get(collection["name"])
            collection["fields"] = complete(collection["fields"], model, campaign, kind=kind)
            collection.setdefault("delete", False)  # withdraw (ingetrokken) or draft, never delete an address
        for file in collection.get("files", []):
            file_model = FILES.get(file["file"])
            if file_model is not None:
                file["fields"] = complete(file["fields"], file_model, campaign)
    return result


def rendered(skeleton_text: str, campaign: Campaign | None, site_url: str, editor: Editor | None = None) -> str:
    head = "# Made by the build from cms/config.yml, mkdocs.yml and the content models (hooks/cms.py). Do not edit.\n"
    # libyaml's loader and dumper (the same output, a tenth of the time: 114 ms to 11 ms per build).
    data = config(yaml.load(skeleton_text, Loader=_LOADER), campaign, site_url, editor)
    return head + yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=120)
