"""Git hooks: the real pre-commit tool driven by the repo's manifest, and `newsedit hook install`.

Both commit in a throwaway repository: the sample article is blocked with its findings shown, a clean
article goes through. The repository's config makes warnings block too, as a newsroom's would, so the
outcome does not hang on which checks are installed; grammar runs whenever LanguageTool can.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from cli_helpers import newsedit
from newsedit import checks
from newsedit.commands import hook

ROOT = Path(__file__).resolve().parents[1]
NEWSEDIT = Path(sys.executable).with_name("newsedit")
SAMPLE = ROOT / "fixtures" / "lavrov-north-korea.txt"
CLEAN = ROOT / "fixtures" / "clean.txt"
CONFIG = 'fail-on = "warning"\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository with a newsroom config, cut off from the user's git settings."""
    path = tmp_path / "newsroom"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    (path / "newsedit.toml").write_text(CONFIG, "utf-8")
    git(path, "add", "newsedit.toml")
    return path


def grammar_ready() -> bool:
    """Whether LanguageTool is set up here, so that the grammar check can run."""
    if "grammar" not in checks.available():
        return False
    from newsedit.backends import languagetool

    return languagetool.installed()


@pytest.fixture
def extra(request: pytest.FixtureRequest) -> list[str]:
    """Options the tests (never the manifest) add: none where LanguageTool runs, else --skip grammar."""
    if grammar_ready():
        request.getfixturevalue("lt_cache")  # the session's own server, not the user's
        return []
    return ["--skip", "grammar"]


def git_env(repo: Path, extra: Sequence[str] = ()) -> dict[str, str]:
    """No global or system git config, a fixed identity, and pre-commit's cache inside the test.

    HOME stays, and so does NEWSEDIT_CACHE_DIR: newsedit finds LanguageTool and its server there.
    """
    return {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Desk",
        "GIT_AUTHOR_EMAIL": "desk@example.com",
        "GIT_COMMITTER_NAME": "Desk",
        "GIT_COMMITTER_EMAIL": "desk@example.com",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-cache"),
        "NO_COLOR": "1",
        "NEWSEDIT_HOOK_ARGS": " ".join(extra),
    }


def git(repo: Path, *args: str, extra: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    """Run git in the repository; commits run its hooks, whose output lands in stdout and stderr."""
    env = git_env(repo, extra)
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False)


def commit(repo: Path, name: str, source: Path, extra: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Stage one article (and only it) and try to commit it; `extra` goes to the plain hook."""
    target = repo / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    git(repo, "add", name)
    return git(repo, "commit", "-q", "-m", f"Add {name}", extra=extra)


def unstage(repo: Path, name: str) -> None:
    git(repo, "rm", "-q", "--cached", "--force", name)  # the fix left the file unlike its staged copy
    (repo / name).unlink()


def commits(repo: Path) -> int:
    out = git(repo, "rev-list", "--count", "HEAD").stdout.strip()
    return int(out) if out.isdigit() else 0


def manifest_hook(hook_id: str = "newsedit") -> dict[str, Any]:
    """One of the repository's published hooks, as pre-commit reads it."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    (found,) = [h for h in hooks if h["id"] == hook_id]
    return dict(found)


def local_hook(published: dict[str, Any], extra: list[str]) -> dict[str, Any]:
    """The published hook run from this environment: `language: system`, newsedit from this venv.

    `language: python` would have pre-commit build an environment with newsedit and its model
    libraries, far too slow for a test; everything else comes from the manifest unchanged.
    """
    entry = shlex.split(published["entry"])
    assert entry[0] == "newsedit"
    keep = ("id", "name", "args", "types_or", "types", "files", "exclude", "require_serial", "pass_filenames", "stages")
    local = {key: published[key] for key in keep if key in published}
    local["args"] = [*extra, *local.get("args", [])]  # the manifest's args end with `--`
    return local | {"entry": shlex.join([str(NEWSEDIT), *entry[1:]]), "language": "system"}


def test_the_manifest_publishes_the_newsedit_hook() -> None:
    published = manifest_hook()
    assert published["entry"] == "newsedit check" and published["language"] == "python"
    assert published["args"] == ["--skip", "summary", "--"]
    assert set(published["types_or"]) == {"plain-text", "markdown"}
    assert published["require_serial"] is True
    from pre_commit.clientlib import load_manifest

    assert [h["id"] for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))] == ["newsedit", "newsedit-fix"]
    fixer = manifest_hook("newsedit-fix")
    assert fixer["entry"] == "newsedit fix" and fixer["stages"] == ["manual"] and fixer["args"][-1] == "--"


