"""Recognise a file by its content: workbook, text or another format."""

from __future__ import annotations

import csv
import io
import zipfile

from srsurvey.errors import DataFileError

# Leading bytes of formats that people send instead of an export, with their name.
_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Excel 97-2003 workbook (.xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"{\\rtf", "an RTF document"),
)

_EXPORT_HINT = (
    "Download the responses again as CSV, .xlsx or SPSS .sav "
    "(Google Forms: Responses > Download responses (.csv))."
)

# Share of control characters (other than tab, CR, LF and form feed) above which
# decoded text is taken for binary data. Text answers contain almost none.
_MAX_CONTROL_SHARE = 0.01
_SAMPLE_CHARS = 65_536
_CONTROL_CHARACTERS = frozenset(
    chr(code) for code in range(32) if chr(code) not in "\t\n\r\f"
) | {"\x7f"}

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


# Leading bytes of an SPSS .sav file ($FL2) and of a compressed .zsav file ($FL3).
SAV_SIGNATURES = (b"$FL2", b"$FL3")


# Bytes of a chat export read to find its first line. A header is under 100 bytes,
# so this leaves room for blank lines and a byte order mark before it.
_CHAT_SAMPLE_BYTES = 4096


def detect_format(data: bytes, label: str) -> str:
    """Return ``"xlsx"``, ``"sav"``, ``"whatsapp"`` or ``"text"`` for a file's content.

    ``"whatsapp"`` is a WhatsApp chat export: text whose first non-blank line is a
    message header, or a ZIP archive whose chat ``.txt`` member is such text.

    Raises
    ------
    DataFileError
        If the content is another format (PDF, image, archive, .xls, ODS), a damaged
        ZIP container, or binary data.
    """
    if data.startswith(SAV_SIGNATURES):
        return "sav"
    for signature, description in _SIGNATURES:
        if data.startswith(signature):
            raise DataFileError(
                f"the file is {description}, not a survey export.",
                hint=_EXPORT_HINT,
                file=label,
            )

    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _detect_zip_format(data, label)

    has_utf16_bom = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:_SAMPLE_CHARS] and not has_utf16_bom:
        raise DataFileError(
            "the file contains binary data, not CSV text.",
            hint=_EXPORT_HINT,
            file=label,
        )
    if is_chat_text(data):
        return "whatsapp"
    return "text"


def is_chat_text(data: bytes) -> bool:
    """Return True when the first non-blank line of ``data`` is a WhatsApp header.

    Android headers look like ``28.02.2024, 22:15 - `` and iOS headers like
    ``[28.02.2024, 22:15:03] ``. A form export starts with its column headers, so
    it never matches.
    """
    from srsurvey.readers._whatsapp_lines import is_message_header

    text = data[:_CHAT_SAMPLE_BYTES].decode("utf-8-sig", errors="replace")
    for line in text.splitlines():
        if line.strip():
            return is_message_header(line)
    return False


def _chat_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo | None:
    """Return the ``.txt`` member that WhatsApp's export writes, or None.

    The choice follows :func:`srsurvey.readers.whatsapp.read_chat`: members under
    ``__MACOSX/`` or named ``._*`` are ignored, and among several ``.txt`` files
    ``_chat.txt`` (iOS) or a name starting with ``WhatsApp Chat`` (Android) wins.
    """
    texts = []
    for info in archive.infolist():
        parts = info.filename.replace("\\", "/").split("/")
        if (
            info.is_dir()
            or not info.filename.lower().endswith(".txt")
            or parts[0] == "__MACOSX"
            or any(part.startswith("._") for part in parts)
        ):
            continue
        texts.append(info)
    if len(texts) > 1:
        preferred = [
            info
            for info in texts
            if info.filename.split("/")[-1] == "_chat.txt"
            or info.filename.split("/")[-1].startswith("WhatsApp Chat")
        ]
        texts = preferred or texts
    return texts[0] if len(texts) == 1 else None


def _chat_start(archive: zipfile.ZipFile) -> bytes:
    """Return the first bytes of the archive's chat member, or b"" without one."""
    member = _chat_member(archive)
    if member is None:
        return b""
    try:
        with archive.open(member) as handle:
            return handle.read(_CHAT_SAMPLE_BYTES)
    except (RuntimeError, NotImplementedError):
        # An encrypted member or an unsupported compression method: read_chat
        # reports it if the file is passed to srsurvey whatsapp.
        return b""


