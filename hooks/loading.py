"""Reading content files and validating them against a model: shared by every collection."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .frontmatter import Document
from .messages import problems_from

M = TypeVar("M", bound=BaseModel)


def read_text(root: Path, path: Path, problems: list[Problem]) -> str | None:
    rel = path.relative_to(root).as_posix()
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(rel, 1, "", "het bestand is geen UTF-8-tekst; verwacht een tekstbestand in UTF-8"))
    except OSError as exc:
        problems.append(Problem(rel, 1, "", f"het bestand is niet te lezen ({exc.strerror})"))
    return None


def validate(model: type[M], doc: Document, problems: list[Problem]) -> M | None:
    problems.extend(doc.problems)
    if doc.problems:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, model, doc))
        return None


def content_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(folder).parts))