@pytest.mark.slow
def test_pre_commit_blocks_the_sample_and_passes_a_clean_article(repo: Path, extra: list[str]) -> None:
    hooks = [local_hook(manifest_hook(), extra), local_hook(manifest_hook("newsedit-fix"), extra)]
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    git(repo, "add", ".pre-commit-config.yaml")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=git_env(repo), capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    blocked = commit(repo, "articles/lavrov.txt", SAMPLE, extra)
    shown = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0 and commits(repo) == 0, shown
    assert "newsedit" in shown and "Failed" in shown
    assert "articles/lavrov.txt:5:1: warning [dupes/repeated-headline]" in shown
    assert "summary" not in _rules_in(shown)
    if not extra:
        assert "articles/lavrov.txt:53:1: error [grammar/due-of]" in shown
        # The one command that applies the safe fixes, through pre-commit (newsedit need not be installed).
        command = "pre-commit run newsedit-fix --hook-stage manual --files articles/lavrov.txt"
        assert f"newsedit: apply the safe fixes with: {command}" in shown
        fixed = subprocess.run(
            [sys.executable, "-m", "pre_commit", *command.split()[1:]],
            cwd=repo, env=git_env(repo), capture_output=True, text=True,
        )  # fmt: skip
        assert "Due to its ongoing war" in (repo / "articles/lavrov.txt").read_text("utf-8"), fixed.stdout
        assert "Still blocking:" in fixed.stdout + fixed.stderr

    unstage(repo, "articles/lavrov.txt")
    passed = commit(repo, "articles/city council.md", CLEAN, extra)
    assert passed.returncode == 0 and commits(repo) == 1, passed.stdout + passed.stderr


@pytest.mark.slow
def test_newsedit_hook_install_blocks_the_sample_through_plain_git(repo: Path, extra: list[str]) -> None:
    installed = newsedit("hook", "install", cwd=repo)
    assert installed.code == 0, installed.err
    path = repo / ".git" / "hooks" / "pre-commit"
    assert installed.out.splitlines()[0] == f"newsedit: installed {path.resolve()}"
    assert path.stat().st_mode & stat.S_IXUSR and hook.MARKER in path.read_text("utf-8")

    blocked = commit(repo, "articles/lavrov.txt", SAMPLE, extra)
    assert blocked.returncode != 0 and commits(repo) == 0, blocked.stdout + blocked.stderr
    shown = blocked.stderr  # git hands a hook's output to stderr
    assert "articles/lavrov.txt:5:1: warning [dupes/repeated-headline]" in shown
    if not extra:
        assert "articles/lavrov.txt:53:1: error [grammar/due-of]" in shown
        assert "newsedit: apply the safe fixes with: newsedit fix articles/lavrov.txt" in shown

    unstage(repo, "articles/lavrov.txt")
    (repo / "notes.py").write_text("Due of this, nothing.\n", "utf-8")  # not an article: never checked
    git(repo, "add", "notes.py")
    passed = commit(repo, "articles/city council.md", CLEAN, extra)
    assert passed.returncode == 0 and commits(repo) == 1, passed.stdout + passed.stderr


