"""Vietnamese text folding for search: "Cấp giấy phép xây dựng" → "cap giay phep xay dung".

Folding is done in Python on both the stored text and the query, so search behaves the same
on SQLite and PostgreSQL without database extensions (unaccent, ICU collations).
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z.]+")
_EDGE_DOTS = re.compile(r"(?<![0-9])\.|\.(?![0-9])")


def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text: diacritics removed, đ → d, punctuation → spaces.

    Dots between digits survive so procedure codes like "1.001193" stay searchable.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    words = _NON_WORD.sub(" ", stripped.lower())
    return " ".join(_EDGE_DOTS.sub(" ", words).split())


def tokens(text: str) -> list[str]:
    """Distinct folded words of a query, in order."""
    seen: dict[str, None] = {}
    for word in fold(text).split():
        seen.setdefault(word, None)
    return list(seen)
