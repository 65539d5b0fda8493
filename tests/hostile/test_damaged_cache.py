"""A damaged results cache costs one run's warning at most: runs replace it, `cache clear` removes it."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import FAST, newsedit
from newsedit import paths
from newsedit.cache import FILENAME

CLEAN = (Path(__file__).resolve().parents[2] / "fixtures" / "clean.txt").read_text("utf-8")


def _cached_batch(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A batch checked once, so the cache holds its results; returns (batch, env)."""
    batch = tmp_path / "batch"
    batch.mkdir()
    for i in range(40):
        (batch / f"{i:02}.txt").write_text(CLEAN.replace("bus", f"bus {i}") * 3, "utf-8")
    env = {paths.CACHE_ENV: str(tmp_path / "cache")}
    assert newsedit("check", *FAST, str(batch), env=env).code == 0
    return batch, env


def _damage(database: Path, at: int) -> None:
    data = bytearray(database.read_bytes())
    assert len(data) > at + 4096, "the cache should span several pages"
    data[at : at + 4096] = b"\xa5" * 4096
    database.write_bytes(bytes(data))


def test_a_cache_that_is_not_a_database_is_replaced_by_the_next_run(tmp_path: Path) -> None:
    batch, env = _cached_batch(tmp_path)
    _damage(tmp_path / "cache" / FILENAME, 0)
    first = newsedit("check", *FAST, "-f", "json", str(batch), env=env)
    assert first.code == 0 and len(first.json()["articles"]) == 40
    assert "was damaged" in first.err and "replaced by an empty one" in first.err
    second = newsedit("check", *FAST, str(batch), env=env)
    assert second.code == 0 and second.err == ""


def test_a_cache_with_a_damaged_page_can_be_cleared(tmp_path: Path) -> None:
    batch, env = _cached_batch(tmp_path)
    _damage(tmp_path / "cache" / FILENAME, 8192)
    cleared = newsedit("cache", "clear", env=env)
    assert cleared.code == 0, cleared.err
    after = newsedit("check", *FAST, str(batch), env=env)
    again = newsedit("check", *FAST, str(batch), env=env)
    assert after.code == again.code == 0 and again.err == ""
