"""Generate the synthetic Google Forms exports ``sample_pre.csv`` and ``sample_post.csv``.

The two files imitate a pre/post study of social responsibility among students of a
medical university in Kazakhstan. Every name, e-mail address, student id and answer is
invented: no real person is behind any row. The answers come from a three-factor model
(cognitive, behavioural and value components of social responsibility) so that scale
statistics look like those of a real questionnaire.

Run ``python data/generate_sample.py`` to rewrite both files next to this script, or
``python data/generate_sample.py OUT_DIR`` to write them elsewhere. The random generator
has a fixed seed and the output is written with fixed line endings, so two runs give
byte-identical files. Only the standard library and numpy are used.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["HEADER", "N_STUDENTS", "SEED", "build_waves", "main", "write_export"]

# SEED is the first seed from 20250210 on whose draw meets all design targets. The
# subscale alphas of both waves lie in 0.70-0.85. The total score of the programme arm
# rises by 0.30-0.40 SD and that of the control arm changes by at most 0.08 SD. Women
# score slightly higher than men, Public Health is the highest specialty and Pharmacy
# or Dentistry the lowest, and 72-76% name the Internet as their main medium.
SEED = 20250272
N_STUDENTS = 200
N_DROPOUTS = 20

# Header of a Google Forms export made with a Russian-language form that collects
# e-mail addresses. A grid question becomes one column per row: "Title [Row]".
TIMESTAMP = "Отметка времени"
EMAIL = "Адрес электронной почты"
NAME = "ФИО"
STUDENT_ID = "Номер студенческого билета"
SPECIALTY = "Специальность"
YEAR = "Курс"
AGE = "Возраст"
GENDER = "Пол"
ARM = "Группа"
GRID_TITLE = "Оцените утверждения"
MEDIA = "Какие СМИ для вас наиболее важны?"
NETWORKS = "Какими социальными сетями вы пользуетесь?"
OPEN_TEXT = "Что могло бы повысить вашу социальную активность?"


@dataclass(frozen=True)
class Item:
    """One grid row of the questionnaire and its place in the factor model."""

    item_id: str
    factor: int
    statement: str
    reverse: bool
    loading: float
    shift: float

    @property
    def header(self) -> str:
        """Column header of the item in the export."""
        return f"{GRID_TITLE} [{self.statement}]"


# Grid rows in the order of the form, which mixes the three subscales. Reverse-keyed
# statements are worded negatively, so agreeing with them means less social
# responsibility.
STATEMENTS = {
    "cog1": (
        "Я понимаю, что врач отвечает не только за пациента, но и за здоровье общества"
    ),
    "beh1": "Я участвую в волонтёрских акциях",
    "val1": "Мне важно приносить пользу обществу",
    "cog2": "Социальные проблемы общества не имеют отношения к моей будущей профессии",
    "beh2": "Я не принимаю участия в общественной жизни университета",
    "val2": "Я испытываю удовлетворение, когда помогаю другим",
    "cog3": "Я знаю, какие социальные проекты проводятся в нашем университете",
    "beh3": "Я помогаю однокурсникам, когда им трудно",
    "val3": "Меня мало волнуют проблемы других людей",
    "cog4": "Я понимаю, как мои действия влияют на окружающих людей",
    "beh4": "Я избегаю поручений, которые не входят в мои обязанности",
    "val4": "Я чувствую ответственность за качество медицинской помощи в стране",
    "cog5": "Мне трудно объяснить, что такое социальная ответственность",
    "beh5": "Я делюсь с окружающими знаниями о здоровом образе жизни",
    "val5": "Общественная деятельность кажется мне пустой тратой времени",
}
REVERSE_KEYED = {"cog2", "cog5", "beh2", "beh4", "val3", "val5"}
# Factor loading and shift of the latent agreement of each item. The shift moves an
# item's answers towards agreement (positive) or disagreement (negative).
LOADINGS_AND_SHIFTS = {
    "cog1": (0.78, 0.6),
    "beh1": (0.74, -0.1),
    "val1": (0.78, 0.5),
    "cog2": (0.60, 0.4),
    "beh2": (0.65, 0.1),
    "val2": (0.74, 0.6),
    "cog3": (0.68, 0.0),
    "beh3": (0.72, 0.5),
    "val3": (0.62, 0.5),
    "cog4": (0.74, 0.4),
    "beh4": (0.58, 0.0),
    "val4": (0.70, 0.2),
    "cog5": (0.56, 0.2),
    "beh5": (0.70, 0.3),
    "val5": (0.62, 0.4),
}
# Factor index of each item id prefix: 0 cognitive, 1 behavioural, 2 value.
FACTOR_OF_PREFIX = {"cog": 0, "beh": 1, "val": 2}
ITEMS = [
    Item(
        item_id=item_id,
        factor=FACTOR_OF_PREFIX[item_id[:3]],
        statement=statement,
        reverse=item_id in REVERSE_KEYED,
        loading=LOADINGS_AND_SHIFTS[item_id][0],
        shift=LOADINGS_AND_SHIFTS[item_id][1],
    )
    for item_id, statement in STATEMENTS.items()
]

HEADER = [
    TIMESTAMP,
    EMAIL,
    NAME,
    STUDENT_ID,
    SPECIALTY,
    YEAR,
    AGE,
    GENDER,
    ARM,
    *[item.header for item in ITEMS],
    MEDIA,
    NETWORKS,
    OPEN_TEXT,
]

# Answer labels of the three copies of the form merged into one export: the Russian
# form, a Russian copy with feminine verb forms, and the English form. Index 0 is
# point 1 of the scale. Each form also offers a "hard to say" option, a missing code.
LABELS_RU = [
    "Полностью не согласен",
    "Скорее не согласен",
    "Нейтрально",
    "Скорее согласен",
    "Полностью согласен",
]
LABELS_RU_FEMININE = [
    "Полностью не согласна",
    "Скорее не согласна",
    "Нейтрально",
    "Скорее согласна",
    "Полностью согласна",
]
LABELS_EN = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
HARD_TO_SAY = {"ru": "Затрудняюсь ответить", "en": "Hard to say"}

# Thresholds that cut the latent agreement (standard normal plus the item's shift)
# into the five points. They put most answers at 3-5, as in student surveys.
THRESHOLDS = np.array([-1.7, -0.9, -0.2, 0.8])

SPECIALTIES = [
    # (English group value, Russian answer, share, factor means in SD units)
    ("General Medicine", "Общая медицина", 0.36, (0.10, 0.05, 0.10)),
    ("Dentistry", "Стоматология", 0.16, (-0.20, -0.25, -0.15)),
    ("Public Health", "Общественное здравоохранение", 0.14, (0.35, 0.40, 0.30)),
    ("Pediatrics", "Педиатрия", 0.20, (0.10, 0.15, 0.25)),
    ("Pharmacy", "Фармация", 0.14, (-0.30, -0.30, -0.35)),
]
FEMALE_SHIFT = np.array([0.05, 0.10, 0.15])
FACTOR_CORRELATION = np.array([[1.0, 0.50, 0.55], [0.50, 1.0, 0.45], [0.55, 0.45, 1.0]])

# Change from the pre to the post wave in SD units of the factors. Because the scale
# scores also contain item noise, the change of a scale mean is a little smaller.
PROGRAMME_EFFECT = 0.38
CONTROL_EFFECT = 0.05
# Correlation of each factor between the waves.
STABILITY = 0.75

ENGLISH_SHARE = 0.15
FEMALE_SHARE = 0.68
FEMININE_LABEL_SHARE = 0.35
EMPTY_CELL_RATE = 0.02
HARD_TO_SAY_RATE = 0.012

MEDIA_OPTIONS = [
    ("Интернет", 0.74),
    ("Телевидение", 0.09),
    ("Друзья и родственники", 0.08),
    ("Радио", 0.03),
    ("Газеты и журналы", 0.03),
    ("", 0.03),
]
NETWORK_OPTIONS = [
    ("Instagram", 0.85),
    ("Telegram", 0.80),
    ("WhatsApp", 0.90),
    ("VKontakte", 0.10),
    ("TikTok", 0.55),
    ("YouTube", 0.70),
]
NO_NETWORKS = "Не пользуюсь, только мессенджеры"
MESSENGERS = {"Telegram", "WhatsApp"}
# Text typed into the "Other" field of the checkbox question. The sample puts it
# after the checked options.
OTHER_NETWORKS = ["Threads", "LinkedIn", "Pinterest", "Одноклассники"]

FEMALE_FIRST = [
    ("Айгерим", "Aigerim"),
    ("Динара", "Dinara"),
    ("Асель", "Assel"),
    ("Мадина", "Madina"),
    ("Анна", "Anna"),
    ("Екатерина", "Ekaterina"),
    ("Алия", "Aliya"),
    ("Жанар", "Zhanar"),
    ("Камила", "Kamila"),
    ("Дана", "Dana"),
    ("Томирис", "Tomiris"),
    ("Ольга", "Olga"),
]
MALE_FIRST = [
    ("Арман", "Arman"),
    ("Данияр", "Daniyar"),
    ("Нурлан", "Nurlan"),
    ("Ерлан", "Yerlan"),
    ("Максим", "Maksim"),
    ("Алексей", "Aleksei"),
    ("Тимур", "Timur"),
    ("Руслан", "Ruslan"),
    ("Санжар", "Sanzhar"),
    ("Дмитрий", "Dmitrii"),
]
# Surnames in the masculine form. The feminine form adds "а" (Ахметов, Ахметова).
SURNAMES = [
    ("Ахметов", "Akhmetov"),
    ("Серикбаев", "Serikbayev"),
    ("Жумабеков", "Zhumabekov"),
    ("Иванов", "Ivanov"),
    ("Кенжебаев", "Kenzhebayev"),
    ("Омаров", "Omarov"),
    ("Петров", "Petrov"),
    ("Нуркенов", "Nurkenov"),
    ("Исаев", "Isayev"),
    ("Тулегенов", "Tulegenov"),
    ("Смирнов", "Smirnov"),
    ("Абдрахманов", "Abdrakhmanov"),
    ("Ким", "Kim"),
    ("Султанов", "Sultanov"),
]
# Fathers' names that form a patronymic with -ович / -овна.
FATHER_NAMES = [
    "Серик",
    "Нурлан",
    "Ерлан",
    "Марат",
    "Асхат",
    "Бахыт",
    "Александр",
    "Виктор",
    "Руслан",
    "Талгат",
]

SHORT_ANSWERS_RU = [
    "Больше волонтёрских проектов",
    "Свободное время",
    "Не знаю",
    "Больше информации о мероприятиях",
    "Баллы за участие",
    "Интересные проекты",
    "Поддержка кураторов",
    "Меньше нагрузки на учёбе",
]
SHORT_ANSWERS_EN = ["More volunteering projects", "Free time", "Not sure"]
LONG_ANSWERS = [
    (
        'Хотелось бы, чтобы в университете был "банк волонтёров",\n'
        "где можно записаться на акции.\n"
        "Сейчас информацию приходится искать по чатам."
    ),
    (
        "Больше практики в поликлиниках, встреч с пациентами, выездов в сёла.\n"
        "И чтобы это засчитывалось в портфолио."
    ),
    (
        "Во-первых, время: пары до вечера.\n"
        "Во-вторых, мотивация, ведь за участие ничего не дают.\n"
        "В-третьих, хороший пример старших курсов."
    ),
    (
        "Projects with real patients, e.g. screening days, health lectures in "
        "schools,\nand a clear schedule so that we can plan around exams."
    ),
    (
        "Честно говоря, не знаю. Наверное, если бы друзья тоже участвовали,\n\n"
        "было бы интереснее."
    ),
]

PRE_START = dt.date(2025, 2, 10)
POST_START = dt.date(2025, 5, 12)
# Google Forms writes the timestamp in the form's time zone, here GMT+5.
TIME_ZONE = "GMT+5"


@dataclass
class Student:
    """Fixed facts about one invented respondent, shared by both waves."""

    number: int
    female: bool
    english: bool
    feminine_labels: bool
    specialty: int
    year: int
    age: int
    programme: bool
    name: str
    email: str

    @property
    def student_id(self) -> str:
        """Student id: a Latin S and four digits, with leading zeros."""
        return f"S{self.number:04d}"


def format_timestamp(moment: dt.datetime) -> str:
    """Format ``moment`` as a Google Forms CSV export does: 2025/02/10 9:14:03 AM GMT+5."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment:%Y/%m/%d} {hour}:{moment:%M:%S} {half} {TIME_ZONE}"


