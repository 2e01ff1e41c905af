"""Facts about a person that several rules share."""
from __future__ import annotations

from datetime import date


def age_on(birth_date: date, day: date) -> int:
    """Completed years on `day` (a person born on 29 February turns a year older on 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def mask_name(full_name: str) -> str:
    """'Siti Rahma' -> 'S***i R***a': enough for an employer to match a card, no more."""
    parts = []
    for word in (full_name or "").split():
        if len(word) <= 2:
            parts.append(word[0] + "*")
        else:
            parts.append(word[0] + "***" + word[-1])
    return " ".join(parts)
