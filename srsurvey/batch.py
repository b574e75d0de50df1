"""Analyse every export in a folder, each into its own report, with one summary.

:func:`run_batch` finds the exports under a folder, runs the ``analyze`` pipeline on
each one (in this process or in a pool of worker processes), and writes
``batch_summary.csv``, ``index.html`` and ``batch_state.json`` into the output folder.
The state file lets a rerun skip exports whose content and options are unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import multiprocessing
import os
import secrets
import shlex
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from srsurvey import __version__
from srsurvey.errors import (
    CodebookError,
    DataFileError,
    OutputError,
    SurveyError,
    SurveyWarning,
)

__all__ = [
    "CHAT_SUFFIXES",
    "EXPORT_SUFFIXES",
    "STATE_FILE",
    "SUMMARY_COLUMNS",
    "BatchResult",
    "FileResult",
    "find_exports",
    "run_batch",
]

logger = logging.getLogger(__name__)

# File name endings that mark an export, compared in lower case. .xls is included
# although the reader rejects it, so that a legacy workbook shows up as a failed row
# with the fix instead of being ignored. .txt is left out, because a folder of exports
# often contains README.txt or notes that no reader can parse.
EXPORT_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".sav", ".zsav"})

# Endings of WhatsApp chat exports. They count only with a study file that has a
# whatsapp section, and only when the content is a chat, so notes stay out.
CHAT_SUFFIXES = frozenset({".txt", ".zip"})

SUMMARY_FILE = "batch_summary.csv"
INDEX_FILE = "index.html"
STATE_FILE = "batch_state.json"
SUMMARY_COLUMNS = (
    "file",
    "respondents",
    "scales",
    "status",
    "error",
    "seconds",
    "report_folder",
)

_STATE_FORMAT = 1
# The report tables use the same encoding, because the byte order mark makes Excel
# read the file as UTF-8.
_CSV_ENCODING = "utf-8-sig"


@dataclass(frozen=True)
class FileResult:
    """The outcome for one export: one row of ``batch_summary.csv``.

    Attributes
    ----------
    file
        Path of the export relative to the input folder, with ``/`` separators.
    status
        ``"ok"`` (analysed now), ``"skipped"`` (unchanged since the report in
        ``report_folder`` was written) or ``"failed"``.
    respondents, scales
        Respondents in the report and number of scored scales, or None when the
        analysis failed.
    error
        The :class:`~srsurvey.errors.SurveyError` message, or for any other
        exception its type and the command that shows the traceback. Empty unless
        the status is ``"failed"``.
    seconds
        Wall-clock time spent on the file, including hashing.
    report_folder
        The report folder relative to the output folder, with ``/`` separators, or
        ``""`` when the analysis failed.
    """

    file: str
    status: str
    respondents: int | None = None
    scales: int | None = None
    error: str = ""
    seconds: float = 0.0
    report_folder: str = ""


@dataclass
class BatchResult:
    """Every export's outcome, in file order, and the summary files written."""

    folder: Path
    out_dir: Path
    files: list[FileResult] = field(default_factory=list)
    summary_path: Path | None = None
    index_path: Path | None = None

    def with_status(self, status: str) -> list[FileResult]:
        """Return the results whose status is ``status``."""
        return [result for result in self.files if result.status == status]

    @property
    def exit_code(self) -> int:
        """1 when any export failed, else 0, as the CLI exits."""
        return 1 if self.with_status("failed") else 0


@dataclass(frozen=True)
class _Task:
    """One export to analyse, as sent to a worker process (it must pickle)."""

    file: str
    path: Path
    report_dir: Path
    study: Path | None
    figures: bool
    input_sha256: str


ProgressCallback = Callable[[FileResult, int, int], None]


