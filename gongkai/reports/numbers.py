"""Numbers in table regions: tokens, and splitting runs of collapsed digits.

A *token* is what the text shows between separators: ``801000081`` (a crawler
ran seven cells together), ``-18538``, ``251000元``, ``1,234``, or a blank-cell
marker.  ``split_tokens`` enumerates every way the tokens of one table row can
be read as the row's cells: a token yields one or more cells (never a number
with a leading zero), a sign only starts a cell of a signed column, a decimal
point stays in the last cell of its token, and when the text has fewer digits
than the row has cells, the missing cells are blank (placed preferably where
the text shows a gap, since crawlers print an empty ``&nbsp;`` cell as a space).
Choosing among the readings is the extractor's job (row sums, column rules,
priors); this module only enumerates them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterator, NamedTuple

from .readers import BLANK

# a number (optional sign, thousands groups, decimals, a money unit), and a peek at what follows it:
# a counter word (年, 件, 条 …), a percent sign, a letter or a date separator marks a number of the prose
# a cell printed as a dash, a slash or 无 (between separators: never part of a word or a number; three or
# more hyphens are a Markdown alignment row, not a cell),
# the tab before an empty cell (followed by another tab or the line end; a tab-separated line starting
# with a tab starts with an empty cell), an empty Markdown cell "|   |"
DASHES = "-—–―~～/无"
# (every alternative starts with one of a few characters: the guard lets the scan skip prose quickly)
_TOKEN_RE = re.compile(
    r"(?=[\d+\-—–―~～/无\t|" + BLANK + "])(?:" + BLANK
    + r"|(?P<dash>(?<![^\s|])(?:-{1,2}|~|～|/)(?![^\s|])|[—–―]{1,4}|无(?=[\s|\d(（无—–―]|$)|(?<=无)无)"
    r"|(?P<lead>(?:(?<=\n)|^)\t(?=[^\n]*\t))|(?P<empty>\t(?=\t|[ ]*\n)|\|(?=[ \t]+\|))"
    r"|(?P<bar>(?:(?<=\n)|(?<=\n )|(?<=\n  )|(?<=\n\t)|^)\|(?=[ \t]*\n))"
    r"|(?P<sign>[+\-])?(?P<int>\d+(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<unit>[ \t]*(?:万元|元))?"
    r"(?:(?=(?P<after>[ \t]*(?:余件|多件|个百分点|[年月日号时分秒件条项个次人起宗份篇期家户名倍类余多位天周批场所套册万亿千百%‰:：]"
    r"|[A-Za-z_@])|[-/]\d{1,2}[-/]))|))"
)
_DATE_RE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_PROSE_BEFORE = frozenset("第ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_@")


def _cell_bounded(text: str, s: int, e: int, end: int) -> bool:
    """A number set off by a tab or a | (spaces aside) is a whole cell: it is never split."""
    i = s - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i >= 0 and text[i] in "\t|":
        return True
    j = e
    while j < end and text[j] == " ":
        j += 1
    return j < end and text[j] in "\t|"


def _delimited(text: str, i: int, end: int | None = None) -> bool:
    """Is position ``i`` outside the text or a cell separator (whitespace, |)?"""
    if i < 0 or i >= (len(text) if end is None else end):
        return True
    return text[i].isspace() or text[i] == "|"


_MAX_RUN = 64  # digits in one run: a crawler's row of 8 cells of up to 8 digits
# partial readings tried per split: a long run of digits has millions of splits and the row's own
# sums prune only complete ones; past this the readings found so far are all there is (and the
# row is then usually flagged), rather than a minute spent on one row
_MAX_STEPS = 100_000


@dataclass(slots=True)
class Token:
    start: int
    end: int
    kind: str  # "num" | "blank"
    sign: str = ""
    digits: str = ""  # integer digits, thousands separators removed
    frac: str = ""  # "" or ".90"
    unit: str = ""  # "" | "元" | "万元"
    atomic: bool = False  # certainly one cell (grid cell, separators, sign+decimal)
    gap_before: bool = True  # whitespace / separator right before it
    text: str = ""


def tokenize(text: str, start: int = 0, end: int | None = None, *, grid: bool = False,
             stop_at_sentence: bool = False) -> list[Token]:
    """Number tokens of ``text[start:end]``.

    Numbers that belong to prose (``2023年``, ``61条``, ``第3``, dates, percentages,
    ``IPv6``) are skipped; with ``stop_at_sentence`` the first such number ends
    the scan (the region ran into narrative text).
    """
    end = len(text) if end is None else end
    out: list[Token] = []
    pos = start
    search = _TOKEN_RE.search
    while True:
        m = search(text, pos, end)
        if not m:
            break
        pos = m.end()
        s = m.start()
        g_int, g_lead, g_bar, g_dash, g_after, g_unit, g_frac, g_sign = m.group(
            "int", "lead", "bar", "dash", "after", "unit", "frac", "sign")
        if g_int is None:
            # not a number: a blank cell of one kind or another
            if g_lead is not None:
                # a tab-separated row starting with a tab: its first cell is empty
                out.append(Token(s, s, "blank", atomic=True, text=""))
                if pos < end and text[pos] in "\t\n":
                    out.append(Token(s, pos, "blank", atomic=True, text=""))
            elif g_bar is not None:
                # "cell |" lines (one cell per line, each closed by a bar): a bar alone is an empty cell
                out.append(Token(s, pos, "blank", atomic=True, text="|"))
            elif g_dash is not None:
                # printed: it marks a cell even on a line of its own (one cell per line)
                dash = g_dash
                if len(dash) > 1 and dash[0] in "—–―" and not (_delimited(text, s - 1) and _delimited(text, pos, end)):
                    # run into other cells ("0——2" in a crawler's text): one dash per cell
                    for k in range(len(dash)):
                        out.append(Token(s + k, s + k + 1, "blank", atomic=True, text=dash[k]))
                else:
                    out.append(Token(s, pos, "blank", atomic=True, text=dash))
            else:  # BLANK, or the tab / bar before an empty cell
                out.append(Token(s, pos, "blank", atomic=True, text=""))
            continue
        prev = text[s - 1] if s > 0 else "\n"
        if prev in _PROSE_BEFORE:  # "第3", "IPv6", "H5"
            if stop_at_sentence and prev != "第" and out:
                break
            continue
        after = g_after
        if after is not None and not g_unit:
            mark = after.lstrip(" \t")[:1]
            if mark in ":：":
                if not g_frac:
                    continue  # "16:13", a label like "1："
            else:
                if mark in "-/":
                    dm = _DATE_RE.match(text, s)
                    if not dm:
                        mark = ""
                    else:
                        pos = max(pos, dm.end())
                if mark:
                    if stop_at_sentence:
                        break
                    continue  # "2023年", "61条", "33.9%", "2024-01-30"
        digits = g_int
        if len(digits) > _MAX_RUN:
            continue  # an identifier, a serial or garbage: no row of cells runs to this many digits
        grouped = "," in digits
        if grouped:
            digits = digits.replace(",", "")
        frac = g_frac or ""
        unit = g_unit
        atomic = (grid or grouped or (len(digits) == 1 and not frac) or prev in "\t|"
                  or (pos < end and text[pos] in "\t|") or _cell_bounded(text, s, pos, end))
        # positional: this runs for every number of every table
        out.append(Token(s, pos, "num", g_sign or "", digits, frac, unit.strip() if unit else "", atomic,
                         not prev.isdigit(), m.group(0).strip()))
    return out


# -- values --------------------------------------------------------------------------


class Piece(NamedTuple):
    """One cell read from (part of) a token."""

    value: object  # int | Decimal | str | None (blank)
    raw: str  # the characters the value was read from ("" for blank)
    token: int  # index of the token (-1: a blank the text does not show)
    start: int  # offsets in the flat text
    end: int


def _int_ok(s: str) -> bool:
    return s == "0" or (s[:1] != "0" and s != "")


def _make_value(kind: str, sign: str, digits: str, frac: str, unit: str):
    """The cell value of ``kind`` (integer | signed | decimal | text) or ``None`` if it does not fit."""
    if kind == "text":
        return f"{sign}{digits}{frac}{unit}" if sign != "+" else f"{digits}{frac}{unit}"
    if unit == "元":
        return None
    if kind == "decimal":
        if sign == "-":
            return None
        try:
            return Decimal(digits + frac) if frac else int(digits)
        except InvalidOperation:
            return None
    if frac or unit:
        return None
    if sign == "-" and kind != "signed":
        return None
    if sign == "+" and kind != "signed":
        return None
    v = int(digits)
    return -v if sign == "-" else v


def _whole_value(kind: str, tok: Token):
    """The value of a whole token as one cell; a text cell keeps it as printed ("3,450,000元")."""
    v = _make_value(kind, tok.sign, tok.digits, tok.frac, tok.unit)
    if kind == "text" and v is not None and tok.text:
        return tok.text.lstrip("+").replace(" ", "").replace("\t", "")
    return v


def _compositions(s: str, m: int) -> Iterator[list[str]]:
    """Ways to cut digit string ``s`` into ``m`` parts, none with a leading zero."""
    if m == 1:
        if _int_ok(s):
            yield [s]
        return
    # leave at least one digit for each remaining part
    for i in range(1, len(s) - m + 2):
        head = s[:i]
        if not _int_ok(head):
            break  # a longer head keeps the leading zero
        for rest in _compositions(s[i:], m - 1):
            yield [head, *rest]


def max_cells(tok: Token) -> int:
    if tok.kind == "blank" or tok.atomic:
        return 1
    return len(tok.digits)


def split_tokens(tokens: list[Token], kinds: list[str], *, limit: int = 20000, prune=None,
                 checkpoints: frozenset[int] | None = None) -> list[list[Piece]]:
    """Every reading of ``tokens`` as ``len(kinds)`` cells (see module docstring).

    ``prune(values)``, if given, is called on every partial reading (the values of its
    first cells) and returns False to abandon it early — e.g. a Table-4 group whose
    four results do not add up to its total.  With ``checkpoints`` it is only called when the
    partial reading has that many cells (cheaper when the check needs complete groups).
    """
    import itertools

    n = len(kinds)
    if not tokens or len(tokens) > n:
        return []
    if len(tokens) == n:
        # as many tokens as cells: each token is one cell, there is nothing to choose
        pieces = []
        for ti, (tok, kind) in enumerate(zip(tokens, kinds)):
            if tok.kind == "blank":
                pieces.append(Piece(None, "", ti, tok.start, tok.end))
                continue
            if not tok.atomic and not _int_ok(tok.digits):
                return []
            v = _whole_value(kind, tok)
            if v is None:
                return []
            pieces.append(Piece(v, tok.text, ti, tok.start, tok.end))
        return [pieces]
    capacity = sum(max_cells(t) for t in tokens)
    missing = max(0, n - capacity)
    results: list[list[Piece]] = []
    for blank_at in itertools.combinations(range(n), missing):
        sub_kinds = [k for i, k in enumerate(kinds) if i not in blank_at]
        for reading in _split_exact(tokens, sub_kinds, limit - len(results), None if blank_at else prune, checkpoints):
            if blank_at:
                full, it = [], iter(reading)
                for i in range(n):
                    if i in blank_at:
                        pos = full[-1].end if full else tokens[0].start
                        full.append(Piece(None, "", -1, pos, pos))
                    else:
                        full.append(next(it))
                reading = full
            results.append(reading)
        if len(results) >= limit:
            break
    return results


def _split_exact(tokens: list[Token], kinds: list[str], limit: int, prune=None,
                 checkpoints: frozenset[int] | None = None) -> list[list[Piece]]:
    n = len(kinds)
    if len(tokens) > n:
        return []
    caps = [0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        caps[i] = caps[i + 1] + max_cells(tokens[i])
    if caps[0] < n:
        return []
    results: list[list[Piece]] = []

    def token_pieces(ti: int, tok: Token, m: int, col: int) -> Iterator[list[Piece]]:
        if tok.kind == "blank":
            if m == 1:
                yield [Piece(None, "", ti, tok.start, tok.end)]
            return
        if tok.atomic or m == 1:
            if m != 1:
                return
            if not tok.atomic and not _int_ok(tok.digits):
                return
            v = _whole_value(kinds[col], tok)
            if v is not None:
                yield [Piece(v, tok.text, ti, tok.start, tok.end)]
            return
        body_start = tok.start + len(tok.sign)
        for parts in _compositions(tok.digits, m):
            pieces, off, ok = [], body_start, True
            for j, part in enumerate(parts):
                first, last = j == 0, j == m - 1
                v = _make_value(kinds[col + j], tok.sign if first else "", part,
                                tok.frac if last else "", tok.unit if last else "")
                if v is None:
                    ok = False
                    break
                s = off - (len(tok.sign) if first else 0)
                e = off + len(part) + ((len(tok.frac) + len(tok.unit)) if last else 0)
                raw = (tok.sign if first else "") + part + ((tok.frac + tok.unit) if last else "")
                pieces.append(Piece(v, raw, ti, s, e))
                off += len(part)
            if ok:
                yield pieces

    steps = [0]

    def rec(ti: int, col: int, acc: list[Piece]):
        if len(results) >= limit or steps[0] > _MAX_STEPS:
            return
        steps[0] += 1
        if ti == len(tokens):
            if col == n:
                results.append(acc)
            return
        tok = tokens[ti]
        hi = min(max_cells(tok), n - col - (len(tokens) - ti - 1))
        lo = max(1, n - col - caps[ti + 1])
        for m in range(lo, hi + 1):
            for pieces in token_pieces(ti, tok, m, col):
                steps[0] += 1
                if steps[0] > _MAX_STEPS:
                    return
                nxt = acc + pieces
                if prune is not None and (checkpoints is None or col + m in checkpoints) \
                        and not prune([p.value for p in nxt]):
                    continue
                rec(ti + 1, col + m, nxt)

    rec(0, 0, [])
    return results


def gap_score(reading: list[Piece], tokens: list[Token]) -> float:
    """How well the unseen blanks of a reading sit where the text shows a gap (higher is better)."""
    score = 0.0
    for i, p in enumerate(reading):
        if p.token != -1:
            continue
        nxt = next((q for q in reading[i + 1:] if q.token != -1), None)
        prv = next((q for q in reversed(reading[:i]) if q.token != -1), None)
        if nxt is not None and prv is not None and nxt.token != prv.token and tokens[nxt.token].gap_before:
            score += 1.0
        elif nxt is not None and prv is None and tokens[nxt.token].gap_before:
            score += 0.5
    return score


def magnitude_prior(value, scale: float = 1.0) -> float:
    """A log-prior of a count: zero is common, large numbers are rarer."""
    if value is None:
        return -3.0
    if isinstance(value, str):
        return 0.0
    v = abs(value)
    if v == 0:
        return 0.0
    return -1.0 - scale * math.log10(float(v) + 1.0)