def _detect_zip_format(data: bytes, label: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
            chat_start = b"" if "xl/workbook.xml" in names else _chat_start(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as err:
        raise DataFileError(
            "the file starts like an .xlsx workbook (a ZIP archive), but the archive "
            "is damaged or incomplete.",
            hint="Export it again, or download it again if the download was cut off.",
            file=label,
        ) from err

    if "xl/workbook.xml" in names:
        return "xlsx"
    if is_chat_text(chat_start):
        return "whatsapp"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        description = "an OpenDocument spreadsheet (.ods)"
        hint = "Save it as .xlsx or CSV and read that file."
    elif "word/document.xml" in names:
        description = "a Word document"
        hint = _EXPORT_HINT
    else:
        description = "a ZIP archive"
        hint = "Extract the export from the archive and read that file."
    raise DataFileError(
        f"the file is {description}, not a survey export.", hint=hint, file=label
    )


def decode_text(data: bytes, label: str) -> tuple[str, str]:
    """Decode CSV bytes and return the text and the name of the encoding.

    UTF-8 (with or without a byte order mark) is tried first, strictly, and then
    Windows-1251, the encoding of CSV files that Excel saves in a Russian locale.
    UTF-16 is accepted when it starts with a byte order mark.

    Raises
    ------
    DataFileError
        If neither encoding decodes the bytes, or the text looks like binary data.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"

    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as utf_error:
        if encoding != "utf-8":
            raise _undecodable(label, encoding, utf_error) from utf_error
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError as cp1251_error:
            raise _undecodable(label, "UTF-8 or Windows-1251", cp1251_error) from None
        encoding = "cp1251"

    _check_text_is_not_binary(text, label)
    return text, encoding


def _undecodable(label: str, encoding: str, error: UnicodeDecodeError) -> DataFileError:
    byte = error.object[error.start : error.start + 1].hex()
    return DataFileError(
        f"the file is not {encoding} text: byte 0x{byte} at offset {error.start} "
        "cannot be decoded.",
        hint="Save the file again as CSV UTF-8 (Excel: File > Save As > CSV UTF-8), "
        "or download it again from Google Forms.",
        file=label,
        value=f"0x{byte}",
    )


def _check_text_is_not_binary(text: str, label: str) -> None:
    sample = text[:_SAMPLE_CHARS]
    controls = sum(1 for char in sample if char in _CONTROL_CHARACTERS)
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise DataFileError(
            "the file contains binary data, not CSV text.",
            hint=_EXPORT_HINT,
            file=label,
        )

    start = sample.lstrip().lower()
    if start.startswith(("<!doctype html", "<html")):
        raise DataFileError(
            "the file is a web page (HTML), not a survey export.",
            hint=_EXPORT_HINT,
            file=label,
        )
    if start.startswith("<?xml"):
        raise DataFileError(
            "the file is an XML document, not a CSV export.",
            hint="Save it as .xlsx or CSV and read that file.",
            file=label,
        )


def detect_delimiter(text: str) -> str:
    """Return the field delimiter (comma, semicolon or tab) of CSV text.

    Each candidate splits the first records of the text, quotes respected. The
    delimiter that gives every record the header's width wins, then the one that
    gives the widest header. A file with one column gets a comma.
    """
    sample = text[:_SAMPLE_CHARS]
    truncated = len(text) > len(sample)
    best = ","
    best_score = (False, 0.0, 1)
    for delimiter in DELIMITERS:
        try:
            records = _first_records(sample, delimiter)
        except csv.Error:
            continue
        if truncated and len(records) > 1:
            records = records[:-1]  # the last record may be cut off by the sample
        records = [record for record in records if record]
        if not records:
            continue
        width = len(records[0])
        consistent = sum(len(record) == width for record in records) / len(records)
        score = (width > 1, consistent, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _first_records(sample: str, delimiter: str, limit: int = 50) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    records = []
    for record in reader:
        records.append(record)
        if len(records) == limit:
            break
    return records