def run_batch(
    folder: str | Path,
    *,
    study: str | Path | None = None,
    out: str | Path | None = None,
    jobs: int = 1,
    force: bool = False,
    figures: bool = True,
    progress: ProgressCallback | None = None,
) -> BatchResult:
    """Analyse every export under ``folder``, each into its own report folder.

    Parameters
    ----------
    folder
        The folder to search. Subfolders are searched too; hidden files and
        folders, the output folder and folders that hold an srsurvey report or
        batch output are skipped. See :func:`find_exports`.
    study
        A study file to analyse every export with. Without it each export gets the
        first-look analysis that describes every question. When it has a
        ``whatsapp`` section, WhatsApp chat exports (``.txt`` or ``.zip``) in the
        folder are analysed too.
    out
        The output folder. Default: ``reports/<name of folder>`` in the current
        folder. Each export's report goes to ``out/<relative path>``, with the path
        separators replaced by ``__`` (``sub/pre.csv`` becomes ``sub__pre.csv``).
    jobs
        How many exports to analyse at once. Above 1, each export is analysed in a
        worker process started with the ``spawn`` method.
    force
        Analyse every export again, even those whose report is up to date.
    figures
        Draw charts. False writes tables only, which is much faster.
    progress
        Called in this process after each export as ``progress(result, done,
        total)``, in the order the exports finish.

    Returns
    -------
    BatchResult
        One :class:`FileResult` per export, sorted by path. Exports that fail are
        listed with their error, and the others are still analysed.

    Raises
    ------
    DataFileError
        If ``folder`` is missing, is not a folder, or contains no export.
    CodebookError
        If the study file is missing or invalid, or declares ``waves`` (a pre/post
        study reads its own wave files). It is checked once, before any export is
        read.
    OutputError
        If the output folder is the input folder, or exists, is not empty and contains
        no ``batch_state.json``, or if the summary files cannot be written.
    ValueError
        If ``jobs`` is below 1.

    Notes
    -----
    An export is skipped when its SHA-256, the options (the study file's SHA-256
    and ``figures``) and the srsurvey version all match ``batch_state.json`` and
    its ``report.html`` still exists. Failed exports are not recorded, so every run
    tries them again and the exit code stays 1 until they are fixed. Report folders
    of exports that fail or are deleted are left in place, and the summary does not
    list them.

    With ``jobs`` above 1, a script that calls this function must do so under
    ``if __name__ == "__main__":``, because the ``spawn`` start method imports the
    main module in every worker.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    folder = Path(folder)
    out_dir = Path(out) if out is not None else _default_out(folder)
    study_path = Path(study) if study is not None else None

    _check_folder(folder)
    chats = False
    if study_path is not None:
        _check_study(study_path)
        chats = _reads_chats(study_path)
    exports = find_exports(folder, out=out_dir, chats=chats)
    if not exports:
        raise DataFileError(
            "the folder contains no export file.",
            hint="Put CSV or .xlsx exports in it, or name another folder. Files "
            f"ending in {', '.join(sorted(EXPORT_SUFFIXES))} are read.",
            file=str(folder),
        )

    _prepare_out_dir(out_dir, folder)
    options_sha256 = _options_hash(study_path, figures)
    state = _read_state(out_dir)
    _write_state(out_dir, state)

    report_dirs = _report_folder_names(exports)
    results: dict[str, FileResult] = {}
    tasks: list[_Task] = []
    total = len(exports)
    for relative, path in exports.items():
        started = time.perf_counter()
        task = _Task(
            file=relative,
            path=path,
            report_dir=out_dir / report_dirs[relative],
            study=study_path,
            figures=figures,
            input_sha256=_sha256_of(path),
        )
        entry = None if force else state.get(relative)
        if _is_up_to_date(entry, task, options_sha256):
            result = FileResult(
                file=relative,
                status="skipped",
                respondents=entry.get("respondents"),
                scales=entry.get("scales"),
                seconds=time.perf_counter() - started,
                report_folder=report_dirs[relative],
            )
            results[relative] = result
            _notify(progress, result, len(results), total)
        else:
            tasks.append(task)

    for result in _run_tasks(tasks, jobs):
        results[result.file] = result
        _notify(progress, result, len(results), total)

    ordered = [results[relative] for relative in exports]
    new_state = _next_state(state, ordered, tasks, options_sha256)
    batch = BatchResult(folder=folder, out_dir=out_dir, files=ordered)
    batch.summary_path = _write_atomic(out_dir / SUMMARY_FILE, _summary_csv(ordered))
    batch.index_path = _write_atomic(out_dir / INDEX_FILE, _index_html(ordered, folder))
    _write_state(out_dir, new_state)
    return batch


def find_exports(
    folder: str | Path, *, out: str | Path | None = None, chats: bool = False
) -> dict[str, Path]:
    """Find the export files under ``folder``, sorted by relative path.

    A file counts as an export when its name ends in one of
    :data:`EXPORT_SUFFIXES`, in any letter case. With ``chats``, a file ending in
    one of :data:`CHAT_SUFFIXES` counts too when its content is a WhatsApp chat
    export (:func:`srsurvey.readers.export.is_chat_export`). Hidden files and folders (names
    starting with ``.``) are skipped, and so are the folder ``out``, any folder
    that contains ``batch_state.json`` (an earlier batch output) and any folder whose
    ``manifest.json`` names an srsurvey version (a report, whose ``tables/*.csv``
    are results, not exports). Symbolic links to folders are not followed.

    Returns
    -------
    dict of str to Path
        Relative paths with ``/`` separators, mapped to the path under ``folder``.
    """
    folder = Path(folder)
    skipped = Path(out).resolve() if out is not None else None
    found: dict[str, Path] = {}
    for root, dirs, files in os.walk(folder):
        root_path = Path(root)
        kept = []
        for name in sorted(dirs):
            child = root_path / name
            if name.startswith(".") or _is_output_folder(child, skipped):
                continue
            kept.append(name)
        dirs[:] = kept
        for name in files:
            path = root_path / name
            if name.startswith(".") or not _has_export_suffix(path, chats):
                continue
            if path.is_file():
                found[path.relative_to(folder).as_posix()] = path
    return dict(sorted(found.items(), key=lambda item: item[0].split("/")))


def _default_out(folder: Path) -> Path:
    name = folder.resolve().name or "batch"
    return Path("reports") / name


def _check_folder(folder: Path) -> None:
    if not folder.exists():
        raise DataFileError(
            "the folder was not found.",
            hint="Check the path, or run the command from the folder that contains it.",
            file=str(folder),
        )
    if not folder.is_dir():
        raise DataFileError(
            "the path is a file, not a folder.",
            hint="Name the folder that contains the exports, or analyse the file with "
            "srsurvey analyze FILE.",
            file=str(folder),
        )


def _has_export_suffix(path: Path, chats: bool) -> bool:
    suffix = path.suffix.lower()
    if suffix in EXPORT_SUFFIXES:
        return True
    if chats and suffix in CHAT_SUFFIXES:
        from srsurvey.readers.export import is_chat_export

        return is_chat_export(path)
    return False


def _reads_chats(path: Path) -> bool:
    """Return True when the study file has a whatsapp section for chat exports."""
    from srsurvey.readers.whatsapp import load_reply_spec

    return load_reply_spec(path) is not None


def _check_study(path: Path) -> None:
    from srsurvey.codebook.study import load_study

    study = load_study(path)
    # A pre/post study reads its own wave files and matches respondents across
    # them, so it cannot be applied to one export at a time.
    if getattr(study, "waves", None) is not None:
        raise CodebookError(
            "the study file declares waves (a pre/post comparison), so it cannot be "
            "applied to each export of a folder on its own.",
            hint="Run srsurvey analyze --study STUDY.yaml for the pre/post report, "
            "or use a study file without waves for the batch.",
            file=str(path),
        )


def _is_output_folder(path: Path, out: Path | None) -> bool:
    if out is not None and path.resolve() == out:
        return True
    if (path / STATE_FILE).is_file():
        return True
    manifest = path / "manifest.json"
    if not manifest.is_file():
        return False
    try:
        content = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(content, dict) and "srsurvey" in content


def _prepare_out_dir(out_dir: Path, folder: Path) -> None:
    if out_dir.resolve() == folder.resolve():
        raise OutputError(
            "the output folder is the input folder.",
            hint="Choose another folder with --out.",
            file=str(out_dir),
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(
            "the output path exists and is a file, not a folder.",
            hint="Choose another folder with --out.",
            file=str(out_dir),
        )
    is_batch_output = (out_dir / STATE_FILE).is_file()
    if out_dir.is_dir() and not is_batch_output and any(out_dir.iterdir()):
        raise OutputError(
            f"the output folder is not empty and has no {STATE_FILE}, so it was "
            "not written by srsurvey batch.",
            hint="Choose a new or empty folder with --out.",
            file=str(out_dir),
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(
            f"the output folder could not be created: {err.strerror or err}.",
            hint="Check the path and its permissions, or choose another folder "
            "with --out.",
            file=str(out_dir),
        ) from err


def _report_folder_names(exports: dict[str, Path]) -> dict[str, str]:
    """Map each export to a report folder name that no other export uses."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for relative in exports:
        base = relative.replace("/", "__")
        name = base
        counter = 2
        # "a/b.csv" and a file named "a__b.csv" would share a folder otherwise.
        while name.lower() in used:
            name = f"{base}-{counter}"
            counter += 1
        used.add(name.lower())
        names[relative] = name
    return names


def _sha256_of(path: Path) -> str:
    from srsurvey.analysis._manifest import sha256_of

    try:
        return sha256_of(path)
    except OSError:
        # The analysis reports the unreadable file with its own message.
        return ""


def _options_hash(study: Path | None, figures: bool) -> str:
    study_sha256 = None
    if study is not None:
        from srsurvey.analysis._manifest import sha256_of

        study_sha256 = sha256_of(study)
    options = {"study_sha256": study_sha256, "figures": figures}
    text = json.dumps(options, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_up_to_date(entry: dict | None, task: _Task, options_sha256: str) -> bool:
    if not isinstance(entry, dict) or not task.input_sha256:
        return False
    return (
        entry.get("input_sha256") == task.input_sha256
        and entry.get("options_sha256") == options_sha256
        and entry.get("srsurvey") == __version__
        and entry.get("report_folder") == task.report_dir.name
        and (task.report_dir / "report.html").is_file()
    )


def _notify(
    progress: ProgressCallback | None, result: FileResult, done: int, total: int
) -> None:
    logger.info(
        "%s %s (%.1f s) %s", result.status, result.file, result.seconds, result.error
    )
    if progress is not None:
        progress(result, done, total)


def _run_tasks(tasks: list[_Task], jobs: int) -> Iterator[FileResult]:
    """Analyse the tasks and yield each result as soon as it is ready."""
    workers = min(jobs, len(tasks))
    if workers <= 1:
        for task in tasks:
            yield _analyze_task(task)
        return

    # spawn starts a clean interpreter on every platform, so a worker inherits no
    # locks or matplotlib state. The cost is that each worker imports pandas again.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker
    ) as pool:
        futures: dict[Future, _Task] = {
            pool.submit(_analyze_task, task): task for task in tasks
        }
        for future in as_completed(futures):
            yield _collect(future, futures[future])


def _init_worker() -> None:
    import matplotlib

    matplotlib.use("Agg")

    # Import the pipeline before the first task, so that its seconds do not
    # include the imports.
    import srsurvey.analysis._build
    import srsurvey.codebook.firstlook
    import srsurvey.codebook.scoring
    import srsurvey.readers
    import srsurvey.tables.write  # noqa: F401


def _collect(future: Future, task: _Task) -> FileResult:
    try:
        return future.result()
    except BrokenProcessPool:
        return FileResult(
            file=task.file,
            status="failed",
            error="the worker process stopped before it returned a result "
            "(BrokenProcessPool), for example because the system ran out of memory. "
            f"Run {_debug_command(task)} to analyse the file alone.",
        )


def _analyze_task(task: _Task) -> FileResult:
    """Analyse one export and return its row. Runs in a worker with ``--jobs``."""
    from srsurvey.analysis import AnalysisRequest, analyze_to_folder

    started = time.perf_counter()
    request = AnalysisRequest(
        files=[task.path],
        study_path=task.study,
        figures=task.figures,
        out=task.report_dir,
        force=True,
    )
    try:
        with warnings.catch_warnings():
            # run_analysis stores the data warnings in the report, so printing them
            # here would only interrupt the progress display once per file.
            warnings.simplefilter("ignore", SurveyWarning)
            outcome = analyze_to_folder(request)
    except SurveyError as error:
        # NOTE: a message can quote a cell value, such as an unknown answer label,
        # and the summary files store it as it is.
        return _failed(task, str(error), started)
    except Exception as error:  # noqa: BLE001 - a bug: keep its type, not the data
        return _failed(
            task,
            f"srsurvey failed unexpectedly ({type(error).__name__}). Run "
            f"{_debug_command(task)} to see the traceback.",
            started,
        )

    results = outcome.report.results
    respondents = results.get("respondents")
    return FileResult(
        file=task.file,
        status="ok",
        respondents=int(respondents) if respondents is not None else None,
        scales=len(results.get("scales") or {}),
        seconds=time.perf_counter() - started,
        report_folder=task.report_dir.name,
    )


def _failed(task: _Task, message: str, started: float) -> FileResult:
    return FileResult(
        file=task.file,
        status="failed",
        error=message,
        seconds=time.perf_counter() - started,
    )


def _debug_command(task: _Task) -> str:
    words = ["srsurvey", "analyze", str(task.path)]
    if task.study is not None:
        words += ["--study", str(task.study)]
    return shlex.join(words + ["--debug"])


def _read_state(out_dir: Path) -> dict[str, dict]:
    """Return the per-export entries of ``batch_state.json``, or {} without one."""
    path = out_dir / STATE_FILE
    if not path.is_file():
        return {}
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        warnings.warn(
            f"{path}: the batch state cannot be read ({err}), so every export is "
            "analysed again.",
            SurveyWarning,
            stacklevel=3,
        )
        return {}
    files = content.get("files") if isinstance(content, dict) else None
    if not isinstance(files, dict) or content.get("format") != _STATE_FORMAT:
        return {}
    return files


def _next_state(
    state: dict[str, dict],
    results: list[FileResult],
    tasks: list[_Task],
    options_sha256: str,
) -> dict[str, dict]:
    """Record the exports that have an up-to-date report after this run."""
    hashes = {task.file: task.input_sha256 for task in tasks}
    entries: dict[str, dict] = {}
    for result in results:
        if result.status == "skipped":
            entries[result.file] = state[result.file]
        elif result.status == "ok":
            entries[result.file] = {
                "input_sha256": hashes[result.file],
                "options_sha256": options_sha256,
                "srsurvey": __version__,
                "report_folder": result.report_folder,
                "respondents": result.respondents,
                "scales": result.scales,
            }
    return entries


def _write_state(out_dir: Path, files: dict[str, dict]) -> None:
    content = {"format": _STATE_FORMAT, "srsurvey": __version__, "files": files}
    text = json.dumps(content, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    _write_atomic(out_dir / STATE_FILE, text.encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it over."""
    temp = path.with_name(f".{path.name}.tmp-{secrets.token_hex(4)}")
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError as err:
        temp.unlink(missing_ok=True)
        raise OutputError(
            f"the file could not be written: {err.strerror or err}.",
            hint="Check that the folder is writable and the disk has free space, "
            "or choose another folder with --out.",
            file=str(path),
        ) from err
    return path


def _summary_csv(results: list[FileResult]) -> bytes:
    from srsurvey.tables._common import safe_cell

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    for result in results:
        row = [
            result.file,
            "" if result.respondents is None else result.respondents,
            "" if result.scales is None else result.scales,
            result.status,
            result.error,
            f"{result.seconds:.3f}",
            result.report_folder,
        ]
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode(_CSV_ENCODING)


_INDEX_CSS = """
.status { font-weight: 600; white-space: nowrap; }
tr.ok td.status { color: #1a7f37; }
tr.skipped td.status { color: #57606a; }
tr.failed td.status { color: #cf222e; }
tr.failed td { background: #fff1f0; }
td.error { max-width: 60ch; white-space: pre-wrap; }
"""


def _index_html(results: list[FileResult], folder: Path) -> bytes:
    from srsurvey.tables._html_style import CSS

    counts = {
        status: sum(1 for result in results if result.status == status)
        for status in ("ok", "skipped", "failed")
    }
    rows = "\n".join(_index_row(result) for result in results)
    title = f"Batch summary: {escape(folder.resolve().name or str(folder))}"
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{CSS}{_INDEX_CSS}</style>\n</head>\n"
        f'<body>\n<div class="page"><header><h1>{title}</h1>'
        f'<p class="subtitle">{len(results)} exports: {counts["ok"]} analysed, '
        f"{counts['skipped']} unchanged, {counts['failed']} failed.</p></header>\n"
        '<div class="table-block"><div class="table-scroll"><table><thead><tr>'
        '<th scope="col">File</th><th scope="col">Status</th>'
        '<th scope="col" class="num">Respondents</th>'
        '<th scope="col" class="num">Scales</th>'
        '<th scope="col" class="num">Seconds</th>'
        '<th scope="col">Error</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody></table></div></div>\n"
        f"<footer>srsurvey {escape(__version__)}</footer></div>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _index_row(result: FileResult) -> str:
    name = escape(result.file)
    if result.report_folder:
        href = quote(f"{result.report_folder}/report.html")
        name = f'<a href="{escape(href)}">{name}</a>'
    respondents = "" if result.respondents is None else str(result.respondents)
    scales = "" if result.scales is None else str(result.scales)
    status = escape(result.status)
    return (
        f'<tr class="{status}"><td>{name}</td><td class="status">{status}</td>'
        f'<td class="num">{respondents}</td><td class="num">{scales}</td>'
        f'<td class="num">{result.seconds:.1f}</td>'
        f'<td class="error">{escape(result.error)}</td></tr>'
    )
