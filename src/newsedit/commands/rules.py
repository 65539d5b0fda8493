"""`newsedit rules`: every rule that can fire, one explained (`--explain ID`), and house rules tried on an archive
(`newsedit rules test FILE PATH...`) before anyone's commit is blocked by them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from newsedit.errors import UsageError

if TYPE_CHECKING:
    from newsedit.config import Config
    from newsedit.house_rules import HouseRule
    from newsedit.rules import Rule

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config", help="Config file (default: the closest newsedit.toml or [tool.newsedit]): its house rules."
    ),
]
Explain = Annotated[
    str | None,
    typer.Option(
        "--explain", metavar="ID",
        help="Explain one rule: severity, why, examples, config keys and thresholds, measured precision,"
        " and how to switch it off or raise it.",
    ),
]  # fmt: skip
CheckFilter = Annotated[str | None, typer.Option("--check", help="Only this check's rules (grammar, dupes...).")]
SeverityFilter = Annotated[str | None, typer.Option("--severity", help="Only rules of this default severity.")]
TagFilter = Annotated[str | None, typer.Option("--tag", help="Only rules with this tag (languagetool, news-pack...).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text or json.")]
SAMPLES = 5  # matches shown per rule by `rules test`
CONTEXT = 40  # characters either side of a sample match


def register(app: typer.Typer) -> None:
    """Add `newsedit rules [--explain ID]` and `newsedit rules test` to the CLI."""
    rules = typer.Typer(help="Every rule newsedit can report.", invoke_without_command=True)
    rules.callback()(list_rules)
    rules.command("test")(test_rules)
    app.add_typer(rules, name="rules")


def list_rules(
    ctx: typer.Context,
    explain: Explain = None,
    check: CheckFilter = None,
    severity: SeverityFilter = None,
    tag: TagFilter = None,
    config: ConfigOpt = None,
    fmt: FormatOpt = "text",
) -> None:
    """List every rule that can fire (newsedit's, the news pack's, LanguageTool's measured ones, the config's
    house rules), with its default severity and measured precision."""
    if ctx.invoked_subcommand is not None:
        return
    cfg = _config(config)
    if explain is not None:
        typer.echo("\n".join(explanation(_find(explain, cfg), cfg)))
        return
    rules = [r for r in _catalogue(cfg) if _wanted(r, check, severity, tag)]
    if fmt == "json":
        typer.echo(json.dumps([_plain(r) for r in rules], indent=2, ensure_ascii=False))
        return
    _check_format(fmt)
    for rule in rules:
        typer.echo(f"{rule.id:<44} {rule.severity!s:<8} {_precision(rule):>5}  {rule.name}")


def _config(explicit: Path | None) -> Config:
    from newsedit import config as config_mod

    return config_mod.for_paths([], explicit)


def _catalogue(cfg: Config) -> list[Rule]:
    from newsedit import checks, house_rules

    rules = {rule.id: rule for rule in checks.catalogue()}
    rules.update({r.id: r.entry for r in house_rules.load_all(cfg)})
    return sorted(rules.values(), key=lambda r: r.id)


def _wanted(rule: Rule, check: str | None, severity: str | None, tag: str | None) -> bool:
    return (
        (check is None or rule.check == check or (check == "grammar" and rule.check == "house"))
        and (severity is None or str(rule.severity) == severity)
        and (tag is None or tag in rule.tags)
    )


def _precision(rule: Rule) -> str:
    return f"{rule.measured.precision:.0%}" if rule.measured else "-"


def _plain(rule: Rule) -> dict[str, Any]:
    measured = rule.measured
    return {
        "id": rule.id, "name": rule.name, "severity": str(rule.severity), "why": rule.explanation,
        "tags": list(rule.tags), "config": list(rule.config), "link": rule.link or None,
        "examples": {"pass": list(rule.examples.passing), "fail": list(rule.examples.failing)},
        "measured": None if measured is None else {
            "matches": measured.matches, "articles": measured.articles, "true": measured.true,
            "precision": measured.precision,
        },
    }  # fmt: skip


def _check_format(fmt: str) -> None:
    if fmt not in ("text", "json"):
        raise UsageError(f"--format must be text or json (it is {fmt!r})")


def _find(rule_id: str, cfg: Config) -> Rule:
    from newsedit import validate

    found = next((r for r in _catalogue(cfg) if r.id == rule_id), None)
    if found is not None:
        return found
    if rule_id.startswith("grammar/lt-") and len(rule_id) > len("grammar/lt-"):
        return _unmeasured(rule_id)
    problem = validate.rule_problem(rule_id) or f"{rule_id}: a prefix, not one rule; `newsedit rules` lists them"
    raise UsageError(f"--explain {problem}")


def _unmeasured(rule_id: str) -> Rule:
    """A LanguageTool rule newsedit has not measured: what its severity comes from."""
    from newsedit.findings import Severity
    from newsedit.rules import Rule

    why = (
        f"LanguageTool's rule {rule_id.removeprefix('grammar/lt-')}: it never matched on the measured corpus, so"
        " its severity is its LanguageTool category's (news_rules.toml [languagetool] severity), warning if unlisted."
    )
    return Rule(rule_id, rule_id.removeprefix("grammar/lt-"), Severity.WARNING, why, config=("grammar.disabled-rules",))


def explanation(rule: Rule, cfg: Config) -> list[str]:
    """The lines `--explain` prints for one rule."""
    lines = [f"{rule.id}: {rule.name}", f"severity: {rule.severity}", f"why: {rule.explanation}"]
    if rule.measured is not None:
        m = rule.measured
        lines.append(
            f"measured: precision {m.precision:.1%} on published copy ({m.true} of {m.matches} matches in"
            f" {m.articles} articles were errors; data/lt_precision.json)"
        )
    lines += [f"tags: {', '.join(rule.tags)}"] if rule.tags else []
    lines += [f"link: {rule.link}"] if rule.link else []
    for title, examples in (("passes", rule.examples.passing), ("fails", rule.examples.failing)):
        lines.append(
            f"{title}:" + "".join(f"\n  {x}" for x in examples) if examples else f"{title}: no example recorded"
        )
    lines += [f"config: {key} = {_value(cfg, key)}" for key in rule.config]
    return lines + _switches(rule)


def _value(cfg: Config, key: str) -> str:
    """A config key's value in the config in effect, said with whether it is the default."""
    from newsedit.config import Config

    def get(root: Any) -> Any:
        for part in key.split("."):
            root = getattr(root, part.replace("-", "_"))
        return root

    value, default = get(cfg), get(Config())
    shown = json.dumps(value, ensure_ascii=False)
    return f"{shown} (the default)" if value == default else f"{shown} (default {json.dumps(default)}; {cfg.source})"


