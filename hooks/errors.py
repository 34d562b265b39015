"""Content problems, reported in Dutch with file, line and field, all at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor must fix; its `str` is the line they read."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return " ".join(text.splitlines())  # one problem, one line

    def annotation(self, level: str) -> str:
        """The problem as a GitHub Actions workflow command (`level`: error or warning): in a pull
        request it shows on the file's line itself, in the editor's words."""

        def data(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def prop(text: str) -> str:
            return data(text).replace(":", "%3A").replace(",", "%2C")

        where = f"file={prop(self.path)}" + (f",line={self.line}" if self.line else "")
        title = f",title={prop(self.field)}" if self.field else ""
        return f"::{level} {where}{title}::{data(self.message)}"


class ContentError(Exception):
    """Raised with every problem found in one run, so an editor fixes them in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = "1 probleem gevonden" if count == 1 else f"{count} problemen gevonden"
        lines = "\n".join(f"  {p}" for p in self.problems)
        return f"De inhoud klopt niet: {head}. De site is niet gebouwd.\n{lines}"


def unexpected(path: str, exc: BaseException) -> Problem:
    """An error our code did not foresee, as a line an editor can act on: which file, and what to do.
    Without a file (`path` empty) it says so, rather than blaming a file the editor did not touch."""
    detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
    if not path:
        return Problem(
            "de build",
            0,
            "",
            f"stopte door een onverwachte fout ({detail}) die niet bij één bestand hoort; "
            "meld deze regel aan de ontwikkelaars, met wat je het laatst hebt veranderd",
        )
    return Problem(
        path,
        0,
        "",
        f"kon niet verwerkt worden (onverwachte fout: {detail}); verwacht een bestand "
        "zoals REDACTIE.md het beschrijft. Blijft dit, meld het dan met deze regel aan de ontwikkelaars",
    )
