"""Benchmark: what newsedit's grammar blocks on published copy, measured and cross-validated; prints JSON.

Sources: the BBC corpus and the nine folders of ../shared/corpora/published (published, edited copy,
presumed right: an error finding there is a false alarm until a reader agreed it is an error, see
bench/data/lt_judgements*.toml), CWEB dev (web text whose annotators' edits say what is wrong) and the
independent error set (bench/data/independent_errors.tsv). LanguageTool is run once over all of them
(--dump, minutes: bench/lt_dump.py); everything else replays that dump through newsedit's policy, in
seconds.

    python bench/precision.py --dump             # LanguageTool over every source (resumes a partial dump)
    python bench/precision.py                    # the figures of the shipped table, per source
    python bench/precision.py --cross            # in-sample and leave-one-source-out figures
    python bench/precision.py --derive --write   # derive data/lt_precision.json from all sources
    python bench/precision.py --candidates       # every error/warning candidate, in context, to judge

Per published source (and under table_rules_only, for the rules the table decides: LanguageTool's, its
contexts and the news pack's, not newsedit's Python news rules, which keep the severities they were
written with): pieces blocked (an error finding), pieces blocked by an error a reader judged not
an error (target at most 5%), the share of blocking errors that are real (pooled target at least 90%)
and grammar warnings per 1,000 words (target at most 1). On CWEB, sentence level: precision of error
findings (target at least 0.85) and recall (at least 0.3), with raw LanguageTool (every match of its
own rules) beside them. --cross derives the severities without each source in turn and reports that
source with them (out of sample), beside the in-sample figures of the table derived on all sources.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import lt_dump

ROOT = Path(__file__).resolve().parents[1]
JUDGEMENTS = (ROOT / "bench" / "data" / "lt_judgements.toml", ROOT / "bench" / "data" / "lt_judgements_published.toml")
TABLE = ROOT / "src" / "newsedit" / "data" / "lt_precision.json"
LT = "grammar/lt-"
# newsedit's ids for contexts of LanguageTool rules, measured apart from the rest of their matches
CONTEXTS = ("grammar/misspelling", "grammar/typo", "grammar/doubled-word", "grammar/a-or-an", "grammar/contraction")
SENTENCE_SETS = ("cweb-dev", "independent")
TARGETS = {
    "false_blocked_share_per_source": 0.05,
    "real_share_pooled": 0.90,
    "warnings_per_1000_words": 1.0,
    "cweb_error_precision": 0.85,
    "cweb_error_recall": 0.30,
}


def main() -> None:
    """Dump, derive, cross-validate or report, and print the JSON document."""
    args = _arguments()
    if args.dump:
        lt_dump.dump(limit=args.limit, only=args.only)
        return
    replayed = replay(lt_dump.read(args.file), measured=args.report_as_is)
    if args.candidates:
        print(candidates(replayed))
        return
    if args.derive:
        table = derive(replayed, replayed.sources())
        if args.write:
            TABLE.write_text(render_table(table), "utf-8")
        print(json.dumps(_severity_counts(table), indent=2))
        return
    if args.cross:
        print(json.dumps(cross_validate(replayed), indent=2))
        return
    print(json.dumps(report(replayed, None), indent=2))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", action="store_true", help="run LanguageTool over every source into the dump")
    parser.add_argument("--limit", type=int, default=0, help="with --dump: at most N pieces per source")
    parser.add_argument("--only", help="with --dump: only this source (e.g. independent)")
    parser.add_argument("--file", type=Path, default=lt_dump.DUMP, help="the dump (default bench/results/...)")
    parser.add_argument("--derive", action="store_true", help="derive the severity table from all sources")
    parser.add_argument("--write", action="store_true", help="with --derive: write data/lt_precision.json")
    parser.add_argument("--cross", action="store_true", help="in-sample and leave-one-source-out figures")
    parser.add_argument("--candidates", action="store_true", help="list the matches to judge, in context")
    args = parser.parse_args()
    args.report_as_is = not (args.derive or args.cross or args.candidates)
    return args


# ---- replaying the dump ----------------------------------------------------------------------


@dataclass
class Seen:
    """One grammar finding of the replay, with its evidence key and verdict."""

    source: str
    path: str
    rule: str  # as reported
    key: str | None  # the measured table's id for it (None: a rule the table does not decide)
    severity: str  # as reported (with the table as replayed)
    true: bool
    text: str
    start: int
    end: int
    sentence: int = -1  # sentence sets: the index of its sentence in the piece
    house: bool = False


@dataclass
class PieceInfo:
    """What the metrics need of one piece."""

    source: str
    words: int
    wrong: list[bool] = field(default_factory=list)  # sentence sets: whether each sentence has an edit
    raw: set[int] = field(default_factory=set)  # sentence sets: sentences raw LanguageTool flags
    origin: list[str] = field(default_factory=list)  # independent set: each sentence's source


@dataclass
class Replayed:
    """Every finding and every piece of the dump."""

    seen: list[Seen]
    pieces: dict[str, PieceInfo]
    texts: dict[str, str] = field(default_factory=dict)  # path -> the article's text (for context)

    def sources(self) -> list[str]:
        """The sources in the dump, in order."""
        return list(dict.fromkeys(p.source for p in self.pieces.values()))

    def published(self) -> list[str]:
        """The published sources (not the sentence sets)."""
        return [s for s in self.sources() if s not in SENTENCE_SETS]


def replay(records: Sequence[dict[str, Any]], measured: bool) -> Replayed:
    """The dump through newsedit's grammar policy (measured: with the shipped table, else without it)."""
    from newsedit import config as config_mod
    from newsedit.checks import grammar

    check = grammar.create(config_mod.load(None))
    if not measured:
        check.policy = replace(check.policy, measured={})
    built, true = lt_dump.rebuilt(records), _judged()
    seen, pieces = [], {}
    for record in records:
        piece = built[record["path"]]
        pieces[record["path"]] = _piece_info(record, piece)
        house = _house_spans(record, check.policy)
        for f in lt_dump.findings(check, record, piece.article):
            seen.append(_seen(record, piece, f, true, house))
    texts = {path: piece.article.text for path, piece in built.items()}
    return Replayed([s for s in seen if s is not None], pieces, texts)