def _switches(rule: Rule) -> list[str]:
    family = rule.id if rule.id.endswith(("-", "/")) else None
    target = f"{family}X" if family else rule.id
    # LanguageTool runs such a rule under each English's own id; it is measured as one (rule_family).
    per_english = rule.id.startswith("grammar/lt-") and rule.id.endswith("_EN")
    target, note = (f"{target}_GB", " (and _US, _AU... for the other Englishes)") if per_english else (target, "")
    return [
        f'switch off: ignore = ["{target}"] under [tool.newsedit] (or --ignore {target}){note}',
        f'raise or lower: [tool.newsedit.severity] "{target}" = "error" (or "warning", "info"){note}',
    ]


def test_rules(
    file: Annotated[Path, typer.Argument(help="A house rules file ([[rule]] tables).")],
    paths: Annotated[
        list[str] | None, typer.Argument(help="Archive folders, files or globs to run the rules over.")
    ] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="Only this rule of the file.")] = None,
    samples: Annotated[int, typer.Option("--samples", help="Matches shown per rule, in context.")] = SAMPLES,
    fmt: FormatOpt = "text",
    config: ConfigOpt = None,
) -> None:
    """Run a house rules file's rules over articles and say, per rule, how many articles and matches it would
    flag, with samples in context: before the rules are switched on.

    Example: newsedit rules test house.toml archive/
    """
    from newsedit import house_rules

    _check_format(fmt)
    rules = [r for r in house_rules.load(file) if rule is None or r.id == rule]
    if not rules:
        raise UsageError(f"--rule {rule}: {file} has no such rule")
    tally = _tally(rules, paths or [], _config(config), samples)
    typer.echo(json.dumps(tally, indent=2, ensure_ascii=False) if fmt == "json" else _tally_text(tally))


def _tally(rules: Sequence[HouseRule], paths: Sequence[str], cfg: Config, samples: int) -> dict[str, Any]:
    from newsedit import house_rules, inputs
    from newsedit.errors import InputError
    from newsedit.findings import InputProblem

    per = {r.id: {"id": r.id, "articles": 0, "matches": 0, "gave_up": 0, "samples": []} for r in rules}
    read = failed = 0
    for item in inputs.expand(paths, cfg.extensions):
        try:
            article = inputs.load(item, cfg) if not isinstance(item, InputProblem) else None
        except InputError:
            article = None
        if article is None:
            failed += 1
            continue
        read += 1
        for r in rules:
            found, notices = house_rules.findings(article, [r])
            _count(per[r.id], article, found, bool(notices), samples)
    return {"articles": read, "unreadable": failed, "rules": list(per.values())}


def _count(entry: dict[str, Any], article: Any, found: Sequence[Any], gave_up: bool, samples: int) -> None:
    entry["gave_up"] += gave_up
    if not found:
        return
    entry["articles"] += 1
    entry["matches"] += len(found)
    # One sample per article: samples from across the archive say more than five from its first piece.
    for f in found[: 1 if len(entry["samples"]) < samples else 0]:
        left = " ".join(article.text[max(0, f.start - CONTEXT) : f.start].split())
        right = " ".join(article.text[f.end : f.end + CONTEXT].split())
        suggestion = f.replacements[0] if f.replacements else None
        entry["samples"].append(
            {"path": article.path, "line": f.line, "text": f.text, "suggestion": suggestion,
             "context": f"…{left} [{f.text}] {right}…"}
        )  # fmt: skip


def _tally_text(tally: dict[str, Any]) -> str:
    from newsedit.formats.escape import file_name, visible

    lines = [
        f"{tally['articles']} articles read" + (f", {tally['unreadable']} unreadable" if tally["unreadable"] else "")
    ]
    for entry in tally["rules"]:
        gave_up = f"; gave up on {entry['gave_up']}" if entry["gave_up"] else ""
        lines.append(f"{entry['id']}: {entry['matches']} matches in {entry['articles']} articles{gave_up}")
        for s in entry["samples"]:
            arrow = f" -> {s['suggestion']!r}" if s["suggestion"] is not None else ""
            lines.append(f"  {file_name(s['path'])}:{s['line']}: {visible(s['context'])}{visible(arrow)}")
    return "\n".join(lines)
