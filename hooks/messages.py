"""Turns pydantic's validation errors into the Dutch lines editors read."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .frontmatter import Document

_PROBLEM_BY_TYPE = {
    "int_parsing": "is geen getal",
    "int_type": "is geen getal",
    "int_from_float": "is geen heel getal",
    "float_parsing": "is geen getal",
    "float_type": "is geen getal",
    "string_type": "is geen tekst",
    "bool_parsing": "is geen ja/nee-waarde",
    "bool_type": "is geen ja/nee-waarde",
    "date_parsing": "is geen datum",
    "date_from_datetime_parsing": "is geen datum",
    "date_from_datetime_inexact": "heeft ook een tijd",
    "date_type": "is geen datum",
    "datetime_parsing": "is geen datum met tijd",
    "datetime_type": "is geen datum met tijd",
    "list_type": "is geen lijst",
    "model_type": "is geen groep velden",
    "dict_type": "is geen groep velden",
    "enum": "is geen toegestane waarde",
    "literal_error": "is niet toegestaan",
    "url_parsing": "is geen geldig webadres",
    "url_scheme": "is geen webadres met https://",
    "value_error": "klopt niet",
}


def show(value: Any) -> str:
    """An editor-readable rendering of what they wrote."""
    if isinstance(value, str):
        value = value.replace("\r", "").replace("\n", "\\n").replace("\t", "\\t")  # one line, always
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f'"{shown}"'
    if value is None:
        return "(leeg)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return "een lijst" if isinstance(value, list) else "een groep velden"
    return str(value)


def _field_info(model: type[BaseModel], loc: tuple) -> Any:
    """The FieldInfo at `loc` (aliases, as pydantic reports them), or None."""
    info = None
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return info
        info = next((f for f in fields.values() if f.alias == part), None)
        if info is None:
            return None
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        current = next((a for a in (annotation, *args) if hasattr(a, "model_fields")), None)
    return info


def expected(model: type[BaseModel], loc: tuple) -> str:
    info = _field_info(model, loc)
    extra = (info.json_schema_extra or {}) if info is not None else {}
    return extra.get("verwacht", "een geldige waarde") if isinstance(extra, dict) else "een geldige waarde"


def _describe(error: dict, model: type[BaseModel], loc: tuple) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"ontbreekt; verwacht {expected(model, loc)}"
    if kind == "string_type" and isinstance(value, (bool, int, float, dt.date)):
        # YAML turned what the editor typed into something else: `no`, `1.10`, `2026-01-29`.
        what = (
            "een ja/nee-waarde"
            if isinstance(value, bool)
            else "een datum"
            if isinstance(value, dt.date)
            else "een getal"
        )
        return (
            f"{show(value)} is geen tekst (YAML leest het als {what}); verwacht {expected(model, loc)}, "
            "tussen aanhalingstekens"
        )
    if kind == "extra_forbidden":
        known = ", ".join(sorted(f.alias for f in _parent_fields(model, loc)))
        return f"is geen bekend veld (tikfout?); verwacht een van de bekende velden: {known}"
    if kind in ("string_too_short", "too_short"):
        problem = "is te kort" if value not in ("", None, []) else "is leeg"
    elif kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        problem = f"is te lang (hoogstens {limit} tekens)" if kind == "string_too_long" else "heeft te veel onderdelen"
    elif kind in ("greater_than_equal", "greater_than"):
        problem = f"is te klein (minstens {ctx.get('ge', ctx.get('gt'))})"
    elif kind in ("less_than_equal", "less_than"):
        problem = f"is te groot (hoogstens {ctx.get('le', ctx.get('lt'))})"
    elif kind == "value_error" and ctx.get("error"):
        problem = str(ctx["error"])
    else:
        problem = _PROBLEM_BY_TYPE.get(kind, "is niet geldig")
    if kind == "value_error" and isinstance(value, dict):
        return str(ctx.get("error", problem))  # a rule across fields: the rule says it all
    advice = _date_advice(value) if kind.startswith("date") else ""
    return f"{show(value)} {problem}; verwacht {expected(model, loc)}{advice}"


def _parent_fields(model: type[BaseModel], loc: tuple):
    info = _field_info(model, loc[:-1]) if len(loc) > 1 else None
    current: Any = model
    if info is not None:
        args = getattr(info.annotation, "__args__", ())
        current = next((a for a in (info.annotation, *args) if hasattr(a, "model_fields")), model)
    return current.model_fields.values()


# Characters a phone or word processor slips into a field name without showing them.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def _meant_field(model: type[BaseModel], loc: tuple) -> str | None:
    """The known field an unknown name was meant to be: the same name but for capitals (a phone
    capitalises the first word of a line) or invisible characters."""
    name = str(loc[-1])
    cleaned = name.translate(_INVISIBLE).strip().casefold()
    for info in _parent_fields(model, loc):
        if info.alias and info.alias != name and info.alias.casefold() == cleaned:
            return info.alias
    return None


_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


def _date_advice(value: Any) -> str:
    """For a date written day first, as Dutch people write it: the same date as the file needs it."""
    match = _DAY_FIRST.match(str(value))
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return f" (eerst het jaar: {dt.date(year, month, day).isoformat()})"
        except ValueError:
            return ""
    return ""


def problems_from(exc: ValidationError, model: type[BaseModel], doc: Document) -> list[Problem]:
    """One Problem per pydantic error, located at the line where the editor wrote the field; a
    field name written with a capital or an invisible character is one problem, not two."""
    out = []
    errors = exc.errors(include_url=False)
    misspelt = {  # where an unknown name was meant to be a known field: that field
        loc: field
        for loc in (tuple(e["loc"]) for e in errors if e["type"] == "extra_forbidden")
        if (field := _meant_field(model, loc)) is not None
    }
    meant = {(*loc[:-1], field) for loc, field in misspelt.items()}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc in meant:
            continue  # said with the misspelt name below
        if error["type"] == "extra_forbidden" and loc in misspelt:
            written, right = str(loc[-1]), misspelt[loc]
            hidden = written.translate(_INVISIBLE) != written
            why = "bevat een onzichtbaar teken" if hidden else "is met een hoofdletter geschreven"
            out.append(
                Problem(
                    doc.path,
                    doc.line_of(loc),
                    written.translate(_INVISIBLE),
                    f"de veldnaam {why}; verwacht precies `{right}:` (typ de naam opnieuw, met kleine letters)",
                )
            )
            continue
        field = ".".join(str(p) for p in loc if not isinstance(p, int)) or "kop"
        if any(isinstance(p, int) for p in loc):
            index = next(p for p in reversed(loc) if isinstance(p, int))
            field = f"{field}[{index + 1}]"
        out.append(Problem(doc.path, doc.line_of(loc), field, _describe(dict(error), model, loc)))
    return out