def _house_spans(record: dict[str, Any], policy: Any) -> set[tuple[int, int]]:
    """The spans of the matches that the policy takes for house style (by rule id or category)."""
    from newsedit.backends.languagetool import Match

    def house(match: Match) -> bool:  # newsedit before house-style categories: rule id prefixes only
        return bool(policy.house_style) and match.rule.startswith(policy.house_style)

    is_house = getattr(policy, "is_house_style", house)
    return {(m[0], m[1]) for m in record.get("matches", []) if is_house(Match(m[0], m[1], m[2], m[3], "", "", ()))}


def _piece_info(record: dict[str, Any], piece: lt_dump.Piece) -> PieceInfo:
    info = PieceInfo(record["source"], record["words"])
    if piece.sentences is not None:
        info.wrong = [bool(edits) for _, _, edits in piece.sentences]
        for match in record.get("matches", []):
            index = _sentence_of(piece, match[0])
            if index >= 0 and not match[2].startswith("NEWS_"):
                info.raw.add(index)
    if piece.ids is not None:
        origin = _independent_sources()
        info.origin = [origin[i] for i in piece.ids]
    return info


def _seen(record: dict[str, Any], piece: lt_dump.Piece, f: dict[str, Any], true: set[tuple[str, str, str]],
          house: set[tuple[int, int]]) -> Seen | None:  # fmt: skip
    rule, key = f["rule"], _key(f["rule"])
    if not rule.startswith("grammar/"):
        return None
    seen = Seen(record["source"], record["path"], rule, key, f["severity"], False, f["text"], f["start"], f["end"])
    seen.house = rule.startswith(LT) and (f["start"], f["end"]) in house
    if piece.sentences is None:
        seen.true = (_short(record), f["text"], _judged_family(rule)) in true
        return seen
    seen.sentence = _sentence_of(piece, f["start"])
    if seen.sentence < 0:
        return None  # the stand-in headline
    edits = piece.sentences[seen.sentence][2]
    seen.true = any(a < f["end"] and f["start"] < b for a, b in edits)
    return seen


