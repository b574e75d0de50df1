"""srsurvey: questionnaire analysis from raw survey exports.

The package is importable without loading pandas or matplotlib; the heavy modules are
imported by the functions that need them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("srsurvey")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
