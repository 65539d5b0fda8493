"""newsedit: check news articles before they are published."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsedit")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"
