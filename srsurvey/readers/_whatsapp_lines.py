"""Split the text of a WhatsApp chat export into messages with parsed timestamps.

An export is one message per header line, and the lines up to the next header
belong to the same message. Two header styles exist:

- Android: ``28.02.2024, 22:15 - Name: text`` or ``2/28/24, 10:15 PM - Name: text``.
- iOS: ``[28/02/2024, 22:15:03] Name: text``.

The date format follows the phone's locale, so the day/month order is inferred from
every header of the file together (see :func:`infer_date_order`).
"""

from __future__ import annotations

import itertools
import re
import warnings
from dataclasses import dataclass
from datetime import datetime

from srsurvey.errors import DataFileError, SurveyWarning

__all__ = [
    "DATE_ORDERS",
    "RawMessage",
    "infer_date_order",
    "is_message_header",
    "split_messages",
]

DATE_ORDERS = ("dmy", "mdy", "ymd")

# Marks that WhatsApp puts before lines, names and placeholders: U+200E LEFT-TO-RIGHT
# MARK, U+200F RIGHT-TO-LEFT MARK, U+202A..U+202E embeddings and U+2066..U+2069
# isolates. They carry no text.
DIRECTION_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

# Any horizontal space, because Android writes U+202F NARROW NO-BREAK SPACE before
# AM/PM since CLDR 42 and a plain space before that.
_SPACE = r"[ \t\u00a0\u2007\u202f]"
_DATE = r"(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})"
_TIME = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
    rf"(?:{_SPACE}*(?P<ampm>[AaPp]\.?[Mm]\.?))?"
)
_ANDROID = re.compile(
    rf"^{_DATE},?{_SPACE}+{_TIME}{_SPACE}+[-\u2013\u2014]{_SPACE}(?P<rest>.*)$",
    re.DOTALL,
)
_IOS = re.compile(rf"^\[{_DATE},?{_SPACE}+{_TIME}\]{_SPACE}(?P<rest>.*)$", re.DOTALL)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class RawMessage:
    """One message before its kind is known.

    ``line`` is the 1-based line of the header in the file, ``sender`` is None when
    the header has no ``Name:`` part, and ``text`` keeps inner line breaks as ``\\n``.
    """

    line: int
    time: datetime
    sender: str | None
    text: str


@dataclass
class _Header:
    line: int
    a: int
    b: int
    c: int
    a_digits: int
    c_digits: int
    separator: str
    hour: int
    minute: int
    second: int
    ampm: str | None
    rest: str


def _match_header(line: str, style: re.Pattern[str]) -> re.Match[str] | None:
    return style.match(DIRECTION_MARKS.sub("", line, count=2).lstrip(" \u00a0"))


def is_message_header(line: str) -> bool:
    """Return True when ``line`` starts with an Android or iOS message header."""
    return bool(_match_header(line, _ANDROID) or _match_header(line, _IOS))


def _header_from(match: re.Match[str], number: int) -> _Header:
    ampm = match.group("ampm")
    return _Header(
        line=number,
        a=int(match.group("a")),
        b=int(match.group("b")),
        c=int(match.group("c")),
        a_digits=len(match.group("a")),
        c_digits=len(match.group("c")),
        separator=match.group("sep"),
        hour=int(match.group("hour")),
        minute=int(match.group("minute")),
        second=int(match.group("second") or 0),
        ampm=ampm.replace(".", "").upper() if ampm else None,
        rest=match.group("rest"),
    )


def _choose_style(lines: list[str]) -> re.Pattern[str] | None:
    """Return the header style that more lines match, so one style applies to the whole file."""
    android = sum(1 for line in lines if _match_header(line, _ANDROID))
    ios = sum(1 for line in lines if _match_header(line, _IOS))
    if android == 0 and ios == 0:
        return None
    return _IOS if ios > android else _ANDROID


def split_messages(
    text: str,
    file: str,
    *,
    date_order: str | None = None,
    is_event=None,
) -> tuple[list[RawMessage], dict[str, str]]:
    """Split export text into messages and return them with the detected format.

    Parameters
    ----------
    text
        The whole export, already decoded.
    file
        The file name used in messages.
    date_order
        ``"dmy"``, ``"mdy"`` or ``"ymd"`` to skip the inference.
    is_event
        A function of the text after a header that returns True when the whole
        text is a group event. Such a line has no sender even when the event
        contains ``: `` (a group subject such as ``«Курс 3: весна»``). None
        splits off a sender at the first ``: `` of every header line.

    Notes
    -----
    Every line that starts with a full header (date, time and `` - `` on Android,
    ``[date, time]`` on iOS) starts a new message, and a header without a
    ``Name:`` part gives a message whose sender is None. Other lines, including
    lines that start with only a date, belong to the message above. So a line of
    a multi-line message that happens to start with a full header, such as
    ``12.03.2024, 10:00 - exam``, becomes a message of its own.

    Raises
    ------
    DataFileError
        If no line is a message header, if the dates fit no day/month order, or if
        a header has an impossible date or time.
    """
    lines = _LINE_BREAK.split(text)
    style = _choose_style(lines)
    if style is None:
        raise DataFileError(
            "no WhatsApp message was found: no line starts with a date and time such "
            'as "28.02.2024, 22:15 - " or "[28/02/2024, 22:15:03] ".',
            hint='Export the chat from WhatsApp with "Export chat" and pass the .txt '
            "file or the .zip file it creates.",
            file=file,
        )

    headers: list[_Header] = []
    bodies: list[list[str]] = []
    for number, line in enumerate(lines, start=1):
        match = _match_header(line, style)
        if match is not None:
            headers.append(_header_from(match, number))
            bodies.append([])
            continue
        if bodies:
            bodies[-1].append(line)
        # Lines before the first header (a BOM line, a title) carry no message.

    order = date_order or infer_date_order(headers, file)
    if order not in DATE_ORDERS:
        raise DataFileError(
            f'the date order "{order}" is not one of {", ".join(DATE_ORDERS)}.',
            hint="Pass dmy for 28.02.2024, mdy for 2/28/24 or ymd for 2024-02-28.",
            file=file,
            value=order,
        )
    clock = "12-hour" if any(h.ampm for h in headers) else "24-hour"
    messages = []
    for header, body in zip(headers, bodies, strict=True):
        if is_event is not None and is_event(DIRECTION_MARKS.sub("", header.rest)):
            sender, first = None, header.rest
        else:
            sender, first = _split_sender(header.rest)
        full_text = "\n".join([first, *body]).rstrip("\n")
        messages.append(
            RawMessage(header.line, _timestamp(header, order, file), sender, full_text)
        )
    details = {
        "format": "iOS" if style is _IOS else "Android",
        "date_order": order,
        "clock": clock,
    }
    return messages, details


