"""Matching keys for the benchmark's own checks and for the peers: the folds of
`tm`'s normalization that matter for these sentences (harakat, tatweel, alef and
hamza forms, ya/alef maqsura, ta marbuta, Arabic-Indic digits, case), and words as
runs of letters and digits."""

import re

DIACRITICS = re.compile("[\u064B-\u065F\u0670\u0640\u06D6-\u06ED]")
FOLD = str.maketrans("أإآٱىؤئة٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "اااايويه01234567890123456789")
WORD = re.compile(r"\w+")


def normalize(text):
    return DIACRITICS.sub("", text).translate(FOLD).lower()


def words(text):
    return WORD.findall(normalize(text))
