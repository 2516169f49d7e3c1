"""How people write values in a spreadsheet, read the same way by every importer: header words
compared without case, spaces or punctuation; lists split on the separators Chinese and English
users type; dates as Chinese Excel and people write them; yes/no words in both languages.
Pure functions (tests/unit/test_import_cells.py)."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s_\-:：()（）.·/]+")
LIST = re.compile(r"[,，;；、|]")
YES = frozenset({"是", "y", "yes", "true", "1", "同意", "已同意", "√"})
NO = frozenset({"否", "n", "no", "false", "0", "不同意", "未同意", "×"})
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+[\d:]+)?", re.ASCII)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)


def plain(word: str) -> str:
    """A header or coded word as it is compared: lower case, without spaces or punctuation."""
    return _SEPARATORS.sub("", word.strip().lower())


def items(text: str) -> list[str]:
    """`VIP、老客; 新客` → ["VIP", "老客", "新客"] (blank items dropped)."""
    return [t.strip() for t in LIST.split(text) if t.strip()]


def date_text(text: str) -> str:
    """1990/5/20, 1990.5.20, 1990年5月20日, 19900520 (a time after it ignored) → 1990-05-20;
    anything else as it is, for the type's own check to refuse."""
    found = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if found is None:
        return text
    year, month, day = found.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def yes_no(text: str) -> bool | None:
    """是/否, yes/no, y/n, true/false, 1/0, 同意/不同意, √/× → True/False; None for anything else."""
    word = plain(text)
    if word in YES:
        return True
    if word in NO:
        return False
    return None