def test_the_plain_hook_checks_what_is_staged_not_the_working_tree(repo: Path) -> None:
    assert newsedit("hook", "install", cwd=repo).code == 0
    fast = ["--skip", "grammar"]
    target = repo / "articles" / "lavrov.txt"
    target.parent.mkdir()
    shutil.copyfile(SAMPLE, target)
    git(repo, "add", "articles/lavrov.txt")
    shutil.copyfile(CLEAN, target)  # fixed on disk, but the fix is not staged
    blocked = git(repo, "commit", "-q", "-m", "Add", extra=fast)
    assert blocked.returncode != 0 and commits(repo) == 0, blocked.stdout + blocked.stderr
    assert "articles/lavrov.txt:5:1: warning [dupes/repeated-headline]" in blocked.stderr
    git(repo, "add", "articles/lavrov.txt")  # now the fix is staged: it goes through
    shutil.copyfile(SAMPLE, target)  # and what is on disk no longer matters
    passed = git(repo, "commit", "-q", "-m", "Add", extra=fast)
    assert passed.returncode == 0 and commits(repo) == 1, passed.stdout + passed.stderr


@pytest.mark.slow
def test_the_plain_hook_blocks_a_staged_due_of_fixed_only_on_disk(repo: Path, extra: list[str]) -> None:
    if extra:
        pytest.skip("needs LanguageTool")
    assert newsedit("hook", "install", cwd=repo).code == 0
    target = repo / "story.txt"
    target.write_text("Rain stops play\n\nDue of rain, the match was stopped early on Sunday.\n", "utf-8")
    git(repo, "add", "story.txt")
    target.write_text("Rain stops play\n\nDue to rain, the match was stopped early on Sunday.\n", "utf-8")
    blocked = git(repo, "commit", "-q", "-m", "Add")
    assert blocked.returncode != 0 and commits(repo) == 0, blocked.stderr
    assert "story.txt:3:1: error [grammar/due-of]" in blocked.stderr


def test_the_hook_script_runs_this_newsedit_on_staged_articles_only() -> None:
    text = hook.script(["/opt/news tools/bin/newsedit"])
    assert text.startswith("#!/bin/sh\n") and hook.MARKER in text
    assert "xargs -0 '/opt/news tools/bin/newsedit' check --skip summary $NEWSEDIT_HOOK_ARGS --" in text
    assert "--diff-filter=ACMR -z -- '*.txt' '*.md'" in text
    assert "NEWSEDIT_STAGED=1\nexport NEWSEDIT_STAGED\n" in text
    assert hook.newsedit_command() == [str(NEWSEDIT.absolute())]


def test_install_refuses_a_foreign_hook_unless_forced(repo: Path) -> None:
    path = repo / ".git" / "hooks" / "pre-commit"
    path.write_text("#!/bin/sh\necho mine\n", "utf-8")
    refused = newsedit("hook", "install", cwd=repo)
    assert refused.code == 2 and "not written by newsedit (use --force" in refused.err
    assert path.read_text("utf-8") == "#!/bin/sh\necho mine\n"
    assert newsedit("hook", "uninstall", cwd=repo).code == 2  # and uninstall leaves it alone too

    assert newsedit("hook", "install", "--force", cwd=repo).code == 0
    assert hook.is_ours(path)
    assert path.with_name("pre-commit.bak").read_text("utf-8") == "#!/bin/sh\necho mine\n"
    assert newsedit("hook", "install", cwd=repo).code == 0  # its own hook is simply rewritten


def test_uninstall_removes_only_newsedits_hook(repo: Path) -> None:
    assert newsedit("hook", "uninstall", cwd=repo).out == "newsedit: no newsedit hook to remove\n"
    newsedit("hook", "install", cwd=repo)
    removed = newsedit("hook", "uninstall", cwd=repo)
    assert removed.code == 0 and not (repo / ".git" / "hooks" / "pre-commit").exists()


def test_hooks_follow_core_hooks_path(repo: Path) -> None:
    git(repo, "config", "core.hooksPath", "githooks")
    assert newsedit("hook", "install", cwd=repo).code == 0
    assert hook.is_ours(repo / "githooks" / "pre-commit")


def test_outside_a_repository_is_a_clear_error(tmp_path: Path) -> None:
    result = newsedit("hook", "install", cwd=tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert result.code == 2 and "is not inside a git repository" in result.err


def _rules_in(output: str) -> set[str]:
    """The checks named in finding lines such as `path:1:2: warning [dupes/teaser] ...`."""
    return {part.split("/", 1)[0] for part in output.split("[")[1:] if "/" in part.split("]", 1)[0]}
