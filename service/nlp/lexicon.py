"""Words the extractors share: month, weekday and holiday names, number and scale words."""

from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

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

SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                 "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
                 "hundred": 100}