def _working_days(start: dt.date, count: int) -> list[dt.date]:
    days = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _draw_moments(
    rng: np.random.Generator, start: dt.date, count: int
) -> list[dt.datetime]:
    """Draw ``count`` submission times over two working weeks, 8:00 to 22:00."""
    days = _working_days(start, 10)
    moments = []
    for _ in range(count):
        day = days[int(rng.integers(len(days)))]
        seconds = int(rng.integers(8 * 3600, 22 * 3600))
        moments.append(
            dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
        )
    return moments


def _make_name(
    rng: np.random.Generator, female: bool, english: bool
) -> tuple[str, str]:
    """Return an invented full name (ФИО) and its Latin spelling for the e-mail."""
    first_names = FEMALE_FIRST if female else MALE_FIRST
    first_ru, first_en = first_names[int(rng.integers(len(first_names)))]
    surname_ru, surname_en = SURNAMES[int(rng.integers(len(SURNAMES)))]
    if female and surname_ru.endswith(("ов", "ев")):
        surname_ru += "а"
        surname_en += "a"
    latin = f"{first_en.lower()}.{surname_en.lower()}"
    if english:
        return f"{surname_en} {first_en}", latin
    parts = [surname_ru, first_ru]
    if rng.random() < 0.7:
        father = FATHER_NAMES[int(rng.integers(len(FATHER_NAMES)))]
        parts.append(father + ("овна" if female else "ович"))
    return " ".join(parts), latin


