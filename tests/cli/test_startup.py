"""The command line starts fast: help and version load none of the heavy stack."""

import subprocess
import sys

import pytest

HEAVY_MODULES = ["pandas", "numpy", "scipy", "pingouin", "matplotlib", "openpyxl"]


def _loaded_modules_after(args: list[str]) -> tuple[int, set[str], str]:
    code = (
        "import sys\n"
        "from srsurvey.cli import run\n"
        f"status = run({args!r})\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, set(done.stderr.split()), done.stdout


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"], ["--version"]])
def test_help_loads_no_heavy_module(args):
    status, modules, _ = _loaded_modules_after(args)
    assert status == 0
    for heavy in HEAVY_MODULES:
        assert heavy not in modules, f"{heavy} imported by srsurvey {' '.join(args)}"


def test_version_prints_package_version():
    from srsurvey import __version__

    status, _, output = _loaded_modules_after(["--version"])
    assert status == 0
    assert output.strip() == f"srsurvey {__version__}"


def test_python_dash_m_runs_cli():
    done = subprocess.run(
        [sys.executable, "-m", "srsurvey", "--help"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "analyze" in done.stdout


def test_unknown_option_exits_with_2():
    done = subprocess.run(
        [sys.executable, "-m", "srsurvey", "analyze", "--no-such-option"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "No such option" in done.stderr
    assert "Traceback" not in done.stderr
