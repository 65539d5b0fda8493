"""newsedit: check news articles before they are published."""

# The one place the version is written; pyproject.toml reads it from here. A literal, because
# importlib.metadata costs a pre-commit hook tens of milliseconds at every start.
__version__ = "0.1.0"
