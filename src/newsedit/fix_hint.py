"""What a blocked run says last: the one command that applies the safe fixes, and which findings need
`--unsafe-fixes` or a person. A hook run (pre-commit, or newsedit's own git hook) ends with it."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping, Sequence

from newsedit import fixes
from newsedit.findings import ArticleResult, Finding, Severity

# Set by pre-commit for its hooks, and by `newsedit hook install`'s script.
HOOK_ENV = ("PRE_COMMIT", "NEWSEDIT_STAGED")
# The manual-stage hook of .pre-commit-hooks.yaml that runs `newsedit fix` where newsedit is not installed.
PRE_COMMIT_FIX = "newsedit-fix"


def in_hook(env: Mapping[str, str]) -> bool:
    """Whether this run is a commit hook's."""
    return any(env.get(name) for name in HOOK_ENV)


def fix_command(paths: Sequence[str], env: Mapping[str, str]) -> str:
    """The command that applies the safe fixes to these files, as this user can run it."""
    files = " ".join(shlex.quote(p) for p in paths)
    if env.get("PRE_COMMIT"):
        return f"pre-commit run {PRE_COMMIT_FIX} --hook-stage manual --files {files}"
    return f"newsedit fix {files}"


def blocked_hint(articles: Iterable[ArticleResult], fail_on: Severity, env: Mapping[str, str]) -> str | None:
    """The closing line of a blocked run: the fix command when a blocking finding has a safe fix, else who acts."""
    safe_paths: list[str] = []
    unsafe = person = 0
    for article in articles:
        blocking = [f for f in article.findings if f.severity >= fail_on]
        kinds = [fixes.safety(f, article.headline) for f in blocking]
        if fixes.SAFE in kinds:
            safe_paths.append(article.path)
        unsafe += kinds.count(fixes.UNSAFE)
        person += kinds.count(None)
    if not safe_paths and not unsafe and not person:
        return None
    rest = _who(unsafe, person)
    if safe_paths:
        return f"newsedit: apply the safe fixes with: {fix_command(safe_paths, env)}" + (f" ({rest})" if rest else "")
    return f"newsedit: no blocking finding has a safe fix ({rest})"


def left_after_fix(remaining: Iterable[Finding], fail_on: Severity) -> str | None:
    """What `newsedit fix` leaves blocking: how many findings need --unsafe-fixes and how many a person."""
    left = [f for f in remaining if f.severity >= fail_on]
    unsafe = sum(1 for f in left if f.replacements)  # a safe fix would have been applied
    lines = [f"  {f.path}:{f.line}:{f.column}: [{f.rule}] " + _needs(f) for f in left]
    return f"Still blocking: {_who(unsafe, len(left) - unsafe)}." + "".join("\n" + x for x in lines) if left else None


def _needs(f: Finding) -> str:
    if f.replacements:
        what = "delete it" if f.replacements[0] == "" else repr(f.replacements[0])
        return f"unsafe fix ({what}): --unsafe-fixes (check it with --diff)"
    return "no fix: a person must decide"


def _who(unsafe: int, person: int) -> str:
    parts = []
    if unsafe:
        parts.append(f"{unsafe} {'has an unsafe fix' if unsafe == 1 else 'have unsafe fixes'}: --unsafe-fixes")
    if person:
        parts.append(f"{person} {'needs' if person == 1 else 'need'} a person")
    return "; ".join(parts)