_SENDER = re.compile(r"^(?P<sender>[^:\n]{1,100}?):[ \u00a0](?P<text>.*)$", re.DOTALL)
_SENDER_EMPTY = re.compile(r"^(?P<sender>[^:\n]{1,100}?):$")


def _split_sender(rest: str) -> tuple[str | None, str]:
    """Split ``Name: text`` into sender and text. Without ``Name:`` the sender is None."""
    match = _SENDER.match(rest) or _SENDER_EMPTY.match(rest)
    if match is None:
        return None, rest
    sender = DIRECTION_MARKS.sub("", match.group("sender")).strip()
    if not sender:
        return None, rest
    text = match.groupdict().get("text") or ""
    return sender, text


def infer_date_order(headers: list[_Header], file: str) -> str:
    """Infer the day/month/year order from every header of the file.

    A four-digit first field is a year (``ymd``). Otherwise a first field above 12
    anywhere in the file means day-first and a second field above 12 means
    month-first. When both fields stay at 12 or below, the order under which the
    timestamps never go backwards wins. When both orders pass that test too, the
    file is day-first, except that ``/`` dates with a 12-hour clock are month-first
    (as en-US phones write them). That guess comes with a warning unless the dates
    use ``.``, which only day-first locales (ru, kk, de and others) write.

    Raises
    ------
    DataFileError
        If a first field and a second field above 12 both occur, so no order fits.
    """
    if any(h.a_digits == 4 for h in headers):
        return "ymd"
    day_first = [h for h in headers if h.a > 12]
    month_first = [h for h in headers if h.b > 12]
    if day_first and month_first:
        first, second = day_first[0], month_first[0]
        raise DataFileError(
            "the dates fit neither day/month nor month/day order: line "
            f"{first.line} has {first.a} first and line {second.line} has "
            f"{second.b} second.",
            hint="Check that the file is one unedited WhatsApp export; two exports "
            "from phones with different date formats cannot be joined.",
            file=file,
            line=second.line,
        )
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"

    candidates = [
        order
        for order in ("dmy", "mdy")
        if _never_goes_back([_timestamp(h, order, file) for h in headers])
    ]
    if len(candidates) == 1:
        return candidates[0]
    us_style = headers[0].separator == "/" and any(h.ampm for h in headers)
    guess = "mdy" if us_style else "dmy"
    dotted = headers[0].separator == "."
    if not dotted and not all(h.a == h.b for h in headers):
        shown = "month/day/year" if guess == "mdy" else "day/month/year"
        warnings.warn(
            f"{file}: every date has a day and a month of 12 or less, so the date "
            f"order cannot be told from the file; it was read as {shown}. Pass "
            "--date-order dmy or --date-order mdy if that is wrong.",
            SurveyWarning,
            stacklevel=2,
        )
    return guess


def _never_goes_back(times: list[datetime]) -> bool:
    return all(later >= earlier for earlier, later in itertools.pairwise(times))


def _timestamp(header: _Header, order: str, file: str) -> datetime:
    if order == "ymd":
        year, month, day = header.a, header.b, header.c
        year_digits = header.a_digits
    elif order == "mdy":
        month, day, year = header.a, header.b, header.c
        year_digits = header.c_digits
    else:
        day, month, year = header.a, header.b, header.c
        year_digits = header.c_digits
    if year_digits <= 2:
        year += 2000

    hour = header.hour
    if header.ampm is not None:
        if not 1 <= hour <= 12:
            raise _bad_time(header, file)
        hour = hour % 12 + (12 if header.ampm == "PM" else 0)
    try:
        return datetime(year, month, day, hour, header.minute, header.second)
    except ValueError as err:
        raise _bad_time(header, file) from err


def _bad_time(header: _Header, file: str) -> DataFileError:
    shown = f"{header.a}{header.separator}{header.b}{header.separator}{header.c}"
    clock = f"{header.hour}:{header.minute:02d}" + (
        f" {header.ampm}" if header.ampm else ""
    )
    return DataFileError(
        f"the message header has an impossible date or time: {shown}, {clock}.",
        hint="Correct the line, or pass --date-order if the day and month are swapped.",
        file=file,
        line=header.line,
        value=f"{shown}, {clock}",
    )