def _sentence_of(piece: lt_dump.Piece, offset: int) -> int:
    return next((i for i, (a, b, _) in enumerate(piece.sentences or ()) if a <= offset < b), -1)


def _key(rule: str) -> str | None:
    """The table's id for a reported rule: LanguageTool's (one for every English), or a context's."""
    from newsedit.checks.grammar import rule_family

    if rule in CONTEXTS:
        return rule
    if not rule.startswith(LT):
        return None  # newsedit's Python news rules keep the severities they were written with
    return rule_family(rule.removeprefix(LT))  # LanguageTool's rules and the news pack's: measured alike


def _judged_family(rule: str) -> str:
    """What a judgement names, whichever way the finding is reported: the spell checker and
    grammar/misspelling are one, the word-repeat rule and grammar/doubled-word are one."""
    from newsedit.checks.grammar import rule_family

    bare = rule.removeprefix(LT)
    if bare in ("grammar/misspelling", "grammar/typo") or bare.startswith("MORFOLOGIK_RULE_EN"):
        return "spelling"
    if bare in ("grammar/doubled-word", "ENGLISH_WORD_REPEAT_RULE"):
        return "repeat"
    if bare in ("grammar/a-or-an", "EN_A_VS_AN"):
        return "EN_A_VS_AN"
    if bare in ("grammar/contraction", "EN_CONTRACTION_SPELLING"):
        return "EN_CONTRACTION_SPELLING"
    return rule_family(bare)


def _short(record: dict[str, Any]) -> str:
    """A piece as the judgements name it: section/file for the BBC, source/file for the others."""
    parts = Path(record["path"]).parts
    if record["source"] == "bbc":
        return "/".join(parts[-2:])
    return "/".join(parts[parts.index(record["source"]) :])


def _judged() -> set[tuple[str, str, str]]:
    """The matches a reader judged real errors: (file, matched text, judged family)."""
    out = set()
    for path in JUDGEMENTS:
        if path.is_file():
            for entry in tomllib.loads(path.read_text("utf-8")).get("true", []):
                out.add((entry["file"], entry["text"], _judged_family(entry["rule"])))
    return out


def _independent_sources() -> dict[str, str]:
    import csv

    path = ROOT / "bench" / "data" / "independent_errors.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            r["id"]: r["source"].split("/")[0] for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


# ---- deriving severities ---------------------------------------------------------------------


@dataclass
class Tally:
    """One key's counts over the training data."""

    matches: int = 0
    pieces: set[str] = field(default_factory=set)
    false_pieces: set[str] = field(default_factory=set)
    true: int = 0
    cweb: Counter[str] = field(default_factory=Counter)
    independent: Counter[str] = field(default_factory=Counter)


