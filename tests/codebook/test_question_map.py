"""``questions.<id>.map`` recodes answers of the other language's form."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from srsurvey.cli import run

STUDY = """\
study:
  name: media
questions:
  media:
    column: Media
    type: single
    options: [Интернет, Телевидение]
    map:
      Internet: Интернет
      TV: Телевидение
  networks:
    column: Networks
    type: multi
    options: [Telegram, ВКонтакте]
    map:
      VKontakte: ВКонтакте
"""


def _write(folder: Path) -> tuple[Path, Path]:
    export = folder / "media.csv"
    export.write_text(
        "Media,Networks\n"
        'Интернет,"Telegram, ВКонтакте"\n'
        "Internet,VKontakte\n"
        "internet,Telegram\n"
        'TV,"Telegram, VKontakte"\n'
        "Телевидение,ВКонтакте\n",
        encoding="utf-8",
    )
    study = folder / "study.yaml"
    study.write_text(STUDY, encoding="utf-8")
    return export, study


def test_single_and_multi_answers_are_recoded(tmp_path, capsys):
    export, study = _write(tmp_path)
    out = tmp_path / "report"
    status = run(
        ["analyze", str(export), "--study", str(study), "--out", str(out),
         "--no-figures"]
    )  # fmt: skip
    assert status == 0, capsys.readouterr().err
    table = pd.read_csv(out / "tables" / "frequencies.csv")
    media = table[table["question"] == "media"].set_index("option")["count"]
    assert media["Интернет"] == 3
    assert media["Телевидение"] == 2
    assert "Internet" not in media.index
    networks = table[table["question"] == "networks"].set_index("option")["count"]
    assert networks["Telegram"] == 3
    assert networks["ВКонтакте"] == 4
    assert "VKontakte" not in networks.index
