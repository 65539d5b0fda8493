"""One config's plan for a run, decided once when the config loads: its checks, selection and cache keys."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsedit import cache, checks
from newsedit.config import Config
from newsedit.rules import Selection


def wanted_checks(names: Sequence[str], selection: Selection) -> list[str]:
    """The checks with at least one rule the selection wants (the others are not run)."""
    return [name for name in names if selection.wants_any(checks.module(name).RULES)]


@dataclass
class Plan:
    """What a run does with the articles under one config.

    `selection` picks and grades every finding once, after the checks (which report every rule
    at its own severity, so one cached output serves every selection). The settings and cache
    tokens are worked out on first use (a token may ask a check for its model's fingerprint,
    which an uncached run never needs) and then kept for the rest of the run.
    """

    config: Config
    checks: tuple[str, ...]  # the checks of the run this config leaves something to report for
    selection: Selection
    _settings: dict[str, str] = field(default_factory=dict, repr=False)
    _tokens: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, config: Config, names: Sequence[str]) -> Plan:
        """The plan of a config for a run of these checks."""
        selection = config.selection()
        return cls(config, tuple(wanted_checks(names, selection)), selection)

    def settings(self, name: str) -> str:
        """The config values one check sees (`cache.settings`): equal settings share one check."""
        if name not in self._settings:
            self._settings[name] = cache.settings(name, self.config)
        return self._settings[name]

    def token(self, name: str) -> str:
        """Everything besides the article that a check's output depends on (`cache.check_token`)."""
        if name not in self._tokens:
            self._tokens[name] = cache.check_token(name, self.config)
        return self._tokens[name]
