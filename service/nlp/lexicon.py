"""Words the extractors share: months, weekdays, holidays, news agencies, number and scale words."""

from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Months as abbreviated in lower case ("sep" and "sept" both).
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept",
                       "oct", "nov", "dec")


def _optional_tails(forms: list[str]) -> str:
    """"sep", "sept", "september" -> "sep(?:t(?:ember)?)?": each longer form optional."""
    head, *longer = forms
    if not longer:
        return head
    return head + "(?:" + _optional_tails([f[len(head):] for f in longer]) + ")?"


def _month_forms(month: str) -> list[str]:
    name = month.lower()
    return sorted({*(a for a in MONTH_ABBREVIATIONS if name.startswith(a)), name}, key=len)


# A month's name or abbreviation in any case: "Jan", "JANUARY", "Sept".
MONTH_PATTERN = "(?i:" + "|".join(_optional_tails(_month_forms(m)) for m in MONTHS) + ")"
# A weekday's name as written: "Monday".
WEEKDAY_PATTERN = "(?:" + "|".join(WEEKDAYS) + ")"


def month_number(name: str) -> int:
    """1 for "January", "Jan" or "JAN", ..., 12 for "December"."""
    return [m[:3].lower() for m in MONTHS].index(name[:3].lower()) + 1


# Holidays on a fixed day of the Gregorian calendar: name -> (month, day).
FIXED_HOLIDAYS = {
    "New Year's Day": (1, 1), "New Year's Eve": (12, 31), "Christmas Eve": (12, 24),
    "Christmas Day": (12, 25), "Christmas": (12, 25), "Boxing Day": (12, 26),
    "Valentine's Day": (2, 14), "Halloween": (10, 31),
    "Bastille Day": (7, 14), "Victory Day": (5, 9), "Veterans Day": (11, 11),
    "Armistice Day": (11, 11), "Remembrance Day": (11, 11), "Juneteenth": (6, 19),
    "St. Patrick's Day": (3, 17), "Saint Patrick's Day": (3, 17), "Reunification Day": (10, 3),
    "Canada Day": (7, 1), "Australia Day": (1, 26), "Anzac Day": (4, 25),
    "International Women's Day": (3, 8), "May Day": (5, 1),
}
# Holidays on the n-th weekday of a month (n = -1 for the last): name -> (month, weekday, n).
NTH_WEEKDAY_HOLIDAYS = {
    "Thanksgiving Day": (11, 3, 4), "Thanksgiving": (11, 3, 4),
    "Labor Day": (9, 0, 1), "Memorial Day": (5, 0, -1), "Martin Luther King Jr. Day": (1, 0, 3),
    "Presidents' Day": (2, 0, 3), "Presidents Day": (2, 0, 3), "Mother's Day": (5, 6, 2),
    "Father's Day": (6, 6, 3), "Columbus Day": (10, 0, 2), "Black Friday": (11, 4, 4),
}
# Holidays at a fixed distance in days from Western Easter Sunday.
EASTER_HOLIDAYS = {
    "Easter Sunday": 0, "Easter Monday": 1, "Easter": 0, "Good Friday": -2,
    "Palm Sunday": -7, "Ash Wednesday": -46, "Pentecost": 49,
}
# Feasts and seasons of lunar or lunisolar calendars, and days whose date differs from one
# country to another: named, never resolved by these rules.
UNRESOLVED_HOLIDAYS = (
    "Independence Day", "National Day", "Labour Day", "Mid-Autumn Festival",
    "Ramadan", "Eid al-Fitr", "Eid al-Adha", "Eid", "Diwali", "Hanukkah", "Passover",
    "Yom Kippur", "Rosh Hashanah", "Lunar New Year", "Chinese New Year", "Nowruz", "Holi",
    "Orthodox Easter", "Orthodox Christmas", "Vesak", "Purim", "Lent",
)

# Counts a date expression may take in words ("two weeks ago", "a month").
COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# Scale words after a number ("5 million"), and the wire abbreviations of some of them
# ("5 mln", "3.4 bln"), matched case-insensitively.
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5,
               "crore": 1e7}
SCALE_ABBREVIATIONS = {"mln": 1e6, "mn": 1e6, "mio": 1e6, "mil": 1e6, "bln": 1e9, "bn": 1e9,
                       "bil": 1e9, "trln": 1e12, "tn": 1e12, "trn": 1e12, "tln": 1e12}

# News agencies by the name they sign with ("(Reuters)", "/TASS/", "Jane Roe, AFP"), and the
# longer names they are also written under.
NEWS_AGENCIES = ("TASS", "Itar-Tass", "Reuters", "AP", "AFP", "UPI", "Xinhua", "Interfax",
                 "Bloomberg", "dpa", "EFE", "ANSA", "PTI", "IANS", "Anadolu", "Kyodo", "Yonhap",
                 "Sputnik", "BelTA", "Ukrinform", "PAP", "CTK", "RIA Novosti")
AGENCY_LONG_NAMES = {"Associated Press": "AP", "Agence France-Presse": "AFP",
                     "Xinhua News Agency": "Xinhua"}