def derive(replayed: Replayed, sources: Iterable[str], held_out: str | None = None) -> dict[str, dict[str, Any]]:
    """The table's entries (evidence and severity per key), measured on these sources; the independent
    set's sentences taken from held_out are left out with it."""
    from newsedit.checks.grammar.evidence import Evidence, severity, wilson

    chosen = set(sources)
    published = sum(1 for p in replayed.pieces.values() if p.source in chosen and p.source not in SENTENCE_SETS)
    tallies: dict[str, Tally] = defaultdict(Tally)
    house = {s.key for s in replayed.seen if s.house}
    for s in replayed.seen:
        if s.key is not None and s.source in chosen and _counts(replayed, s, held_out):
            _add(tallies[s.key], s)
    table = {}
    for key, t in sorted(tallies.items()):
        # Every judged match is evidence of precision: published copy, CWEB and the independent set
        # (false alarms per 1,000 pieces come from published copy alone).
        matches = t.matches + t.cweb["matches"] + t.independent["matches"]
        true = t.true + t.cweb["true"] + t.independent["true"]
        evidence = Evidence(published, len(t.false_pieces), matches, true)
        table[key] = {
            "matches": t.matches, "articles": len(t.pieces), "true": t.true,
            "precision": round(t.true / t.matches, 3) if t.matches else 0.0,
            "pieces": published, "false_pieces": len(t.false_pieces),
            "false_per_1000_high": round(evidence.false_per_1000(), 2),
            "cweb_matches": t.cweb["matches"], "cweb_true": t.cweb["true"],
            "independent_matches": t.independent["matches"], "independent_true": t.independent["true"],
            "precision_low": round(wilson(true, matches)[0], 3) if matches else 0.0,
            "severity": "info" if key in house else severity(evidence),  # house style: info, switchable
        }  # fmt: skip
        if key in house:
            table[key]["house_style"] = True
    return table


def _counts(replayed: Replayed, s: Seen, held_out: str | None) -> bool:
    """Whether a finding is training data (an independent sentence from the held-out source is not)."""
    if s.source != "independent" or held_out is None:
        return True
    return replayed.pieces[s.path].origin[s.sentence] != held_out


def _add(t: Tally, s: Seen) -> None:
    if s.source in SENTENCE_SETS:
        counter = t.cweb if s.source == "cweb-dev" else t.independent
        counter["matches"] += 1
        counter["true"] += s.true
        return
    t.matches += 1
    t.true += s.true
    t.pieces.add(s.path)
    if not s.true:
        t.false_pieces.add(s.path)


def _severity_counts(table: dict[str, dict[str, Any]]) -> dict[str, Any]:
    counts = Counter(e["severity"] for e in table.values())
    errors = sorted(k for k, e in table.items() if e["severity"] == "error")
    return {"keys": len(table), "by_severity": dict(counts), "errors": errors}


def render_table(table: dict[str, dict[str, Any]]) -> str:
    """The data file's text: JSON, because a hook reads it every run (tomllib took 80 ms on it, json
    takes 4); one entry to a line, so that a re-derived table diffs by rule."""
    about = (
        "Measured evidence and severity of LanguageTool's rules as newsedit reports them; written by"
        " `python bench/precision.py --derive --write` from the dump of every source (bench/lt_dump.py)."
        " matches/articles/true/precision: on published copy (the BBC corpus and ../shared/corpora/published),"
        " true = judged real by a reader (bench/data/lt_judgements*.toml); pieces/false_pieces: published pieces"
        " measured and those it falsely flagged; false_per_1000_high: the 95% upper bound per 1,000 pieces;"
        " cweb_*: on CWEB dev (true = overlaps an annotator's edit); independent_*: on the independent error"
        " set (true = on its placed error, else a false alarm); precision_low: the 95% lower bound on all"
        " its judged matches. severity: newsedit.checks.grammar.evidence.severity. A rule not listed"
        " takes its category's severity (news_rules.toml), never above warning. rules: LanguageTool's ids;"
        " contexts: newsedit's ids for a context measured apart."
    )
    rules = {k: e for k, e in table.items() if not k.startswith("grammar/")}
    contexts = {k: e for k, e in table.items() if k.startswith("grammar/")}
    lines = ["{", f'"about": {json.dumps(about)},']
    for name, entries in (("rules", rules), ("contexts", contexts)):
        rows = [f"  {json.dumps(k)}: {json.dumps(e, ensure_ascii=False)}" for k, e in entries.items()]
        lines += [f'"{name}": {{', ",\n".join(rows), "}" + ("," if name == "rules" else "")]
    return "\n".join([*lines, "}"]) + "\n"


