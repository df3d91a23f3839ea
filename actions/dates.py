"""Date windows from what people type ('en novembre', 'ce mois-ci', 'la semaine prochaine')."""
from __future__ import annotations

import calendar
import datetime as dt
import os
from typing import Optional, Tuple

from .kb.text import normalize

MONTHS = {name: i for i, name in enumerate(
    ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"],
    start=1)}
MONTHS.update({"fev": 2, "janv": 1, "sept": 9, "oct": 10, "nov": 11, "dec": 12, "juil": 7})
MONTH_NAMES = ["", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"]
DEFAULT_DAYS = 120


def today() -> dt.date:
    """Today's date; CAP_TODAY=YYYY-MM-DD pins it for reproducible tests."""
    pinned = os.environ.get("CAP_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def window(text: Optional[str], ref: Optional[dt.date] = None) -> Tuple[dt.date, dt.date, str]:
    """(start, end, French description) for a period mention; default: the next four months."""
    ref = ref or today()
    key = normalize(text or "")
    if key:
        if "semaine prochaine" in key:
            start = ref + dt.timedelta(days=7 - ref.weekday())
            return start, start + dt.timedelta(days=6), "la semaine prochaine"
        if "cette semaine" in key:
            return ref, ref + dt.timedelta(days=6 - ref.weekday()), "cette semaine"
        if "mois prochain" in key:
            year, month = (ref.year + 1, 1) if ref.month == 12 else (ref.year, ref.month + 1)
            return _month(year, month)
        if "ce mois" in key:
            start, end, label = _month(ref.year, ref.month)
            return ref, end, label
        for word in key.split():
            if word in MONTHS:
                month = MONTHS[word]
                year = ref.year if month >= ref.month else ref.year + 1
                start, end, label = _month(year, month)
                return max(start, ref), end, label
    return ref, ref + dt.timedelta(days=DEFAULT_DAYS), "dans les prochains mois"


def _month(year: int, month: int) -> Tuple[dt.date, dt.date, str]:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last), f"en {MONTH_NAMES[month]} {year}"


def french_date(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"
