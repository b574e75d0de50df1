"""The ``analyze`` pipeline as a library: read, score, compute, draw, write.

:func:`run_analysis` returns a :class:`~srsurvey.tables.model.Report` without touching
the disk; :func:`analyze_to_folder` also writes it, which is what the CLI calls.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from srsurvey.errors import CodebookError, DataFileError, OutputError

__all__ = ["AnalysisOutcome", "AnalysisRequest", "analyze_to_folder", "run_analysis"]

logger = logging.getLogger(__name__)


@dataclass
class AnalysisRequest:
    """The options of one analysis, as the CLI or a script passes them.

    ``files`` override the study file's ``input.files``. ``spss`` also writes the
    scored data to that .sav file; ``test`` and ``correction`` override the pre/post
    test choice and the multiple-testing correction. ``secret_file`` is the key
    that turns WhatsApp senders into codes, by default ``.srsurvey-secret`` beside
    the study file, as in ``srsurvey whatsapp``. Without ``study_path`` the
    quick-mode fields (``scales``, ``value_range``, ``groups``, ``id_column``) build
    the study, and without those too every question of the export is described.
    """

    files: list[Path] = field(default_factory=list)
    study_path: Path | None = None
    scales: list[str] = field(default_factory=list)
    value_range: str | None = None
    groups: list[str] = field(default_factory=list)
    id_column: str | None = None
    missing: str | None = None
    keep_identifiers: bool = False
    figures: bool = True
    sheet: str | None = None
    out: Path | None = None
    force: bool = False
    spss: Path | None = None
    min_answered: float | int | None = None
    test: str | None = None
    correction: str | None = None
    secret_file: Path | None = None


@dataclass
class AnalysisOutcome:
    """The written report: its folder, files, warnings and a short summary text."""

    out_dir: Path
    files: list[Path]
    warnings: list[str]
    summary: str
    report: object


def _study_name_from(files: list[Path]) -> str:
    stem = files[0].stem if files else "survey"
    name = re.sub(r"[^\w-]+", "-", stem, flags=re.UNICODE).strip("-")
    return name or "survey"


def resolve_study(request: AnalysisRequest):
    """Return the study that the request describes, and the export files to read."""
    from srsurvey.codebook.study import load_study, study_from_options

    if request.study_path is not None:
        study = load_study(request.study_path)
        files = list(request.files) or list(study.files)
        if not files and study.waves is not None:
            files = [path for wave in study.waves.waves.values() for path in wave.files]
        if not files:
            raise CodebookError(
                "names no export files.",
                file=request.study_path,
                hint="Add input.files to the study file, or name the export on the "
                "command line: srsurvey analyze EXPORT --study STUDY.yaml",
            )
        if request.missing is not None:
            study.analysis.missing = request.missing
        if request.id_column is not None:
            study.id_column = request.id_column
        study.keep_identifiers = request.keep_identifiers
        return study, files

    files = list(request.files)
    if not files:
        raise DataFileError(
            "no export file was named.",
            hint="Name one: srsurvey analyze EXPORT.csv",
        )
    if request.scales or request.groups or request.id_column or request.value_range:
        study = study_from_options(
            name=_study_name_from(files),
            scales=request.scales,
            value_range=request.value_range,
            groups=request.groups,
            id_column=request.id_column,
            missing=request.missing,
        )
        if request.min_answered is not None:
            for scale in study.scales.values():
                scale.min_answered = request.min_answered
        study.keep_identifiers = request.keep_identifiers
        return study, files
    return None, files


def run_analysis(request: AnalysisRequest, resolved: tuple | None = None):
    """Run the whole analysis and return the report (nothing is written).

    ``resolved`` is the ``(study, files)`` pair of :func:`resolve_study` when the
    caller has already loaded the study file.

    WhatsApp chat exports are read with the study file's ``whatsapp`` section:
    one response per sender (a code unless ``keep_identifiers``), and the replies
    that were not used go into the table ``unparsed_replies`` with a warning.

    Raises
    ------
    SurveyError
        For any problem with the files, the study file or the options. The message
        names where the problem is and what to do.
    """
    from srsurvey.analysis import _chat, _prepost
    from srsurvey.analysis._build import build_report
    from srsurvey.analysis._manifest import build_manifest
    from srsurvey.codebook.firstlook import study_from_export
    from srsurvey.codebook.scoring import score_responses
    from srsurvey.readers import read_export, read_exports

    started = datetime.now(UTC)
    study, files = resolved if resolved is not None else resolve_study(request)
    for path in files:
        _check_input(path)
    if study is not None and study.waves is not None:
        # Exports named on the command line replace the waves' own files only in
        # the wide and wave-column layouts. With one file per wave they are
        # analysed as one wave, as in `analyze data/sample_post.csv --study ...`.
        if not request.files or study.waves.layout != "files":
            return _prepost.run_prepost_analysis(request, study, started=started)
        single_wave_note = (
            "The study file declares waves, but the exports named on the command "
            "line are analysed as one wave. Run srsurvey analyze --study FILE "
            "without naming exports for the pre/post analysis."
        )
    else:
        single_wave_note = None

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chat_input = _chat.read_chat_input(request, study, files)
        if chat_input is not None:
            responses = chat_input.responses
        elif len(files) == 1:
            responses = read_export(files[0], sheet=request.sheet)
        else:
            responses = read_exports(files)
        logger.info(
            "read %d rows and %d columns from %d file(s)",
            len(responses.data),
            responses.data.shape[1],
            len(files),
        )
        first_look = study is None
        if first_look:
            study = study_from_export(responses, name=_study_name_from(files))
        if request.missing is not None:
            study.analysis.missing = request.missing
        scored = score_responses(responses, study)
        if request.spss is not None:
            _write_spss(scored, study, request)
        report = build_report(
            study,
            responses,
            scored,
            first_look=first_look,
            figures=request.figures,
            keep_identifiers=request.keep_identifiers,
        )
        if chat_input is not None:
            unparsed_warning = _chat.add_unparsed_table(
                report, chat_input, keep_identifiers=request.keep_identifiers
            )
            if unparsed_warning is not None:
                report.warnings.append(unparsed_warning)

    report.warnings = _unique(
        ([single_wave_note] if single_wave_note else [])
        + list(responses.warnings)
        + list(scored.warnings)
        + [str(w.message) for w in caught if _is_data_warning(w)]
        + report.warnings
    )
    report.manifest = build_manifest(
        request, study, files, started=started, finished=datetime.now(UTC)
    )
    return report


def analyze_to_folder(request: AnalysisRequest) -> AnalysisOutcome:
    """Run the analysis and write every output into the report folder."""
    from srsurvey.tables.write import write_report

    study, files = resolve_study(request)
    planned = study.name if study is not None else _study_name_from(files)
    _reject_existing_folder(request.out or Path("reports") / planned, request.force)
    report = run_analysis(request, resolved=(study, files))
    out_dir = request.out or Path("reports") / report.name
    formats = None if request.figures else _formats_without_figures()
    written = write_report(report, out_dir, force=request.force, formats=formats)
    _close_figures(report)
    summary = _summary_text(report, Path(out_dir))
    return AnalysisOutcome(Path(out_dir), written, report.warnings, summary, report)


def _write_spss(scored, study, request: AnalysisRequest) -> None:
    """Write the scored data for SPSS users, refusing to replace a file silently."""
    from srsurvey.readers.spss import write_scored_sav

    if Path(request.spss).exists() and not request.force:
        raise OutputError(
            "the SPSS file already exists.",
            file=str(request.spss),
            hint="Use --force to replace it, or name another file with --spss.",
        )
    write_scored_sav(scored, study, request.spss)


def _reject_existing_folder(out_dir: Path, force: bool) -> None:
    """Fail before any data is read when the report folder exists without --force.

    write_report checks again when it moves the finished report into place.
    """
    if not force and Path(out_dir).exists():
        raise OutputError(
            "the output folder already exists.",
            file=str(out_dir),
            hint="Use --force to replace it, or choose another folder with --out.",
        )


def _formats_without_figures() -> set[str]:
    return {"html", "csv", "xlsx", "md", "json", "docx"}


def _close_figures(report) -> None:
    if not report.figures:
        return
    import matplotlib.pyplot as plt

    for figure in report.figures.values():
        plt.close(figure.figure)


def _check_input(path: Path) -> None:
    if not Path(path).exists():
        raise DataFileError(
            "file not found.",
            file=str(path),
            hint="Check the path, or run the command from the folder that contains it.",
        )


def _is_data_warning(record: warnings.WarningMessage) -> bool:
    from srsurvey.errors import SurveyWarning

    return issubclass(record.category, SurveyWarning)


def _unique(messages: list[str]) -> list[str]:
    return list(dict.fromkeys(m for m in messages if m))


def _summary_text(report, out_dir: Path) -> str:
    respondents = report.results.get("respondents")
    scales = report.results.get("scales", {})
    lines = [f"Report written to {out_dir}/ ({report.title})"]
    if respondents is not None:
        lines.append(f"  respondents: {respondents}")
    for scale_id, values in scales.items():
        alpha = values.get("alpha")
        mean = values.get("mean")
        parts = [f"  {scale_id}:"]
        if alpha is not None:
            parts.append(f"alpha = {alpha:.2f}")
        if mean is not None:
            parts.append(f"mean = {mean:.2f}")
        lines.append(" ".join(parts))
    prepost = report.results.get("prepost", {})
    if prepost.get("matched") is not None:
        lines.append(f"  matched respondents: {prepost['matched']}")
    lines.extend(_prepost_summary_lines(prepost))
    lines.append(f"  open {out_dir / 'report.html'}")
    return "\n".join(lines)


def _prepost_summary_lines(prepost: dict) -> list[str]:
    """Format one line per scale and arm: the means and the chosen test.

    The p-value is the one adjusted within the family, as in the report's tables. A
    value that the test could not compute is printed as n/a.
    """
    from srsurvey.analysis._text import format_p

    def number(value, digits: int = 2) -> str:
        return "n/a" if value is None else f"{value:.{digits}f}"

    def adjusted(value) -> str:
        return "adjusted p n/a" if value is None else f"adjusted {format_p(value)}"

    lines = []
    for scale_id, arms in prepost.get("scales", {}).items():
        for arm, row in arms.items():
            if not row.get("n_pairs"):
                continue
            where = "" if arm == "all" else f" ({arm})"
            p_adjusted = adjusted(row.get("p_adjusted"))
            if row.get("test_chosen") == "paired t-test":
                test = f"t({number(row.get('df'), 0)}) = {number(row.get('t'))}"
                effect = f"d_z = {number(row.get('cohen_dz'))}"
            else:
                test = f"V = {number(row.get('wilcoxon_w'), 1)}"
                effect = f"r = {number(row.get('rank_biserial'))}"
            lines.append(
                f"  pre/post {scale_id}{where}: {number(row.get('mean_pre'))} -> "
                f"{number(row.get('mean_post'))}, {test}, {p_adjusted}, {effect}, "
                f"n = {row['n_pairs']}"
            )
    return lines