def severities(replayed: Replayed, table: dict[str, dict[str, Any]] | None) -> list[str]:
    """Each finding's severity under a table (None: as replayed). House style stays info; a rule the
    table does not list keeps the severity the replay gave it (its category's)."""
    if table is None:
        return [s.severity for s in replayed.seen]
    return [s.severity if s.house or s.key not in table else table[s.key]["severity"] for s in replayed.seen]


def report(
    replayed: Replayed, table: dict[str, dict[str, Any]] | None, only: Iterable[str] | None = None
) -> dict[str, Any]:
    """Per source: the published figures, or the sentence-level figures of a sentence set."""
    chosen = set(only) if only is not None else set(replayed.sources())
    given = severities(replayed, table)
    out: dict[str, Any] = {}
    for source in replayed.sources():
        if source in chosen:
            rows = [(s, v) for s, v in zip(replayed.seen, given, strict=True) if s.source == source]
            pieces = {k: p for k, p in replayed.pieces.items() if p.source == source}
            if source in SENTENCE_SETS:
                out[source] = _sentences(rows, pieces)
            else:
                out[source] = _published(rows, pieces)
                out[source]["table_rules_only"] = _published([(s, v) for s, v in rows if s.key is not None], pieces)
    published = [v for k, v in out.items() if k not in SENTENCE_SETS]
    if published:
        out["pooled"] = _pooled(published)
        out["pooled"]["table_rules_only"] = _pooled([v["table_rules_only"] for v in published])
    return out


def _published(rows: Sequence[tuple[Seen, str]], pieces: dict[str, PieceInfo]) -> dict[str, Any]:
    errors = [s for s, v in rows if v == "error"]
    warnings = sum(1 for _, v in rows if v == "warning")
    blocked = {s.path for s in errors}
    falsely = {s.path for s in errors if not s.true}
    words = sum(p.words for p in pieces.values())
    false_rules = Counter(s.rule for s in errors if not s.true)
    return {
        "pieces": len(pieces), "words": words,
        "blocked": len(blocked), "blocked_share": _share(len(blocked), len(pieces)),
        "falsely_blocked": len(falsely), "falsely_blocked_share": _share(len(falsely), len(pieces)),
        "errors": len(errors), "real_errors": sum(s.true for s in errors),
        "real_share": _share(sum(s.true for s in errors), len(errors)),
        "warnings": warnings, "warnings_per_1000_words": round(1000 * warnings / max(1, words), 3),
        "false_errors_by_rule": dict(false_rules.most_common(8)),
        "warnings_by_rule": dict(Counter(s.rule for s, v in rows if v == "warning").most_common(5)),
    }  # fmt: skip


