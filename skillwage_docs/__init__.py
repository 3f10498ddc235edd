"""skillwage-docs: model collective contracts on skilled workers' minimum wages, in DOCX, PDF and HTML."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("skillwage-docs")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
