"""Help text of every command: present, listed in README.md, with plain metavars."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from srsurvey.cli import app, run

README = Path(__file__).resolve().parents[2] / "README.md"
COMMANDS = sorted(typer.main.get_command(app).commands)

# Typer writes "<str>", "<list[str]>", "<int range>", "<path>" for an option without a
# metavar. Choices such as "<pairwise|listwise>" contain "|" and are kept.
TYPE_METAVAR = re.compile(r"<(?:list\[|str>|int|float|path>|file>|dir>)")


def _help(args: list[str], capsys) -> str:
    status = run([*args, "--help"])
    output = capsys.readouterr().out
    assert status == 0, output
    return output


def _options_section(text: str) -> str:
    return text.split("\nOptions:\n", 1)[1]


def test_help_lists_six_commands():
    assert COMMANDS == ["analyze", "batch", "compare", "init", "validate", "whatsapp"]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_text(name):
    command = typer.main.get_command(app).commands[name]
    assert command.help
    assert len(command.help.split("\n\n", 1)[0]) > 10


@pytest.mark.parametrize("name", COMMANDS)
def test_command_summary_shown_whole(name, capsys):
    # `srsurvey --help` cuts a long first sentence of a command's help with "...".
    command = typer.main.get_command(app).commands[name]
    first_line = command.help.split("\n\n", 1)[0]
    assert run(["--help"]) == 0
    listing = " ".join(capsys.readouterr().out.split())
    assert f"{name} {first_line}" in listing


def test_top_help_shows_summaries(capsys):
    text = _help([], capsys)
    commands = text.split("\nCommands:\n", 1)[1]
    assert "..." not in commands
    assert "analyze   Analyse one questionnaire export." in commands


@pytest.mark.parametrize("name", COMMANDS)
def test_command_named_in_readme(name):
    assert f"`srsurvey {name}" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_options_have_plain_metavars(name, capsys):
    options = _options_section(_help([name], capsys))
    assert "<list[" not in options
    assert "{" not in options
    assert TYPE_METAVAR.search(options) is None, TYPE_METAVAR.search(options)


@pytest.mark.parametrize(
    ("name", "usage"),
    [
        ("analyze", "[FILE]..."),
        ("compare", "PRE"),
        ("compare", "POST"),
        ("batch", "DIR"),
        ("whatsapp", "CHAT"),
        ("init", "EXPORT"),
        ("validate", "EXPORT"),
    ],
)
def test_usage_names_arguments(name, usage, capsys):
    first_line = _help([name], capsys).splitlines()[0]
    assert usage in first_line


@pytest.mark.parametrize(
    ("name", "option"),
    [
        ("analyze", "--scale NAME=ITEMS"),
        ("analyze", "--range MIN-MAX"),
        ("analyze", "--group COLUMN"),
        ("analyze", "--id COLUMN"),
        ("analyze", "--study FILE"),
        ("analyze", "--out DIR"),
        ("analyze", "--sheet NAME"),
        ("analyze", "--spss FILE"),
        ("compare", "--id COLUMN"),
        ("compare", "--arm COLUMN"),
        ("batch", "--jobs N"),
        ("validate", "--max-problems N"),
        ("whatsapp", "--secret-file FILE"),
        ("init", "--out FILE"),
    ],
)
def test_option_metavar(name, option, capsys):
    assert option in _help([name], capsys)