def _make_students(rng: np.random.Generator) -> list[Student]:
    numbers = rng.choice(np.arange(1, 2400), size=N_STUDENTS, replace=False)
    shares = np.array([share for _, _, share, _ in SPECIALTIES])
    programme = np.zeros(N_STUDENTS, dtype=bool)
    programme[rng.permutation(N_STUDENTS)[: N_STUDENTS // 2]] = True
    used_emails: set[str] = set()
    students = []
    for index in range(N_STUDENTS):
        female = bool(rng.random() < FEMALE_SHARE)
        english = bool(rng.random() < ENGLISH_SHARE)
        year = int(rng.choice(5, p=[0.24, 0.22, 0.20, 0.18, 0.16])) + 1
        extra_years = int(rng.choice(5, p=[0.45, 0.35, 0.12, 0.05, 0.03]))
        feminine_labels = female and not english and rng.random() < FEMININE_LABEL_SHARE
        name, latin = _make_name(rng, female, english)
        email = _unique_email(rng, latin, used_emails)
        students.append(
            Student(
                number=int(numbers[index]),
                female=female,
                english=english,
                feminine_labels=bool(feminine_labels),
                specialty=int(rng.choice(len(SPECIALTIES), p=shares / shares.sum())),
                year=year,
                age=min(16 + year + extra_years, 26),
                programme=bool(programme[index]),
                name=name,
                email=email,
            )
        )
    return students


def _unique_email(rng: np.random.Generator, latin: str, used: set[str]) -> str:
    domain = "example.com" if rng.random() < 0.7 else "example.org"
    local = latin if rng.random() < 0.4 else f"{latin}{int(rng.integers(1, 100))}"
    candidate = f"{local}@{domain}"
    suffix = 2
    while candidate in used:
        candidate = f"{local}{suffix}@{domain}"
        suffix += 1
    used.add(candidate)
    return candidate


def _factor_means(student: Student) -> np.ndarray:
    means = np.array(SPECIALTIES[student.specialty][3], dtype=float)
    if student.female:
        means = means + FEMALE_SHIFT
    # Knowledge grows a little with each year of study.
    means[0] += 0.05 * (student.year - 1)
    return means


def _draw_factors(rng: np.random.Generator, count: int) -> np.ndarray:
    """Draw ``count`` rows of standard normal factors with FACTOR_CORRELATION."""
    chol = np.linalg.cholesky(FACTOR_CORRELATION)
    return rng.standard_normal((count, 3)) @ chol.T


def _answer_points(rng: np.random.Generator, factors: np.ndarray) -> np.ndarray:
    """Turn factor scores (respondents x 3) into item points 1-5 (respondents x 15)."""
    points = np.empty((factors.shape[0], len(ITEMS)), dtype=int)
    for column, item in enumerate(ITEMS):
        noise = rng.standard_normal(factors.shape[0])
        agreement = (
            item.loading * factors[:, item.factor]
            + np.sqrt(1 - item.loading**2) * noise
            + item.shift
        )
        point = np.searchsorted(THRESHOLDS, agreement) + 1
        # A negatively worded statement: high social responsibility means disagreeing.
        points[:, column] = 6 - point if item.reverse else point
    return points


def _label_set(student: Student) -> tuple[list[str], str]:
    """Return the point labels of the student's copy of the form and its language."""
    if student.english:
        return LABELS_EN, "en"
    if student.feminine_labels:
        return LABELS_RU_FEMININE, "ru"
    return LABELS_RU, "ru"


def _item_labels(
    rng: np.random.Generator, student: Student, points: np.ndarray
) -> list[str]:
    labels, language = _label_set(student)
    cells = []
    for point in points:
        draw = rng.random()
        if draw < EMPTY_CELL_RATE:
            cells.append("")
        elif draw < EMPTY_CELL_RATE + HARD_TO_SAY_RATE:
            cells.append(HARD_TO_SAY[language])
        else:
            cells.append(labels[int(point) - 1])
    return cells


def _networks_answer(rng: np.random.Generator) -> str:
    if rng.random() < 0.03:
        chosen = [
            name
            for name, _ in NETWORK_OPTIONS
            if name in MESSENGERS and rng.random() < 0.5
        ]
        return ", ".join([*chosen, NO_NETWORKS])
    chosen = [name for name, share in NETWORK_OPTIONS if rng.random() < share]
    if rng.random() < 0.04:
        chosen.append(OTHER_NETWORKS[int(rng.integers(len(OTHER_NETWORKS)))])
    return ", ".join(chosen)


def _open_answer(rng: np.random.Generator, english: bool) -> str:
    draw = rng.random()
    if draw < 0.55:
        return ""
    if draw < 0.58:
        return LONG_ANSWERS[int(rng.integers(len(LONG_ANSWERS)))]
    pool = SHORT_ANSWERS_EN if english else SHORT_ANSWERS_RU
    return pool[int(rng.integers(len(pool)))]


def _demographic_cells(student: Student, age: int, student_id: str) -> list[str]:
    english_value, russian_value, _, _ = SPECIALTIES[student.specialty]
    if student.english:
        gender = "Female" if student.female else "Male"
        arm = "Programme" if student.programme else "Control"
        specialty = english_value
    else:
        gender = "Женский" if student.female else "Мужской"
        arm = "Программа" if student.programme else "Контроль"
        specialty = russian_value
    return [
        student.email,
        student.name,
        student_id,
        specialty,
        str(student.year),
        str(age),
        gender,
        arm,
    ]


def _row(
    rng: np.random.Generator,
    student: Student,
    moment: dt.datetime,
    points: np.ndarray,
    *,
    age: int | None = None,
    student_id: str | None = None,
) -> list[str]:
    return [
        format_timestamp(moment),
        *_demographic_cells(
            student,
            student.age if age is None else age,
            student.student_id if student_id is None else student_id,
        ),
        *_item_labels(rng, student, points),
        str(
            rng.choice(
                [label for label, _ in MEDIA_OPTIONS], p=[s for _, s in MEDIA_OPTIONS]
            )
        ),
        _networks_answer(rng),
        _open_answer(rng, student.english),
    ]


def _blank_some_items(rng: np.random.Generator, row: list[str], count: int) -> None:
    """Empty ``count`` item cells of ``row``, as when a respondent skips grid rows."""
    first = HEADER.index(ITEMS[0].header)
    for column in rng.choice(len(ITEMS), size=count, replace=False):
        row[first + int(column)] = ""


def _resubmission(
    rng: np.random.Generator, student: Student, row: list[str], moment: dt.datetime
) -> list[str]:
    """Copy ``row`` with a new timestamp and three answered grid rows one point off."""
    labels, _ = _label_set(student)
    first = HEADER.index(ITEMS[0].header)
    answered = [c for c in range(len(ITEMS)) if row[first + c] in labels]
    changed = list(row)
    changed[0] = format_timestamp(moment)
    for column in rng.choice(answered, size=3, replace=False):
        point = labels.index(row[first + int(column)]) + 1
        if point == 1:
            point += 1
        elif point == 5:
            point -= 1
        else:
            point += int(rng.choice([-1, 1]))
        changed[first + int(column)] = labels[point - 1]
    return changed


def _pre_wave(
    rng: np.random.Generator, students: list[Student], factors: np.ndarray
) -> list[list[str]]:
    points = _answer_points(rng, factors)
    moments = _draw_moments(rng, PRE_START, N_STUDENTS)
    rows = [
        (moments[i], _row(rng, students[i], moments[i], points[i]))
        for i in range(N_STUDENTS)
    ]

    # Two respondents skip 6 of the 15 grid rows, so the total score's rule in
    # study.yaml (at least 12 answered items) gives them no score.
    for index in rng.choice(N_STUDENTS, size=2, replace=False):
        _blank_some_items(rng, rows[int(index)][1], 6)

    # One student submits the form a second time a few minutes later, with the same
    # answers except three grid rows that move by one point.
    index = int(rng.integers(N_STUDENTS))
    later = moments[index] + dt.timedelta(seconds=int(rng.integers(120, 540)))
    rows.append((later, _resubmission(rng, students[index], rows[index][1], later)))

    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


def _post_factors(
    rng: np.random.Generator, students: list[Student], pre_factors: np.ndarray
) -> np.ndarray:
    means = np.array([_factor_means(student) for student in students])
    effect = np.array(
        [PROGRAMME_EFFECT if s.programme else CONTROL_EFFECT for s in students]
    )
    innovation = _draw_factors(rng, len(students))
    return (
        means
        + STABILITY * (pre_factors - means)
        + np.sqrt(1 - STABILITY**2) * innovation
        + effect[:, None]
    )


def _mistyped_ids(
    rng: np.random.Generator, students: list[Student], kept: list[int]
) -> dict[int, str]:
    """Pick three post-wave respondents who mistype their id in three different ways."""
    candidates = [i for i in kept if students[i].number < 1000]
    chosen = [int(i) for i in rng.choice(candidates, size=3, replace=False)]
    ids = [students[i].student_id for i in chosen]
    return {
        chosen[0]: ids[0].lower() + " ",  # lower case and a trailing space
        chosen[1]: "S" + ids[1][2:],  # one leading zero dropped
        chosen[2]: "\u0421" + ids[2][1:],  # Cyrillic capital Es in place of Latin S
    }


def _post_wave(
    rng: np.random.Generator, students: list[Student], pre_factors: np.ndarray
) -> list[list[str]]:
    points = _answer_points(rng, _post_factors(rng, students, pre_factors))

    # Students of the control arm drop out somewhat more often.
    weights = np.array([1.0 if s.programme else 1.5 for s in students])
    dropped = {
        int(i)
        for i in rng.choice(
            N_STUDENTS, size=N_DROPOUTS, replace=False, p=weights / weights.sum()
        )
    }
    kept = [i for i in range(N_STUDENTS) if i not in dropped]
    mistyped = _mistyped_ids(rng, students, kept)
    moments = _draw_moments(rng, POST_START, N_STUDENTS)

    rows = []
    for index in kept:
        student = students[index]
        # About a quarter had a birthday in the three months between the waves.
        age = min(student.age + int(rng.random() < 0.25), 26)
        row = _row(
            rng,
            student,
            moments[index],
            points[index],
            age=age,
            student_id=mistyped.get(index, student.student_id),
        )
        rows.append((moments[index], row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


def build_waves() -> tuple[list[list[str]], list[list[str]]]:
    """Build the rows of the pre and post waves, without the header.

    Returns
    -------
    tuple of list of list of str
        The pre-wave rows (``N_STUDENTS`` plus one repeated submission) and the
        post-wave rows (``N_STUDENTS - N_DROPOUTS``), each in submission order.
    """
    rng = np.random.default_rng(SEED)
    students = _make_students(rng)
    means = np.array([_factor_means(student) for student in students])
    pre_factors = means + _draw_factors(rng, N_STUDENTS)
    pre_rows = _pre_wave(rng, students, pre_factors)
    post_rows = _post_wave(rng, students, pre_factors)
    return pre_rows, post_rows


def write_export(path: Path, rows: list[list[str]]) -> None:
    """Write ``rows`` under :data:`HEADER` as UTF-8 CSV with LF line endings."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def main(out_dir: Path | str | None = None) -> tuple[Path, Path]:
    """Write ``sample_pre.csv`` and ``sample_post.csv`` into ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder for the two files, by default the folder of this script. It must
        exist.

    Returns
    -------
    tuple of Path
        The paths of the pre and post files.
    """
    folder = Path(__file__).resolve().parent if out_dir is None else Path(out_dir)
    pre_rows, post_rows = build_waves()
    pre_path = folder / "sample_pre.csv"
    post_path = folder / "sample_post.csv"
    write_export(pre_path, pre_rows)
    write_export(post_path, post_rows)
    return pre_path, post_path


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
