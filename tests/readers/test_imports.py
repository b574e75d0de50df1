"""Importing srsurvey must stay light: no pandas until a reader is used."""

from __future__ import annotations

import subprocess
import sys


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(output.split())


def test_import_srsurvey_skips_pandas():
    modules = _loaded_after("import srsurvey")

    assert "pandas" not in modules
    assert "srsurvey.readers" not in modules


def test_import_readers_skips_openpyxl():
    modules = _loaded_after("import srsurvey.readers")

    assert "pandas" in modules
    assert "openpyxl" not in modules
