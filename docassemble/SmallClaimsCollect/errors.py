"""Input problems: each names the field it is about and says what is expected."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: the field (a path or a command-line option) and why."""

    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.field} (line {self.line})" if self.line else self.field
        return f"{where}: {self.message}"


class InputError(ValueError):
    """Bad input. Carries every problem found, not only the first; the CLI exits with code 2."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, field: str, message: str) -> "InputError":
        return cls(Problem(field, message))


def did_you_mean(value: str, known: Iterable[str], n: int = 1) -> str:
    """A hint naming the known names closest to ``value`` ("; did you mean 'x'?"), or ''."""
    known = list(known)
    exact = [k for k in known if k.casefold() == value.casefold()]
    close = exact or difflib.get_close_matches(value, known, n=n, cutoff=0.5)
    return "; did you mean " + " or ".join(f"'{c}'" for c in close[:n]) + "?" if close else ""
