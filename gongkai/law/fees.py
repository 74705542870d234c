"""The information-processing fee (信息处理费) — 国办函〔2020〕109号《政府信息公开信息处理费管理办法》.

条例第四十二条: providing information on request is free; only when the number or
frequency of requests clearly exceeds a reasonable range may a fee be charged.
The 办法 (applied from 2021-01-01) sets two progressive ("超额累进") methods; for
each request the agency picks one, never both (办法第三条):

- 按件 (办法第四条): by the applicant's cumulative count of requests in one calendar
  month (by receipt date): 1–10 free; 11–30: 100 元/件; from 31 on, in bands of 10,
  each band 100 元/件 more (31–40: 200, 41–50: 300, …).  A multi-item request may be
  split by the 一事一申请 principle into the smallest reasonable units, each counted
  as one 件.
- 按量 (办法第五条): by pages of one request: ≤30 free; 31–100: 10 元/页;
  101–200: 20 元/页; from 201: 40 元/页; each band's part at that band's rate.

All amounts are whole yuan.  See ``fees.md`` for the worked examples (all are tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import DomainError

FREE_ITEMS = 10  # 第1–10件免费
FIRST_BAND_END = 30  # 第11–30件 100 元/件
BAND_SIZE = 10  # 第31件起每10件为一档
ITEM_STEP = 100  # 每档每件加收 100 元

# (first page, last page or None, yuan per page) — 办法第五条
VOLUME_BANDS = ((31, 100, 10), (101, 200, 20), (201, None, 40))
FREE_PAGES = 30

BASIS = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


def _positive(n: int, what: str, minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < minimum:
        raise DomainError(f"{what}应为不小于{minimum}的整数。", field=what)
    return n


def per_item_fee(n: int) -> int:
    """Fee in yuan for the applicant's ``n``-th request (1-based) in a calendar month (按件, 办法第四条)."""
    _positive(n, "当月第几件")
    if n <= FREE_ITEMS:
        return 0
    if n <= FIRST_BAND_END:
        return ITEM_STEP
    return ITEM_STEP + ITEM_STEP * -(-(n - FIRST_BAND_END) // BAND_SIZE)  # ceil((n-30)/10)


def per_item_total(n: int) -> int:
    """Total in yuan for an applicant's first ``n`` requests of a calendar month (按件).

    Closed form over the bands, so it is O(1) for any ``n``:
    Σ rate(k) for k = 1..n.
    """
    _positive(n, "当月申请件数", minimum=0)
    if n <= FREE_ITEMS:
        return 0
    total = ITEM_STEP * (min(n, FIRST_BAND_END) - FREE_ITEMS)
    if n > FIRST_BAND_END:
        excess = n - FIRST_BAND_END
        full, rest = divmod(excess, BAND_SIZE)
        # full bands b = 1..full each cost BAND_SIZE × (100 + 100 b); the partial band costs rest × (100 + 100 (full+1))
        total += BAND_SIZE * (ITEM_STEP * full + ITEM_STEP * full * (full + 1) // 2)
        total += rest * (ITEM_STEP + ITEM_STEP * (full + 1))
    return total


def per_item_fees_for_parts(previous_in_month: int, parts: int = 1) -> list[int]:
    """Fees of a request split under 一事一申请 into ``parts`` units (办法第四条).

    ``previous_in_month``: units this applicant already filed in the same calendar month
    (by receipt date) before this request.  Each unit counts as one 件 in order.
    """
    _positive(previous_in_month, "当月此前件数", minimum=0)
    _positive(parts, "拆分后的件数")
    return [per_item_fee(previous_in_month + k) for k in range(1, parts + 1)]


def per_volume_fee(pages: int) -> int:
    """Fee in yuan for one request of ``pages`` pages (按量, 办法第五条)."""
    _positive(pages, "页数", minimum=0)
    total = 0
    for first, last, rate in VOLUME_BANDS:
        top = pages if last is None else min(pages, last)
        if top >= first:
            total += (top - first + 1) * rate
    return total


def month_key(received: date) -> tuple[int, int]:
    """The calendar month a request counts in (by its receipt date, Asia/Shanghai)."""
    return received.year, received.month


@dataclass(frozen=True)
class FeeLine:
    description: str  # e.g. 第11–30件（本件为第25件）
    quantity: int
    rate: int
    amount: int


@dataclass(frozen=True)
class FeeQuote:
    """A computed fee with its breakdown: what a reviewer checks and the 收费通知书 states (fees.md §4)."""

    method: str  # per_item | per_volume
    amount: int
    lines: tuple[FeeLine, ...]
    basis: str
    standard: str  # the tier table, in words

    @property
    def explanation(self) -> str:
        if not self.amount:
            return f"不收费（{self.standard}）"
        parts = "；".join(f"{line.description}：{line.quantity}×{line.rate}元＝{line.amount}元" for line in self.lines)
        return f"{parts}；合计{self.amount}元（{self.basis}）"


PER_ITEM_STANDARD = "按件计收：同一申请人一个自然月内累计申请10件以下（含）免费，11–30件每件100元，31件起每10件为一档、每档每件加收100元"
PER_VOLUME_STANDARD = "按量计收：30页以下（含）免费，31–100页每页10元，101–200页每页20元，201页以上每页40元"


def quote_per_item(previous_in_month: int, parts: int = 1) -> FeeQuote:
    """按件 quote for one request (possibly split into ``parts`` units)."""
    fees = per_item_fees_for_parts(previous_in_month, parts)
    lines = []
    for k, fee in enumerate(fees, start=previous_in_month + 1):
        lines.append(FeeLine(f"本月第{k}件", 1, fee, fee))
    return FeeQuote("per_item", sum(fees), tuple(lines), BASIS + "第四条", PER_ITEM_STANDARD)


def quote_per_volume(pages: int) -> FeeQuote:
    """按量 quote for one request of ``pages`` pages."""
    amount = per_volume_fee(pages)
    lines = []
    for first, last, rate in VOLUME_BANDS:
        top = pages if last is None else min(pages, last)
        if top >= first:
            label = f"第{first}–{last}页" if last is not None else f"第{first}页起"
            lines.append(FeeLine(label, top - first + 1, rate, (top - first + 1) * rate))
    return FeeQuote("per_volume", amount, tuple(lines), BASIS + "第五条", PER_VOLUME_STANDARD)
