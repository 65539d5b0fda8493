"""The words of the duplicates check's messages: what repeats what, and where it was published."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsedit.article import Article
    from newsedit.checks.dupes.batch import Group

_LIST = 3  # other articles named in one message


def repeat_text(article: Article, rep: Any, what: str) -> str:
    line = article.lines.position(rep.first.start).line
    if rep.similarity >= 1.0:
        return f"repeats {what} of line {line}"
    return f"nearly repeats {what} of line {line} ({rep.similarity:.0%} the same)"


def quoted(article: Article, span: Any) -> str:
    """The text of a short span, quoted for a message (long ones cut)."""
    text = " ".join(article.text[span.start : span.end].split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def group_message(rule: str, group: Group, member: int, paths: list[str]) -> str:
    others = [i for i in group.members if i != member]
    names = ", ".join(paths[i] for i in others[:_LIST]) + (
        f" and {len(others) - _LIST} more" if len(others) > _LIST else ""
    )
    what = {
        "dupes/batch-headline": "headline",
        "dupes/batch-body": "body",
        "dupes/same-story": "story (headline meaning)",
    }[rule]
    if rule == "dupes/same-story":
        return f"same {what} as {names} in this run (similarity {group.similarity:.2f})"
    if group.similarity >= 1.0:
        return f"same {what} as {names} in this run"
    return f"nearly the same {what} as {names} in this run (similarity {group.similarity:.2f})"


def shown(path: str) -> str:
    """An archived path as the user knows it: relative to the working folder where it can be."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path
