"""The severity a rule earns from measured evidence: confidence bounds, not raw shares.

A rule's evidence is what it did on published copy (presumed right: a match is a false alarm until a
reader agrees it is an error), on CWEB (annotated web text) and on the independent error set (a flag on
its placed error is right, any other a false alarm): every judged match counts towards precision. Small
counts must not decide: one right match is no "precision 1.0", and no match at all is no licence to
block. So a rule blocks (error) only when

- the 95% upper bound on the pieces it falsely flags is at most ERROR_FALSE_PER_1000 per 1,000 published
  pieces (pooled over the sources: no false alarm in 1,000 pieces bounds it at 3.8), and
- its matches bear it out: where it matched at least OFTEN times, the 95% lower bound on its precision is
  at least ERROR_PRECISION; below that, every judged match was a real error and there are enough of them
  to rule out chance (the lower bound at least FEW_PRECISION: four right of four; one right match, or
  three, is no evidence).

A warning needs the laxer WARNING_* bars (and, on few matches, a real error among them; a rule with no
match anywhere is a warning: its false alarms are bounded, its catches unknown); everything else is info.
Both bounds are Wilson score intervals, which stay honest at zero and one (the normal approximation does
not).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z = 1.959964  # two-sided 95%
ERROR_FALSE_PER_1000 = 10.0  # a blocking rule falsely flags at most one published piece in a hundred
ERROR_PRECISION = 0.7
WARNING_FALSE_PER_1000 = 25.0
WARNING_PRECISION = 0.3
OFTEN = 10  # matches from which the precision bound applies; below, an error needs every one real
FEW_PRECISION = 0.5  # and, below OFTEN, enough of them: the lower bound of 4 right of 4 is 0.51


def wilson(hits: int, trials: int) -> tuple[float, float]:
    """The Wilson score interval (95%) for hits out of trials; (0, 1) when there are none."""
    if trials <= 0:
        return 0.0, 1.0
    p = hits / trials
    denominator = 1 + Z * Z / trials
    centre = p + Z * Z / (2 * trials)
    half = Z * math.sqrt(p * (1 - p) / trials + Z * Z / (4 * trials * trials))
    return max(0.0, (centre - half) / denominator), min(1.0, (centre + half) / denominator)


@dataclass(frozen=True)
class Evidence:
    """What one rule (or one context of a rule) did on the measured data."""

    pieces: int  # published pieces measured
    false_pieces: int  # published pieces where it raised a false alarm
    matches: int  # judged matches: published copy, CWEB and the independent set
    true: int  # of those, real errors

    def false_per_1000(self) -> float:
        """The 95% upper bound on false alarms per 1,000 published pieces."""
        return 1000 * wilson(self.false_pieces, self.pieces)[1]

    def precision_low(self) -> float:
        """The 95% lower bound on the share of its matches that are real errors."""
        return wilson(self.true, self.matches)[0]


def severity(evidence: Evidence) -> str:
    """error, warning or info, by the bounds in the module's docstring."""
    few = evidence.matches < OFTEN
    all_true = evidence.true == evidence.matches
    if _bounded(evidence, ERROR_FALSE_PER_1000, ERROR_PRECISION) and (not few or (all_true and _borne_out(evidence))):
        return "error"
    if _bounded(evidence, WARNING_FALSE_PER_1000, WARNING_PRECISION) and (not few or evidence.true > 0 or all_true):
        return "warning"
    return "info"


def _borne_out(evidence: Evidence) -> bool:
    """On few matches, enough of them, all real, that chance is ruled out: the 95% lower bound on their
    precision at least FEW_PRECISION (four right of four; one right match is no evidence)."""
    return evidence.precision_low() >= FEW_PRECISION


def _bounded(evidence: Evidence, false_per_1000: float, precision: float) -> bool:
    """False alarms per 1,000 pieces under the bar, and (on many matches) precision over it."""
    if evidence.false_per_1000() > false_per_1000:
        return False
    return evidence.matches < OFTEN or evidence.precision_low() >= precision
