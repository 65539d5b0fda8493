"""Every check declares what the scheduler calls on it (checks.Check and its kinds): nothing found by probing."""

from __future__ import annotations

from pathlib import Path

from newsedit import checks, config
from newsedit.checks import BatchCheck, Check, Context, CrossCheck
from newsedit.checks.dupes import batch


def _config(tmp_path: Path) -> config.Config:
    made = config.Config()
    made.dupes.index = None
    made.summary.cache = False  # no summary cache folder in the user's cache
    made.source = tmp_path / "newsedit.toml"  # the archive's default place: beside it, absent
    return made


def test_each_check_is_of_the_kind_the_scheduler_treats_it_as(tmp_path: Path) -> None:
    made = {name: checks.create(name, _config(tmp_path)) for name in checks.CHECKS}
    try:
        assert all(isinstance(check, Check) for check in made.values())
        assert {name for name, check in made.items() if check.waits_on_server} == {"grammar"}
        assert {name for name, check in made.items() if isinstance(check, CrossCheck)} == {"dupes"}
        assert isinstance(made["grammar"], BatchCheck) and isinstance(made["summary"], BatchCheck)
    finally:
        for check in made.values():
            check.close()


def test_the_batch_pass_comes_in_at_creation(tmp_path: Path) -> None:
    grouping = batch.InProcess()
    check = checks.create("dupes", _config(tmp_path), Context(grouping=grouping))
    try:
        assert check.grouping is grouping  # type: ignore[attr-defined]
    finally:
        check.close()
