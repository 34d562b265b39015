"""Runs the site engine as a command: MkDocs 1.6 (the default) or ProperDocs, its maintained
continuation, which runs our plugin unchanged. An error that nobody foresaw ends in one Dutch
line, never in a traceback.

    python -m hooks.engine mkdocs build --strict ...
"""

from __future__ import annotations

import importlib
import sys

ENGINES = {"mkdocs": "mkdocs.__main__", "properdocs": "properdocs.__main__"}
DEFAULT = "mkdocs"


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ENGINES:
        print(f"Gebruik: python -m hooks.engine {{{'|'.join(ENGINES)}}} build ...", file=sys.stderr)
        return 2
    name, args = argv[0], argv[1:]
    try:
        module = importlib.import_module(ENGINES[name])
    except ImportError:
        print(f"{name} is niet geïnstalleerd; verwacht `make build` (of pip install {name}).", file=sys.stderr)
        return 2
    try:
        module.cli.main(args=args, prog_name=name, standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # noqa: BLE001 - the point of this module
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        print(
            f"De build is gestopt door een onverwachte fout ({type(exc).__name__}: {detail}); verwacht een "
            "site die `make check` goedkeurt. Blijft dit, meld het dan met deze regel aan de ontwikkelaars.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
