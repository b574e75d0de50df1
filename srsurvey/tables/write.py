"""Write a whole report folder at once, so that a failed run leaves nothing behind."""

from __future__ import annotations

import os
import secrets
import shutil
import warnings
from collections.abc import Iterable
from pathlib import Path

from srsurvey.errors import OutputError, SurveyWarning
from srsurvey.tables._common import check_report, safe_cell
from srsurvey.tables._figures import render_png, render_svg
from srsurvey.tables.csv import write_csv
from srsurvey.tables.docx import _write_docx
from srsurvey.tables.excel import write_xlsx
from srsurvey.tables.html import _render_html
from srsurvey.tables.jsonout import write_manifest, write_results_json
from srsurvey.tables.markdown import render_markdown
from srsurvey.tables.model import Report

__all__ = ["ALL_FORMATS", "safe_cell", "write_report"]

ALL_FORMATS = frozenset({"html", "csv", "xlsx", "md", "json", "docx", "figures"})


def write_report(
    report: Report,
    out_dir: str | Path,
    *,
    force: bool = False,
    formats: set[str] | None = None,
) -> list[Path]:
    """Write every file of ``report`` into the folder ``out_dir``.

    The files are written into a new hidden folder beside ``out_dir``
    (``.<name>.tmp-<random>`` in the same parent folder), which is renamed to
    ``out_dir`` only when every file is complete. If anything fails, that folder is
    deleted and ``out_dir`` is left as it was.

    NOTE: a process that is killed (SIGKILL, power loss) cannot clean up, so it may
    leave ``.<name>.tmp-*`` or ``.<name>.old-*`` beside ``out_dir``. Both are safe
    to delete, and an ``.old-*`` folder is the previous report.

    Parameters
    ----------
    report
        The report to write.
    out_dir
        The folder to create. Missing parent folders are created.
    force
        Replace ``out_dir`` if it exists, with everything in it. The old folder is
        renamed to a hidden backup beside it, the new one is moved in, and the
        backup is deleted. If the move fails, the backup is renamed back. The
        current working folder, the home folder and their parent folders are never
        replaced.
    formats
        Which outputs to write, from :data:`ALL_FORMATS`. None writes all of them:

        - ``"html"``: report.html, one self-contained page.
        - ``"csv"``: tables/<name>.csv for every table, unrounded.
        - ``"xlsx"``: tables.xlsx, one sheet per table.
        - ``"md"``: summary.md.
        - ``"docx"``: report.docx.
        - ``"json"``: results.json.
        - ``"figures"``: figures/<name>.png at 300 dpi and figures/<name>.svg.

        manifest.json is always written, because it records the versions,
        inputs and options of the run.

    Returns
    -------
    list of Path
        The files written, inside ``out_dir``, in the order they were written.

    Raises
    ------
    OutputError
        In any of these cases:

        - ``out_dir`` exists and ``force`` is false.
        - ``force`` is true, but ``out_dir`` is not a folder, is a symbolic link,
          or is or contains the current working folder or the home folder.
        - ``formats`` names an unknown format or is empty.
        - A folder or file cannot be written, for example without permission or
          on a full disk.
    ValueError
        If the report itself is inconsistent, as
        :func:`srsurvey.tables._common.check_report` describes. This is a mistake in
        the code that built the report.
    """
    selected = _check_formats(formats)
    check_report(report)
    out_dir = Path(out_dir)
    _check_target(out_dir, force)

    parent = out_dir.parent
    created_parents = _make_parents(parent, out_dir)
    temp_dir = _make_temp_dir(parent, out_dir)
    try:
        written = _write_files(report, temp_dir, selected)
        _move_into_place(temp_dir, out_dir, force)
    except OSError as err:
        _clean_up(temp_dir, created_parents)
        raise OutputError(
            f"the report could not be written: {err.strerror or err}.",
            hint="Check that the folder is writable and the disk has free space, "
            "or choose another folder with --out.",
            file=str(out_dir),
        ) from err
    except BaseException:
        _clean_up(temp_dir, created_parents)
        raise
    return [out_dir / path.relative_to(temp_dir) for path in written]


def _check_formats(formats: Iterable[str] | None) -> frozenset[str]:
    if formats is None:
        return ALL_FORMATS
    selected = frozenset([formats] if isinstance(formats, str) else formats)
    unknown = sorted(selected - ALL_FORMATS)
    if unknown:
        raise OutputError(
            f"unknown output format {', '.join(repr(f) for f in unknown)}.",
            hint=f"Choose from {', '.join(sorted(ALL_FORMATS))}.",
            value=unknown[0],
        )
    if not selected:
        raise OutputError(
            "no output format was selected.",
            hint=f"Choose one or more of {', '.join(sorted(ALL_FORMATS))}.",
        )
    return selected


