"""Helpers several formats share: paths as shown, suggestions as written, an article's grade."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from newsedit.config import GRADE_FORMULAS
from newsedit.findings import Finding

GRADE = "flesch_kincaid_grade"  # the grade of readability data that names no formula


def relative_path(path: str) -> str | None:
    """The path relative to the folder newsedit ran in, with forward slashes; None when outside it."""
    given = Path(path)
    if not given.is_absolute():
        return PurePosixPath(*given.parts).as_posix() if given.parts else path
    try:
        return given.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return None


def suggestions(f: Finding) -> str:
    """The first few replacements, quoted; an empty one means the text should go."""
    return ", ".join(repr(r) if r else "delete it" for r in f.replacements[:3])


def readability_formula(data: dict[str, Any]) -> str:
    """The grade formula an article's readability targets apply to (its config's `grade-formula`)."""
    block = data.get("readability")
    formula = block.get("grade_formula") if isinstance(block, dict) else None
    return formula if isinstance(formula, str) and formula in GRADE_FORMULAS else GRADE


def readability_grade(data: dict[str, Any]) -> float | None:
    """An article's grade by its own formula (`readability_formula`), at the top or one level down."""
    block = data.get("readability")
    if not isinstance(block, dict):
        return None
    formula = readability_formula(data)
    for scores in [block, *(v for _, v in sorted(block.items()) if isinstance(v, dict))]:
        value = scores.get(formula)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None
