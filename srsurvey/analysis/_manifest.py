"""The manifest: what produced a report, so that it can be reproduced."""

from __future__ import annotations

import hashlib
import platform
import sys
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from srsurvey import __version__

_LIBRARIES = [
    "numpy",
    "pandas",
    "scipy",
    "pingouin",
    "matplotlib",
    "openpyxl",
    "PyYAML",
    "python-docx",
]


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _library_versions() -> dict[str, str]:
    versions = {}
    for name in _LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _file_entry(path: Path) -> dict[str, object]:
    path = Path(path)
    return {
        "path": str(path),
        "name": path.name,
        "bytes": path.stat().st_size,
        "sha256": sha256_of(path),
    }


def build_manifest(
    request, study, files: list[Path], *, started: datetime, finished: datetime
) -> dict[str, object]:
    """Describe the run: versions, inputs with hashes, study file, options, times."""
    options = {
        "scales": list(request.scales),
        "range": request.value_range,
        "groups": list(request.groups),
        "id": request.id_column,
        "missing": study.analysis.missing if study is not None else request.missing,
        "correction": study.analysis.correction if study is not None else None,
        "keep_identifiers": request.keep_identifiers,
        "figures": request.figures,
        "sheet": request.sheet,
        "force": request.force,
    }
    study_entry = None
    study_path = getattr(study, "path", None)
    if study_path is not None and Path(study_path).is_file():
        study_entry = _file_entry(Path(study_path))
    return {
        "srsurvey": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "libraries": _library_versions(),
        "inputs": [_file_entry(Path(path)) for path in files],
        "study_file": study_entry,
        "study_name": getattr(study, "name", None),
        "options": options,
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
    }
