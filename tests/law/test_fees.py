"""信息处理费: every worked example and boundary value of fees.md §3."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.errors import DomainError
from gongkai.law.fees import (
    month_key,
    per_item_fee,
    per_item_fees_for_parts,
    per_item_total,
    per_volume_fee,
    quote_per_item,
    quote_per_volume,
)


@pytest.mark.parametrize("n,fee", [(10, 0), (25, 100), (35, 200)])
def test_worked_examples_per_item(n, fee):  # fees.md §3 #1, #2, #4
    assert per_item_fee(n) == fee


def test_worked_example_45_requests_in_march():  # fees.md §3 #3: 20×100 + 10×200 + 5×300
    assert per_item_total(45) == 5500


@pytest.mark.parametrize("pages,fee", [(150, 1700), (2219, 83460)])
def test_worked_examples_per_volume(pages, fee):  # fees.md §3 #5, #6
    assert per_volume_fee(pages) == fee


@pytest.mark.parametrize("n,total", [(11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (60, 11000)])
def test_per_item_cumulative_boundaries(n, total):
    assert per_item_total(n) == total


@pytest.mark.parametrize("pages,fee", [(30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)])
def test_per_volume_boundaries(pages, fee):
    assert per_volume_fee(pages) == fee


@pytest.mark.parametrize("n,fee", [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300),
                                   (50, 300), (51, 400), (101, 900)])
def test_per_item_band_edges(n, fee):
    assert per_item_fee(n) == fee


def test_closed_form_total_equals_the_sum_of_rates():
    running = 0
    for n in range(0, 500):
        if n:
            running += per_item_fee(n)
        assert per_item_total(n) == running, n


def test_one_request_split_under_one_matter_one_request_counts_each_part():
    # 9 requests already this month; a request split into 3 parts is the 10th, 11th and 12th 件.
    assert per_item_fees_for_parts(9, 3) == [0, 100, 100]
    assert per_item_fees_for_parts(29, 2) == [100, 200]
    quote = quote_per_item(9, 3)
    assert quote.amount == 200 and len(quote.lines) == 3 and "第四条" in quote.basis


def test_cross_month_counting_is_by_receipt_month():
    # fees.md: 31 Jan is the 15th in January (100), 1 Feb is the 1st in February (0).
    assert month_key(date(2025, 1, 31)) != month_key(date(2025, 2, 1))
    assert per_item_fee(15) == 100 and per_item_fee(1) == 0


def test_volume_quote_breakdown():
    quote = quote_per_volume(150)
    assert quote.amount == 1700
    assert [(line.quantity, line.rate, line.amount) for line in quote.lines] == [(70, 10, 700), (50, 20, 1000)]
    assert "合计1700元" in quote.explanation
    assert quote_per_volume(30).explanation.startswith("不收费")


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "3"])
def test_bad_inputs_are_refused_in_chinese(bad):
    with pytest.raises(DomainError) as exc:
        per_item_fee(bad)
    assert "整数" in exc.value.message
    with pytest.raises(DomainError):
        per_volume_fee(-1)