def _pooled(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    total = {
        k: sum(r[k] for r in rows)
        for k in ("pieces", "words", "blocked", "falsely_blocked", "errors", "real_errors", "warnings")
    }
    return {
        **total,
        "blocked_share": _share(total["blocked"], total["pieces"]),
        "falsely_blocked_share": _share(total["falsely_blocked"], total["pieces"]),
        "worst_falsely_blocked_share": max(r["falsely_blocked_share"] for r in rows),
        "real_share": _share(total["real_errors"], total["errors"]),
        "warnings_per_1000_words": round(1000 * total["warnings"] / max(1, total["words"]), 3),
    }


def _sentences(rows: Sequence[tuple[Seen, str]], pieces: dict[str, PieceInfo]) -> dict[str, Any]:
    """Sentence level: a sentence is flagged at a severity when a finding of it (or above) is in it."""
    flagged: dict[str, set[tuple[str, int]]] = {"error": set(), "warning": set()}
    for s, v in rows:
        if v in ("error", "warning"):
            flagged["warning"].add((s.path, s.sentence))
        if v == "error":
            flagged["error"].add((s.path, s.sentence))
    wrong = {(k, i) for k, p in pieces.items() for i, w in enumerate(p.wrong) if w}
    raw = {(k, i) for k, p in pieces.items() for i in p.raw}
    out: dict[str, Any] = {"sentences": sum(len(p.wrong) for p in pieces.values()), "wrong": len(wrong)}
    false_rules = Counter(s.rule for s, v in rows if v == "error" and (s.path, s.sentence) not in wrong)
    out["false_errors_by_rule"] = dict(false_rules.most_common(8))
    for name, flags in (
        ("error", flagged["error"]),
        ("warning_or_above", flagged["warning"]),
        ("raw_languagetool", raw),
    ):
        out[name] = {
            "flagged": len(flags),
            "precision": _share(len(flags & wrong), len(flags)),
            "recall": _share(len(flags & wrong), len(wrong)),
        }
    return out


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def cross_validate(replayed: Replayed) -> dict[str, Any]:
    """In-sample (the table derived on every source) and out of sample (each source reported with the
    table derived on all the others), per source and pooled, with the targets."""
    sources = replayed.sources()
    full = derive(replayed, sources)
    out_of_sample: dict[str, Any] = {}
    for held in [s for s in sources if s != "independent"]:
        table = derive(replayed, [s for s in sources if s != held], held_out=held)
        out_of_sample.update(report(replayed, table, [held]))
        out_of_sample.pop("pooled", None)
    if "independent" in sources:
        out_of_sample["independent"] = _independent_out_of_sample(replayed, sources)
    published = [v for k, v in out_of_sample.items() if k not in SENTENCE_SETS]
    out_of_sample["pooled"] = _pooled(published)
    out_of_sample["pooled"]["table_rules_only"] = _pooled([v["table_rules_only"] for v in published])
    return {
        "pieces": dict(Counter(p.source for p in replayed.pieces.values())),
        "targets": TARGETS,
        "in_sample": report(replayed, full),
        "out_of_sample": out_of_sample,
        "table": _severity_counts(full),
    }


def _independent_out_of_sample(replayed: Replayed, sources: Sequence[str]) -> dict[str, Any]:
    """The independent set, each sentence under the table derived without its own source (that source's
    published pieces and its other independent sentences left out)."""
    rows: list[tuple[Seen, str]] = []
    for held in [s for s in sources if s not in SENTENCE_SETS]:
        table = derive(replayed, [s for s in sources if s != held], held_out=held)
        for s, v in zip(replayed.seen, severities(replayed, table), strict=True):
            if s.source == "independent" and replayed.pieces[s.path].origin[s.sentence] == held:
                rows.append((s, v))
    pieces = {k: p for k, p in replayed.pieces.items() if p.source == "independent"}
    return _sentences(rows, pieces)


# ---- judging ---------------------------------------------------------------------------------


def candidates(replayed: Replayed) -> str:
    """Every finding on published copy that a table could make an error or a warning (its fallback
    severity is one, or it is a LanguageTool id), grouped by key, in context, with its verdict so far."""
    by_key: dict[str, list[Seen]] = defaultdict(list)
    for s in replayed.seen:
        if s.key is not None and not s.house and s.source not in SENTENCE_SETS:
            by_key[s.key].append(s)
    lines = []
    for key, rows in sorted(by_key.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"## {key}: {len(rows)} matches, {sum(r.true for r in rows)} judged real")
        for s in rows:
            text = replayed.texts[s.path]
            context = (
                text[max(0, s.start - 70) : s.start] + "[[" + text[s.start : s.end] + "]]" + text[s.end : s.end + 50]
            )
            mark = "T" if s.true else "-"
            lines.append(
                f"{mark} {_short({'path': s.path, 'source': s.source})}\t{s.text}\t{' '.join(context.split())}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
