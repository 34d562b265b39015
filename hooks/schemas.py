"""JSON Schemas of every kind of content, made from the same models that validate the build,
so editors' tools (VS Code, the web editor) check exactly what the build checks."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .campaign import Campaign
from .collections import COLLECTIONS
from .docs_pages import DocsPage
from .podcast_models import Show

# Each kind's schema, as the kind names it; and the files that are no kind.
SCHEMAS: dict[str, type[BaseModel]] = {c.schema_name: c.content_model for c in COLLECTIONS} | {
    "show": Show,
    "campagne": Campaign,
    "pagina": DocsPage,
}
FOLDER = Path(__file__).resolve().parent.parent / "schemas"


def schema(model: type[BaseModel]) -> dict:
    document = model.model_json_schema(by_alias=True, mode="validation")
    # Draft 7: what VS Code's YAML extension and remark-lint-frontmatter-schema (ajv) read; pydantic's
    # `$defs` are plain JSON pointers there.
    document["$schema"] = "http://json-schema.org/draft-07/schema#"
    return document


def rendered() -> dict[str, str]:
    return {
        f"{name}.schema.json": json.dumps(schema(model), ensure_ascii=False, indent=2) + "\n"
        for name, model in SCHEMAS.items()
    }


def write_schemas(folder: Path = FOLDER) -> int:
    folder.mkdir(exist_ok=True)
    for name, text in rendered().items():
        (folder / name).write_text(text, "utf-8")
    print(f"{len(SCHEMAS)} schema's geschreven naar {folder.name}/.")
    return 0
