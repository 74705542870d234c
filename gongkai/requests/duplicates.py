"""Duplicate awareness (重复申请, 条例第三十六条第（六）项): earlier requests that look alike.

When a request closely resembles an earlier one from the same applicant (same ID type
and number) to the same agency, the case page lists the earlier ones with their
similarity, outcome and reply date.  It is a hint: the clerk decides whether it is
the "same government information" already answered.

Text → tokens with rjieba's search segmentation (fast Rust jieba; short words and
stop words dropped, document numbers kept whole) → Jaccard similarity of the token
sets, with a bonus when both name the same 文号.  Tokens are stored on the case at
registration, so a hint costs one indexed query and a few set operations.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import rjieba

THRESHOLD = 0.45
MAX_CANDIDATES = 300

STOP_WORDS = frozenset("""
的 了 和 与 及 或 等 在 对 向 由 为 是 将 把 被 从 其 该 此 本 我 你 您 他 她 它 我们 本人 贵 贵局 贵单位 贵机关
申请 申请人 公开 政府 信息 政府信息 提供 获取 要求 请求 依法 有关 相关 关于 文件 内容 情况 材料 资料 一份 全部 所有
请 予以 希望 需要 以及 其中 包括 如下 具体 年度 年 月 日 号
""".split())
_DOC_NO_RE = re.compile(r"[〔\[［(（](\d{4})[〕\]］)）]\s*第?\s*(\d+)\s*号")
_KEEP_RE = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def document_numbers(text: str) -> set[str]:
    """The year-and-number core of every 文号 in ``text`` (柳公规(2023)第01号 → 〔2023〕1号).

    The issuer's abbreviation in front (柳公规) cannot be cut reliably from running text;
    the segmenter yields it as an ordinary token.
    """
    return {f"〔{m.group(1)}〕{int(m.group(2))}号" for m in _DOC_NO_RE.finditer(unicodedata.normalize("NFKC", text or ""))}


def tokens(*texts: str) -> set[str]:
    """The comparable tokens of the request texts."""
    out: set[str] = set()
    for text in texts:
        out |= document_numbers(text)
        for tok in rjieba.cut_for_search(_normalize(text)):
            tok = tok.strip()
            if len(tok) < 2 or tok in STOP_WORDS or not _KEEP_RE.search(tok):
                continue
            out.add(tok)
    return out


def serialize(toks: set[str]) -> str:
    return " ".join(sorted(toks))


def similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    score = len(a & b) / len(a | b)
    if {t for t in a if t.startswith("〔")} & {t for t in b if t.startswith("〔")}:
        score = min(1.0, score + 0.3)  # the same 文号 is strong evidence
    return score


@dataclass(frozen=True)
class Hint:
    case: object
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def similar_earlier(case, threshold: float = THRESHOLD) -> list[Hint]:
    """Earlier requests of the same applicant to the same agency that resemble ``case`` (most similar first)."""
    from .models import Case

    mine = set(case.tokens.split())
    if not mine:
        return []
    earlier = (
        Case.objects.filter(organization_id=case.organization_id, applicant_key=case.applicant_key)
        .exclude(pk=case.pk)
        .filter(received__lte=case.received)
        .order_by("-received", "-id")
        .only("id", "number", "received", "tokens", "description", "outcome", "concluded", "status")[:MAX_CANDIDATES]
    )
    hints = []
    for other in earlier:
        score = similarity(mine, set(other.tokens.split()))
        if score >= threshold:
            hints.append(Hint(other, score))
    return sorted(hints, key=lambda h: (-h.score, -h.case.received.toordinal()))