def _check_target(out_dir: Path, force: bool) -> None:
    location = str(out_dir)
    if not (out_dir.exists() or out_dir.is_symlink()):
        return
    if not force:
        raise _exists_error(out_dir)
    if out_dir.is_symlink() or not out_dir.is_dir():
        kind = "a symbolic link" if out_dir.is_symlink() else "a file"
        raise OutputError(
            f"the output path exists and is {kind}, not a folder, so --force does "
            "not replace it.",
            hint="Delete it yourself, or choose another folder with --out.",
            file=location,
        )
    # Replacing one of these would delete the user's working or home folder.
    current = Path.cwd().resolve()
    home = Path.home().resolve()
    protected = {current, *current.parents, home, *home.parents}
    if out_dir.resolve() in protected:
        raise OutputError(
            "the output folder is the current working folder, the home folder or "
            "contains one of them, so --force does not replace it.",
            hint="Choose another folder with --out.",
            file=location,
        )


def _exists_error(out_dir: Path) -> OutputError:
    return OutputError(
        "the output folder already exists.",
        hint="Use --force to replace it, or choose another folder with --out.",
        file=str(out_dir),
    )


def _make_parents(parent: Path, out_dir: Path) -> list[Path]:
    """Create the missing parent folders and return them, deepest first."""
    missing = []
    folder = parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(
            f"the folder {parent} could not be created: {err.strerror or err}.",
            hint="Check the path and its permissions, or choose another folder "
            "with --out.",
            file=str(out_dir),
        ) from err
    return missing


def _make_temp_dir(parent: Path, out_dir: Path) -> Path:
    # os.mkdir applies the umask, unlike tempfile.mkdtemp (mode 0o700), so the final
    # folder gets the same permissions as any folder the user creates.
    for _ in range(100):
        candidate = parent / f".{out_dir.name}.tmp-{secrets.token_hex(4)}"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        except OSError as err:
            raise OutputError(
                f"a folder could not be created in {parent}: {err.strerror or err}.",
                hint="Check that the folder is writable, or choose another folder "
                "with --out.",
                file=str(out_dir),
            ) from err
        return candidate
    raise OutputError(
        f"no free name for a temporary folder was found in {parent}.",
        hint=f"Delete the folders named .{out_dir.name}.tmp-* there and run again.",
        file=str(out_dir),
    )


def _write_files(report: Report, folder: Path, formats: frozenset[str]) -> list[Path]:
    written: list[Path] = []

    need_svg = bool({"figures", "html"} & formats)
    need_png = bool({"figures", "docx"} & formats)
    svg_images = {}
    png_images = {}
    for name, figure in report.figures.items():
        if need_svg:
            svg_images[name] = render_svg(figure.figure)
        if need_png:
            png_images[name] = render_png(figure.figure)

    if "figures" in formats and report.figures:
        figures_dir = folder / "figures"
        figures_dir.mkdir()
        for name in report.figures:
            for suffix, data in (
                (".png", png_images[name]),
                (".svg", svg_images[name]),
            ):
                path = figures_dir / f"{name}{suffix}"
                path.write_bytes(data)
                written.append(path)

    if "csv" in formats and report.tables:
        tables_dir = folder / "tables"
        tables_dir.mkdir()
        for name, table in report.tables.items():
            written.append(write_csv(table, tables_dir / f"{name}.csv"))

    if "xlsx" in formats:
        written.append(write_xlsx(report, folder / "tables.xlsx"))
    if "md" in formats:
        written.append(_write_text(folder / "summary.md", render_markdown(report)))
    if "html" in formats:
        html = _render_html(report, svg_images)
        written.append(_write_text(folder / "report.html", html))
    if "docx" in formats:
        written.append(_write_docx(report, folder / "report.docx", png_images))
    if "json" in formats:
        written.append(write_results_json(report, folder / "results.json"))
    written.append(write_manifest(report, folder / "manifest.json"))
    return written


def _write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _move_into_place(temp_dir: Path, out_dir: Path, force: bool) -> None:
    if not (out_dir.exists() or out_dir.is_symlink()):
        os.rename(temp_dir, out_dir)
        return
    if not force:
        # Another process created the folder while this one was writing.
        raise _exists_error(out_dir)

    backup = out_dir.parent / f".{out_dir.name}.old-{secrets.token_hex(4)}"
    os.rename(out_dir, backup)
    try:
        os.rename(temp_dir, out_dir)
    except BaseException:
        os.rename(backup, out_dir)
        raise
    try:
        shutil.rmtree(backup)
    except OSError as err:
        warnings.warn(
            f"The new report is in {out_dir}, but the old one, moved to {backup}, "
            f"could not be deleted: {err.strerror or err}. Delete it by hand.",
            SurveyWarning,
            stacklevel=3,
        )


def _clean_up(temp_dir: Path, created_parents: list[Path]) -> None:
    shutil.rmtree(temp_dir, ignore_errors=True)
    for folder in created_parents:
        try:
            folder.rmdir()
        except OSError:
            break
